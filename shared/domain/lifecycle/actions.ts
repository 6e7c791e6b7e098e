import * as z from 'zod/mini';

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

/** 退单 reason codes; returns count as misroutes. */
export const RETURN_REASONS = [
  'not_our_responsibility',
  'wrong_district',
  'insufficient_information',
  'duplicate',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

const Note = z.optional(z.string().check(z.maxLength(2000)));

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
    departmentId: z.string(),
    coHandlers: z.optional(z.array(z.string())),
    note: Note,
  }),
  z.object({
    action: z.literal('redispatch'),
    departmentId: z.string(),
    coHandlers: z.optional(z.array(z.string())),
    note: Note,
  }),
  z.object({ action: z.literal('acknowledge'), note: Note }),
  z.object({ action: z.literal('return'), reason: z.string(), note: Note }),
  z.object({
    action: z.literal('request_extension'),
    reason: z.string(),
    requestedDueAt: z.string(),
    note: Note,
  }),
  z.object({ action: z.literal('approve_extension'), note: Note }),
  z.object({ action: z.literal('reject_extension'), note: Note }),
  z.object({ action: z.literal('pause'), reason: z.string(), note: Note }),
  z.object({ action: z.literal('resume'), note: Note }),
  z.object({ action: z.literal('complete'), reply: z.string(), internalNote: Note }),
  z.object({ action: z.literal('rate'), rating: z.string(), comment: Note }),
  z.object({ action: z.literal('reopen'), note: Note }),
  z.object({ action: z.literal('close'), note: Note }),
  z.object({ action: z.literal('merge'), masterCaseId: z.string(), note: Note }),
  z.object({ action: z.literal('link_duplicate'), duplicateCaseId: z.string(), note: Note }),
  z.object({ action: z.literal('warn') }),
  z.object({ action: z.literal('remind'), target: z.optional(z.string()), note: Note }),
  z.object({ action: z.literal('mark_overdue') }),
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
  'complete',
  'rate',
  'reopen',
  'close',
  'merge',
  'link_duplicate',
  'warn',
  'remind',
  'mark_overdue',
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
  | 'invalid_merge';

export interface Refusal {
  readonly code: RefusalCode;
  readonly message: string;
}
