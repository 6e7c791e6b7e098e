import { describe, expect, it } from 'vitest';
import {
  addWorkingDaysChecked,
  buildWorkingCalendar,
  CalendarDataError,
  CalendarYearSchema,
  uncoveredYearsBetween,
} from '../../../shared/domain/calendar/index.js';
import { computeDeadlines } from '../../../shared/domain/deadline-policy.js';
import {
  addWorkingDays,
  isWorkingDay,
  shanghaiDate,
  WEEKENDS_ONLY,
} from '../../../shared/domain/working-days.js';
import { CN_2025, CN_2026, SEED_CALENDAR_YEARS } from '../../../shared/seed/calendar/index.js';

const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);

/** 10:00 in Shanghai on a date, as an instant. */
function at10(date: string): Date {
  return new Date(`${date}T02:00:00Z`);
}

function dueDate(receivedOn: string, days: number): string {
  return shanghaiDate(addWorkingDays(at10(receivedOn), days, calendar));
}

describe('Seed: the State Council holiday schedules', () => {
  it('parses both years against the schema', () => {
    // Act & Assess
    expect(CalendarYearSchema.parse(CN_2025)).toEqual(CN_2025);
    expect(CalendarYearSchema.parse(CN_2026)).toEqual(CN_2026);
  });

  it('gives the statutory number of days off and make-up days per year', () => {
    // Assess: 2025: 01-26, 02-08, 04-27, 09-28, 10-11; 2026 adds one for 元旦 (01-04)
    expect(CN_2025.makeUpWorkdays).toHaveLength(5);
    expect(CN_2026.makeUpWorkdays).toHaveLength(6);
    expect(CN_2026.holidays.find((h) => h.name === '春节')).toEqual({
      name: '春节',
      from: '2026-02-15',
      to: '2026-02-23',
    });
  });

  it('cites its source', () => {
    // Assess
    for (const year of SEED_CALENDAR_YEARS)
      expect(year.source).toMatch(/国务院办公厅关于20\d\d年部分节假日安排的通知/);
  });
});

describe('Function: buildWorkingCalendar', () => {
  it('reports the years it covers', () => {
    // Assess
    expect([...calendar.coveredYears].sort()).toEqual([2025, 2026]);
  });

  it('marks holidays off and make-up days worked', () => {
    // Assess
    expect(isWorkingDay('2026-10-05', calendar)).toBe(false); // Monday in the golden week
    expect(isWorkingDay('2026-10-10', calendar)).toBe(true); // make-up Saturday
    expect(isWorkingDay('2026-02-14', calendar)).toBe(true); // make-up Saturday before 春节
    expect(isWorkingDay('2026-02-23', calendar)).toBe(false); // 正月初七, a Monday
    expect(isWorkingDay('2025-01-01', calendar)).toBe(false); // 元旦 alone, on a Wednesday
    expect(isWorkingDay('2025-01-02', calendar)).toBe(true);
  });

  it('refuses a year given twice', () => {
    // Act & Assess
    expect(() => buildWorkingCalendar([CN_2026, CN_2026])).toThrow(CalendarDataError);
  });

  it('refuses a make-up day on a weekday', () => {
    // Prepare
    const bad = { ...CN_2026, makeUpWorkdays: ['2026-02-16'] };

    // Act & Assess
    expect(() => buildWorkingCalendar([bad])).toThrow(/不是周六或周日/);
  });

  it('refuses a date that is both a holiday and a make-up day', () => {
    // Prepare: 2026-02-15 is a Sunday inside the Spring Festival
    const bad = { ...CN_2026, makeUpWorkdays: ['2026-02-15'] };

    // Act & Assess
    expect(() => buildWorkingCalendar([bad])).toThrow(CalendarDataError);
  });

  it('refuses a holiday that ends before it starts, or a date that does not exist', () => {
    // Act & Assess
    expect(() =>
      buildWorkingCalendar([{ ...CN_2026, holidays: [{ name: 'x', from: '2026-10-07', to: '2026-10-01' }] }]),
    ).toThrow(CalendarDataError);
    expect(() =>
      buildWorkingCalendar([{ ...CN_2026, holidays: [{ name: 'x', from: '2026-02-30', to: '2026-03-01' }] }]),
    ).toThrow(CalendarDataError);
  });
});

describe('Calendar: real cases across the holidays', () => {
  it('2025 National Day and Mid-Autumn: 3 working days from the eve end on the make-up Saturday', () => {
    // Prepare: Tuesday 2025-09-30; 10-01..10-08 off; Thu 9, Fri 10, Sat 11 (make-up) count
    // Act & Assess
    expect(dueDate('2025-09-30', 3)).toBe('2025-10-11');
  });

  it('2025: a make-up Sunday before the golden week counts as a working day', () => {
    // Prepare: Friday 2025-09-26; Saturday rests, Sunday 09-28 is worked
    // Act & Assess
    expect(dueDate('2025-09-26', 1)).toBe('2025-09-28');
  });

  it('2026 National Day: 5 working days from the eve', () => {
    // Prepare: Wednesday 2026-09-30; 10-01..10-07 off; Thu 8, Fri 9, Sat 10 (make-up), Mon 12, Tue 13
    // Act & Assess
    expect(dueDate('2026-09-30', 5)).toBe('2026-10-13');
  });

  it('2026 Mid-Autumn: a Friday holiday is skipped', () => {
    // Prepare: Thursday 2026-09-24; Fri 25 to Sun 27 off
    // Act & Assess
    expect(dueDate('2026-09-24', 3)).toBe('2026-09-30');
  });

  it('2026 Spring Festival: both make-up Saturdays count', () => {
    // Prepare: Friday 2026-02-13 → Sat 14 (make-up) 1, then 02-15..02-23 off, Tue 24 .. Fri 27 → 5
    // Act & Assess
    expect(dueDate('2026-02-13', 5)).toBe('2026-02-27');
    expect(dueDate('2026-02-13', 6)).toBe('2026-02-28'); // the second make-up Saturday
  });

  it('2026 Spring Festival: a complaint received before it is due nine working days later than on weekends only', () => {
    // Prepare: Thursday 2026-02-12, complaint (13 working days)
    const receivedAt = at10('2026-02-12');

    // Act
    const { dueAt } = computeDeadlines('complaint', 'normal', receivedAt, calendar);
    const weekendsOnly = computeDeadlines('complaint', 'normal', receivedAt, WEEKENDS_ONLY).dueAt;

    // Assess
    expect(dueAt.toISOString()).toBe('2026-03-09T15:59:59.000Z');
    expect(shanghaiDate(weekendsOnly)).toBe('2026-03-03');
  });

  it('2026 New Year: the year boundary from covered 2025 into covered 2026, with the make-up Sunday', () => {
    // Prepare: Wednesday 2025-12-31; 01-01..01-03 off; Sun 01-04 worked
    // Act
    const checked = addWorkingDaysChecked(at10('2025-12-31'), 3, calendar);

    // Assess
    expect(shanghaiDate(checked.dueAt)).toBe('2026-01-06');
    expect(checked.uncovered).toBe(false);
  });

  it('a disclosure request received on Monday 2026-09-21 runs past the golden week', () => {
    // Prepare: 20 working days; 09-25 and 10-01..10-07 off, Sat 10-10 worked
    // Act
    const { dueAt } = computeDeadlines('disclosure', 'normal', at10('2026-09-21'), calendar);

    // Assess: 22,23,24,28,29,30 (6), 8,9,10 (9), 12-16 (14), 19-23 (19), 26 (20)
    expect(shanghaiDate(dueAt)).toBe('2026-10-26');
  });
});

describe('Function: addWorkingDaysChecked', () => {
  it('flags a deadline that reaches into a year with no calendar data and falls back to weekends only', () => {
    // Prepare: Monday 2026-12-28, 5 working days; 2027 has no record yet
    // Act
    const checked = addWorkingDaysChecked(at10('2026-12-28'), 5, calendar);

    // Assess: 29, 30, 31, then 2027-01-01 (a Friday, counted: no data says it is 元旦) and Monday 01-04
    expect(checked).toEqual({
      dueAt: new Date('2027-01-04T15:59:59Z'),
      uncovered: true,
      uncoveredYears: [2027],
    });
  });

  it('does not flag a deadline that stays inside covered years', () => {
    // Act
    const checked = addWorkingDaysChecked(at10('2026-12-21'), 5, calendar);

    // Assess
    expect(shanghaiDate(checked.dueAt)).toBe('2026-12-28');
    expect(checked.uncovered).toBe(false);
    expect(checked.uncoveredYears).toEqual([]);
  });

  it('flags the receipt year only when a day counted lies in it', () => {
    // Prepare: received on 2024-12-31, the first day counted is 2025-01-01 (元旦), then Thursday
    // Act
    const fromNewYearsEve = addWorkingDaysChecked(at10('2024-12-31'), 1, calendar);
    const fromFriday = addWorkingDaysChecked(at10('2024-12-27'), 2, calendar);

    // Assess
    expect(shanghaiDate(fromNewYearsEve.dueAt)).toBe('2025-01-02');
    expect(fromNewYearsEve.uncovered).toBe(false);
    expect(fromFriday.uncoveredYears).toEqual([2024]);
  });

  it('never flags a plain calendar, which claims no coverage', () => {
    // Act & Assess
    expect(addWorkingDaysChecked(at10('2030-01-01'), 5, WEEKENDS_ONLY).uncovered).toBe(false);
    expect(uncoveredYearsBetween(at10('2030-01-01'), at10('2031-01-01'), WEEKENDS_ONLY)).toEqual([]);
  });
});
