// 回拨 under watch: the supervision run's warning and overdue marks, and the erasure of the number.
import type { CallbackPolicy } from './policy.js';
import type { CallbackTask } from './task.js';
import { notAfter } from './time.js';

/**
 * 预警 at the policy's share of the deadline, 逾期 after it: each once, recorded; undefined when
 * nothing is due. The share is of the task's own span (firstMissedAt → callbackDueAt), fixed when its
 * first call joined, so a policy changed since moves no deadline already given. A task first seen
 * past its deadline is marked overdue only: a warning then would warn nobody.
 */
export function superviseCallbackTask(
  task: CallbackTask,
  policy: CallbackPolicy,
  now: Date,
): { task: CallbackTask; steps: ('warned' | 'overdue')[] } | undefined {
  if (task.status !== 'open') return undefined;
  const first = Date.parse(task.firstMissedAt);
  const due = Date.parse(task.callbackDueAt);
  const at = now.toISOString();
  const steps: ('warned' | 'overdue')[] = [];
  const overdue = !task.overdueAt && now.getTime() > due;
  if (
    !task.warnedAt &&
    !task.overdueAt &&
    !overdue &&
    now.getTime() >= first + policy.warnAtShare * (due - first)
  ) {
    steps.push('warned');
  }
  if (overdue) steps.push('overdue');
  if (steps.length === 0) return undefined;
  return {
    steps,
    task: {
      ...task,
      ...(steps.includes('warned') ? { warnedAt: at } : {}),
      ...(overdue ? { overdueAt: at } : {}),
      history: [...task.history, ...steps.map((action) => ({ at, actor: 'system', action }))],
    },
  };
}

/**
 * The closed task without its number once `eraseAfter` has passed; undefined when not due or already
 * erased. The sealed number is removed from the item (not merely its key destroyed): the KMS key
 * seals every caller's number, so only deleting the ciphertext erases one caller's.
 */
export function eraseCallbackNumber(task: CallbackTask, now: Date): CallbackTask | undefined {
  if (task.status === 'open' || !task.number || !task.eraseAfter) return undefined;
  if (!notAfter(task.eraseAfter, now)) return undefined;
  const { number: _number, ...rest } = task;
  const at = now.toISOString();
  return { ...rest, erasedAt: at, history: [...task.history, { at, actor: 'system', action: 'erased' }] };
}
