// The 依申请公开 file on a `disclosure` case: the kept request and every step the office takes on it
// (登记, 补正, 第三方意见, 延期告知, 拟稿, 审核, 答复书, 复议/诉讼). Additive: a case without it parses, and
// only a disclosure case carries it. Stored as written by the lifecycle; the request's identity
// numbers are already protected (request.ts `toKeptRequest`), so nothing here holds one in clear.
import * as z from 'zod/mini';
import { ArrivalSchema } from './receipt-date.js';
import { REGISTER_DECISIONS } from './register.js';
import { ReplySchema } from './reply.js';
import {
  APPLICANT_KINDS,
  DISCLOSURE_OUTCOME_CODES,
  type DisclosureOutcome,
  REVIEW_KINDS,
  REVIEW_RESULTS,
} from './template.js';

const Instant = z.iso.datetime({ offset: true });
const Day = z.iso.date();
const Str = z.string();

const ProtectedIdentitySchema = z.object({ kind: Str, hash: Str, last4: Str });

const KeptContactSchema = z.object({
  phone: z.optional(Str),
  address: z.optional(Str),
  postcode: z.optional(Str),
  email: z.optional(Str),
});

/** The applicant as kept: the number replaced by its keyed hash and last four (protected-identity.ts). */
export const KeptApplicantSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('citizen'),
    name: Str,
    document: ProtectedIdentitySchema,
    contact: KeptContactSchema,
  }),
  z.object({
    kind: z.literal('organisation'),
    name: Str,
    creditCode: ProtectedIdentitySchema,
    organisationKind: z.enum(APPLICANT_KINDS),
    representative: z.object({ role: Str, name: Str }),
    contact: KeptContactSchema,
  }),
]);

/** request.ts `KeptDisclosureRequest` as the case stores it (validated at intake, not again here). */
export const KeptRequestSchema = z.object({
  applicant: KeptApplicantSchema,
  information: z.object({ description: Str, title: z.optional(Str), documentNo: z.optional(Str) }),
  purpose: z.optional(Str),
  form: z.object({ medium: Str, delivery: Str }),
  departmentId: Str,
  arrival: ArrivalSchema,
  /** 收到申请之日 (第三十一条), Asia/Shanghai `YYYY-MM-DD`: the 20 working days of 第三十三条 run from it. */
  receivedOn: Day,
});
export type KeptRequest = z.infer<typeof KeptRequestSchema>;

/** A named member of staff: the JWT subject and the name shown (专人负责, 拟稿人, 审核人). */
export const StaffNameSchema = z.object({ id: Str, name: Str });
export type StaffName = z.infer<typeof StaffNameSchema>;

/** 登记 (register.ts `Registration`) as recorded. */
export const RegistrationSchema = z.object({
  decision: z.enum(REGISTER_DECISIONS),
  receivedOn: Day,
  registeredBy: Str,
  registeredAt: Instant,
  article: Str,
  becomes: z.optional(Str),
  reportOutcome: z.optional(z.enum(DISCLOSURE_OUTCOME_CODES as [DisclosureOutcome, ...DisclosureOutcome[]])),
  notice: z.optional(Str),
});

/** 第三十二条: one consultation of a third party; the time waiting (at most 15 working days) does not count. */
export const ThirdPartyConsultationSchema = z.object({
  party: Str,
  askedAt: Instant,
  askedBy: Str,
  /** The end of the third party's 15 working days: after it the clock runs again whatever happens. */
  dueAt: Instant,
  answeredAt: z.optional(Instant),
  /** 同意公开, 不同意公开 (with reasons), or 逾期未提出意见. */
  opinion: z.optional(Str),
});

/** The handler's draft reply (拟稿), waiting for the reviewer. A redraft replaces it and any approval. */
export const ReplyDraftSchema = z.object({
  reply: ReplySchema,
  draftedAt: Instant,
  /** The drafter's actor label (history form) and JWT subject: the two-person rule compares subjects. */
  draftedBy: Str,
  drafterId: Str,
  revision: z.int().check(z.positive()),
  /**
   * 审核退回: the reviewer sent this revision back with a reason. It leaves the review queue and may
   * not be approved; the handler's next draft (a new revision) clears it.
   */
  returnedAt: z.optional(Instant),
  returnedBy: z.optional(Str),
  returnNote: z.optional(Str),
});

/** 审核: the reviewer's approval after the confidentiality review (保密审查). */
export const ReplyApprovalSchema = z.object({
  approvedAt: Instant,
  approvedBy: Str,
  reviewerId: Str,
  reviewerName: Str,
  /** 保密审查: the reviewer confirmed nothing in the reply or the information is secret (第十七条). */
  confidentialityReviewed: z.literal(true),
  revision: z.int().check(z.positive()),
});

/** 答复书: the rendered letter, stored in the archive bucket under Object Lock and named in the dossier. */
export const ReplyLetterRecordSchema = z.object({
  letterNo: Str,
  repliedOn: Day,
  /** The archive object's key (its name holds the hash, so a re-render of the same letter is the same object). */
  key: Str,
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  pages: z.int().check(z.positive()),
  bytes: z.int().check(z.positive()),
});
export type ReplyLetterRecord = z.infer<typeof ReplyLetterRecordSchema>;

/** 行政复议 / 行政诉讼 about the reply, as staff record it when it happens (annual report section 四). */
export const ReviewRecordSchema = z.object({
  reviewId: Str,
  kind: z.enum(REVIEW_KINDS),
  filedOn: Day,
  result: z.enum(REVIEW_RESULTS),
  decidedOn: z.optional(Day),
  recordedAt: Instant,
  recordedBy: Str,
});
export type ReviewRecord = z.infer<typeof ReviewRecordSchema>;

export const DisclosureFileSchema = z.object({
  request: KeptRequestSchema,
  /** 专人负责: the named person responsible for this request. */
  responsible: z.optional(StaffNameSchema),
  registration: z.optional(RegistrationSchema),
  thirdParties: z.optional(z.array(ThirdPartyConsultationSchema)),
  draft: z.optional(ReplyDraftSchema),
  approval: z.optional(ReplyApprovalSchema),
  letter: z.optional(ReplyLetterRecordSchema),
  /** The reply's outcome row (template.ts), fixed when the reply is sent or the request withdrawn. */
  outcome: z.optional(z.enum(DISCLOSURE_OUTCOME_CODES as [DisclosureOutcome, ...DisclosureOutcome[]])),
  /** The day that outcome was decided (答复之日, or the day the request counted as withdrawn). */
  decidedOn: z.optional(Day),
  reviews: z.optional(z.array(ReviewRecordSchema)),
});
export type DisclosureFile = z.infer<typeof DisclosureFileSchema>;

/** Spread into the case schema (case.ts). */
export const DISCLOSURE_FIELDS = { disclosure: z.optional(DisclosureFileSchema) };
