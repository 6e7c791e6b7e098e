import {
  type DisclosedVia,
  type NotHeldKind,
  type PartGround,
  type ProvisionForm,
  type ReferralKind,
  type Reply,
  ReplySchema,
} from '../../../../../../shared/domain/disclosure/reply';
import {
  DISCLOSURE_OUTCOMES,
  type DisclosureOutcome,
  type OutcomeGroup,
} from '../../../../../../shared/domain/disclosure/template';

// 拟稿: the reply form as the handler fills it. Which fields it asks for follows the chosen outcome
// (REPLY_RULES of reply.ts: a 部分公开 lists its withheld parts, 本机关不掌握 says which of 第三十六条
// 第（四）项/第（五）项, a 重复申请 names the earlier reply …); the reply is checked with ReplySchema itself,
// so the form says exactly what the server would, in the same Chinese words. The server still decides.

export interface WithheldPartDraft {
  part: string;
  ground: PartGround | '';
  reason: string;
}

/** The form's fields as typed (strings; an unchosen choice is ''). */
export interface ReplyDraft {
  outcome: DisclosureOutcome | '';
  reason: string;
  disclosedVia: DisclosedVia | '';
  withheldParts: WithheldPartDraft[];
  notHeld: NotHeldKind | '';
  referralKind: ReferralKind | '';
  referralBody: string;
  referralContact: string;
  referralRoute: string;
  previousRepliedOn: string;
  previousLetterNo: string;
  correctionNoticeOn: string;
  provisionForm: ProvisionForm | '';
  provisionFormWanted: ProvisionForm | '';
  provisionWhere: string;
  provisionWhen: string;
  provisionFormReason: string;
  charged: boolean;
  /** 信息处理费 in yuan as typed, e.g. "12.50"; sent in fen. */
  feeYuan: string;
  feeNoticeNo: string;
}

/** The parts of the form an outcome shows. */
export type ReplySection =
  | 'reason'
  | 'disclosedVia'
  | 'provision'
  | 'withheldParts'
  | 'notHeld'
  | 'referral'
  | 'previousReply'
  | 'correctionNoticeOn'
  | 'fee';

/** The medium the applicant asked for (request.ts) as a provision form: the same three words. */
export function wantedForm(medium: string | undefined): ProvisionForm | '' {
  return medium === 'paper' || medium === 'email' || medium === 'online' ? medium : '';
}

export function emptyReplyDraft(wanted: ProvisionForm | '' = ''): ReplyDraft {
  return {
    outcome: '',
    reason: '',
    disclosedVia: '',
    withheldParts: [],
    notHeld: '',
    referralKind: '',
    referralBody: '',
    referralContact: '',
    referralRoute: '',
    previousRepliedOn: '',
    previousLetterNo: '',
    correctionNoticeOn: '',
    provisionForm: wanted,
    provisionFormWanted: wanted,
    provisionWhere: '',
    provisionWhen: '',
    provisionFormReason: '',
    charged: false,
    feeYuan: '',
    feeNoticeNo: '',
  };
}

export function groupOf(outcome: DisclosureOutcome | ''): OutcomeGroup | undefined {
  return outcome ? DISCLOSURE_OUTCOMES[outcome].group : undefined;
}

const provides = (o: DisclosureOutcome | '') => o === 'disclosed' || o === 'partly_disclosed';

/**
 * The sections the form shows for an outcome: the reason always (required where REPLY_RULES say),
 * the provision and a fee only where information is provided, and each outcome's own facts.
 *
 * @example
 * sectionsFor('partly_disclosed') // ['reason', 'provision', 'withheldParts', 'fee']
 */
export function sectionsFor(outcome: DisclosureOutcome | ''): ReplySection[] {
  if (!outcome) return [];
  const out: ReplySection[] = ['reason'];
  if (outcome === 'disclosed') out.push('disclosedVia');
  if (provides(outcome)) out.push('provision');
  if (outcome === 'partly_disclosed') out.push('withheldParts');
  if (outcome === 'unavailable_not_held') out.push('notHeld');
  // 告知: another body (第三十六条第（五）项), the inquiry procedure (第（七）项), or another channel (第三十九条).
  if (
    outcome === 'unavailable_not_held' ||
    outcome === 'withheld_administrative_inquiry' ||
    groupOf(outcome) === 'not_processed'
  )
    out.push('referral');
  if (outcome === 'not_processed_repeated') out.push('previousReply');
  // The rows resting on 第三十条 (补正) name the day of the correction notice.
  if (outcome === 'unavailable_still_unclear' || outcome === 'other_no_correction')
    out.push('correctionNoticeOn');
  if (provides(outcome)) out.push('fee');
  return out;
}

/** The referral kinds an outcome may use: 告知另行申请 only for information another body discloses. */
export function referralKindsFor(draft: Pick<ReplyDraft, 'outcome' | 'notHeld'>): ReferralKind[] {
  if (draft.outcome === 'withheld_administrative_inquiry') return ['other_route'];
  if (draft.outcome === 'unavailable_not_held' && draft.notHeld === 'not_responsible')
    return ['apply_elsewhere', 'other_route'];
  return ['other_route'];
}

/** Yuan as typed ("12.5", "12.50") in fen; NaN when it is not an amount with at most two decimals. */
export function yuanToFen(yuan: string): number {
  const t = yuan.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return Number.NaN;
  const [whole = '0', cents = ''] = t.split('.');
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
}

const trimmed = (s: string) => s.trim();
const opt = <K extends string>(key: K, value: string) =>
  (value.trim() ? { [key]: value.trim() } : {}) as Partial<Record<K, string>>;

/**
 * The reply as POST …/actions `draft_reply` takes it: only the chosen outcome's sections, trimmed,
 * empty fields left out (so the schema's rule names what is missing, not an empty string). The
 * drafter is the actor: the server adds it; `withDrafter` adds it for the check here.
 *
 * @example
 * toReply({ ...emptyReplyDraft(), outcome: 'unavailable_not_held', notHeld: 'not_exist' })
 * // { outcome: 'unavailable_not_held', notHeld: 'not_exist' }
 */
export function toReply(d: ReplyDraft): Omit<Reply, 'drafter'> {
  const show = new Set(sectionsFor(d.outcome));
  const reply: Record<string, unknown> = { outcome: d.outcome };
  if (show.has('reason') && d.reason.trim()) reply.reason = d.reason.trim();
  if (show.has('disclosedVia') && d.disclosedVia) reply.disclosedVia = d.disclosedVia;
  if (show.has('provision')) {
    reply.provision = {
      ...(d.provisionForm ? { form: d.provisionForm } : {}),
      ...(d.provisionFormWanted ? { formWanted: d.provisionFormWanted } : {}),
      ...opt('where', d.provisionWhere),
      ...opt('when', d.provisionWhen),
      ...(d.provisionFormWanted && d.provisionForm !== d.provisionFormWanted
        ? opt('formReason', d.provisionFormReason)
        : {}),
    };
  }
  if (show.has('withheldParts')) {
    reply.withheldParts = d.withheldParts.map((p) => ({
      part: trimmed(p.part),
      ground: p.ground,
      reason: trimmed(p.reason),
    }));
    if ((reply.withheldParts as unknown[]).length === 0) delete reply.withheldParts;
  }
  if (show.has('notHeld') && d.notHeld) reply.notHeld = d.notHeld;
  if (show.has('referral') && d.referralKind) {
    reply.referral =
      d.referralKind === 'apply_elsewhere'
        ? { kind: d.referralKind, ...opt('body', d.referralBody), ...opt('contact', d.referralContact) }
        : { kind: d.referralKind, ...opt('route', d.referralRoute) };
  }
  if (show.has('previousReply') && (d.previousRepliedOn.trim() || d.previousLetterNo.trim())) {
    reply.previousReply = { repliedOn: d.previousRepliedOn.trim(), letterNo: d.previousLetterNo.trim() };
  }
  if (show.has('correctionNoticeOn') && d.correctionNoticeOn.trim()) {
    reply.correctionNoticeOn = d.correctionNoticeOn.trim();
  }
  if (show.has('fee') && d.charged) {
    reply.fee = { amountFen: yuanToFen(d.feeYuan), noticeNo: d.feeNoticeNo.trim() };
  }
  return reply as Omit<Reply, 'drafter'>;
}

const CHINESE = /\p{Script=Han}/u;

/** A path of the reply as the form names its field (`withheldParts.0.reason` stays as it is). */
export type ReplyErrors = Readonly<Record<string, string>>;

/**
 * What ReplySchema refuses in the draft, by the reply's dotted path, in its Chinese words (a
 * message of zod's own, in English, becomes "请选择或填写此项"). Empty when the reply may be sent.
 *
 * @example
 * replyErrors({ ...emptyReplyDraft(), outcome: 'partly_disclosed' }, { id: 'u-1', name: '王五' })
 * // { provision.form: '请选择或填写此项', withheldParts: '部分公开须列明不予公开的内容及理由' }
 */
export function replyErrors(d: ReplyDraft, drafter: { id: string; name: string }): ReplyErrors {
  if (!d.outcome) return { outcome: '请选择答复类型' };
  const parsed = ReplySchema.safeParse({ ...toReply(d), drafter });
  if (parsed.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.');
    const message = CHINESE.test(issue.message)
      ? issue.message
      : path === 'fee.amountFen'
        ? '请填写金额（元，最多两位小数）'
        : '请选择或填写此项';
    errors[path] ??= message;
  }
  return errors;
}
