import { DISCLOSURE_OUTCOME_TEXT, PROVISION_FORM_TEXT, REPLY_TEXT, SUBMISSION_WAY_TEXT } from '../labels.js';
import { ReplyLetterInputError } from './errors.js';
import {
  type Provision as LegalProvision,
  LITIGATION_LAW,
  PROVISIONS,
  type ProvisionKey,
  RECONSIDERATION_LAW,
  REGULATION_NAME,
  REMEDY_ARTICLES,
} from './regulation.js';
import type { PartGround, Reply, SubmissionWay } from './reply.js';
import { type ApplicantKind, DISCLOSURE_OUTCOMES, type DisclosureOutcome } from './template.js';

// 答复书: the formal reply letter as a document model, generated from the request's facts and the
// approved reply. A fixed Chinese layout (title, 文号, addressee, the request, the finding with its
// legal basis quoted, how to obtain the information, the remedy notice, the body and the date);
// rendering it (PDF) is an adapter's job. Pure: the dates come in.

/** What of the request the letter states. Never the identity number (issue 14: not in clear). */
export interface LetterRequest {
  readonly applicantName: string;
  readonly applicantKind: ApplicantKind;
  /** The day the applicant made the request (YYYY-MM-DD, Asia/Shanghai). */
  readonly submittedOn: string;
  readonly submittedVia: SubmissionWay;
  /** The information described, as the applicant wrote it (quoted in the letter). */
  readonly information: string;
}

/** Where an applicant who disagrees turns (行政复议 / 行政诉讼): the body's own, set per body. */
export interface RemedyVenues {
  /** 行政复议机关, e.g. 福州市人民政府. */
  readonly reconsiderationBody: string;
  /** The court with jurisdiction, e.g. 福州市鼓楼区人民法院. */
  readonly court: string;
}

export interface ReplyLetterInput {
  readonly request: LetterRequest;
  readonly reply: Reply;
  /** The replying body's name (答复机关), as it signs. */
  readonly bodyName: string;
  /** 文号, given by the office's numbering, e.g. 〔2026〕第0001号 (or with the body's prefix). */
  readonly letterNo: string;
  /** The reply's date (YYYY-MM-DD), the letter's 成文日期. */
  readonly repliedOn: string;
  readonly remedy: RemedyVenues;
}

/** The letter as a renderer lays it out. Paragraphs are indented two characters. */
export interface ReplyLetter {
  readonly title: string;
  readonly letterNo: string;
  /** 主送: the applicant's name and a full-width colon. */
  readonly addressee: string;
  readonly paragraphs: readonly string[];
  /** Right-aligned at the end: the body's name, then the date (2026年12月3日). */
  readonly signature: readonly [string, string];
  /** For the document's properties (PDF Info); `date` fixes its creation date. */
  readonly metadata: {
    readonly title: string;
    readonly subject: string;
    readonly author: string;
    readonly keywords: readonly string[];
    readonly date: string;
  };
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** 文号: 〔year〕 then the number and 号, optionally after the body's prefix (X政信复〔2026〕第1号). */
const LETTER_NO = /^[^\s〔〕]{0,20}〔\d{4}〕[^\s〔〕]{1,12}号$/;

/**
 * A date as a Chinese letter writes it, 成文日期 in Arabic numerals without leading zeros
 * (GB/T 9704-2012 7.3.5.1): 2026-12-03 → 2026年12月3日.
 */
export function chineseDate(day: string): string {
  const m = DAY.exec(day);
  if (!m) throw new ReplyLetterInputError(`日期格式不正确：${day}`);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** A sentence ends with a full stop; the drafter's text may or may not have one. */
function sentence(text: string): string {
  const t = text.trim();
  return /[。！？]$/.test(t) ? t : `${t}。`;
}

/** Quoted text inside “…” takes ‘…’ for its own quotes (GB/T 15834 nested quotation marks). */
function quoted(text: string): string {
  return `“${text.trim().replaceAll('“', '‘').replaceAll('”', '’')}”`;
}

/** 条例 第…条“…”: the provision cited and quoted, its final full stop dropped inside the quote. */
function quote(key: ProvisionKey): string {
  const p: LegalProvision = PROVISIONS[key];
  return `${REGULATION_NAME}${p.cite}${quoted(p.text.replace(/。$/, ''))}`;
}

/** The provision each 不予公开 row rests on (template.ts names the same articles). */
const WITHHELD_BASIS: Partial<Record<DisclosureOutcome, ProvisionKey>> = {
  withheld_state_secret: 'art14',
  withheld_prohibited_by_law: 'art14',
  withheld_three_securities_one_stability: 'art14',
  withheld_third_party_rights: 'art15',
  withheld_internal_affairs: 'art16para1',
  withheld_process_information: 'art16para2',
  withheld_enforcement_file: 'art16para2',
  withheld_administrative_inquiry: 'art36item7',
};

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
function listMark(i: number): string {
  const n = i + 1;
  if (n <= 10) return `（${NUMERALS[i]}）`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `（${tens > 1 ? NUMERALS[tens - 1] : ''}十${ones ? NUMERALS[ones - 1] : ''}）`;
}

function partParagraph(part: { part: string; ground: PartGround; reason: string }, i: number): string {
  const head = `${listMark(i)}${quoted(part.part)}：${sentence(part.reason)}`;
  if (part.ground === 'not_government_information') {
    return `${head}该内容不属于${REGULATION_NAME}${PROVISIONS.art2.cite}所称的政府信息，不予提供。`;
  }
  const basis = WITHHELD_BASIS[part.ground] ?? 'art14';
  return `${head}根据${REGULATION_NAME}${PROVISIONS[basis].cite}的规定，不予公开（${DISCLOSURE_OUTCOME_TEXT[part.ground]}）。`;
}

/** 告知通过其他途径办理: the route, as the drafter wrote it. */
function routeSentence(reply: Reply, you: string): string {
  return reply.referral?.kind === 'other_route' && reply.referral.route
    ? `${you}可通过以下途径办理：${sentence(reply.referral.route)}`
    : '';
}

/** The finding: what was decided, on which provision (quoted), and why. One or more paragraphs. */
function finding(reply: Reply, you: string): string[] {
  const reason = reply.reason ? sentence(reply.reason) : '';
  const noticeOn = reply.correctionNoticeOn
    ? `本机关已于${chineseDate(reply.correctionNoticeOn)}向${you}发出补正告知。`
    : '';
  switch (reply.outcome) {
    case 'disclosed':
      return reply.disclosedVia === 'already_public'
        ? [
            `经查，${you}申请获取的政府信息本机关已主动公开。根据${quote('art36item1')}的规定，${you}可通过${reply.provision?.where ?? ''}获取。`,
          ]
        : [
            `经审查，${you}申请获取的政府信息属于可以公开的政府信息。根据${quote('art36item2')}的规定，本机关予以公开。`,
          ];
    case 'partly_disclosed':
      return [
        `经审查，${you}申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，能够作区分处理。根据${quote('art37')}的规定，本机关向${you}提供可以公开的内容；下列内容不予公开，理由如下：`,
        ...(reply.withheldParts ?? []).map(partParagraph),
      ];
    case 'withheld_administrative_inquiry':
      return [
        `经审查，${reason}${you}申请获取的政府信息属于行政查询事项，有关法律、行政法规对信息的获取有特别规定。根据${quote('art36item7')}的规定，请${you}依照有关法律、行政法规的规定办理。`,
        routeSentence(reply, you),
      ];
    case 'withheld_state_secret':
    case 'withheld_prohibited_by_law':
    case 'withheld_three_securities_one_stability':
    case 'withheld_third_party_rights':
    case 'withheld_internal_affairs':
    case 'withheld_process_information':
    case 'withheld_enforcement_file': {
      const basis = WITHHELD_BASIS[reply.outcome] ?? 'art14';
      return [
        `经审查，${reason}`,
        `根据${quote(basis)}和${REGULATION_NAME}${PROVISIONS.art36item3.cite}的规定，本机关决定对${you}申请获取的政府信息不予公开（${DISCLOSURE_OUTCOME_TEXT[reply.outcome]}）。`,
      ];
    }
    case 'unavailable_not_held':
      if (reply.notHeld === 'not_exist') {
        return [
          `经检索，${reason}本机关未制作或者获取${you}申请公开的政府信息。根据${quote('art36item4')}的规定，告知${you}该政府信息不存在。`,
        ];
      }
      return [
        `经审查，${reason}根据${quote('art36item5')}的规定，${you}申请获取的政府信息不属于本机关负责公开。`,
        reply.referral?.kind === 'apply_elsewhere'
          ? `负责公开该政府信息的行政机关为${reply.referral.body}，联系方式：${reply.referral.contact}。${you}可以另行向该机关提出申请。`
          : routeSentence(reply, you),
      ];
    case 'unavailable_needs_creation':
      return [
        `经审查，${reason}${you}申请获取的信息需要本机关对现有政府信息进行加工、分析后方能形成。根据${quote('art38')}的规定，本机关不予提供。`,
      ];
    case 'unavailable_still_unclear':
      return [
        `${noticeOn}${reason}${you}补正后申请内容仍不明确，本机关无法确定${you}所需的政府信息。根据${quote('art30')}的规定，本机关无法提供。`,
      ];
    case 'not_processed_petition':
      return [
        `经审查，${reason}${you}以政府信息公开申请的形式提出的事项属于信访、投诉、举报等活动。根据${quote('art39para1')}的规定，本机关不作为政府信息公开申请处理。`,
        routeSentence(reply, you),
      ];
    case 'not_processed_repeated':
      return [
        `本机关已于${chineseDate(reply.previousReply?.repliedOn ?? '')}就${you}提出的相同政府信息公开申请作出答复（${reply.previousReply?.letterNo}）。${reason}根据${quote('art36item6')}的规定，本机关不予重复处理。`,
      ];
    case 'not_processed_publications':
      return [
        `经审查，${reason}${you}申请获取的是政府公报、报刊、书籍等公开出版物。根据${quote('art39para2')}的规定，本机关不作为政府信息公开申请处理。`,
        routeSentence(reply, you),
      ];
    case 'not_processed_mass_repeated':
      return [
        `${reason}${you}申请公开政府信息的数量、频次明显超过合理范围，本机关认为申请理由不合理。根据${quote('art35')}的规定，本机关不予处理。`,
      ];
    case 'not_processed_confirmation':
      // The 条例 has no item for this row: such a request does not seek government information
      // (第二条: information made or obtained by the body) but a confirmation or a new copy of what
      // the applicant already holds, so it is not handled as a disclosure request.
      return [
        `经审查，${reason}${you}的申请系要求本机关确认或者重新出具${you}已获取的信息，并非申请获取${REGULATION_NAME}${PROVISIONS.art2.cite}所称的政府信息，本机关不作为政府信息公开申请处理。`,
        routeSentence(reply, you),
      ];
    case 'other_no_correction':
      return [
        `${noticeOn}${reason}${you}无正当理由逾期未补正。根据${quote('art30')}的规定，视为放弃申请，本机关不再处理该政府信息公开申请。`,
      ];
    case 'other_fee_unpaid':
      return [
        `${reason}${you}逾期未按收费通知要求缴纳信息处理费。根据${REGULATION_NAME}${PROVISIONS.art42.cite}和《政府信息公开信息处理费管理办法》的规定，本机关不再处理该政府信息公开申请。`,
      ];
    case 'other':
      return [reason, routeSentence(reply, you)];
  }
}

function yuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/** 第四十条 and 第四十二条: how the information is provided, and the fee (normally none). */
function provisionParagraphs(reply: Reply, you: string): string[] {
  const p = reply.provision;
  if (!p || (reply.outcome !== 'disclosed' && reply.outcome !== 'partly_disclosed')) return [];
  const out: string[] = [];
  if (reply.disclosedVia !== 'already_public') {
    const where = p.where ? `获取地点或途径：${sentence(p.where)}` : '';
    const when = p.when ? `获取时间：${sentence(p.when)}` : '';
    const how: Record<typeof p.form, string> = {
      paper: `本机关以${PROVISION_FORM_TEXT.paper}形式向${you}提供上述信息（见附件）。`,
      email: `本机关以${PROVISION_FORM_TEXT.email}形式将上述信息发送至${you}申请时提供的电子邮箱。`,
      online: `本机关通过网上申请平台向${you}提供上述信息，${you}可登录查看、下载。`,
      data_carrier: `本机关以${PROVISION_FORM_TEXT.data_carrier}向${you}提供上述信息，随本答复书一并送达。`,
      inspection: `请${you}${p.when ? `于${p.when}` : ''}到${p.where ?? ''}查阅、抄录上述信息。`,
    };
    out.push(p.form === 'inspection' ? how.inspection : `${how[p.form]}${where}${when}`);
    if (p.formWanted && p.formWanted !== p.form) {
      out.push(
        `${sentence(p.formReason ?? '')}根据${quote('art40')}的规定，本机关未按${you}要求的${PROVISION_FORM_TEXT[p.formWanted]}形式提供，改以${PROVISION_FORM_TEXT[p.form]}形式提供。`,
      );
    }
  }
  // The fee goes with how the information is provided: one paragraph.
  const provided = out.shift() ?? '';
  out.unshift(
    provided +
      (reply.fee
        ? `根据${REGULATION_NAME}${PROVISIONS.art42.cite}的规定，${you}申请公开政府信息的数量、频次明显超过合理范围，本机关按照收费通知（${reply.fee.noticeNo}）收取信息处理费${yuan(reply.fee.amountFen)}元。`
        : `根据${REGULATION_NAME}${PROVISIONS.art42.cite}的规定，本机关依申请提供政府信息，${REPLY_TEXT.feeNone}。`),
  );
  return out;
}

/**
 * The remedy notice (救济途径告知), always there. 行政复议法 (2023) 第二十三条第一款第（四）项: a refusal to
 * disclose (不予公开, in whole or, for 部分公开, in part) goes to reconsideration first, and to court
 * only after it; every other reply leaves the applicant the choice (复议 within 60 days, 第二十条;
 * 诉讼 within 6 months, 行政诉讼法 第四十六条).
 */
export function remedyNotice(outcome: DisclosureOutcome, venues: RemedyVenues): string {
  const group = DISCLOSURE_OUTCOMES[outcome].group;
  if (group === 'withheld' || group === 'partly_disclosed') {
    return `如对本答复不服，可以依照${RECONSIDERATION_LAW}${REMEDY_ARTICLES.reconsiderationDeadline}、${REMEDY_ARTICLES.reconsiderationFirst}的规定，在收到本答复之日起六十日内向${venues.reconsiderationBody}申请行政复议；对行政复议决定不服的，可以依照${LITIGATION_LAW}的规定向${venues.court}提起行政诉讼。`;
  }
  return `如对本答复不服，可以依照${RECONSIDERATION_LAW}${REMEDY_ARTICLES.reconsiderationDeadline}的规定，在收到本答复之日起六十日内向${venues.reconsiderationBody}申请行政复议，或者依照${LITIGATION_LAW}${REMEDY_ARTICLES.litigationDeadline}的规定，在收到本答复之日起六个月内向${venues.court}提起行政诉讼。`;
}

function required(value: string, what: string): string {
  const v = value.trim();
  if (!v) throw new ReplyLetterInputError(`${what}不能为空`);
  return v;
}

/**
 * The 答复书 for an approved reply. Throws ReplyLetterInputError (`invalid_reply_letter`) on facts
 * that cannot make a letter.
 *
 * @example
 * const letter = replyLetter({ request, reply, bodyName: '福州市人民政府办公厅', letterNo: '〔2026〕第0001号',
 *   repliedOn: '2026-12-03', remedy: { reconsiderationBody: '福州市人民政府', court: '福州市鼓楼区人民法院' } });
 * letter.title // '政府信息公开申请答复书'
 */
export function replyLetter(input: ReplyLetterInput): ReplyLetter {
  const { request, reply, remedy } = input;
  const name = required(request.applicantName, '申请人姓名或名称');
  const bodyName = required(input.bodyName, '答复机关名称');
  required(request.information, '申请公开的信息');
  required(remedy.reconsiderationBody, '行政复议机关');
  required(remedy.court, '人民法院');
  if (!LETTER_NO.test(input.letterNo)) {
    throw new ReplyLetterInputError(`文号格式不正确：${input.letterNo}（如〔2026〕第0001号）`);
  }
  const repliedOn = chineseDate(input.repliedOn);
  const submittedOn = chineseDate(request.submittedOn);
  if (input.repliedOn < request.submittedOn) {
    throw new ReplyLetterInputError('答复日期不能早于申请日期');
  }
  // 您 for a person; an organisation is addressed as 贵单位 (the template's 您（单位）).
  const you = request.applicantKind === 'natural_person' ? '您' : '贵单位';
  const paragraphs = [
    `${you}于${submittedOn}${SUBMISSION_WAY_TEXT[request.submittedVia]}提出的政府信息公开申请收悉。${you}申请获取的政府信息为：${quoted(request.information)}。`,
    ...finding(reply, you),
    ...provisionParagraphs(reply, you),
    '特此告知。',
    remedyNotice(reply.outcome, remedy),
  ].filter((p) => p.length > 0);
  return {
    title: REPLY_TEXT.letterTitle,
    letterNo: input.letterNo,
    addressee: `${name}：`,
    paragraphs,
    signature: [bodyName, repliedOn],
    metadata: {
      title: REPLY_TEXT.letterTitle,
      subject: `${bodyName} ${input.letterNo}`,
      author: bodyName,
      keywords: [DISCLOSURE_OUTCOME_TEXT[reply.outcome], input.letterNo],
      date: input.repliedOn,
    },
  };
}
