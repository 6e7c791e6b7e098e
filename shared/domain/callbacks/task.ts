// 漏接回拨 callback task: one item per caller per round in the cases table, so a caller's missed
// calls join one task race-free (one conditional write on one item) and the metrics count the task
// from its own stream records like a case or a call.
import * as z from 'zod/mini';

/**
 * Why a call needs a callback (as the call centre's record says): abandoned in the queue 队列放弃,
 * outside service hours 非服务时间来电, or in IVR after asking for an agent IVR 转人工未接通.
 */
export const MISSED_REASONS = ['queue_abandoned', 'after_hours', 'agent_requested'] as const;
export const MissedReasonSchema = z.enum(MISSED_REASONS);
export type MissedReason = z.infer<typeof MissedReasonSchema>;

/** One attempt's result: 回拨成功 / 无人接听 / 号码错误 / 拒接. */
export const CALLBACK_OUTCOMES = ['reached', 'no_answer', 'wrong_number', 'refused'] as const;
export const CallbackOutcomeSchema = z.enum(CALLBACK_OUTCOMES);
export type CallbackOutcome = z.infer<typeof CallbackOutcomeSchema>;

/**
 * 待回拨 open; closed as 已回拨 reached, 来电已接通 caller_got_through (an answered call or a new case
 * of the same caller hash came first), or 未回拨成功 failed (attempts used up, or a wrong number).
 */
export const CALLBACK_STATUSES = ['open', 'reached', 'caller_got_through', 'failed'] as const;
export const CallbackStatusSchema = z.enum(CALLBACK_STATUSES);
export type CallbackStatus = z.infer<typeof CallbackStatusSchema>;

/** What the task's history records, beside the attempts themselves. */
export const CALLBACK_ACTIONS = [
  'opened',
  'joined',
  'taken',
  'attempted',
  'warned',
  'overdue',
  'closed',
  'erased',
] as const;
export type CallbackAction = (typeof CALLBACK_ACTIONS)[number];

const UtcInstant = z.iso.datetime();

/** One missed call of the task, with its own callback deadline (each call counts on its own day). */
export const MissedCallSchema = z.object({
  callId: z.string().check(z.minLength(1), z.maxLength(128)),
  line: z.string().check(z.minLength(1), z.maxLength(32)),
  reason: MissedReasonSchema,
  /** When the caller was lost: the call's end, else its queue entry, else its start. */
  missedAt: UtcInstant,
  /** missedAt + the policy's deadline minutes, fixed when the call joined. */
  dueAt: UtcInstant,
  /** The Asia/Shanghai day the call counts on (the call record's own `day`). */
  day: z.iso.date(),
});
export type MissedCall = z.infer<typeof MissedCallSchema>;

export const CallbackAttemptSchema = z.object({
  at: UtcInstant,
  /** The agent as histories name people: `agent:<id>`. */
  by: z.string(),
  outcome: CallbackOutcomeSchema,
  note: z.optional(z.string().check(z.maxLength(500))),
  /** The case entered from a reached callback, linked to the task's first call. */
  caseId: z.optional(z.string()),
  trackingNo: z.optional(z.string()),
});
export type CallbackAttempt = z.infer<typeof CallbackAttemptSchema>;

export const CallbackHistoryEntrySchema = z.object({
  at: UtcInstant,
  actor: z.string(),
  action: z.enum(CALLBACK_ACTIONS),
  note: z.optional(z.string()),
});
export type CallbackHistoryEntry = z.infer<typeof CallbackHistoryEntrySchema>;

/**
 * The caller's number for the callback, sealed with the AWS Encryption SDK (an envelope: the data
 * key travels inside `ciphertext`, wrapped by KMS or the local raw AES key). `callId` is the
 * encryption context it was sealed under: decryption fails unless the same call id is given.
 */
export const SealedNumberSchema = z.object({
  ciphertext: z.string().check(z.minLength(1)),
  callId: z.string(),
});
export type SealedNumber = z.infer<typeof SealedNumberSchema>;

/**
 * The task item: `CALLBACK#<callerRef>` / `TASK#<round, six digits>`. `callerRef` is derived from the
 * caller's keyed hash (callbackCallerRef), never the number. While open the item is on the
 * by-department-queue index under `CALLBACKS#open` sorted by `dueAt`; once closed and until its
 * number is erased, under `CALLBACKS#erase` sorted by `eraseAfter` (attributes `deptQueue`/`dueAt`
 * of the index, set by the store, not part of this schema).
 */
export const CallbackTaskSchema = z.object({
  pk: z.string().check(z.startsWith('CALLBACK#')),
  sk: z.string().check(z.startsWith('TASK#')),
  /** `<callerRef>-<round>`: what the API and the console name the task by. */
  taskId: z.string(),
  callerRef: z.string(),
  round: z.number(),
  version: z.number(),
  status: CallbackStatusSchema,
  /** 138****5678, the only form of the number shown before the task is taken. */
  callerMasked: z.string(),
  /** The line of the first missed call (the task's calls keep their own). */
  line: z.string(),
  calls: z.array(MissedCallSchema).check(z.minLength(1)),
  /** The first call's missedAt and callback deadline: the list is ordered by this deadline. */
  firstMissedAt: UtcInstant,
  callbackDueAt: UtcInstant,
  /** Absent once erased. */
  number: z.optional(SealedNumberSchema),
  attempts: z.array(CallbackAttemptSchema),
  /** The agent holding the task (took it) until `heldUntil`; another agent is not offered it meanwhile. */
  heldBy: z.optional(z.string()),
  heldUntil: z.optional(UtcInstant),
  /** After a failed attempt: not offered again before this (the policy's gap). */
  nextAttemptAt: z.optional(UtcInstant),
  warnedAt: z.optional(UtcInstant),
  overdueAt: z.optional(UtcInstant),
  closedAt: z.optional(UtcInstant),
  /** For caller_got_through: the answered call or the new case that closed it. */
  closedBy: z.optional(
    z.object({ at: UtcInstant, callId: z.optional(z.string()), caseId: z.optional(z.string()) }),
  ),
  /** closedAt + the retention period: the number is erased then. */
  eraseAfter: z.optional(UtcInstant),
  erasedAt: z.optional(UtcInstant),
  createdAt: UtcInstant,
  history: z.array(CallbackHistoryEntrySchema),
});
export type CallbackTask = z.infer<typeof CallbackTaskSchema>;

/** The index partitions the store keeps a task under (see CallbackTaskSchema). */
export const CALLBACKS_OPEN_QUEUE = 'CALLBACKS#open';
export const CALLBACKS_ERASE_QUEUE = 'CALLBACKS#erase';
