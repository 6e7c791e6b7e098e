import type { CallbackStore } from '../../shared/adapters/callback-store.js';
import type { QueuedCall } from '../../shared/domain/appeal.js';
import {
  type CallbackPolicy,
  type CallbackTask,
  callbackCallerRef,
  closeOnCallerContact,
  joinCallbackTask,
  missedCallOf,
  openCallbackTask,
  type SealedNumber,
} from '../../shared/domain/callbacks/index.js';

// 漏接回拨 at intake: a missed call joins its caller's open task or opens the next round; the caller's
// own later contact (an answered call, a new case) closes it. One conditional write of one task item
// each time, re-read and retried when another writer came first: never a transaction (DESIGN §3).
//
// Known race: records may arrive out of order. A missed call processed after the same caller's later
// answered call (or new case) opens a task although the caller already got through: the close looked
// for an open task before there was one. An agent then calls back someone who was served; the
// callback is recorded as such (reached) and counts as a callback made. Closing it would need the
// caller's calls by time (an index the call items do not have); the window is a few seconds of a
// record's delivery, and a call centre prefers one needless callback to one missed.

export interface CallbackDeps {
  callbacks: CallbackStore;
  callbackPolicy: CallbackPolicy;
  now: () => Date;
}

/** What a missed call or a contact did to the caller's task. */
export type CallbackStep =
  | { step: 'opened' | 'joined' | 'closed'; taskId: string }
  /**
   * The call is in a task already (a redelivery), or the contact found no open task to close;
   * `full`: the caller's open task holds CALLS_PER_TASK calls already and this one was not added.
   */
  | { step: 'unchanged'; taskId?: string; full?: true };

/** Rounds read back to find a redelivered call: a caller with more rounds than this between two deliveries of one call is not a caller. */
const ROUNDS_LOOKED_AT = 10;
/**
 * Missed calls one task holds at most: about 300 bytes each with its history entry, so a task stays
 * far below DynamoDB's 400 KB item limit. Only an auto-dialler misses this many calls before anyone
 * calls back; its further calls are not joined (nor counted as callbacks due), the one callback stands.
 */
export const CALLS_PER_TASK = 200;
/** Writes tried before the message is left to SQS's retry: a dozen concurrent writers on one caller is a flood. */
const TRIES = 5;

/** Every try lost to another writer: the message fails alone and SQS redelivers it. */
export class CallbackContentionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CallbackContentionError';
  }
}

/**
 * The missed call in its caller's task: nothing when a listed round already holds it; joined to the
 * newest round when that is open; else round n + 1. A lost write (a join's version, a round's key)
 * re-reads and decides again, so concurrent calls of one caller end in one task with every call.
 *
 * @example await missedCallToTask(call, message.callerSealed, deps) // { step: 'opened', taskId: '3f9a…-1' }
 */
export async function missedCallToTask(
  call: QueuedCall,
  sealed: SealedNumber,
  deps: CallbackDeps,
): Promise<CallbackStep> {
  const missed = missedCallOf(call, sealed);
  if (!missed || !call.callerHash) return { step: 'unchanged' };
  const callerRef = callbackCallerRef(call.callerHash);
  for (let attempt = 0; attempt < TRIES; attempt++) {
    const rounds = await deps.callbacks.listRounds(callerRef, ROUNDS_LOOKED_AT);
    const holding = rounds.find((task) => task.calls.some((c) => c.callId === call.callId));
    if (holding) return { step: 'unchanged', taskId: holding.taskId };
    const newest = rounds[0];
    const now = deps.now();
    if (newest?.status === 'open') {
      if (newest.calls.length >= CALLS_PER_TASK)
        return { step: 'unchanged', taskId: newest.taskId, full: true };
      const joined = joinCallbackTask(newest, missed, deps.callbackPolicy, now);
      if (!joined) return { step: 'unchanged', taskId: newest.taskId };
      if ((await deps.callbacks.update(joined, newest.version)) === 'updated') {
        return { step: 'joined', taskId: joined.taskId };
      }
      continue;
    }
    const task = openCallbackTask(callerRef, (newest?.round ?? 0) + 1, missed, deps.callbackPolicy, now);
    if ((await deps.callbacks.create(task)) === 'created') return { step: 'opened', taskId: task.taskId };
  }
  throw new CallbackContentionError(`callback task of call ${call.callId}: ${TRIES} writes lost to others`);
}

/**
 * The caller got through by themselves: their open task (only the newest round can be open) closes
 * as caller_got_through, named by the call or the case. A contact before the task's first missed
 * call closes nothing (closeOnCallerContact).
 *
 * @example await closeCallerTask(call.callerHash, { callId, at: call.answeredAt }, deps) // { step: 'closed', taskId }
 */
export async function closeCallerTask(
  callerHash: string,
  contact: { at: string; callId?: string; caseId?: string },
  deps: CallbackDeps,
): Promise<CallbackStep> {
  const callerRef = callbackCallerRef(callerHash);
  for (let attempt = 0; attempt < TRIES; attempt++) {
    const [newest]: CallbackTask[] = await deps.callbacks.listRounds(callerRef, 1);
    if (!newest) return { step: 'unchanged' };
    const closed = closeOnCallerContact(newest, contact, deps.callbackPolicy, deps.now());
    if (!closed) return { step: 'unchanged', taskId: newest.taskId };
    if ((await deps.callbacks.update(closed, newest.version)) === 'updated') {
      return { step: 'closed', taskId: closed.taskId };
    }
  }
  throw new CallbackContentionError(`callback task of caller contact: ${TRIES} writes lost to others`);
}

/**
 * What a stored call does to its caller's task: a missed call with its sealed number joins or opens
 * one; an answered call closes one. Undefined when the call touches none (no caller number, IVR-only
 * served by the menu, or a missed call queued without its number).
 */
export async function callbackStepOfCall(
  call: QueuedCall,
  sealed: SealedNumber | undefined,
  deps: CallbackDeps,
): Promise<CallbackStep | undefined> {
  if (!call.callerHash) return undefined;
  if (call.disposition === 'answered' && call.answeredAt) {
    return closeCallerTask(call.callerHash, { callId: call.callId, at: call.answeredAt }, deps);
  }
  return sealed ? missedCallToTask(call, sealed, deps) : undefined;
}
