import { describe, expect, it } from 'vitest';
import {
  addHours,
  addWorkingDays,
  endOfShanghaiDay,
  isWorkingDay,
  shanghaiDate,
  type WorkingCalendar,
} from '../../../shared/domain/working-days.js';

describe('Function: addWorkingDays', () => {
  it('does not count the day of receipt and ends at 23:59:59 Shanghai time', () => {
    // Prepare: Monday 2026-11-16 10:00 +08:00
    const receivedAt = new Date('2026-11-16T02:00:00Z');

    // Act
    const due = addWorkingDays(receivedAt, 1);

    // Assess: Tuesday 23:59:59 +08:00
    expect(due.toISOString()).toBe('2026-11-17T15:59:59.000Z');
  });

  it('skips the weekend', () => {
    // Prepare: Friday 2026-11-20 15:00 +08:00
    const receivedAt = new Date('2026-11-20T07:00:00Z');

    // Act
    const due = addWorkingDays(receivedAt, 3);

    // Assess: Mon, Tue, Wed → Wednesday 2026-11-25
    expect(shanghaiDate(due)).toBe('2026-11-25');
  });

  it('counts the receipt day by the Shanghai calendar, not UTC', () => {
    // Prepare: 2026-11-20 23:30 UTC is already Saturday 07:30 in Shanghai
    const receivedAt = new Date('2026-11-20T23:30:00Z');

    // Act
    const due = addWorkingDays(receivedAt, 1);

    // Assess: the first working day after Saturday is Monday
    expect(shanghaiDate(due)).toBe('2026-11-23');
  });

  it('skips holidays and counts make-up working days when the calendar names them', () => {
    // Prepare: a holiday on Monday and a make-up Sunday before it
    const calendar: WorkingCalendar = {
      holidays: new Set(['2026-11-23']),
      makeUpWorkdays: new Set(['2026-11-22']),
    };
    const friday = new Date('2026-11-20T02:00:00Z');

    // Act
    const due = addWorkingDays(friday, 2, calendar);

    // Assess: Sunday (make-up) counts, Monday (holiday) does not → Tuesday
    expect(shanghaiDate(due)).toBe('2026-11-24');
  });

  it('crosses a year boundary', () => {
    // Prepare: Wednesday 2025-12-31
    const receivedAt = new Date('2025-12-31T04:00:00Z');

    // Act
    const due = addWorkingDays(receivedAt, 5);

    // Assess: Thu 1, Fri 2, Mon 5, Tue 6, Wed 7 January (weekends only)
    expect(shanghaiDate(due)).toBe('2026-01-07');
  });

  it('refuses a non-positive number of days', () => {
    // Act & Assess
    expect(() => addWorkingDays(new Date(), 0)).toThrow(RangeError);
  });
});

describe('Function: isWorkingDay', () => {
  it('treats Saturday and Sunday as rest days by default', () => {
    // Act & Assess
    expect(isWorkingDay('2026-11-21')).toBe(false);
    expect(isWorkingDay('2026-11-22')).toBe(false);
    expect(isWorkingDay('2026-11-23')).toBe(true);
  });
});

describe('Function: addHours', () => {
  it('counts calendar hours, weekends included', () => {
    // Prepare: Saturday noon
    const receivedAt = new Date('2026-11-21T04:00:00Z');

    // Act
    const due = addHours(receivedAt, 24);

    // Assess
    expect(due.toISOString()).toBe('2026-11-22T04:00:00.000Z');
  });
});

describe('Function: endOfShanghaiDay', () => {
  it('returns 15:59:59 UTC of the same date', () => {
    // Act & Assess
    expect(endOfShanghaiDay('2026-02-01').toISOString()).toBe('2026-02-01T15:59:59.000Z');
  });
});
