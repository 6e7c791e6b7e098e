import { describe, expect, it } from 'vitest';
import { fromItem, toItem } from '../../../shared/adapters/case-item.js';
import { buildWorkingCalendar } from '../../../shared/domain/calendar/index.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import {
  type Actor,
  applyAction,
  type LifecycleAction,
  nextCheckAt,
  OPEN_SHARDS,
  openShardOf,
  reminderAt,
  superviseCase,
  warningAt,
} from '../../../shared/domain/lifecycle/index.js';
import { SEED_CALENDAR_YEARS } from '../../../shared/seed/calendar/index.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);
const water: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };
const system: Actor = { role: 'system', id: 'system' };

function sh(dateTime: string): Date {
  return new Date(`${dateTime}+08:00`);
}

/** A help case received Friday 2026-11-20 10:00, dispatched to water-group, due Friday 11-27. */
function dispatchedCase(): Case {
  return createCase(testAppeal(), { directory: TEST_DIRECTORY, calendar, now: sh('2026-11-20T10:00:05') });
}

function act(kase: Case, action: LifecycleAction, actor: Actor, now: string): Case {
  const result = applyAction(kase, action, actor, { now: sh(now), calendar });
  if (!result.ok) throw new Error(`${action.action} refused: ${result.refusal.code}`);
  return result.case;
}

function acknowledgedCase(): Case {
  return act(dispatchedCase(), { action: 'acknowledge' }, water, '2026-11-20T14:00:00');
}

describe('nextCheckAt', () => {
  it('is just after the acknowledgement deadline while the order is unacknowledged', () => {
    // Prepare
    const kase = dispatchedCase();

    // Act
    const next = nextCheckAt(kase);

    // Assess
    expect(next?.getTime()).toBe(new Date(kase.ackDueAt).getTime() + 1);
  });

  it('walks from the 80 % warning to the reminder to just after the deadline, then ends', () => {
    // Prepare
    const acknowledged = acknowledgedCase();
    const warned = act(acknowledged, { action: 'warn' }, system, '2026-11-26T12:00:00');
    const reminded = act(warned, { action: 'remind' }, system, '2026-11-27T09:00:00');
    const overdue = act(reminded, { action: 'mark_overdue' }, system, '2026-11-28T09:00:00');

    // Act
    const steps = [acknowledged, warned, reminded, overdue].map((k) => nextCheckAt(k)?.toISOString());

    // Assess
    expect(steps).toEqual([
      warningAt(acknowledged).toISOString(),
      reminderAt(acknowledged).toISOString(),
      new Date(new Date(acknowledged.dueAt).getTime() + 1).toISOString(),
      undefined,
    ]);
  });

  it('skips the warning once the reminder is taken, so a late run leaves nothing behind', () => {
    // Prepare
    const reminded = act(acknowledgedCase(), { action: 'remind' }, system, '2026-11-27T09:00:00');

    // Act
    const next = nextCheckAt(reminded);

    // Assess
    expect(next?.getTime()).toBe(new Date(reminded.dueAt).getTime() + 1);
  });

  it('has nothing to check while the clock is paused or once the case is completed', () => {
    // Prepare
    const paused = act(
      acknowledgedCase(),
      { action: 'pause', reason: 'third_party' },
      water,
      '2026-11-21T09:00:00',
    );
    const completed = act(
      acknowledgedCase(),
      { action: 'complete', reply: '已修复' },
      water,
      '2026-11-21T09:00:00',
    );

    // Act
    const checks = [nextCheckAt(paused), nextCheckAt(completed)];

    // Assess
    expect(checks).toEqual([undefined, undefined]);
  });
});

describe('openShardOf', () => {
  it('puts a case in the same shard every time and spreads cases over all shards', () => {
    // Prepare
    const ids = Array.from({ length: 800 }, (_, i) => `case-${i}`);

    // Act
    const shards = ids.map(openShardOf);

    // Assess
    expect(openShardOf('case-1')).toBe(openShardOf('case-1'));
    expect(new Set(shards)).toEqual(new Set(Array.from({ length: OPEN_SHARDS }, (_, i) => `OPEN#${i}`)));
    for (let i = 0; i < OPEN_SHARDS; i++) {
      expect(shards.filter((s) => s === `OPEN#${i}`).length).toBeGreaterThan(50);
    }
  });
});

describe('superviseCase', () => {
  it('takes the acknowledgement reminder, the reminder and the overdue mark for a forgotten order, once', () => {
    // Prepare
    const kase = dispatchedCase();
    const ctx = { now: sh('2026-11-30T10:00:00'), calendar };

    // Act
    const first = superviseCase(kase, ctx);
    const second = superviseCase(first.case, ctx);

    // Assess
    expect(first.steps).toEqual(['ack_reminded', 'reminded', 'marked_overdue']);
    expect(first.case.slaOutcome).toBe('late');
    expect(first.case.version).toBe(kase.version + 3);
    expect(first.case.history.slice(-3).map((h) => [h.action, h.actor])).toEqual([
      ['remind', 'system:supervise-deadlines'],
      ['remind', 'system:supervise-deadlines'],
      ['mark_overdue', 'system:supervise-deadlines'],
    ]);
    expect(second).toEqual({ case: first.case, steps: [] });
    expect(nextCheckAt(first.case)).toBeUndefined();
  });

  it('only warns at 80 % of the allowed time', () => {
    // Prepare
    const kase = acknowledgedCase();
    const ctx = { now: new Date(warningAt(kase).getTime() + 1000), calendar };

    // Act
    const { case: next, steps } = superviseCase(kase, ctx);

    // Assess
    expect(steps).toEqual(['warned']);
    expect(nextCheckAt(next)?.toISOString()).toBe(reminderAt(kase).toISOString());
  });
});

describe('toItem', () => {
  it('carries the sharded supervision keys only while a step is ahead, and fromItem drops them', () => {
    // Prepare
    const open = dispatchedCase();
    const done = superviseCase(open, { now: sh('2026-11-30T10:00:00'), calendar }).case;

    // Act
    const openItem = toItem(open);
    const doneItem = toItem(done);

    // Assess
    expect(openItem).toMatchObject({
      openShard: openShardOf(open.caseId),
      nextCheckAt: new Date(new Date(open.ackDueAt).getTime() + 1).toISOString(),
    });
    expect(doneItem).not.toHaveProperty('openShard');
    expect(doneItem).not.toHaveProperty('nextCheckAt');
    expect(fromItem(openItem)).toEqual(open);
  });
});
