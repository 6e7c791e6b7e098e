// 漏接回拨: a callback task as the agents' list shows it (the API's CallbackItem). The number is masked
// here, always: only the take answers it in clear, to the taker.
import type {
  CallbackOutcome,
  CallbackStatus,
  CallbackTask,
  MissedCall,
  MissedReason,
} from '../../shared/domain/callbacks/index.js';

export interface CallbackItem {
  readonly taskId: string;
  readonly status: CallbackStatus;
  /** 138****5678. */
  readonly callerMasked: string;
  /** The first missed call's line (the number dialled, or a merged hotline's code), and its name. */
  readonly line: string;
  readonly lineName: string;
  /** Why the first call was missed. */
  readonly reason: MissedReason;
  readonly missedCount: number;
  readonly firstMissedAt: string;
  readonly lastMissedAt: string;
  /** Call back by then (the first missed call's deadline): the list is ordered by it. */
  readonly callbackDueAt: string;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly lastAttempt: {
    readonly at: string;
    readonly by: string;
    readonly outcome: CallbackOutcome;
  } | null;
  /** Who holds the task now (took it, the hold has not run out, no attempt recorded since). */
  readonly heldBy: string | null;
  readonly heldUntil: string | null;
  /** Not offered again before this (the gap after a failed attempt); null once it has passed. */
  readonly nextAttemptAt: string | null;
  /** 回拨预警 / 回拨超时 recorded by the supervision. */
  readonly warned: boolean;
  readonly overdue: boolean;
  readonly calls: readonly {
    readonly callId: string;
    readonly line: string;
    readonly reason: MissedReason;
    readonly missedAt: string;
  }[];
}

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
