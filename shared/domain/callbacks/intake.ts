// 漏接回拨 at intake: which stored calls need a callback, and how a caller's missed calls open, join
// and (when the caller got through by themselves) close their task.
import type { QueuedCall } from '../appeal.js';
import { CALLBACK_STATUS_TEXT, MISSED_REASON_TEXT } from '../labels.js';
import { closeTask } from './close.js';
import type { MissedCallInput } from './decision.js';
import { callbackPartition, callbackSortKey, callbackTaskId } from './keys.js';
import type { CallbackPolicy } from './policy.js';
import type { CallbackTask, MissedCall, MissedReason, SealedNumber } from './task.js';
import { notAfter, plusMinutes } from './time.js';

/**
 * Does this stored call need a callback, and why? A missed call (abandoned in the queue; or IVR-only
 * with the record's `missedReason` after_hours / agent_requested) with a caller number; a withheld
 * number cannot be called back and needs none.
 *
 * @example missedReasonOf({ ...call, disposition: 'abandoned' }) // 'queue_abandoned'
 */
export function missedReasonOf(call: QueuedCall): MissedReason | undefined {
  if (!call.callerHash) return undefined;
  if (call.disposition === 'abandoned') return 'queue_abandoned';
  // An IVR-only call without a reason is a caller who got what they wanted from the menu (a
  // recorded answer): nobody owes them a call.
  if (call.disposition === 'ivr_only') return call.missedReason;
  return undefined;
}

/**
 * What a stored missed call brings to its caller's task, or undefined when it needs no callback.
 * `missedAt`: when the caller was lost, the call's end, else its queue entry, else its start (a
 * record without any falls back to its own version time).
 */
export function missedCallOf(call: QueuedCall, number: SealedNumber): MissedCallInput | undefined {
  const reason = missedReasonOf(call);
  if (!reason || !call.callerMasked) return undefined;
  return {
    callId: call.callId,
    line: call.line,
    reason,
    missedAt: call.endedAt ?? call.queuedAt ?? call.startedAt ?? call.recordedAt,
    day: call.day,
    callerMasked: call.callerMasked,
    number,
  };
}

function missedCall(missed: MissedCallInput, policy: CallbackPolicy): MissedCall {
  return {
    callId: missed.callId,
    line: missed.line,
    reason: missed.reason,
    missedAt: new Date(missed.missedAt).toISOString(),
    dueAt: plusMinutes(missed.missedAt, policy.deadlineMinutes),
    day: missed.day,
  };
}

/** The history note of a missed call: its reason and call id, never the number. */
function missedNote(missed: MissedCallInput): string {
  return `${MISSED_REASON_TEXT[missed.reason]}（来电 ${missed.callId}）`;
}

/**
 * Round `round` of the caller's tasks, opened by its first missed call. The number is the one this
 * call sealed (bound to its call id); the task never holds it in clear.
 *
 * @example openCallbackTask(callbackCallerRef(call.callerHash), 1, missed, policy, now) // status 'open', version 1
 */
export function openCallbackTask(
  callerRef: string,
  round: number,
  missed: MissedCallInput,
  policy: CallbackPolicy,
  now: Date,
): CallbackTask {
  const call = missedCall(missed, policy);
  return {
    pk: callbackPartition(callerRef),
    sk: callbackSortKey(round),
    taskId: callbackTaskId(callerRef, round),
    callerRef,
    round,
    version: 1,
    status: 'open',
    callerMasked: missed.callerMasked,
    line: call.line,
    calls: [call],
    firstMissedAt: call.missedAt,
    callbackDueAt: call.dueAt,
    number: missed.number,
    attempts: [],
    createdAt: now.toISOString(),
    history: [{ at: now.toISOString(), actor: 'system', action: 'opened', note: missedNote(missed) }],
  };
}

/**
 * The open task with one more missed call; undefined when the call is already in it (a redelivery) or
 * the task is closed. Calls are kept in the order they were missed, so a call that arrives late but
 * was missed first becomes the task's first: its deadline (the earliest) is the task's. A caller who
 * rang again is waiting by the phone now, so a wait for the next attempt (after no answer) ends.
 */
export function joinCallbackTask(
  task: CallbackTask,
  missed: MissedCallInput,
  policy: CallbackPolicy,
  now: Date,
): CallbackTask | undefined {
  if (task.status !== 'open') return undefined;
  if (task.calls.some((c) => c.callId === missed.callId)) return undefined;
  const calls = [...task.calls, missedCall(missed, policy)].sort(
    (a, b) => Date.parse(a.missedAt) - Date.parse(b.missedAt),
  );
  const first = calls[0] as MissedCall;
  const { nextAttemptAt: _wait, ...rest } = task;
  return {
    ...rest,
    calls,
    line: first.line,
    firstMissedAt: first.missedAt,
    callbackDueAt: first.dueAt,
    history: [
      ...task.history,
      { at: now.toISOString(), actor: 'system', action: 'joined', note: missedNote(missed) },
    ],
  };
}

/**
 * The caller got through by themselves (an answered call, or a new case from the same caller hash):
 * the open task closes as caller_got_through with `closedBy`. Undefined when it is not open, or when
 * the contact came before the task's first missed call (it cannot have answered the need).
 *
 * The actor is the contact itself: `call:<callId>` or `case:<caseId>`.
 *
 * @example closeOnCallerContact(task, { callId: 'c-9', at: call.answeredAt }, policy, now) // status 'caller_got_through'
 */
export function closeOnCallerContact(
  task: CallbackTask,
  contact: { at: string; callId?: string; caseId?: string },
  policy: CallbackPolicy,
  now: Date,
): CallbackTask | undefined {
  if (task.status !== 'open') return undefined;
  if (!notAfter(task.firstMissedAt, contact.at)) return undefined;
  const actor = contact.callId
    ? `call:${contact.callId}`
    : contact.caseId
      ? `case:${contact.caseId}`
      : 'caller';
  const closed = closeTask(task, 'caller_got_through', policy, now, [
    { at: now.toISOString(), actor, action: 'closed', note: CALLBACK_STATUS_TEXT.caller_got_through },
  ]);
  return {
    ...closed,
    closedBy: {
      at: new Date(contact.at).toISOString(),
      ...(contact.callId ? { callId: contact.callId } : {}),
      ...(contact.caseId ? { caseId: contact.caseId } : {}),
    },
  };
}
