import * as z from 'zod/mini';
import { DISCLOSURE_OUTCOME_CODES, DISCLOSURE_OUTCOMES, type DisclosureOutcome } from './template.js';

// 答复 the reply to a disclosure request, as data: what the handler drafts, the reviewer approves
// (two-person rule, issue 14) and the 答复书 (reply-letter.ts) is generated from. Its outcome is one
// row of the annual report's template (template.ts), so the report counts exactly what was replied.
// What else a reply must carry depends on the outcome: REPLY_RULES below says which, and why
// (第三十六条 … 第四十二条 of the 2019 条例).

/** 第四十条: the forms a body provides information in (the one asked for, or another suitable one). */
export const PROVISION_FORMS = ['paper', 'email', 'online', 'data_carrier', 'inspection'] as const;
export type ProvisionForm = (typeof PROVISION_FORMS)[number];

/**
 * How the request was made, as the letter says it: in person, by post, or on a channel of the
 * hotline (第二十九条: in writing, a channel's electronic form counts as 数据电文), or by fax to the
 * office (第三十一条第（三）项).
 */
export const SUBMISSION_WAYS = ['in_person', 'post', 'fax', 'webform', 'wechat', 'hotline'] as const;
export type SubmissionWay = (typeof SUBMISSION_WAYS)[number];

/** 予以公开: already published (第三十六条第（一）项) or provided now (第（二）项). */
export const DISCLOSED_VIAS = ['already_public', 'provided'] as const;
export type DisclosedVia = (typeof DISCLOSED_VIAS)[number];

/**
 * 本机关不掌握相关政府信息, the one template row for two items of 第三十六条: none exists after a search
 * (第（四）项), or another body is responsible for disclosing it (第（五）项, which names that body).
 */
export const NOT_HELD_KINDS = ['not_exist', 'not_responsible'] as const;
export type NotHeldKind = (typeof NOT_HELD_KINDS)[number];

/** 告知另行申请 (to the body that holds it) or 告知通过其他途径办理 (another procedure or channel). */
export const REFERRAL_KINDS = ['apply_elsewhere', 'other_route'] as const;
export type ReferralKind = (typeof REFERRAL_KINDS)[number];

/** The 不予公开 rows: the grounds (第十四条, 第十五条, 第十六条, 第三十六条第（七）项). */
export const WITHHELD_OUTCOMES = DISCLOSURE_OUTCOME_CODES.filter(
  (o) => DISCLOSURE_OUTCOMES[o].group === 'withheld',
);
/**
 * 部分公开 (第三十七条): a withheld part's ground is a 不予公开 row, or that the part is not government
 * information at all (第二条), which 第三十七条 names beside "不应当公开".
 */
export const PART_GROUNDS = [...WITHHELD_OUTCOMES, 'not_government_information'] as const;
export type PartGround = DisclosureOutcome | 'not_government_information';

export const REPLY_TEXT_MAX_CHARS = 2000;
export const REPLY_SHORT_MAX_CHARS = 200;
export const WITHHELD_PARTS_MAX = 20;

const Text = z.string().check(z.trim(), z.minLength(1, '不能为空'), z.maxLength(REPLY_TEXT_MAX_CHARS));
const Short = z.string().check(z.trim(), z.minLength(1, '不能为空'), z.maxLength(REPLY_SHORT_MAX_CHARS));
const Day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, '须为日期，如 2026-12-01'));

/** One part withheld from a 部分公开 reply: what it is, on which ground, and why (第三十七条 说明理由). */
export const WithheldPartSchema = z.object({
  part: Short,
  ground: z.enum(PART_GROUNDS as unknown as [PartGround, ...PartGround[]]),
  reason: Text,
});
export type WithheldPart = z.infer<typeof WithheldPartSchema>;

/**
 * 第四十条: the form the information is provided in. `where` is the place, address or link (required
 * for 查阅、抄录 and for information already published: 第三十六条第（一）项 "方式、途径"), `when` the
 * time (第（二）项 "时间"). A form other than the one asked for needs its reason (第四十条: the
 * carrier's safety or a cost too high).
 */
export const ProvisionSchema = z.object({
  form: z.enum(PROVISION_FORMS),
  formWanted: z.optional(z.enum(PROVISION_FORMS)),
  where: z.optional(Short),
  when: z.optional(Short),
  formReason: z.optional(Text),
});
export type Provision = z.infer<typeof ProvisionSchema>;

/**
 * 告知另行申请 / 告知通过其他途径办理: the body (and its contact, 第三十六条第（五）项 "名称、联系方式"), or
 * the procedure or channel (第三十六条第（七）项, 第三十九条) the applicant is pointed to.
 */
export const ReferralSchema = z.object({
  kind: z.enum(REFERRAL_KINDS),
  body: z.optional(Short),
  contact: z.optional(Short),
  route: z.optional(Text),
});
export type Referral = z.infer<typeof ReferralSchema>;

/**
 * 第四十二条: providing information is free; only a request whose number or frequency clearly
 * exceeds a reasonable range may be charged an information-processing fee (信息处理费), by a fee
 * notice. In fen (分), so no sum is a float.
 */
export const FeeSchema = z.object({
  amountFen: z.int().check(z.positive('须大于 0')),
  noticeNo: Short,
});
export type Fee = z.infer<typeof FeeSchema>;

/** The drafter (拟稿人): the handler; the reviewer who approves must be someone else. */
export const DrafterSchema = z.object({ id: Short, name: Short });

const ReplyFields = z.object({
  outcome: z.enum(DISCLOSURE_OUTCOME_CODES as [DisclosureOutcome, ...DisclosureOutcome[]]),
  /** The reason the letter gives (第三十六条第（三）项 "说明理由", and every refusal or non-processing). */
  reason: z.optional(Text),
  disclosedVia: z.optional(z.enum(DISCLOSED_VIAS)),
  withheldParts: z.optional(z.array(WithheldPartSchema).check(z.maxLength(WITHHELD_PARTS_MAX))),
  notHeld: z.optional(z.enum(NOT_HELD_KINDS)),
  referral: z.optional(ReferralSchema),
  /** 第三十六条第（六）项: the earlier reply this request repeats (its date and 文号). */
  previousReply: z.optional(z.object({ repliedOn: Day, letterNo: Short })),
  /** 第三十条: the day the correction notice (补正告知) was sent, for the rows that rest on it. */
  correctionNoticeOn: z.optional(Day),
  provision: z.optional(ProvisionSchema),
  fee: z.optional(FeeSchema),
  drafter: DrafterSchema,
});
type ReplyFields = z.infer<typeof ReplyFields>;

/** A rule of what a reply must (or must not) carry: when it applies, the field, the message. */
interface ReplyRule {
  readonly applies: (r: ReplyFields) => boolean;
  readonly path: readonly string[];
  readonly message: string;
}

const provides = (r: ReplyFields) => r.outcome === 'disclosed' || r.outcome === 'partly_disclosed';
/** Every reply that discloses nothing says why, except the rows whose facts are the reason. */
const needsReason = (r: ReplyFields) =>
  !provides(r) &&
  !(r.outcome === 'unavailable_not_held' && r.notHeld === 'not_exist') &&
  r.outcome !== 'not_processed_repeated';

/**
 * What each outcome needs, as data (refusals carry their field and a Chinese message). The order
 * is the order a form asks for them, so the first message names the first missing field.
 */
export const REPLY_RULES: readonly ReplyRule[] = [
  { applies: (r) => needsReason(r) && !r.reason, path: ['reason'], message: '该答复类型须说明理由' },
  // 第三十六条第（一）项、第（二）项: which of the two a 予以公开 reply is.
  {
    applies: (r) => r.outcome === 'disclosed' && !r.disclosedVia,
    path: ['disclosedVia'],
    message: '予以公开须说明是已主动公开还是予以提供',
  },
  { applies: (r) => provides(r) && !r.provision, path: ['provision'], message: '公开的信息须说明提供方式' },
  {
    applies: (r) => !provides(r) && r.provision !== undefined,
    path: ['provision'],
    message: '不提供信息的答复不应填写提供方式',
  },
  {
    applies: (r) =>
      (r.provision?.form === 'inspection' || r.disclosedVia === 'already_public') && !r.provision?.where,
    path: ['provision', 'where'],
    message: '查阅、抄录或已主动公开的信息须说明获取的地点或途径',
  },
  // 第四十条: another form than the one asked for only for the carrier's safety or the cost.
  {
    applies: (r) =>
      r.provision?.formWanted !== undefined &&
      r.provision.formWanted !== r.provision.form &&
      !r.provision.formReason,
    path: ['provision', 'formReason'],
    message: '未按申请人要求的形式提供的，须说明理由',
  },
  // 第三十七条: 部分公开 names each withheld part and its reason.
  {
    applies: (r) => r.outcome === 'partly_disclosed' && !r.withheldParts?.length,
    path: ['withheldParts'],
    message: '部分公开须列明不予公开的内容及理由',
  },
  {
    applies: (r) => r.outcome !== 'partly_disclosed' && r.withheldParts !== undefined,
    path: ['withheldParts'],
    message: '只有部分公开的答复列明不予公开的内容',
  },
  {
    applies: (r) => r.outcome === 'unavailable_not_held' && !r.notHeld,
    path: ['notHeld'],
    message: '须说明是信息不存在还是不属于本机关负责公开',
  },
  // 第三十六条第（五）项: the responsible body, when it can be determined, with its contact.
  {
    applies: (r) => r.referral?.kind === 'apply_elsewhere' && (!r.referral.body || !r.referral.contact),
    path: ['referral', 'body'],
    message: '告知另行申请须写明负责公开的机关名称及联系方式',
  },
  {
    applies: (r) => r.referral?.kind === 'apply_elsewhere' && r.notHeld !== 'not_responsible',
    path: ['referral', 'kind'],
    message: '告知另行申请只用于不属于本机关负责公开的信息',
  },
  {
    applies: (r) => r.referral?.kind === 'other_route' && !r.referral.route,
    path: ['referral', 'route'],
    message: '告知通过其他途径办理须写明途径',
  },
  // 第三十六条第（七）项: information with a procedure of its own (登记资料等) says which.
  {
    applies: (r) => r.outcome === 'withheld_administrative_inquiry' && r.referral?.kind !== 'other_route',
    path: ['referral'],
    message: '属于行政查询事项的，须告知依照有关法律、行政法规办理的途径',
  },
  {
    applies: (r) => r.outcome === 'not_processed_repeated' && !r.previousReply,
    path: ['previousReply'],
    message: '重复申请须写明此前答复的日期和文号',
  },
  // 第四十二条: a fee only where information is provided, and only as the exception.
  {
    applies: (r) => r.fee !== undefined && !provides(r),
    path: ['fee'],
    message: '只有提供信息的答复才可能收取信息处理费',
  },
];

/**
 * A reply as the handler drafts it. Parse with `ReplySchema.safeParse`: a refused reply names each
 * field with a Chinese message (the HTTP edge answers 422 `validation_failed`).
 *
 * @example
 * ReplySchema.parse({
 *   outcome: 'unavailable_not_held', notHeld: 'not_responsible', reason: '该信息由市自然资源局制作并保存',
 *   referral: { kind: 'apply_elsewhere', body: '市自然资源局', contact: '0591-12345678' },
 *   drafter: { id: 'u-7', name: '王五' },
 * })
 */
export const ReplySchema = ReplyFields.check(
  z.superRefine((reply, ctx) => {
    for (const rule of REPLY_RULES) {
      if (rule.applies(reply)) {
        ctx.addIssue({ code: 'custom', path: [...rule.path], message: rule.message, input: reply });
      }
    }
  }),
);
export type Reply = z.infer<typeof ReplySchema>;
