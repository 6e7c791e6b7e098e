import { describe, expect, it } from 'vitest';
import { buildWorkingCalendar } from '../../../../shared/domain/calendar/index.js';
import { type Case, createCase } from '../../../../shared/domain/case.js';
import { type Actor, applyAction, type LifecycleAction } from '../../../../shared/domain/lifecycle/index.js';
import {
  aggregateId,
  aggregateKey,
  contributionsOf,
  deltaOf,
  type MetricSource,
  markBucketOf,
  projectBatch,
  type StreamChange,
} from '../../../../shared/domain/metrics/index.js';
import { type NoticeEvent, noticesAfter } from '../../../../shared/domain/notices/notice.js';
import { SEED_CALENDAR_YEARS } from '../../../../shared/seed/calendar/index.js';
import { testAppeal } from '../../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../../fixtures/directory.js';
import { MemoryAggregateTable } from '../../fixtures/memory-aggregate-table.js';

// 通知送达率, 回访率 and 满意率 by how the rating was taken: what one case counts towards, and that a
// notice moved by several versioned writes counts once however the stream delivers them.

const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);
const water: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };
const supervisor: Actor = { role: 'supervisor', id: 's-1' };
const citizen: Actor = { role: 'citizen', id: 'link' };

/** An instant in Shanghai time. */
const sh = (dateTime: string) => new Date(`${dateTime}+08:00`);

function step(kase: Case, action: LifecycleAction, actor: Actor, now: string): Case {
  const result = applyAction(kase, action, actor, { now: sh(now), calendar, directory: TEST_DIRECTORY });
  if (!result.ok) throw new Error(`${action.action}: ${result.refusal.code} ${result.refusal.message}`);
  return result.case;
}

/** Received Friday 2026-11-20, completed Wednesday 2026-11-25 15:00 Shanghai (its notice queued then). */
function completed(): Case {
  let kase = createCase(testAppeal(), {
    directory: TEST_DIRECTORY,
    calendar,
    now: sh('2026-11-20T10:00:05'),
  });
  kase = step(kase, { action: 'acknowledge' }, water, '2026-11-23T09:00:00');
  return step(kase, { action: 'complete', reply: '已恢复供水' }, water, '2026-11-25T15:00:00');
}

/** The case after one notice event, as the pipeline writes it (a new version of the case). */
function moved(kase: Case, event: NoticeEvent): Case {
  const noticeId = kase.notices?.at(-1)?.noticeId as string;
  const notices = noticesAfter(kase.notices, noticeId, event);
  if (!notices) throw new Error(`${event.type} changed nothing`);
  return { ...kase, notices, version: kase.version + 1 };
}

const accepted = (at: string, messageId: string): NoticeEvent => ({
  type: 'accepted',
  at: sh(at).toISOString(),
  provider: 'tencent',
  via: 'sms',
  messageId,
});
const receipt = (at: string, messageId: string, delivered: boolean): NoticeEvent => ({
  type: 'receipt',
  at: sh(at).toISOString(),
  messageId,
  delivered,
});

const asCase = (c: Case): MetricSource => ({ kind: 'case', case: c });
const of = (c: Case) => Object.fromEntries(contributionsOf(asCase(c)));
/** Only the counters this file is about, of one aggregate item. */
function reach(counters: Record<string, number> | undefined) {
  const names = [
    'noticesQueued',
    'noticesDelivered',
    'completed',
    'followUpContacted',
    'ratings',
    'ratingsViaWeb',
    'ratingsViaWechat',
    'ratingsViaPhone',
    'satisfiedOrBasicViaWeb',
    'satisfiedOrBasicViaWechat',
    'satisfiedOrBasicViaPhone',
  ];
  return Object.fromEntries(Object.entries(counters ?? {}).filter(([name]) => names.includes(name)));
}

const ALL_25 = aggregateId(aggregateKey('all', '2026-11-25'));

describe('Function: contributionsOf (notices)', () => {
  it('counts a queued notice in the denominator on the day it was queued, in every dimension', () => {
    // Act
    const got = of(completed());

    // Assess
    for (const id of [
      'all|2026-11-25',
      'channel|2026-11-25#webform',
      'category|2026-11-25#water-supply',
      'department|2026-11-25#water-group',
    ]) {
      expect(got[id]?.noticesQueued, id).toBe(1);
      expect(got[id]?.noticesDelivered, id).toBeUndefined();
    }
  });

  it('counts a notice delivered the next day on the day it was queued, 1 of 1', () => {
    // Prepare
    const sent = moved(completed(), accepted('2026-11-25T15:00:03', 'sid-1'));
    const delivered = moved(sent, receipt('2026-11-26T00:10:00', 'sid-1', true));

    // Act
    const got = of(delivered);
    const delta = Object.fromEntries(deltaOf(asCase(sent), asCase(delivered)));

    // Assess
    expect(reach(got['all|2026-11-25'])).toEqual({ completed: 1, noticesQueued: 1, noticesDelivered: 1 });
    expect(got['all|2026-11-26']).toBeUndefined();
    expect(delta[ALL_25]).toEqual({ noticesDelivered: 1 });
  });

  it('counts a notice that failed, was sent again and delivered as one delivered notice', () => {
    // Prepare
    let kase = completed();
    kase = moved(kase, {
      type: 'attempt_failed',
      at: sh('2026-11-25T15:00:03').toISOString(),
      reason: 'timeout',
    });
    const failed = kase;
    kase = moved(kase, accepted('2026-11-25T15:01:00', 'sid-2'));
    kase = moved(kase, receipt('2026-11-25T15:01:09', 'sid-2', true));

    // Act
    const got = of(kase);

    // Assess
    expect(reach(of(failed)[ALL_25])).toEqual({ completed: 1, noticesQueued: 1 });
    expect(reach(got[ALL_25])).toEqual({ completed: 1, noticesQueued: 1, noticesDelivered: 1 });
  });

  it('counts an undeliverable notice in the denominator only', () => {
    // Prepare
    const kase = moved(completed(), {
      type: 'undeliverable',
      at: sh('2026-11-25T15:00:03').toISOString(),
      reason: 'no_verified_address',
    });

    // Act
    const got = of(kase);

    // Assess
    expect(reach(got[ALL_25])).toEqual({ completed: 1, noticesQueued: 1 });
  });

  it('counts a notice queued then delivered once when the stream retries the batch', async () => {
    // Prepare: three versioned writes of the case, as the stream shows them (old and new images)
    const v1 = completed();
    const v2 = moved(v1, accepted('2026-11-25T15:00:03', 'sid-1'));
    const v3 = moved(v2, receipt('2026-11-25T15:00:20', 'sid-1', true));
    const changes: StreamChange[] = [
      { seq: '100', delta: deltaOf(undefined, asCase(v1)) },
      { seq: '101', delta: deltaOf(asCase(v1), asCase(v2)) },
      { seq: '102', delta: deltaOf(asCase(v2), asCase(v3)) },
    ];
    const at = Date.parse('2026-11-25T07:00:21Z') / 1000;
    const batch = (n: number) => ({
      batchId: 'shard-1:100',
      firstRecordAt: at,
      bucket: markBucketOf(at),
      changes: changes.slice(0, n),
    });
    const table = new MemoryAggregateTable();

    // Act: the first attempt takes two records and fails; Lambda retries with all three, twice
    await projectBatch(table, batch(2));
    await projectBatch(table, batch(3));
    await projectBatch(table, batch(3));

    // Assess
    expect(reach(table.counters()[ALL_25])).toEqual({ completed: 1, noticesQueued: 1, noticesDelivered: 1 });
  });
});

describe('Function: contributionsOf (follow-up and ratings by how they were taken)', () => {
  it('counts a rating by phone in the phone split and the overall rate, on the day of the rating', () => {
    // Prepare: the follow-up slice records via and takenBy on the rating
    const base = step(completed(), { action: 'rate', rating: 'satisfied' }, citizen, '2026-11-26T10:00:00');
    const kase: Case = {
      ...base,
      feedback: { ...(base.feedback as NonNullable<Case['feedback']>), via: 'phone', takenBy: 'agent-7' },
      followUpCall: {
        attempts: [{ at: sh('2026-11-26T10:00:00').toISOString(), by: 'agent-7', outcome: 'rated' }],
        outcome: 'rated',
      },
    };

    // Act
    const got = of(kase);

    // Assess: the rating on 11-26, the reached case with its completion on 11-25
    expect(reach(got['all|2026-11-26'])).toEqual({
      ratings: 1,
      ratingsViaPhone: 1,
      satisfiedOrBasicViaPhone: 1,
    });
    expect(reach(got[ALL_25])).toEqual({ completed: 1, followUpContacted: 1, noticesQueued: 1 });
  });

  it('counts a dissatisfied rating by WeChat as a WeChat rating without the numerator', () => {
    // Prepare
    const base = step(
      completed(),
      { action: 'rate', rating: 'dissatisfied' },
      citizen,
      '2026-11-26T10:00:00',
    );
    const kase: Case = {
      ...base,
      feedback: { ...(base.feedback as NonNullable<Case['feedback']>), via: 'wechat' },
    };

    // Act
    const got = of(kase);

    // Assess
    expect(reach(got['all|2026-11-26'])).toEqual({ ratings: 1, ratingsViaWechat: 1 });
  });

  it('counts a rating without `via` that an agent recorded (before via was kept) as taken by phone', () => {
    // Prepare
    const agent: Actor = { role: 'agent', id: 'agent-7' };

    // Act
    const got = of(step(completed(), { action: 'rate', rating: 'satisfied' }, agent, '2026-11-26T10:00:00'));

    // Assess
    expect(reach(got['all|2026-11-26'])).toEqual({
      ratings: 1,
      ratingsViaPhone: 1,
      satisfiedOrBasicViaPhone: 1,
    });
  });

  it('counts a rating without `via` (taken before it was kept) as a web rating', () => {
    // Act
    const got = of(
      step(completed(), { action: 'rate', rating: 'basically_satisfied' }, citizen, '2026-11-26T10:00:00'),
    );

    // Assess
    expect(reach(got['all|2026-11-26'])).toEqual({ ratings: 1, ratingsViaWeb: 1, satisfiedOrBasicViaWeb: 1 });
  });

  it.each([
    ['refused', 1],
    ['rated', 1],
    ['unreachable', 0],
  ] as const)('counts a case whose follow-up call ended %s as reached: %i', (outcome, reached) => {
    // Prepare
    const kase: Case = {
      ...completed(),
      followUpCall: {
        attempts: [
          {
            at: sh('2026-11-27T10:00:00').toISOString(),
            by: 'agent-7',
            outcome: outcome === 'unreachable' ? 'not_reached' : outcome,
          },
        ],
        outcome,
      },
    };

    // Act
    const got = of(kase);

    // Assess: on the day of completion, not of the call; no rating is counted by a call alone
    expect(got[ALL_25]?.followUpContacted ?? 0).toBe(reached);
    expect(reach(got['all|2026-11-27'])).toEqual({});
  });

  it('counts a case neither rated nor called as completed but not reached', () => {
    // Act
    const got = of(completed());

    // Assess
    expect(reach(got[ALL_25])).toEqual({ completed: 1, noticesQueued: 1 });
  });

  it('counts a case rated and called once in 回访率', () => {
    // Prepare: rated on the web link, then the call list reached the citizen, who declined to rate again
    const rated = step(completed(), { action: 'rate', rating: 'satisfied' }, citizen, '2026-11-26T10:00:00');
    const kase: Case = {
      ...rated,
      followUpCall: {
        attempts: [{ at: sh('2026-11-27T10:00:00').toISOString(), by: 'agent-7', outcome: 'refused' }],
        outcome: 'refused',
      },
    };

    // Act
    const delta = Object.fromEntries(deltaOf(asCase(rated), asCase(kase)));

    // Assess
    expect(of(kase)[ALL_25]?.followUpContacted).toBe(1);
    expect(delta).toEqual({});
  });

  it('moves a reached, re-completed case to its new completion day with its completion, once', () => {
    // Prepare: rated dissatisfied, reopened and completed again on 12-02 (a second notice queued)
    const rated = step(
      completed(),
      { action: 'rate', rating: 'dissatisfied' },
      citizen,
      '2026-11-26T20:00:00',
    );
    let again = step(rated, { action: 'reopen' }, supervisor, '2026-11-27T09:00:00');
    again = step(again, { action: 'acknowledge' }, water, '2026-11-30T09:00:00');
    again = step(again, { action: 'complete', reply: '已再次处理' }, water, '2026-12-02T10:00:00');

    // Act
    const got = of(again);
    const delta = Object.fromEntries(deltaOf(asCase(rated), asCase(again)));

    // Assess: like `completed`, the case counts once, on its latest completion day; each completion's
    // notice stays on the day it was queued
    expect(reach(got[ALL_25])).toEqual({ noticesQueued: 1 });
    expect(reach(got['all|2026-12-02'])).toEqual({ completed: 1, followUpContacted: 1, noticesQueued: 1 });
    expect(reach(delta[ALL_25])).toEqual({ completed: -1, followUpContacted: -1 });
  });
});
