// 领取回拨: the agent holds the task for the policy's minutes and is shown the caller's number.
import { updateCallback } from '../../shared/adapters/update-callback.js';
import { takeCallbackTask } from '../../shared/domain/callbacks/index.js';
import type { CallbackDeskDeps } from './deps.js';
import { callbackRefusalError, taskNotFound, versionConflict } from './errors.js';
import { type CallbackItem, itemOf } from './item.js';

/** Two agents taking one task at once: the loser's second try reads who won and is refused. */
const WRITE_ATTEMPTS = 2;

export interface TakenCallback {
  readonly item: CallbackItem;
  /** In clear, for the taker alone; the take is in the task's history. */
  readonly callerNumber: string;
}

/**
 * The take is written first (the history says who took it, and when), and only then is the number
 * opened: a number is never shown for a take that was not recorded. Refusals (held by another, the
 * gap not passed, closed, erased) write nothing and open nothing.
 */
export async function takeCallback(
  deps: CallbackDeskDeps,
  input: { taskId: string; worker: string },
): Promise<TakenCallback> {
  const policy = deps.policy();
  const now = deps.now();
  const written = await updateCallback(
    deps.callbacks,
    input.taskId,
    (task) => {
      const decision = takeCallbackTask(task, input.worker, policy, now);
      // The holder taking it again (a reload) gets the very task back: nothing to record, the number
      // is shown again, so reloads cannot fill the history.
      return decision.ok && decision.task === task ? undefined : decision;
    },
    { attempts: WRITE_ATTEMPTS },
  );
  if (written.outcome === 'missing') throw taskNotFound();
  if (written.outcome === 'refused') throw callbackRefusalError(written.refusal);
  if (written.outcome === 'conflict') throw versionConflict();
  const task = written.outcome === 'updated' ? written.task : written.current;
  // The core refuses a take without a number (no_number); a task in hand without one is a broken item.
  if (!task.number) throw new Error(`callback task ${task.taskId} was taken without a number`);
  const callerNumber = await deps.vault.open(task.number);
  const item = itemOf(task, { lineNames: await deps.lineNames(), maxAttempts: policy.maxAttempts, now });
  return { item, callerNumber };
}
