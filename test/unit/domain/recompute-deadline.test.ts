import { describe, expect, it } from 'vitest';
import {
  buildWorkingCalendar,
  type CalendarYear,
  shiftForPause,
} from '../../../shared/domain/calendar/index.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { computeDeadlines } from '../../../shared/domain/deadline-policy.js';
import { restartedDueAt } from '../../../shared/domain/disclosure/deadlines.js';
import {
  type Actor,
  applyAction,
  type LifecycleAction,
  type LifecycleContext,
} from '../../../shared/domain/lifecycle/index.js';
import { CN_2025, SEED_CALENDAR_YEARS } from '../../../shared/seed/calendar/index.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { citizen, clerk, registered, run as runDisclosure } from '../fixtures/disclosure-case.js';

// A year no schedule has been published for: the test gives it, the seed never does.
const SYNTHETIC_2027: CalendarYear = {
  year: 2027,
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', from: '2027-02-05', to: '2027-02-13' },
  ],
  makeUpWorkdays: ['2027-02-14'],
  source: 'test: a synthetic schedule',
};

/** The seed (2025, 2026): what the stack counts with while 2027 is missing. */
const seed = buildWorkingCalendar(SEED_CALENDAR_YEARS);
const with2027 = buildWorkingCalendar([...SEED_CALENDAR_YEARS, SYNTHETIC_2027]);
/** 2026 missing: the seed's own 2026 schedule plays the year being added. */
const only2025 = buildWorkingCalendar([CN_2025]);

const system: Actor = { role: 'system', id: 'manage-directory' };
const water: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };
const supervisor: Actor = { role: 'supervisor', id: 's-1' };
const RECOMPUTE_2027: LifecycleAction = { action: 'recompute_deadline', year: 2027 };

function sh(dateTime: string): Date {
  return new Date(`${dateTime}+08:00`);
}

/** The context of the recompute after 2027 was added to the seed. */
function added2027(now = '2026-12-30T09:00:00'): LifecycleContext {
  return { now: sh(now), calendar: with2027, previousCalendar: seed, directory: TEST_DIRECTORY };
}

/** A case received (and dispatched) at `receivedAt` (Shanghai), counted under `calendar`. */
function caseReceived(
  receivedAt: string,
  type: Case['type'] = 'help',
  calendar = seed,
  urgency: Case['urgency'] = 'normal',
): Case {
  return createCase(testAppeal({ receivedAt: sh(receivedAt).toISOString(), type, urgency }), {
    directory: TEST_DIRECTORY,
    calendar,
    now: sh(receivedAt),
  });
}

/** Applies the steps under the seed calendar; each must succeed. */
function run(kase: Case, ...steps: [LifecycleAction, Actor, string][]): Case {
  let current = kase;
  for (const [action, actor, now] of steps) {
    const result = applyAction(current, action, actor, {
      now: sh(now),
      calendar: seed,
      directory: TEST_DIRECTORY,
    });
    if (!result.ok) throw new Error(`${action.action} refused: ${result.refusal.code}`);
    current = result.case;
  }
  return current;
}

function recomputed(kase: Case, ctx = added2027()): Case {
  const result = applyAction(kase, RECOMPUTE_2027, system, ctx);
  if (!result.ok) throw new Error(`recompute refused: ${result.refusal.code} ${result.refusal.message}`);
  return result.case;
}

function refusalOf(kase: Case, ctx = added2027(), action: LifecycleAction = RECOMPUTE_2027) {
  const result = applyAction(kase, action, system, ctx);
  return result.ok ? undefined : result.refusal.code;
}

describe('Action: recompute_deadline', () => {
  it('moves a deadline counted over 元旦 while 2027 was missing, and says so in the history', () => {
    // Prepare: help (5 working days) received Monday 2026-12-28; 2027-01-01 counted as a working day
    const kase = caseReceived('2026-12-28T10:00:00');
    expect(kase.dueAt).toBe('2027-01-04T15:59:59.000Z');

    // Act
    const after = recomputed(kase);

    // Assess
    expect(after.dueAt).toBe('2027-01-05T15:59:59.000Z');
    expect(after.ackDueAt).toBe(kase.ackDueAt);
    expect(after.version).toBe(kase.version + 1);
    expect(after.history.at(-1)).toEqual({
      at: sh('2026-12-30T09:00:00').toISOString(),
      actor: 'system:manage-directory',
      action: 'recompute_deadline',
      note: '2027 年节假日安排已添加：办理期限由 2027-01-04 改为 2027-01-05',
    });
  });

  it('gives every deadline counted under the new year the same date as a case created after it', () => {
    // Prepare: every receipt day from mid-November to the end of February, three policies
    const types: Case['type'][] = ['consultation', 'help', 'complaint'];
    const days = Array.from(
      { length: 100 },
      (_, i) => new Date(sh('2026-11-15T10:00:00').getTime() + i * 86_400_000),
    );

    for (const type of types) {
      for (const day of days) {
        const receivedAt = new Date(day).toISOString().slice(0, 19);
        const kase = createCase(testAppeal({ receivedAt: day.toISOString(), type }), {
          directory: TEST_DIRECTORY,
          calendar: seed,
          now: day,
        });
        const expected = computeDeadlines(type, 'normal', day, with2027);

        // Act
        const result = applyAction(kase, RECOMPUTE_2027, system, added2027('2026-11-14T09:00:00'));

        // Assess
        const after = result.ok ? result.case : kase;
        expect(after.dueAt, `${type} received ${receivedAt}`).toBe(expected.dueAt.toISOString());
        expect(after.ackDueAt, `${type} received ${receivedAt}`).toBe(expected.ackDueAt.toISOString());
        if (!result.ok) expect(result.refusal.code).toBe('unchanged');
      }
    }
  });

  it('recomputes with the seed 2026 schedule as the year added (a complaint over 元旦 and 春节)', () => {
    // Prepare: a complaint (13 working days) received Monday 2025-12-29 while 2026 was missing
    const kase = caseReceived('2025-12-29T10:00:00', 'complaint', only2025);
    const ctx: LifecycleContext = {
      now: sh('2025-12-30T09:00:00'),
      calendar: seed,
      previousCalendar: only2025,
    };

    // Act
    const after = applyAction(kase, { action: 'recompute_deadline', year: 2026 }, system, ctx);

    // Assess
    expect(kase.dueAt).toBe('2026-01-15T15:59:59.000Z');
    expect(after.ok && after.case.dueAt).toBe('2026-01-16T15:59:59.000Z');
    expect(after.ok && after.case.history.at(-1)?.note).toBe(
      '2026 年节假日安排已添加：办理期限由 2026-01-15 改为 2026-01-16',
    );
  });

  it('is refused as unchanged on a second run, so a rerun writes nothing', () => {
    // Prepare
    const once = recomputed(caseReceived('2026-12-28T10:00:00'));

    // Act & Assess: the PUT again sees 2027 before and after
    expect(
      refusalOf(once, { now: sh('2026-12-31T09:00:00'), calendar: with2027, previousCalendar: with2027 }),
    ).toBe('unchanged');
  });

  it('changes nothing when the same year is put again (the calendar before equals the one after)', () => {
    // Prepare: a case counted with 2027 known
    const kase = caseReceived('2026-12-28T10:00:00', 'help', with2027);

    // Act & Assess
    expect(
      refusalOf(kase, { now: sh('2026-12-30T09:00:00'), calendar: with2027, previousCalendar: with2027 }),
    ).toBe('unchanged');
  });

  it('says 已更新 when a year already in the calendar is corrected', () => {
    // Prepare: counted under the synthetic 2027; the correction adds 01-04 as a holiday
    const kase = caseReceived('2026-12-28T10:00:00', 'help', with2027);
    const corrected = buildWorkingCalendar([
      ...SEED_CALENDAR_YEARS,
      { ...SYNTHETIC_2027, holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-04' }] },
    ]);

    // Act
    const after = applyAction(kase, RECOMPUTE_2027, system, {
      now: sh('2026-12-30T09:00:00'),
      calendar: corrected,
      previousCalendar: with2027,
    });

    // Assess
    expect(after.ok && after.case.dueAt).toBe('2027-01-06T15:59:59.000Z');
    expect(after.ok && after.case.history.at(-1)?.note).toBe(
      '2027 年节假日安排已更新：办理期限由 2027-01-05 改为 2027-01-06',
    );
  });

  it('keeps the working days of a resumed pause on top of the recomputed deadline', () => {
    // Prepare: a complaint received Monday 2026-12-14, paused Tuesday 12-15, resumed Thursday 12-17
    const received = caseReceived('2026-12-14T10:00:00', 'complaint');
    const kase = run(
      received,
      [{ action: 'acknowledge' }, water, '2026-12-14T11:00:00'],
      [{ action: 'pause', reason: 'third_party' }, water, '2026-12-15T10:00:00'],
      [{ action: 'resume' }, water, '2026-12-17T10:00:00'],
    );
    const base = computeDeadlines('complaint', 'normal', sh('2026-12-14T10:00:00'), with2027).dueAt;
    const expected = shiftForPause(
      base,
      { from: sh('2026-12-15T10:00:00'), to: sh('2026-12-17T10:00:00') },
      'working_days',
      with2027,
    );

    // Act
    const after = recomputed(kase);

    // Assess
    expect(new Date(kase.dueAt) < expected).toBe(true);
    expect(after.dueAt).toBe(expected.toISOString());
  });

  it('moves the latest deadline an open capped pause can reach, and an open 补正 answer deadline', () => {
    // Prepare: a help case received Wednesday 2026-12-23 (due 12-30), 补正 requested Monday 12-28
    const kase = run(
      caseReceived('2026-12-23T10:00:00'),
      [{ action: 'acknowledge' }, water, '2026-12-23T11:00:00'],
      [{ action: 'request_correction', question: '请补充具体门牌号' }, water, '2026-12-28T10:00:00'],
    );

    // Act
    const after = recomputed(kase, added2027('2026-12-29T09:00:00'));

    // Assess: each one working day later (01-01 is 元旦 now); dueAt is before 2027 and stays
    expect(after.dueAt).toBe(kase.dueAt);
    expect(kase.correction?.dueAt).toBe('2027-01-04T15:59:59.000Z');
    expect(after.correction?.dueAt).toBe('2027-01-05T15:59:59.000Z');
    expect(kase.pausedSince?.latestDueAt).toBe('2027-01-06T15:59:59.000Z');
    expect(after.pausedSince?.latestDueAt).toBe('2027-01-07T15:59:59.000Z');
    expect(after.history.at(-1)?.note).toBe(
      '2027 年节假日安排已添加：中止计时最迟期限由 2027-01-06 改为 2027-01-07；补正期限由 2027-01-04 改为 2027-01-05',
    );
  });

  it('keeps the date an approved extension chose', () => {
    // Prepare: help received 2026-12-28, extended to Friday 2027-01-08 23:59:59
    const kase = run(
      caseReceived('2026-12-28T10:00:00', 'help'),
      [{ action: 'acknowledge' }, water, '2026-12-28T11:00:00'],
      [
        { action: 'request_extension', reason: '需协调施工单位', requestedDueAt: '2027-01-08T15:59:59.000Z' },
        water,
        '2026-12-29T10:00:00',
      ],
      [{ action: 'approve_extension' }, supervisor, '2026-12-29T11:00:00'],
    );

    // Act & Assess
    expect(kase.dueAt).toBe('2027-01-08T15:59:59.000Z');
    expect(refusalOf(kase)).toBe('unchanged');
  });

  it('counts a disclosure request restarted after 补正 (第三十条) from the day the correction came', () => {
    // Prepare: registered, 补正 asked 12-03, answered Tuesday 12-08 → 20 working days from then
    const kase = runDisclosure(
      registered(),
      [{ action: 'request_correction', question: '请说明所需信息的文号' }, clerk, '2026-12-03T10:00:00'],
      [
        { action: 'answer_correction', answer: '文号为鼓政发〔2025〕12号', via: 'web' },
        citizen,
        '2026-12-08T16:00:00',
      ],
    );
    const expected = restartedDueAt(sh('2026-12-08T16:00:00'), with2027).dueAt;

    // Act
    const after = recomputed(kase);

    // Assess
    expect(kase.dueAt).toBe('2027-01-05T15:59:59.000Z');
    expect(after.dueAt).toBe(expected.toISOString());
    expect(after.dueAt).toBe('2027-01-06T15:59:59.000Z');
    expect(after.history.at(-1)?.note).toBe('2027 年节假日安排已添加：答复期限由 2027-01-05 改为 2027-01-06');
  });

  it('is refused as unchanged when the case was already recomputed for the same data', () => {
    // Prepare: two PUTs of 2027 at once both saw the calendar without it
    const once = recomputed(caseReceived('2026-12-28T10:00:00'));

    // Act & Assess
    expect(once.recomputedFor?.['2027']).toMatch(/^[0-9a-f]{8}$/);
    expect(refusalOf(once, added2027('2026-12-30T09:00:01'))).toBe('unchanged');
  });

  it('leaves an urgent case alone: it counts calendar hours', () => {
    // Prepare
    const kase = caseReceived('2026-12-31T20:00:00', 'help', seed, 'urgent');

    // Act & Assess
    expect(refusalOf(kase)).toBe('unchanged');
  });

  it('never touches a case whose SLA outcome is decided, nor a completed one', () => {
    // Prepare
    const received = caseReceived('2026-12-28T10:00:00');
    const overdue = run(received, [{ action: 'mark_overdue' }, system, '2027-01-05T10:00:00']);
    const done = run(
      received,
      [{ action: 'acknowledge' }, water, '2026-12-28T11:00:00'],
      [{ action: 'complete', reply: '已处理' }, water, '2026-12-29T10:00:00'],
    );

    // Act & Assess
    expect(refusalOf(overdue)).toBe('sla_decided');
    expect(refusalOf(done)).toBe('illegal_transition');
  });

  it('is refused without the calendar the deadlines were counted under', () => {
    // Prepare
    const kase = caseReceived('2026-12-28T10:00:00');

    // Act & Assess
    expect(refusalOf(kase, { now: sh('2026-12-30T09:00:00'), calendar: with2027 })).toBe('invalid_input');
  });

  it('is the system’s alone', () => {
    // Prepare
    const kase = caseReceived('2026-12-28T10:00:00');

    // Act
    const result = applyAction(kase, RECOMPUTE_2027, supervisor, added2027());

    // Assess
    expect(result.ok ? undefined : result.refusal.code).toBe('forbidden');
  });
});
