// 漏接回拨: a callback task as the agents' list shows it (the API's CallbackItem). The number is masked
// here, always: only the take answers it in clear, to the taker.
import type { CallbackTask, MissedCall } from '../../shared/domain/callbacks/index.js';
import type { CallbackItem } from '../../shared/domain/callbacks/item.js';

export type { CallbackItem };

/** What the item needs beside the task: the line names, the policy's attempts, the time. */
export interface ItemContext {
  readonly lineNames: ReadonlyMap<string, string>;
  readonly maxAttempts: number;
  readonly now: Date;
}

const later = (at: string | undefined, now: Date) => at !== undefined && Date.parse(at) > now.getTime();

/**
 * The task as an item of the list. A hold that has run out, or a gap that has passed, is shown as
 * none: the list answers "who may call now", not what the item once recorded.
 *
 * @example itemOf(task, { lineNames: new Map([['12345', '12345 政务服务便民热线']]), maxAttempts: 3, now })
 */
export function itemOf(task: CallbackTask, ctx: ItemContext): CallbackItem {
  const open = task.status === 'open';
  const held = open && task.heldBy !== undefined && later(task.heldUntil, ctx.now);
  const last = task.attempts.at(-1);
  // The schema keeps at least one call: the one that opened the task.
  const first = task.calls[0] as MissedCall;
  const lastMissedAt = task.calls.reduce(
    (max, c) => (Date.parse(c.missedAt) > Date.parse(max) ? c.missedAt : max),
    task.firstMissedAt,
  );
  return {
    taskId: task.taskId,
    status: task.status,
    callerMasked: task.callerMasked,
    line: task.line,
    // A line not (or no longer) in the directory is shown by its code.
    lineName: ctx.lineNames.get(task.line) ?? task.line,
    reason: first.reason,
    missedCount: task.calls.length,
    firstMissedAt: task.firstMissedAt,
    lastMissedAt,
    callbackDueAt: task.callbackDueAt,
    attempts: task.attempts.length,
    maxAttempts: ctx.maxAttempts,
    lastAttempt: last ? { at: last.at, by: last.by, outcome: last.outcome } : null,
    heldBy: held ? (task.heldBy ?? null) : null,
    heldUntil: held ? (task.heldUntil ?? null) : null,
    nextAttemptAt: open && later(task.nextAttemptAt, ctx.now) ? (task.nextAttemptAt ?? null) : null,
    warned: task.warnedAt !== undefined,
    overdue: task.overdueAt !== undefined,
    calls: task.calls.map((c) => ({
      callId: c.callId,
      line: c.line,
      reason: c.reason,
      missedAt: c.missedAt,
    })),
  };
}
