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
const citizen: Actor = { role: 'citizen', id: 'citizen' };

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

  it('checks a department pause that stays open on the last day its allowance reaches, then just after it', () => {
    // Prepare: due Friday 11-27; paused Monday 11-23 with the whole allowance of 5 working days left,
    // so the latest deadline the pause can reach is Friday 12-04
    const paused = act(
      acknowledgedCase(),
      { action: 'pause', reason: 'third_party' },
      water,
      '2026-11-23T09:00:00',
    );
    const reminded = act(paused, { action: 'remind' }, system, '2026-12-04T09:00:00');

    // Act
    const checks = [nextCheckAt(paused), nextCheckAt(reminded)];

    // Assess
    expect(paused.pausedSince?.latestDueAt).toBe(sh('2026-12-04T23:59:59').toISOString());
    expect(checks).toEqual([sh('2026-12-04T00:00:00'), new Date(sh('2026-12-04T23:59:59').getTime() + 1)]);
  });

  it("has nothing to check while a supervisor's own pause is open", () => {
    // Prepare
    const paused = act(
      acknowledgedCase(),
      { action: 'pause', reason: 'third_party' },
      { role: 'supervisor', id: 's-1' },
      '2026-11-21T09:00:00',
    );

    // Act
    const next = nextCheckAt(paused);

    // Assess
    expect(paused.pausedSince?.latestDueAt).toBeUndefined();
    expect(next).toBeUndefined();
  });

  it('checks a completed case when its follow-up window ends, and nothing once it is rated', () => {
    // Prepare
    const completed = act(
      acknowledgedCase(),
      { action: 'complete', reply: '已修复' },
      water,
      '2026-11-21T09:00:00',
    );
    const rated = act(completed, { action: 'rate', rating: 'dissatisfied' }, citizen, '2026-11-22T09:00:00');

    // Act
    const checks = [nextCheckAt(completed), nextCheckAt(completed, 10), nextCheckAt(rated)];

    // Assess
    expect(checks).toEqual([sh('2026-11-28T09:00:00'), sh('2026-12-01T09:00:00'), undefined]);
  });
});

describe('openShardOf', () => {
  it('puts a case in the same shard every time and spreads cases over all shards', () => {
    // Prepare
    const ids = Array.from({ length: 100 * OPEN_SHARDS }, (_, i) => `case-${i}`);

    // Act
    const shards = ids.map(openShardOf);

    // Assess
    expect(openShardOf('case-1')).toBe(openShardOf('case-1'));
    expect(new Set(shards)).toEqual(new Set(Array.from({ length: OPEN_SHARDS }, (_, i) => `OPEN#${i}`)));
    for (let i = 0; i < OPEN_SHARDS; i++) {
      // About 100 each: none under half of that.
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

  it('leaves a case paused within its allowance alone, past its original deadline', () => {
    // Prepare: due Friday 11-27, paused Monday 11-23; the allowance reaches Friday 12-04
    const paused = act(
      acknowledgedCase(),
      { action: 'pause', reason: 'awaiting_correction' },
      water,
      '2026-11-23T10:00:00',
    );

    // Act
    const result = superviseCase(paused, { now: sh('2026-12-03T10:00:00'), calendar });

    // Assess
    expect(result).toEqual({ case: paused, steps: [] });
  });

  it('reminds and marks late, once, a department pause that outlived its allowance', () => {
    // Prepare: paused Monday 11-23 and never resumed; the allowance ran out with Friday 12-04
    const paused = act(
      acknowledgedCase(),
      { action: 'pause', reason: 'awaiting_correction' },
      water,
      '2026-11-23T10:00:00',
    );
    const ctx = { now: sh('2026-12-05T00:05:00'), calendar };
    const latest = sh('2026-12-04T23:59:59').toISOString();

    // Act
    const first = superviseCase(paused, ctx);
    const second = superviseCase(first.case, ctx);
    const resumed = act(first.case, { action: 'resume' }, water, '2026-12-07T09:00:00');

    // Assess
    expect(first.steps).toEqual(['reminded', 'marked_overdue']);
    expect(first.case).toMatchObject({ slaOutcome: 'late', slaDueAt: latest, dueAt: paused.dueAt });
    expect(first.case.pausedSince).toEqual(paused.pausedSince);
    expect(first.case.history.at(-1)).toMatchObject({
      action: 'mark_overdue',
      actor: 'system:supervise-deadlines',
      note: `${latest}: pause_limit_reached`,
    });
    expect(second).toEqual({ case: first.case, steps: [] });
    expect(nextCheckAt(first.case)).toBeUndefined();
    expect(resumed).toMatchObject({ dueAt: latest, slaOutcome: 'late', slaDueAt: latest });
    expect(nextCheckAt(resumed)).toBeUndefined();
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

describe('superviseCase 回访期满', () => {
  function completedCase(): Case {
    return act(acknowledgedCase(), { action: 'complete', reply: '已修复' }, water, '2026-11-21T09:00:00');
  }

  it('closes an unrated completed case as no response once its window ends, once', () => {
    // Prepare
    const kase = completedCase();
    const before = superviseCase(kase, { now: sh('2026-11-28T08:59:59'), calendar });
    const ctx = { now: sh('2026-11-28T09:00:00'), calendar };

    // Act
    const first = superviseCase(kase, ctx);
    const second = superviseCase(first.case, ctx);

    // Assess
    expect(before.steps).toEqual([]);
    expect(first.steps).toEqual(['closed']);
    expect(first.case).toMatchObject({
      status: 'closed',
      closeReason: 'no_response',
      version: kase.version + 1,
    });
    expect(first.case.history.at(-1)).toEqual({
      at: ctx.now.toISOString(),
      actor: 'system:supervise-deadlines',
      action: 'close',
    });
    expect(second).toEqual({ case: first.case, steps: [] });
    expect(nextCheckAt(first.case)).toBeUndefined();
  });

  it('closes a re-completed case that had its rating as the window having elapsed', () => {
    // Prepare
    const supervisor: Actor = { role: 'supervisor', id: 's-1' };
    const rated = act(
      completedCase(),
      { action: 'rate', rating: 'dissatisfied' },
      citizen,
      '2026-11-22T09:00:00',
    );
    const reopened = act(rated, { action: 'reopen' }, supervisor, '2026-11-23T09:00:00');
    const again = act(reopened, { action: 'acknowledge' }, water, '2026-11-23T10:00:00');
    const recompleted = act(again, { action: 'complete', reply: '已重新处理' }, water, '2026-11-24T10:00:00');
    const windowEnds = nextCheckAt(recompleted) as Date;

    // Act
    const { case: closed, steps } = superviseCase(recompleted, { now: windowEnds, calendar });

    // Assess
    expect(windowEnds).toEqual(sh('2026-12-01T10:00:00'));
    expect(steps).toEqual(['closed']);
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'follow_up_window_elapsed' });
  });

  it('leaves a dissatisfied case to the supervisors, however late', () => {
    // Prepare
    const rated = act(
      completedCase(),
      { action: 'rate', rating: 'dissatisfied' },
      citizen,
      '2026-11-22T09:00:00',
    );

    // Act
    const { steps } = superviseCase(rated, { now: sh('2027-01-22T09:00:00'), calendar });

    // Assess
    expect(steps).toEqual([]);
  });
});

describe('toItem', () => {
  it('lists a dissatisfied case in the supervisors queue instead of its department queue, and a closed one nowhere', () => {
    // Prepare
    const completed = act(
      acknowledgedCase(),
      { action: 'complete', reply: '已修复' },
      water,
      '2026-11-21T09:00:00',
    );
    const rated = act(completed, { action: 'rate', rating: 'dissatisfied' }, citizen, '2026-11-22T09:00:00');
    const reopened = act(
      rated,
      { action: 'reopen' },
      { role: 'supervisor', id: 's-1' },
      '2026-11-23T09:00:00',
    );
    const closed = superviseCase(completed, { now: sh('2026-12-01T00:00:00'), calendar }).case;

    // Act
    const items = [acknowledgedCase(), completed, rated, reopened, closed].map((kase) => toItem(kase));

    // Assess
    expect(items.map((i) => i.deptQueue)).toEqual([
      'DEPT#water-group#open',
      undefined,
      'QUEUE#supervisor#dissatisfied',
      'DEPT#water-group#open',
      undefined,
    ]);
    expect(items[1]).toMatchObject({
      openShard: openShardOf(completed.caseId),
      nextCheckAt: sh('2026-11-28T09:00:00').toISOString(),
    });
    for (const item of [items[2], items[4]]) {
      expect(item).not.toHaveProperty('openShard');
      expect(item).not.toHaveProperty('nextCheckAt');
    }
  });

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
