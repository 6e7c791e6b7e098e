import * as z from 'zod/mini';
import { FOLLOW_UP_CALL_ATTEMPT_OUTCOMES } from './fields.js';
import {
  ANSWER_MAX_CHARS,
  CO_HANDLERS_MAX,
  CODE_MAX_CHARS,
  COMMENT_MAX_CHARS,
  CORRECTION_ATTACHMENTS_MAX,
  CORRECTION_VIAS,
  type CorrectionVia,
  NOTE_MAX_CHARS,
  QUESTION_MAX_CHARS,
  REASON_MAX_CHARS,
  REPLY_MAX_CHARS,
  RETURN_REASONS,
  type ReturnReason,
} from './limits.js';

/**
 * Who acts on a case. Staff roles come from JWT claims; `system` is the platform's own jobs
 * (dispatch-appeal, supervise-deadlines, the follow-up timer); `citizen` is the rating through the
 * one-time feedback link.
 */
export const ROLES = [
  'agent',
  'dispatcher',
  'department',
  'supervisor',
  'analyst',
  'admin',
  'reviewer',
  'system',
  'citizen',
] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  readonly role: Role;
  /** The user id (or job name for `system`), recorded in the history. */
  readonly id: string;
  /** A department user's department: only the assigned department acts on its case. */
  readonly departmentId?: string;
}

/** How the actor is written into `history[].actor`. */
export function actorLabel(actor: Actor): string {
  if (actor.role === 'system') return actor.id === 'system' ? 'system' : `system:${actor.id}`;
  return actor.departmentId ? `${actor.role}:${actor.id}@${actor.departmentId}` : `${actor.role}:${actor.id}`;
}

export {
  ANSWER_MAX_CHARS,
  CO_HANDLERS_MAX,
  CODE_MAX_CHARS,
  COMMENT_MAX_CHARS,
  CORRECTION_ATTACHMENTS_MAX,
  CORRECTION_VIAS,
  type CorrectionVia,
  NOTE_MAX_CHARS,
  QUESTION_MAX_CHARS,
  REASON_MAX_CHARS,
  REPLY_MAX_CHARS,
  RETURN_REASONS,
  type ReturnReason,
};

const Note = z.optional(z.string().check(z.maxLength(NOTE_MAX_CHARS)));
const Code = z.string().check(z.maxLength(CODE_MAX_CHARS));
const CoHandlers = z.optional(z.array(Code).check(z.maxLength(CO_HANDLERS_MAX)));

// Reason, rating and target codes are plain strings here on purpose: the core, not the parser,
// refuses an unknown one, with the machine-readable code the API promises (invalid_reason …).
/**
 * A lifecycle action as the case API receives it (POST /v1/cases/by-id/{caseId}/actions).
 *
 * @example
 * LifecycleActionSchema.parse({ action: 'return', reason: 'wrong_district', note: '属台江区' })
 */
export const LifecycleActionSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('dispatch'),
    departmentId: Code,
    coHandlers: CoHandlers,
    note: Note,
  }),
  z.object({
    action: z.literal('redispatch'),
    departmentId: Code,
    coHandlers: CoHandlers,
    note: Note,
  }),
  z.object({ action: z.literal('acknowledge'), note: Note }),
  z.object({ action: z.literal('return'), reason: Code, note: Note }),
  z.object({
    action: z.literal('request_extension'),
    reason: z.string().check(z.maxLength(REASON_MAX_CHARS)),
    requestedDueAt: Code,
    note: Note,
  }),
  z.object({ action: z.literal('approve_extension'), note: Note }),
  z.object({ action: z.literal('reject_extension'), note: Note }),
  z.object({ action: z.literal('pause'), reason: Code, note: Note }),
  z.object({ action: z.literal('resume'), note: Note }),
  // The lower bounds (not blank) are the core's to refuse, with its invalid_input code.
  z.object({
    action: z.literal('request_correction'),
    question: z.string().check(z.maxLength(QUESTION_MAX_CHARS)),
    note: Note,
  }),
  z.object({
    action: z.literal('answer_correction'),
    answer: z.string().check(z.maxLength(ANSWER_MAX_CHARS)),
    attachments: z.optional(
      z
        .array(z.string().check(z.maxLength(CODE_MAX_CHARS * 2)))
        .check(z.maxLength(CORRECTION_ATTACHMENTS_MAX)),
    ),
    via: z.enum(CORRECTION_VIAS),
  }),
  z.object({ action: z.literal('close_uncorrected'), note: Note }),
  z.object({
    action: z.literal('complete'),
    reply: z.string().check(z.maxLength(REPLY_MAX_CHARS)),
    internalNote: Note,
  }),
  z.object({
    action: z.literal('rate'),
    rating: Code,
    comment: z.optional(z.string().check(z.maxLength(COMMENT_MAX_CHARS))),
    /**
     * How a citizen's own rating arrived: `web` (the link or the page, the default) or `wechat`.
     * Staff ratings are always `phone` (the core derives it from the actor and refuses another).
     */
    via: z.optional(Code),
  }),
  // 电话回访: one call of the follow-up call list. The outcome is a closed set the parser checks
  // (a 400 on anything else); the rating, as with `rate`, is the core's to refuse (invalid_rating).
  z.object({
    action: z.literal('record_follow_up_call'),
    outcome: z.enum(FOLLOW_UP_CALL_ATTEMPT_OUTCOMES),
    rating: z.optional(Code),
    comment: z.optional(z.string().check(z.maxLength(COMMENT_MAX_CHARS))),
    note: Note,
  }),
  z.object({ action: z.literal('reopen'), note: Note }),
  // `reason: 'smoke'`: a supervisor closes a deploy's smoke-test case (the metrics leave it out).
  z.object({ action: z.literal('close'), reason: z.optional(Code), note: Note }),
  // Not bounded here: the case API refuses a master id of no case id's shape with its own 400
  // `invalid_case_id` before any lookup, and the id is not written into the history unread.
  z.object({ action: z.literal('merge'), masterCaseId: z.string(), note: Note }),
  z.object({ action: z.literal('link_duplicate'), duplicateCaseId: Code, note: Note }),
  // 依申请公开 (disclosure/transitions.ts). Bodies are bounded here; the core checks what they mean.
  z.object({
    action: z.literal('register'),
    decision: Code,
    petitionCaseType: z.optional(Code),
    explanation: z.optional(z.string().check(z.maxLength(REASON_MAX_CHARS))),
    /** 专人负责: the person responsible; default the registering member of staff. */
    responsible: z.optional(z.object({ id: Code, name: z.string().check(z.maxLength(50)) })),
    note: Note,
  }),
  z.object({
    action: z.literal('assign_responsible'),
    responsible: z.object({ id: Code, name: z.string().check(z.maxLength(50)) }),
    note: Note,
  }),
  z.object({
    action: z.literal('consult_third_party'),
    party: z.string().check(z.maxLength(200)),
    note: Note,
  }),
  z.object({
    action: z.literal('record_third_party_opinion'),
    opinion: z.string().check(z.maxLength(REASON_MAX_CHARS)),
    note: Note,
  }),
  /** The reply as drafted: parsed by the core with disclosure/reply.ts ReplySchema (without the drafter, who is the actor). */
  z.object({
    action: z.literal('draft_reply'),
    reply: z.unknown(),
    drafterName: z.string().check(z.maxLength(50)),
    note: Note,
  }),
  z.object({
    action: z.literal('approve_reply'),
    /** 保密审查 done: required true. */
    confidentialityReviewed: z.boolean(),
    reviewerName: z.string().check(z.maxLength(50)),
    note: Note,
  }),
  z.object({ action: z.literal('reject_reply'), note: z.string().check(z.maxLength(REASON_MAX_CHARS)) }),
  z.object({
    action: z.literal('record_review'),
    reviewId: z.optional(Code),
    kind: Code,
    filedOn: Code,
    result: Code,
    decidedOn: z.optional(Code),
    note: Note,
  }),
  // 法律保全 on an archived case: set (true) or lift (false), always with the reason (法院、纪检监察、
  // 复查…); blank is the core's to refuse (invalid_reason).
  z.object({
    action: z.literal('legal_hold'),
    hold: z.boolean(),
    note: z.string().check(z.maxLength(REASON_MAX_CHARS)),
  }),
  z.object({ action: z.literal('warn') }),
  z.object({ action: z.literal('remind'), target: z.optional(Code), note: Note }),
  z.object({ action: z.literal('mark_overdue') }),
  /** 重算期限: the system, after the holiday calendar's `year` was added or changed. */
  z.object({ action: z.literal('recompute_deadline'), year: z.int().check(z.gte(2000), z.lte(2100)) }),
]);
export type LifecycleAction = z.infer<typeof LifecycleActionSchema>;
export type ActionName = LifecycleAction['action'];
export type ActionOf<N extends ActionName> = Extract<LifecycleAction, { action: N }>;

/** Every action, in lifecycle order. A test checks it against the transition table. */
export const ACTION_NAMES: readonly ActionName[] = [
  'dispatch',
  'redispatch',
  'acknowledge',
  'return',
  'request_extension',
  'approve_extension',
  'reject_extension',
  'pause',
  'resume',
  'request_correction',
  'answer_correction',
  'close_uncorrected',
  'complete',
  'rate',
  'record_follow_up_call',
  'reopen',
  'close',
  'merge',
  'link_duplicate',
  'register',
  'assign_responsible',
  'consult_third_party',
  'record_third_party_opinion',
  'draft_reply',
  'approve_reply',
  'reject_reply',
  'record_review',
  'legal_hold',
  'warn',
  'remind',
  'mark_overdue',
  'recompute_deadline',
];

/** Why the core refused an action. Nothing changed. The HTTP edge maps each code to a 4xx/409. */
export type RefusalCode =
  | 'illegal_transition'
  | 'forbidden'
  | 'invalid_reason'
  | 'invalid_input'
  | 'invalid_rating'
  | 'unknown_department'
  | 'same_department'
  | 'deadline_in_past'
  | 'deadline_not_later'
  | 'deadline_passed'
  | 'extension_beyond_policy'
  | 'extension_pending'
  | 'no_pending_extension'
  | 'paused'
  | 'not_paused'
  | 'already_rated'
  | 'sla_decided'
  | 'not_due'
  | 'already_done'
  /** Another agent took the follow-up call item within the hold (FOLLOW_UP_CALL_HOLD_MINUTES). */
  | 'taken_by_other'
  | 'invalid_merge'
  /** The case would pass the actor's item budget (item-budget.ts): nothing more can be recorded. */
  | 'case_too_large'
  /** A department's pauses used the policy's total (pausePolicyFor): an extension is the way on. */
  | 'pause_limit_reached'
  /** 补正: a correction is open (awaiting the citizen), so the action waits for the answer. */
  | 'correction_open'
  /** 补正: no correction request is open and unanswered on the case. */
  | 'no_open_correction'
  /** 依申请公开: the action is for a disclosure request only, or the request is not (yet) registered. */
  | 'not_a_disclosure_request'
  | 'not_registered'
  | 'already_registered'
  /** 补正告知 later than 7 working days after receipt (第三十条). */
  | 'correction_too_late'
  /** 审核: no draft to approve, or the drafter approving their own draft (two-person rule). */
  | 'no_draft'
  | 'self_approval'
  /** 答复书: approve_reply needs the rendered letter (ctx.letter), which only the disclosure desk makes. */
  | 'letter_required'
  | 'no_third_party_consultation'
  /** 重算期限: the calendar's change moves none of the case's deadlines; nothing to write. */
  | 'unchanged';

export interface Refusal {
  readonly code: RefusalCode;
  readonly message: string;
}
