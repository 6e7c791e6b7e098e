// 漏接回拨 in the metrics: what one callback task counts towards. The counting rule lives here and
// nowhere else; the projection, the rebuild and the tests all reach it through contributionsOf.
import type { CallbackTask, MissedCall } from '../callbacks/task.js';
// A type only: contributions.ts calls this module, and erased types make no import cycle at run time.
import type { Contributions } from './contributions.js';
import { addCounters, type Counters } from './counters.js';
import { aggregateId, aggregateKey } from './keys.js';

const instant = (iso: string) => Date.parse(iso);

/** When the caller got through by themselves (the answered call or new case that closed the task). */
function selfResolvedAt(task: CallbackTask): string | undefined {
  if (task.status !== 'caller_got_through') return undefined;
  return task.closedBy?.at ?? task.closedAt;
}

/** When the callback reached the caller: the reached attempt (a task closes at its first). */
function reachedAt(task: CallbackTask): string | undefined {
  if (task.status !== 'reached') return undefined;
  return task.attempts.find((a) => a.outcome === 'reached')?.at ?? task.closedAt;
}

/**
 * What one missed call of the task counts (the counting rule):
 * - the caller got through (caller_got_through) no later than this call's own deadline →
 *   `callbacksSelfResolved`: the call needed no callback, so it is neither due nor missed;
 * - otherwise the call needed a callback → `callbacksDue`, whatever became of it (open, failed, or
 *   the caller got through only after the deadline); and when a callback reached the caller
 *   (`reached`) → `callbacksReached`, and `callbacksReachedOnTime` when that attempt came no later
 *   than this call's deadline.
 * Each call has its own deadline (missedAt + the policy's minutes), so one task's calls can differ:
 * a callback 70 minutes after the first call is late for it and on time for a call 30 minutes later.
 */
export function missedCallCounters(task: CallbackTask, call: MissedCall): Counters {
  const due = instant(call.dueAt);
  const gotThrough = selfResolvedAt(task);
  if (gotThrough !== undefined && instant(gotThrough) <= due) return { callbacksSelfResolved: 1 };
  const reached = reachedAt(task);
  if (reached === undefined) return { callbacksDue: 1 };
  return {
    callbacksDue: 1,
    callbacksReached: 1,
    ...(instant(reached) <= due ? { callbacksReachedOnTime: 1 } : {}),
  };
}

/**
 * A task's counters: each missed call on its own Asia/Shanghai day (the call record's `day`), in
 * the city's hotline dimension `call` and in `line`, under the line that call was dialled on. The
 * task's status moves them: the projection adds contributions(after) − contributions(before), so an
 * open task closed as reached moves only the reached counters. Erasing the number changes nothing.
 *
 * @example
 * callbackContributions(openTaskWithOneCallOn12315)
 * // Map { 'call|2026-12-01' => { callbacksDue: 1 }, 'line|2026-12-01#12315' => { callbacksDue: 1 } }
 */
export function callbackContributions(task: CallbackTask): Contributions {
  const out: Contributions = new Map();
  const add = (id: string, c: Counters) => out.set(id, addCounters(out.get(id) ?? {}, c));
  for (const call of task.calls) {
    const counters = missedCallCounters(task, call);
    add(aggregateId(aggregateKey('call', call.day)), counters);
    add(aggregateId(aggregateKey('line', call.day, call.line)), counters);
  }
  return out;
}
