import { describe, expect, it } from 'vitest';
import {
  buildWorkingCalendar,
  checkExtension,
  clockBasisOf,
  computeDeadlinesChecked,
  effectiveDueAt,
  extensionPolicyFor,
  maxPausedAmount,
  pausePolicyFor,
  shiftForPause,
  shiftForPauseCapped,
  totalPaused,
} from '../../../shared/domain/calendar/index.js';
import { computeDeadlines } from '../../../shared/domain/deadline-policy.js';
import { shanghaiDate } from '../../../shared/domain/working-days.js';
import { SEED_CALENDAR_YEARS } from '../../../shared/seed/calendar/index.js';

const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);

function shanghai(dateTime: string): Date {
  return new Date(`${dateTime}+08:00`);
}

describe('Function: shiftForPause', () => {
  // A help case received Friday 2026-11-20, due Friday 2026-11-27 23:59:59
  const dueAt = new Date('2026-11-27T15:59:59Z');

  it('moves a working-day deadline by the working days after the pause began, up to the day it ended', () => {
    // Act: paused Monday 10:00, resumed Wednesday 09:00 → Tuesday and Wednesday not counted
    const shifted = shiftForPause(
      dueAt,
      { from: shanghai('2026-11-23T10:00:00'), to: shanghai('2026-11-25T09:00:00') },
      'working_days',
      calendar,
    );

    // Assess: Friday + 2 working days → Tuesday 12-01, still at 23:59:59
    expect(shifted.toISOString()).toBe('2026-12-01T15:59:59.000Z');
  });

  it('moves nothing for a pause opened and closed on the same day', () => {
    // Act
    const shifted = shiftForPause(
      dueAt,
      { from: shanghai('2026-11-23T09:00:00'), to: shanghai('2026-11-23T17:00:00') },
      'working_days',
      calendar,
    );

    // Assess
    expect(shifted).toEqual(dueAt);
  });

  it('costs nothing for weekend days and holidays inside a pause', () => {
    // Prepare: a disclosure request paused on Wednesday 2026-09-30, resumed Friday 10-09 → only
    // Thursday 10-08 and Friday 10-09 were working days
    const due = shanghai('2026-10-26T23:59:59');

    // Act
    const shifted = shiftForPause(
      due,
      { from: shanghai('2026-09-30T16:00:00'), to: shanghai('2026-10-09T10:00:00') },
      'working_days',
      calendar,
    );

    // Assess: Monday 10-26 + 2 → Wednesday 10-28
    expect(shanghaiDate(shifted)).toBe('2026-10-28');
  });

  it('moves an urgent (hours) deadline by the elapsed paused time exactly', () => {
    // Act
    const shifted = shiftForPause(
      dueAt,
      { from: new Date('2026-11-23T02:00:00Z'), to: new Date('2026-11-23T05:30:00Z') },
      'hours',
      calendar,
    );

    // Assess
    expect(shifted.toISOString()).toBe('2026-11-27T19:29:59.000Z');
  });

  it('ignores an empty or reversed interval', () => {
    // Prepare
    const t = new Date('2026-11-23T02:00:00Z');

    // Act & Assess
    expect(shiftForPause(dueAt, { from: t, to: t }, 'hours', calendar)).toEqual(dueAt);
    expect(
      shiftForPause(dueAt, { from: t, to: new Date(t.getTime() - 1) }, 'working_days', calendar),
    ).toEqual(dueAt);
  });
});

describe('Function: effectiveDueAt', () => {
  it('adds up every pause and counts an open one up to now', () => {
    // Prepare: due Friday 11-27; closed pause Mon→Wed (2 days), open pause since Thursday, now Monday 11-30
    const dueAt = new Date('2026-11-27T15:59:59Z');
    const pauses = [
      { from: shanghai('2026-11-26T10:00:00') },
      { from: shanghai('2026-11-23T10:00:00'), to: shanghai('2026-11-25T10:00:00') },
    ];

    // Act
    const due = effectiveDueAt(dueAt, pauses, 'working_days', calendar, shanghai('2026-11-30T09:00:00'));

    // Assess: 2 + (Fri 27, Mon 30) 2 = 4 working days → Thursday 12-03
    expect(shanghaiDate(due)).toBe('2026-12-03');
  });

  it('returns the deadline unchanged without pauses', () => {
    // Prepare
    const dueAt = new Date('2026-11-27T15:59:59Z');

    // Act & Assess
    expect(effectiveDueAt(dueAt, [], 'working_days', calendar, dueAt)).toEqual(dueAt);
  });
});

describe('Function: checkExtension', () => {
  // A disclosure request received Monday 2026-11-02: due 20 working days later, Monday 11-30
  const receivedAt = shanghai('2026-11-02T10:00:00');
  const { dueAt } = computeDeadlines('disclosure', 'normal', receivedAt, calendar);
  const now = shanghai('2026-11-20T10:00:00');
  const base = { type: 'disclosure' as const, urgency: 'normal' as const, dueAt, extensionsApproved: 0, now };

  it('accepts up to 20 more working days for a disclosure request', () => {
    // Prepare
    expect(shanghaiDate(dueAt)).toBe('2026-11-30');

    // Act
    const check = checkExtension({ ...base, requestedDueAt: shanghai('2026-12-28T23:59:59') }, calendar);

    // Assess
    expect(check).toMatchObject({ ok: true, limit: shanghai('2026-12-28T23:59:59') });
  });

  it('refuses a 21st working day', () => {
    // Act
    const check = checkExtension({ ...base, requestedDueAt: shanghai('2026-12-29T10:00:00') }, calendar);

    // Assess
    expect(check).toMatchObject({ ok: false, code: 'extension_beyond_policy' });
  });

  it('refuses a second extension', () => {
    // Act
    const check = checkExtension(
      { ...base, extensionsApproved: 1, requestedDueAt: shanghai('2026-12-07T23:59:59') },
      calendar,
    );

    // Assess
    expect(check).toMatchObject({ ok: false, code: 'extension_beyond_policy' });
  });

  it('refuses a deadline in the past or not later than the current one', () => {
    // Act & Assess
    expect(
      checkExtension({ ...base, requestedDueAt: shanghai('2026-11-19T23:59:59') }, calendar),
    ).toMatchObject({
      ok: false,
      code: 'deadline_in_past',
    });
    expect(
      checkExtension({ ...base, requestedDueAt: shanghai('2026-11-27T23:59:59') }, calendar),
    ).toMatchObject({
      ok: false,
      code: 'deadline_not_later',
    });
  });

  it('limits an urgent case to one more period of hours', () => {
    // Prepare
    const urgentDue = new Date('2026-11-21T02:00:00Z');
    const urgent = {
      type: 'complaint' as const,
      urgency: 'urgent' as const,
      dueAt: urgentDue,
      extensionsApproved: 0,
    };

    // Act & Assess
    expect(extensionPolicyFor('complaint', 'urgent').maxSpan).toEqual({ hours: 24 });
    expect(
      checkExtension(
        {
          ...urgent,
          now: new Date('2026-11-20T12:00:00Z'),
          requestedDueAt: new Date('2026-11-22T02:00:00Z'),
        },
        calendar,
      ).ok,
    ).toBe(true);
    expect(
      checkExtension(
        {
          ...urgent,
          now: new Date('2026-11-20T12:00:00Z'),
          requestedDueAt: new Date('2026-11-22T02:00:01Z'),
        },
        calendar,
      ).ok,
    ).toBe(false);
  });
});

describe('Function: clockBasisOf', () => {
  it('counts urgent cases in hours, except a disclosure request', () => {
    // Act & Assess
    expect(clockBasisOf('complaint', 'urgent')).toBe('hours');
    expect(clockBasisOf('disclosure', 'urgent')).toBe('working_days');
    expect(clockBasisOf('help', 'normal')).toBe('working_days');
  });
});

describe('Function: computeDeadlinesChecked', () => {
  it('flags a case received at the end of the last covered year', () => {
    // Act: a complaint (13 working days) received Monday 2026-12-21 runs into 2027
    const late = computeDeadlinesChecked('complaint', 'normal', shanghai('2026-12-21T10:00:00'), calendar);
    const early = computeDeadlinesChecked('complaint', 'normal', shanghai('2026-11-02T10:00:00'), calendar);

    // Assess
    expect(late.uncoveredYears).toEqual([2027]);
    expect(shanghaiDate(late.ackDueAt)).toBe('2026-12-22');
    expect(early.uncoveredYears).toEqual([]);
    expect(early.dueAt).toEqual(
      computeDeadlines('complaint', 'normal', shanghai('2026-11-02T10:00:00'), calendar).dueAt,
    );
  });
});

describe('Function: pausePolicyFor, totalPaused, shiftForPauseCapped', () => {
  it("caps the total paused time at the type's own completion period", () => {
    // Act
    const help = pausePolicyFor('help', 'normal');
    const disclosure = pausePolicyFor('disclosure', 'normal');
    const urgent = pausePolicyFor('complaint', 'urgent');

    // Assess
    expect(maxPausedAmount(help)).toBe(5);
    expect(maxPausedAmount(disclosure)).toBe(20);
    expect(urgent.maxPaused).toEqual({ hours: 24 });
  });

  it('adds up closed pauses in the clock units', () => {
    // Prepare: Monday → Wednesday (2 working days), Thursday → Thursday (none)
    const pauses = [
      {
        from: shanghai('2026-11-23T10:00:00').toISOString(),
        to: shanghai('2026-11-25T09:00:00').toISOString(),
      },
      {
        from: shanghai('2026-11-26T10:00:00').toISOString(),
        to: shanghai('2026-11-26T16:00:00').toISOString(),
      },
    ];

    // Act & Assess
    expect(totalPaused(pauses, 'working_days', calendar)).toBe(2);
    expect(totalPaused(pauses, 'hours', calendar)).toBe(47 + 6);
  });

  it('moves an urgent deadline by no more than the allowance left', () => {
    // Prepare
    const dueAt = shanghai('2026-11-21T10:00:00');
    const pause = { from: shanghai('2026-11-20T11:00:00'), to: shanghai('2026-11-21T11:00:00') };

    // Act
    const capped = shiftForPauseCapped(dueAt, pause, 'hours', calendar, 3);
    const spent = shiftForPauseCapped(dueAt, pause, 'hours', calendar, 0);

    // Assess
    expect(capped.toISOString()).toBe(shanghai('2026-11-21T13:00:00').toISOString());
    expect(spent).toEqual(dueAt);
  });
});
