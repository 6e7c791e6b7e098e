// What every way of closing a task shares: the close time, the erasure date, no hold and no next attempt.
import type { CallbackPolicy } from './policy.js';
import type { CallbackHistoryEntry, CallbackStatus, CallbackTask } from './task.js';
import { plusDays } from './time.js';

/** The task closed as `status` at `now`: kept `retentionDays` for the callback's evidence, then erased. */
export function closeTask(
  task: CallbackTask,
  status: Exclude<CallbackStatus, 'open'>,
  policy: CallbackPolicy,
  now: Date,
  entries: CallbackHistoryEntry[],
): CallbackTask {
  const { heldBy: _heldBy, heldUntil: _heldUntil, nextAttemptAt: _nextAttemptAt, ...rest } = task;
  const closedAt = now.toISOString();
  return {
    ...rest,
    status,
    closedAt,
    eraseAfter: plusDays(closedAt, policy.retentionDays),
    history: [...task.history, ...entries],
  };
}
