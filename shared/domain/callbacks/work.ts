// 回拨 at the agent's desk: which tasks an agent is offered, taking one (领取), and recording a call.
// The order of the checks is the answer an agent most needs first: a closed task is gone, whoever
// holds it; a task another agent is on is theirs, whether or not it is due.

import { shanghaiTime } from '../dossier/dossier-html.js';
import { CALLBACK_OUTCOME_TEXT, CALLBACK_STATUS_TEXT } from '../labels.js';
import { closeTask } from './close.js';
import { type CallbackDecision, refuse } from './decision.js';
import type { CallbackPolicy } from './policy.js';
import type { CallbackAttempt, CallbackOutcome, CallbackTask } from './task.js';
import { actorOf, notAfter, plusMinutes } from './time.js';

/** The agent holding the task at `now`, if any: a hold ends at `heldUntil`. */
function holderAt(task: CallbackTask, now: Date): string | undefined {
  if (!task.heldBy || !task.heldUntil) return undefined;
  return now.getTime() < Date.parse(task.heldUntil) ? task.heldBy : undefined;
}

function waiting(task: CallbackTask, now: Date): boolean {
  return task.nextAttemptAt !== undefined && !notAfter(task.nextAttemptAt, now);
}

/**
 * Is the task on `agent`'s list now: open, not held by another agent, not waiting for its next
 * attempt. `agent` as histories name people (`agent:<id>`; a bare id is read as one).
 */
export function isOfferedTo(task: CallbackTask, agent: string, now: Date): boolean {
  if (task.status !== 'open') return false;
  const holder = holderAt(task, now);
  if (holder && holder !== actorOf(agent)) return false;
  return !waiting(task, now);
}

/**
 * 领取: the agent holds the task for the policy's hold minutes (records `taken` in the history), and
 * may then see the number. Refused: not_open (closed), held_by_other (another agent's hold runs),
 * too_soon (before the next attempt is due), no_number (erased: nothing to dial).
 *
 * The holder taking it again (a reload of the desk) is ok with the very same task object: the hold
 * is not extended (a hold is the time for one call, not a lease to renew) and nothing is recorded,
 * so a caller compares `decision.task === task` and skips the write, yet still shows the number.
 */
export function takeCallbackTask(
  task: CallbackTask,
  agent: string,
  policy: CallbackPolicy,
  now: Date,
): CallbackDecision {
  const who = actorOf(agent);
  if (task.status !== 'open')
    return refuse('not_open', `该回拨任务已结束（${CALLBACK_STATUS_TEXT[task.status]}）`);
  const holder = holderAt(task, now);
  if (holder && holder !== who) {
    return refuse('held_by_other', `该回拨任务已由 ${holder} 领取，${policy.holdMinutes} 分钟内不能重复领取`);
  }
  if (waiting(task, now)) {
    return refuse(
      'too_soon',
      `距上次回拨不足 ${policy.attemptGapMinutes} 分钟，请于 ${shanghaiTime(task.nextAttemptAt).slice(0, 16)}（北京时间）后再拨`,
    );
  }
  if (!task.number) return refuse('no_number', '该回拨任务的号码已删除，无法回拨');
  if (holder === who) return { ok: true, task };
  const at = now.toISOString();
  return {
    ok: true,
    task: {
      ...task,
      heldBy: who,
      heldUntil: plusMinutes(now, policy.holdMinutes),
      history: [...task.history, { at, actor: who, action: 'taken' }],
    },
  };
}

/**
 * One attempt by the holder: reached → closed reached; wrong_number → closed failed at once (the
 * number on record is the one that rang in, so dialling it again reaches the same wrong person);
 * no_answer or refused (拒接) → failed when it was the policy's last allowed attempt, else open again
 * after the policy's gap. The hold ends with the attempt. Refused: not_open, not_held (the agent does
 * not hold it: never took it, or another agent took it after their hold ran out). A holder whose hold
 * ran out with nobody else taking it still records the call they made.
 *
 * `caseId`/`trackingNo` (the appeal entered from the call) are kept with a reached attempt only.
 */
export function recordCallbackAttempt(
  task: CallbackTask,
  agent: string,
  attempt: { outcome: CallbackOutcome; note?: string; caseId?: string; trackingNo?: string },
  policy: CallbackPolicy,
  now: Date,
): CallbackDecision {
  const who = actorOf(agent);
  if (task.status !== 'open')
    return refuse('not_open', `该回拨任务已结束（${CALLBACK_STATUS_TEXT[task.status]}）`);
  if (task.heldBy !== who) return refuse('not_held', '请先领取该回拨任务再登记回拨结果');
  const at = now.toISOString();
  const reached = attempt.outcome === 'reached';
  const recorded: CallbackAttempt = {
    at,
    by: who,
    outcome: attempt.outcome,
    ...(attempt.note ? { note: attempt.note } : {}),
    ...(reached && attempt.caseId ? { caseId: attempt.caseId } : {}),
    ...(reached && attempt.trackingNo ? { trackingNo: attempt.trackingNo } : {}),
  };
  const attempts = [...task.attempts, recorded];
  const entry = {
    at,
    actor: who,
    action: 'attempted' as const,
    note: CALLBACK_OUTCOME_TEXT[attempt.outcome],
  };
  const status = reached
    ? 'reached'
    : attempt.outcome === 'wrong_number' || attempts.length >= policy.maxAttempts
      ? 'failed'
      : 'open';
  if (status !== 'open') {
    return {
      ok: true,
      task: closeTask({ ...task, attempts }, status, policy, now, [
        entry,
        { at, actor: who, action: 'closed', note: CALLBACK_STATUS_TEXT[status] },
      ]),
    };
  }
  const { heldBy: _heldBy, heldUntil: _heldUntil, ...rest } = task;
  return {
    ok: true,
    task: {
      ...rest,
      attempts,
      nextAttemptAt: plusMinutes(now, policy.attemptGapMinutes),
      history: [...task.history, entry],
    },
  };
}
