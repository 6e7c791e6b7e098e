import { describe, expect, it } from 'vitest';
import type { CallbackTask } from '../../../../shared/domain/callbacks/task.js';
import { contributionsOf, deltaOf, type MetricSource } from '../../../../shared/domain/metrics/index.js';
import {
  callbackTask,
  callerGotThroughAt,
  erased,
  failedFrom,
  missedCall,
  reachedAt,
} from '../../fixtures/callback-task.js';

// 漏接回拨 in the metrics: the counting rule (callback-contributions.ts), branch by branch. One call
// on 12315 missed at 10:00 Shanghai time (02:00Z) on 2026-12-01, its callback due at 11:00.

const asTask = (task: CallbackTask): MetricSource => ({ kind: 'callback', task });
const of = (task: CallbackTask) => Object.fromEntries(contributionsOf(asTask(task)));

const call = missedCall('c-1', '12315', '2026-12-01T02:00:00Z');
const open = callbackTask([call]);
const DAY = '2026-12-01';
/** The same counters in the city's hotline and under the call's line. */
const both = (counters: Record<string, number>, line = '12315', day = DAY) => ({
  [`call|${day}`]: counters,
  [`line|${day}#${line}`]: counters,
});

describe('Function: contributionsOf (a callback task)', () => {
  it('counts an open task as due on the day of its call, in the city and its line', () => {
    // Act
    const got = of(open);

    // Assess
    expect(got).toEqual(both({ callbacksDue: 1 }));
  });

  it('counts a caller who got through before the deadline as self-resolved, not due', () => {
    // Act
    const got = of(callerGotThroughAt(open, '2026-12-01T02:40:00Z'));

    // Assess
    expect(got).toEqual(both({ callbacksSelfResolved: 1 }));
  });

  it('counts a caller who got through exactly at the deadline as self-resolved', () => {
    // Act
    const got = of(callerGotThroughAt(open, '2026-12-01T03:00:00Z'));

    // Assess
    expect(got).toEqual(both({ callbacksSelfResolved: 1 }));
  });

  it('counts a caller who got through only after the deadline as due and not reached', () => {
    // Act
    const got = of(callerGotThroughAt(open, '2026-12-01T03:00:01Z'));

    // Assess
    expect(got).toEqual(both({ callbacksDue: 1 }));
  });

  it('counts a callback that reached the caller by the deadline as reached on time', () => {
    // Act
    const got = of(reachedAt(open, '2026-12-01T02:50:00Z'));

    // Assess
    expect(got).toEqual(both({ callbacksDue: 1, callbacksReached: 1, callbacksReachedOnTime: 1 }));
  });

  it('counts a callback that reached the caller after the deadline as reached, not on time', () => {
    // Act
    const got = of(reachedAt(open, '2026-12-01T03:20:00Z'));

    // Assess
    expect(got).toEqual(both({ callbacksDue: 1, callbacksReached: 1 }));
  });

  it('counts a failed task (attempts used up) as due and not reached', () => {
    // Act
    const got = of(failedFrom(open, '2026-12-01T02:10:00Z'));

    // Assess
    expect(got).toEqual(both({ callbacksDue: 1 }));
  });

  it('counts each call of a task on its own day, line and deadline', () => {
    // Prepare: 23:30 on 30 November on 12345, then 00:10 and 00:20 on 1 December on 12315 (Shanghai)
    const calls = [
      missedCall('c-1', '12345', '2026-11-30T15:30:00Z'),
      missedCall('c-2', '12315', '2026-11-30T16:10:00Z'),
      missedCall('c-3', '12315', '2026-11-30T16:20:00Z'),
    ];
    const task = callbackTask(calls);

    // Act: reached at 00:45, late for the first call (due 00:30), on time for the others
    const reached = of(reachedAt(task, '2026-11-30T16:45:00Z'));
    const gotThrough = of(callerGotThroughAt(task, '2026-11-30T16:45:00Z'));

    // Assess
    expect(reached).toEqual({
      ...both({ callbacksDue: 1, callbacksReached: 1 }, '12345', '2026-11-30'),
      ...both({ callbacksDue: 2, callbacksReached: 2, callbacksReachedOnTime: 2 }, '12315', '2026-12-01'),
    });
    expect(gotThrough).toEqual({
      ...both({ callbacksDue: 1 }, '12345', '2026-11-30'),
      ...both({ callbacksSelfResolved: 2 }, '12315', '2026-12-01'),
    });
  });

  it('keeps callbacks out of the call counters (an abandoned call called back stays abandoned)', () => {
    // Act
    const counters = Object.values(of(reachedAt(open, '2026-12-01T02:50:00Z')));

    // Assess
    for (const c of counters) {
      expect(Object.keys(c).filter((name) => name.startsWith('calls'))).toEqual([]);
    }
  });
});

describe('Function: deltaOf (a callback task)', () => {
  it('counts a new task as its contributions', () => {
    // Act
    const delta = Object.fromEntries(deltaOf(undefined, asTask(open)));

    // Assess
    expect(delta).toEqual(both({ callbacksDue: 1 }));
  });

  it('moves only the reached counters when an open task is reached', () => {
    // Act
    const delta = Object.fromEntries(deltaOf(asTask(open), asTask(reachedAt(open, '2026-12-01T02:50:00Z'))));

    // Assess
    expect(delta).toEqual(both({ callbacksReached: 1, callbacksReachedOnTime: 1 }));
  });

  it('moves a due call to self-resolved when the caller gets through first', () => {
    // Act
    const delta = Object.fromEntries(
      deltaOf(asTask(open), asTask(callerGotThroughAt(open, '2026-12-01T02:30:00Z'))),
    );

    // Assess
    expect(delta).toEqual(both({ callbacksDue: -1, callbacksSelfResolved: 1 }));
  });

  it('adds a joining call to the due counters of its own day and line', () => {
    // Prepare
    const joined = callbackTask([call, missedCall('c-2', '12345', '2026-12-01T02:20:00Z')], { version: 2 });

    // Act
    const delta = Object.fromEntries(deltaOf(asTask(open), asTask(joined)));

    // Assess
    expect(delta).toEqual({
      [`call|${DAY}`]: { callbacksDue: 1 },
      [`line|${DAY}#12345`]: { callbacksDue: 1 },
    });
  });

  it('changes nothing when the closed task’s number is erased', () => {
    // Prepare
    const reached = reachedAt(open, '2026-12-01T02:50:00Z');

    // Act
    const delta = deltaOf(asTask(reached), asTask(erased(reached, '2026-12-31T03:00:00Z')));

    // Assess
    expect(delta.size).toBe(0);
  });

  it('changes nothing when an attempt that reached no one is recorded on an open task', () => {
    // Prepare
    const attempted = callbackTask([call], {
      version: 2,
      attempts: [{ at: '2026-12-01T02:10:00.000Z', by: 'agent:a-1', outcome: 'no_answer' }],
      nextAttemptAt: '2026-12-01T02:20:00.000Z',
    });

    // Act
    const delta = deltaOf(asTask(open), asTask(attempted));

    // Assess
    expect(delta.size).toBe(0);
  });
});
