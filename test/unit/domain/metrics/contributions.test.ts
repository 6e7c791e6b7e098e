import { describe, expect, it } from 'vitest';
import { buildWorkingCalendar } from '../../../../shared/domain/calendar/index.js';
import { type Case, createCase } from '../../../../shared/domain/case.js';
import { type Actor, applyAction, type LifecycleAction } from '../../../../shared/domain/lifecycle/index.js';
import {
  type CallFacts,
  contributionsOf,
  deltaOf,
  type MetricSource,
  sumInto,
} from '../../../../shared/domain/metrics/index.js';
import { SEED_CALENDAR_YEARS } from '../../../../shared/seed/calendar/index.js';
import { testAppeal } from '../../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../../fixtures/directory.js';

const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);
const water: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };
const urban: Actor = { role: 'department', id: 'u-2', departmentId: 'city-urban' };
const dispatcher: Actor = { role: 'dispatcher', id: 'd-1' };
const supervisor: Actor = { role: 'supervisor', id: 's-1' };
const citizen: Actor = { role: 'citizen', id: 'link' };

/** An instant in Shanghai time. */
const sh = (dateTime: string) => new Date(`${dateTime}+08:00`);

function step(kase: Case, action: LifecycleAction, actor: Actor, now: string): Case {
  const result = applyAction(kase, action, actor, { now: sh(now), calendar, directory: TEST_DIRECTORY });
  if (!result.ok) throw new Error(`${action.action}: ${result.refusal.code} ${result.refusal.message}`);
  return result.case;
}

/** Received Friday 2026-11-20 10:00 Shanghai, dispatched to water-group at once. */
function dispatched(): Case {
  return createCase(testAppeal(), { directory: TEST_DIRECTORY, calendar, now: sh('2026-11-20T10:00:05') });
}

const asCase = (c: Case): MetricSource => ({ kind: 'case', case: c });
const asCall = (c: Omit<CallFacts, 'line'> & { line?: string }): MetricSource => ({
  kind: 'call',
  call: { line: '12345', ...c },
});
const of = (c: Case) => Object.fromEntries(contributionsOf(asCase(c)));

describe('Function: contributionsOf (a case)', () => {
  it('counts a new dispatched case in all, its channel, category and department on the day received', () => {
    // Act
    const got = of(dispatched());

    // Assess
    const counted = { appeals: 1, dispatches: 1 };
    expect(got).toEqual({
      'all|2026-11-20': counted,
      'channel|2026-11-20#webform': counted,
      'category|2026-11-20#water-supply': counted,
      'department|2026-11-20#water-group': counted,
    });
  });

  it('attributes the day in Asia/Shanghai, not UTC', () => {
    // Prepare: 2026-11-20 16:30 UTC is 2026-11-21 00:30 in Shanghai
    const late = createCase(testAppeal({ receivedAt: '2026-11-20T16:30:00.000Z' }), {
      directory: TEST_DIRECTORY,
      calendar,
      now: new Date('2026-11-20T16:30:01.000Z'),
    });

    // Act
    const got = of(late);

    // Assess
    expect(got['all|2026-11-21']).toEqual({ appeals: 1, dispatches: 1 });
    expect(got['all|2026-11-20']).toBeUndefined();
  });

  it('leaves a case without a department out of the department dimension', () => {
    // Prepare: no routing rule for `other`
    const pending = createCase(testAppeal({ category: 'other' }), {
      directory: TEST_DIRECTORY,
      calendar,
      now: sh('2026-11-20T10:00:05'),
    });

    // Act
    const keys = Object.keys(of(pending));

    // Assess
    expect(keys.sort()).toEqual([
      'all|2026-11-20',
      'category|2026-11-20#other',
      'channel|2026-11-20#webform',
    ]);
  });

  it('counts dispatches and returns for the department each concerns, appeals for the current one', () => {
    // Prepare: water-group returns it on Monday, the dispatcher sends it to city-urban on Tuesday
    let kase = dispatched();
    kase = step(kase, { action: 'return', reason: 'not_our_responsibility' }, water, '2026-11-23T09:00:00');
    kase = step(
      kase,
      { action: 'redispatch', departmentId: 'city-urban', note: '属城管' },
      dispatcher,
      '2026-11-24T09:00:00',
    );

    // Act
    const got = of(kase);

    // Assess
    expect(got['department|2026-11-20#water-group']).toEqual({ dispatches: 1 });
    expect(got['department|2026-11-23#water-group']).toEqual({ returns: 1 });
    expect(got['department|2026-11-20#city-urban']).toEqual({ appeals: 1 });
    expect(got['department|2026-11-24#city-urban']).toEqual({ dispatches: 1 });
    expect(got['all|2026-11-23']).toEqual({ returns: 1 });
    expect(got['all|2026-11-24']).toEqual({ dispatches: 1 });
    expect(got['channel|2026-11-20#webform']).toEqual({ appeals: 1, dispatches: 1 });
  });

  it('counts completion, handling time and the SLA outcome on their own days', () => {
    // Prepare: acknowledged Monday, completed Wednesday 2026-11-25 15:00 (deadline Friday 11-27)
    let kase = dispatched();
    kase = step(kase, { action: 'acknowledge' }, water, '2026-11-23T09:00:00');
    kase = step(kase, { action: 'complete', reply: '已恢复供水' }, water, '2026-11-25T15:00:00');

    // Act
    const got = of(kase);

    // Assess: 2026-11-20 10:00 → 2026-11-25 15:00 is 5 days 5 hours
    const seconds = (5 * 24 + 5) * 3600;
    expect(got['department|2026-11-25#water-group']).toEqual({
      completed: 1,
      handlingSecondsSum: seconds,
      // 办结告知, queued with the completion
      noticesQueued: 1,
    });
    expect(got['department|2026-11-27#water-group']).toEqual({ slaDue: 1, slaOnTime: 1 });
  });

  it('counts a late case as due but not on time, on the day of its deadline', () => {
    // Prepare: completed Monday 11-30, after the Friday deadline
    let kase = dispatched();
    kase = step(kase, { action: 'acknowledge' }, water, '2026-11-23T09:00:00');
    kase = step(kase, { action: 'complete', reply: '已恢复供水' }, water, '2026-11-30T09:00:00');

    // Act
    const got = of(kase);

    // Assess
    expect(got['all|2026-11-27']).toEqual({ slaDue: 1 });
  });

  it('counts a rating by its kind on the day it was given', () => {
    // Prepare
    let kase = dispatched();
    kase = step(kase, { action: 'acknowledge' }, water, '2026-11-23T09:00:00');
    kase = step(kase, { action: 'complete', reply: '已恢复供水' }, water, '2026-11-25T15:00:00');
    kase = step(kase, { action: 'rate', rating: 'basically_satisfied' }, citizen, '2026-11-26T20:00:00');

    // Act
    const got = of(kase);

    // Assess
    expect(got['all|2026-11-26']).toEqual({
      ratings: 1,
      basicallySatisfied: 1,
      ratingsViaWeb: 1,
      satisfiedOrBasicViaWeb: 1,
    });
  });

  it('moves the completion of a reopened, re-completed case to its new day and keeps one SLA outcome', () => {
    // Prepare: dissatisfied, reopened, redispatched to city-urban, completed again on 12-02
    let first = dispatched();
    first = step(first, { action: 'acknowledge' }, water, '2026-11-23T09:00:00');
    first = step(first, { action: 'complete', reply: '已恢复供水' }, water, '2026-11-25T15:00:00');
    first = step(first, { action: 'rate', rating: 'dissatisfied' }, citizen, '2026-11-26T20:00:00');
    let again = step(first, { action: 'reopen' }, supervisor, '2026-11-27T09:00:00');
    again = step(
      again,
      { action: 'redispatch', departmentId: 'city-urban' },
      supervisor,
      '2026-11-27T10:00:00',
    );
    again = step(again, { action: 'acknowledge' }, urban, '2026-11-30T09:00:00');
    again = step(again, { action: 'complete', reply: '已再次处理' }, urban, '2026-12-02T10:00:00');

    // Act
    const delta = Object.fromEntries(deltaOf(asCase(first), asCase(again)));
    const total = of(again);

    // Assess: the completion and the case's other counters follow it to city-urban
    // (the first completion's notice stays on its own day; the rating reached the citizen, so the
    // case counts as 回访 reached with its completion, on the new day)
    expect(delta['all|2026-11-25']).toEqual({
      completed: -1,
      handlingSecondsSum: -(5 * 24 + 5) * 3600,
      followUpContacted: -1,
    });
    expect(delta['all|2026-12-02']).toEqual({
      completed: 1,
      handlingSecondsSum: 12 * 24 * 3600,
      followUpContacted: 1,
      noticesQueued: 1,
    });
    expect(delta['all|2026-11-27']).toEqual({ dispatches: 1 });
    expect(delta['department|2026-11-20#water-group']).toEqual({ appeals: -1 });
    expect(delta['department|2026-11-20#city-urban']).toEqual({ appeals: 1 });
    expect(total['all|2026-11-27']).toEqual({ slaDue: 1, slaOnTime: 1, dispatches: 1 });
    expect(total['all|2026-11-26']).toEqual({ ratings: 1, dissatisfied: 1, ratingsViaWeb: 1 });
    expect(
      Object.values(total)
        .flatMap((c) => Object.values(c))
        .every((n) => n > 0),
    ).toBe(true);
  });

  it('counts direct resolutions, repeats and merged cases on the day received', () => {
    // Prepare
    const resolved = createCase(
      testAppeal({
        type: 'consultation',
        resolution: { at: '2026-11-20T02:05:00.000Z', by: 'agent:7', reply: '请拨打供水热线' },
      }),
      { directory: TEST_DIRECTORY, calendar, now: sh('2026-11-20T10:05:00') },
    );
    const repeat = {
      ...dispatched(),
      repeatOf: 'earlier-case',
      status: 'merged' as const,
      departmentId: undefined,
    };

    // Act
    const all = of(resolved);
    const direct = all['all|2026-11-20'];
    const repeated = of(repeat)['all|2026-11-20'];

    // Assess
    expect(direct).toEqual({
      appeals: 1,
      directResolutions: 1,
      completed: 1,
      handlingSecondsSum: 300,
      noticesQueued: 1,
    });
    // On time, counted on the day of its deadline (a consultation: 3 working days, Wednesday)
    expect(all['all|2026-11-25']).toEqual({ slaDue: 1, slaOnTime: 1 });
    expect(repeated).toEqual({ appeals: 1, repeats: 1, merged: 1, dispatches: 1 });
  });
});

describe('Function: contributionsOf (a call record)', () => {
  const queued = '2026-11-20T16:10:00.000Z'; // 2026-11-21 00:10 in Shanghai

  it.each([
    [
      'answered within 15 s',
      'answered',
      '2026-11-20T16:10:15.000Z',
      { callsQueued: 1, callsAnswered: 1, callsAnsweredIn15s: 1 },
    ],
    ['answered after 15 s', 'answered', '2026-11-20T16:10:16.000Z', { callsQueued: 1, callsAnswered: 1 }],
    ['abandoned', 'abandoned', undefined, { callsQueued: 1, callsAbandoned: 1 }],
  ] as const)(
    'counts a call %s on the Shanghai day it was queued',
    (_name, disposition, answeredAt, expected) => {
      // Act
      const got = Object.fromEntries(
        contributionsOf(
          asCall({ callId: 'c-1', disposition, queuedAt: queued, ...(answeredAt ? { answeredAt } : {}) }),
        ),
      );

      // Assess
      expect(got).toEqual({ 'call|2026-11-21': expected, 'line|2026-11-21#12345': expected });
    },
  );

  it('counts an IVR-only call nowhere', () => {
    // Act
    const got = contributionsOf(asCall({ callId: 'c-2', disposition: 'ivr_only' }));

    // Assess
    expect(got.size).toBe(0);
  });

  it('moves a call when a later version of its record changes the disposition', () => {
    // Prepare
    const abandoned = asCall({ callId: 'c-3', disposition: 'abandoned', queuedAt: queued });
    const answered = asCall({ callId: 'c-3', disposition: 'answered', queuedAt: queued, answeredAt: queued });

    // Act
    const delta = Object.fromEntries(deltaOf(abandoned, answered));

    // Assess
    expect(delta).toEqual({
      'call|2026-11-21': { callsAbandoned: -1, callsAnswered: 1, callsAnsweredIn15s: 1 },
      'line|2026-11-21#12345': { callsAbandoned: -1, callsAnswered: 1, callsAnsweredIn15s: 1 },
    });
  });

  it('counts a call on a merged line under that line and in the city', () => {
    // Act
    const got = Object.fromEntries(
      contributionsOf(asCall({ callId: 'c-4', line: '12315', disposition: 'abandoned', queuedAt: queued })),
    );

    // Assess
    expect(got).toEqual({
      'call|2026-11-21': { callsQueued: 1, callsAbandoned: 1 },
      'line|2026-11-21#12315': { callsQueued: 1, callsAbandoned: 1 },
    });
  });
});

describe('Function: contributionsOf (a smoke test, 部署冒烟测试)', () => {
  it('counts nothing of a case closed as smoke, so its close takes back all it counted', () => {
    // Prepare
    const kase = dispatched();
    const smoked = step(
      kase,
      { action: 'close', reason: 'smoke', note: '冒烟' },
      supervisor,
      '2026-11-20T10:01:00',
    );

    // Act
    const delta = Object.fromEntries(deltaOf(asCase(kase), asCase(smoked)));

    // Assess
    expect(contributionsOf(asCase(smoked)).size).toBe(0);
    expect(delta).toEqual({
      'all|2026-11-20': { appeals: -1, dispatches: -1 },
      'channel|2026-11-20#webform': { appeals: -1, dispatches: -1 },
      'category|2026-11-20#water-supply': { appeals: -1, dispatches: -1 },
      'department|2026-11-20#water-group': { appeals: -1, dispatches: -1 },
    });
  });

  it('sums to nothing over a smoke case’s life (created, then closed as smoke)', () => {
    // Prepare
    const kase = dispatched();
    const smoked = step(
      kase,
      { action: 'close', reason: 'smoke', note: '冒烟' },
      supervisor,
      '2026-11-21T09:00:00',
    );

    // Act
    const summed = sumInto(deltaOf(undefined, asCase(kase)), deltaOf(asCase(kase), asCase(smoked)));

    // Assess
    expect(summed.size).toBe(0);
  });

  it('counts a case force-closed for another reason as before', () => {
    // Prepare
    const closed = step(dispatched(), { action: 'close', note: '撤回' }, supervisor, '2026-11-20T10:01:00');

    // Act & Assess
    expect(of(closed)['all|2026-11-20']).toEqual({ appeals: 1, dispatches: 1 });
  });

  it('counts no test call, answered or abandoned', () => {
    // Prepare
    const queuedAt = '2026-11-20T02:00:00.000Z';

    // Act
    const answered = contributionsOf(
      asCall({ callId: 'smoke-1', disposition: 'answered', queuedAt, answeredAt: queuedAt, test: true }),
    );
    const abandoned = contributionsOf(
      asCall({ callId: 'smoke-2', disposition: 'abandoned', queuedAt, test: true }),
    );
    const real = contributionsOf(
      asCall({ callId: 'c-1', disposition: 'answered', queuedAt, answeredAt: queuedAt, test: false }),
    );

    // Assess
    expect(answered.size).toBe(0);
    expect(abandoned.size).toBe(0);
    expect(real.size).toBe(2);
  });
});

describe('Function: deltaOf', () => {
  it('is empty for a write that changes nothing counted', () => {
    // Prepare
    const kase = dispatched();

    // Act
    const delta = deltaOf(asCase(kase), asCase({ ...kase, version: 2, content: '补充说明' }));

    // Assess
    expect(delta.size).toBe(0);
  });

  it('sums, over a case’s life, to the contributions of its last image', () => {
    // Prepare
    const images: Case[] = [dispatched()];
    const push = (a: LifecycleAction, actor: Actor, at: string) =>
      images.push(step(images.at(-1) as Case, a, actor, at));
    push({ action: 'return', reason: 'wrong_district' }, water, '2026-11-21T09:00:00');
    push({ action: 'redispatch', departmentId: 'water-group' }, dispatcher, '2026-11-21T10:00:00');
    push({ action: 'acknowledge' }, water, '2026-11-23T09:00:00');
    push({ action: 'complete', reply: '已处理' }, water, '2026-11-24T09:00:00');
    push({ action: 'rate', rating: 'satisfied' }, citizen, '2026-11-24T20:00:00');

    // Act
    const summed = new Map();
    let before: Case | undefined;
    for (const image of images) {
      sumInto(summed, deltaOf(before ? asCase(before) : undefined, asCase(image)));
      before = image;
    }

    // Assess
    expect(Object.fromEntries(summed)).toEqual(of(images.at(-1) as Case));
  });
});
