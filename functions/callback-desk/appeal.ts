// 回拨受理: the appeal a reached caller brings, entered as the appeal of the task's first missed call,
// as the CTI's record of that call would have carried it, with the caller's own number.
import { reserveCallAppeal } from '../../shared/adapters/call-appeal-entry.js';
import { checkDeskCallReferences } from '../../shared/channels/hotline.js';
import type { CallAppealMessage } from '../../shared/domain/call-appeal.js';
import { callAppealMessage, recordWithAppeal } from '../../shared/domain/call-appeal.js';
import type { CallAppeal } from '../../shared/domain/call-record.js';
import type { CallbackTask, MissedCall } from '../../shared/domain/callbacks/index.js';
import { HttpError } from '../../shared/http/errors.js';
import type { CallbackDeskDeps } from './deps.js';
import { appealExists } from './errors.js';

export interface EnteredCase {
  readonly caseId: string;
  readonly trackingNo: string;
}

/** The case the appeal makes (or made), and the message still to queue for it, if any. */
export interface ReservedCase extends EnteredCase {
  /** Absent when the case exists already: it answers for itself. */
  readonly message?: CallAppealMessage;
}

/**
 * Reserves the appeal (checks, then the CALLAPPEAL# mark) without queuing it: the attempt is recorded
 * first, then the message queued (recordAttempt), because the dispatcher closes a caller's open task
 * on any new case of theirs (来电已接通): queued first, this very case could close the task as
 * caller_got_through before the reached attempt is written. Refusals: 422 for a category or district
 * not in the directory, 409 appeal_exists for another appeal of the call, 409 no_number when the
 * number is erased and no callback number was typed.
 *
 * The case of the task's first missed call (caseId = caseIdOfCall(its callId)), so a resent attempt
 * makes no second case and a different second appeal is refused (409 `appeal_exists`), exactly as at
 * the agent's desk. The record's caller is the task's decrypted number, so the contact is the calling
 * number, `network_caller`-verified (unless the agent typed another callback number, which stays
 * unverified as from the CTI).
 *
 * receivedAt is the reached attempt's time, not the missed call's: the department's clock starts when
 * the appeal was actually taken, as it would for a caller who got through then (a missed call can
 * precede its callback by an hour, across midnight or a weekend). A resend keeps the first try's time
 * (the CALLAPPEAL# mark holds it), so every try queues the same appeal.
 */
export async function reserveCallbackAppeal(
  deps: CallbackDeskDeps,
  input: { task: CallbackTask; typed: CallAppeal; typist: string; worker: string; now: Date },
): Promise<ReservedCase> {
  const { task, typed, now } = input;
  const first = task.calls[0] as MissedCall;
  const call = await deps.calls.get(first.callId);
  // The task was opened from this stored call; without it the link cannot be made.
  if (!call) throw new Error(`callback task ${task.taskId}: its first call ${first.callId} is not stored`);
  const hashKey = await deps.contactHashKey();
  const directory = await deps.directory();
  checkDeskCallReferences(recordWithAppeal(call, typed, hashKey), directory);
  // 依申请公开 typed on the callback (validated above): confirmed on this call, when it is received.
  const disclosure =
    typed.disclosureRequest && deps.identityHashKey
      ? { disclosure: { identityHashKey: await deps.identityHashKey(), directory } }
      : {};
  const knownCaller = task.number ? await deps.vault.open(task.number) : undefined;
  if (!knownCaller && !typed.callbackPhone) {
    throw new HttpError(409, 'no_number', '来电号码已删除，请在诉求中填写回拨电话（callbackPhone）');
  }
  const messageAt = (receivedAt: string) =>
    callAppealMessage(call, typed, hashKey, {
      by: input.typist,
      via: 'callback-desk',
      ...(knownCaller ? { knownCaller } : {}),
      receivedAt,
      resolvedBy: input.worker,
      headers: { 'x-callback-task': task.taskId },
      ...disclosure,
    });
  const reserved = await reserveCallAppeal(deps, {
    callId: call.callId,
    typed,
    contactHashKey: hashKey,
    message: messageAt(now.toISOString()),
    recordCarriesAppeal: call.caseId !== undefined,
    now,
    receivedAgain: messageAt,
  });
  if (reserved.outcome === 'other_appeal') throw appealExists();
  const entered = { caseId: reserved.caseId, trackingNo: reserved.trackingNo };
  return reserved.outcome === 'reserved' ? { ...entered, message: reserved.message } : entered;
}

/** The reserved appeal on the intake queue, where a channel's appeal is durable (DESIGN §3). */
export async function queueCallbackAppeal(deps: CallbackDeskDeps, reserved: ReservedCase): Promise<void> {
  if (reserved.message) await deps.queue.send({ kind: 'appeal', ...reserved.message });
}
