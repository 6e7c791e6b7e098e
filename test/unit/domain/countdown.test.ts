import { describe, expect, it } from 'vitest';
import { countdownFieldsOf, workingDaysLeft } from '../../../shared/domain/countdown.js';
import type { WorkingCalendar } from '../../../shared/domain/working-days.js';

// 2026-10-01..07 National Day holidays; Sunday 2026-10-11 a make-up working day (illustrative data).
const calendar: WorkingCalendar = {
  holidays: new Set(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']),
  makeUpWorkdays: new Set(['2026-10-11']),
};

describe('Function: workingDaysLeft', () => {
  it('counts the working days after today up to the deadline’s day', () => {
    // Prepare: Monday 2026-11-23 10:00 Beijing; due Wednesday 11-25 23:59:59
    const now = new Date('2026-11-23T02:00:00Z');
    const due = new Date('2026-11-25T15:59:59Z');

    // Act
    const left = workingDaysLeft(due, now, calendar);

    // Assess
    expect(left).toBe(2);
  });

  it('skips holidays and counts a make-up working day', () => {
    // Prepare: Tuesday 2026-09-29; due Monday 10-12 → 9-30, 10-08, 10-09, 10-11 (make-up), 10-12
    const now = new Date('2026-09-29T02:00:00Z');
    const due = new Date('2026-10-12T15:59:59Z');

    // Act
    const left = workingDaysLeft(due, now, calendar);

    // Assess
    expect(left).toBe(5);
  });

  it('is 0 on the deadline’s own day and negative by the working days past it', () => {
    // Prepare
    const due = new Date('2026-11-25T15:59:59Z');

    // Act
    const today = workingDaysLeft(due, new Date('2026-11-25T09:00:00Z'), calendar);
    const late = workingDaysLeft(due, new Date('2026-11-27T09:00:00Z'), calendar);

    // Assess
    expect(today).toBe(0);
    expect(late).toBe(-2);
  });
});

describe('Function: countdownFieldsOf', () => {
  it('gives the working days left for a working-day clock, nothing for an urgent or paused one', () => {
    // Prepare
    const now = new Date('2026-11-23T02:00:00Z');
    const dueAt = '2026-11-25T15:59:59.000Z';

    // Act
    const normal = countdownFieldsOf({ type: 'help', urgency: 'normal', dueAt }, now, calendar);
    const urgent = countdownFieldsOf({ type: 'help', urgency: 'urgent', dueAt }, now, calendar);
    const paused = countdownFieldsOf(
      { type: 'help', urgency: 'normal', dueAt, pausedSince: { at: '2026-11-20T02:00:00Z' } },
      now,
      calendar,
    );

    // Assess
    expect(normal).toEqual({ workingDaysLeft: 2 });
    expect(urgent).toEqual({});
    expect(paused).toEqual({ paused: true });
  });
});
