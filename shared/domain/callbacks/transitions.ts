// 漏接回拨: every change of a callback task, decided here and nowhere else. Pure: the clock and the
// policy come in; the store writes what these return under the version it read.
//
// SEAM (issue 13): the signatures and their contracts are fixed; slice "callbacks core" writes the
// bodies. Until then each throws, so nothing can mistake a placeholder for a decision.
import type { QueuedCall } from '../appeal.js';
import type { CallbackPolicy } from './policy.js';
import type { CallbackOutcome, CallbackTask, MissedReason, SealedNumber } from './task.js';

const notYet = (name: string): never => {
  throw new Error(`${name}: not implemented yet (issue 13, callbacks core)`);
};

/** A refusal as a value, like the case lifecycle's: a code the API maps to 404/409 and a Chinese message. */
export interface CallbackRefusal {
  readonly code: 'not_open' | 'held_by_other' | 'not_held' | 'too_soon' | 'no_number';
  readonly message: string;
}
export type CallbackDecision = { ok: true; task: CallbackTask } | { ok: false; refusal: CallbackRefusal };

/** What a missed call brings to a task. */
export interface MissedCallInput {
  readonly callId: string;
  readonly line: string;
  readonly reason: MissedReason;
  readonly missedAt: string;
  readonly day: string;
  readonly callerMasked: string;
  readonly number: SealedNumber;
}

/**
 * Does this stored call need a callback, and why? A missed call (abandoned in the queue; or IVR-only
 * with the record's `missedReason` after_hours / agent_requested) with a caller number; a withheld
 * number cannot be called back and needs none.
 */
export function missedReasonOf(call: QueuedCall): MissedReason | undefined {
  return notYet(`missedReasonOf(${call.callId})`);
}

/** Round `round` of the caller's tasks, opened by its first missed call. */
export function openCallbackTask(
  callerRef: string,
  round: number,
  missed: MissedCallInput,
  policy: CallbackPolicy,
  now: Date,
): CallbackTask {
  return notYet(
    `openCallbackTask(${callerRef}, ${round}, ${missed.callId}, ${policy.deadlineMinutes}, ${now.toISOString()})`,
  );
}

/** The open task with one more missed call; undefined when the call is already in it (a redelivery) or the task is closed. */
export function joinCallbackTask(
  task: CallbackTask,
  missed: MissedCallInput,
  policy: CallbackPolicy,
  now: Date,
): CallbackTask | undefined {
  return notYet(
    `joinCallbackTask(${task.taskId}, ${missed.callId}, ${policy.deadlineMinutes}, ${now.toISOString()})`,
  );
}

/**
 * The caller got through by themselves (an answered call, or a new case from the same caller hash):
 * the open task closes as caller_got_through with `closedBy`. Undefined when it is not open, or when
 * the contact came before the task's first missed call (it cannot have answered the need).
 */
export function closeOnCallerContact(
  task: CallbackTask,
  contact: { at: string; callId?: string; caseId?: string },
  policy: CallbackPolicy,
  now: Date,
): CallbackTask | undefined {
  return notYet(
    `closeOnCallerContact(${task.taskId}, ${contact.at}, ${policy.retentionDays}, ${now.toISOString()})`,
  );
}

/** Is the task on `agent`'s list now: open, not held by another agent, not waiting for its next attempt. */
export function isOfferedTo(task: CallbackTask, agent: string, now: Date): boolean {
  return notYet(`isOfferedTo(${task.taskId}, ${agent}, ${now.toISOString()})`);
}

/** 领取: the agent holds the task for the policy's hold minutes (records `taken` in the history). */
export function takeCallbackTask(
  task: CallbackTask,
  agent: string,
  policy: CallbackPolicy,
  now: Date,
): CallbackDecision {
  return notYet(`takeCallbackTask(${task.taskId}, ${agent}, ${policy.holdMinutes}, ${now.toISOString()})`);
}

/**
 * One attempt by the holder: reached → closed reached; wrong_number → closed failed; no_answer or
 * refused → failed when it was the last allowed attempt, else open again after the policy's gap.
 * The hold ends with the attempt.
 */
export function recordCallbackAttempt(
  task: CallbackTask,
  agent: string,
  attempt: { outcome: CallbackOutcome; note?: string; caseId?: string; trackingNo?: string },
  policy: CallbackPolicy,
  now: Date,
): CallbackDecision {
  return notYet(
    `recordCallbackAttempt(${task.taskId}, ${agent}, ${attempt.outcome}, ${policy.maxAttempts}, ${now.toISOString()})`,
  );
}

/** 预警 at the policy's share of the deadline, 逾期 after it: each once, recorded; undefined when nothing is due. */
export function superviseCallbackTask(
  task: CallbackTask,
  policy: CallbackPolicy,
  now: Date,
): { task: CallbackTask; steps: ('warned' | 'overdue')[] } | undefined {
  return notYet(`superviseCallbackTask(${task.taskId}, ${policy.warnAtShare}, ${now.toISOString()})`);
}

/** The closed task without its number once `eraseAfter` has passed; undefined when not due or already erased. */
export function eraseCallbackNumber(task: CallbackTask, now: Date): CallbackTask | undefined {
  return notYet(`eraseCallbackNumber(${task.taskId}, ${now.toISOString()})`);
}
