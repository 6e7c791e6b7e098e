import { DomainError } from '../errors.js';
import {
  addHours,
  addWorkingDays,
  shanghaiDate,
  WEEKENDS_ONLY,
  type WorkingCalendar,
} from '../working-days.js';
import { type CalendarYear, CalendarYearSchema, datesBetween } from './calendar-year.js';

/** A working calendar that knows which years its holiday data covers. */
export interface CoveredCalendar extends WorkingCalendar {
  /** Years with a published schedule; any other year is counted as weekends only. */
  readonly coveredYears: ReadonlySet<number>;
}

/** The calendar data is malformed or contradicts itself: the operator must fix the record. */
export class CalendarDataError extends DomainError {
  constructor(message: string, options?: ErrorOptions) {
    super('invalid_calendar', message, options);
    this.name = 'CalendarDataError';
  }
}

/**
 * The working calendar from a set of year records (from the seed or the directory table).
 * Throws {@link CalendarDataError} on a malformed record or a year given twice: bad calendar data
 * would silently move every deadline, so it must stop the load, not be skipped.
 *
 * @example
 * const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);
 * calendar.coveredYears; // Set { 2025, 2026 }
 * isWorkingDay('2026-02-14', calendar); // true: a make-up Saturday of the Spring Festival
 */
export function buildWorkingCalendar(records: readonly unknown[]): CoveredCalendar {
  const holidays = new Set<string>();
  const makeUpWorkdays = new Set<string>();
  const coveredYears = new Set<number>();
  for (const raw of records) {
    const parsed = CalendarYearSchema.safeParse(raw);
    if (!parsed.success) {
      throw new CalendarDataError(`calendar record is invalid: ${parsed.error.message}`, {
        cause: parsed.error,
      });
    }
    const year: CalendarYear = parsed.data;
    if (coveredYears.has(year.year)) throw new CalendarDataError(`calendar year ${year.year} is given twice`);
    coveredYears.add(year.year);
    for (const h of year.holidays) for (const d of datesBetween(h.from, h.to)) holidays.add(d);
    for (const d of year.makeUpWorkdays) makeUpWorkdays.add(d);
  }
  for (const d of makeUpWorkdays) {
    if (holidays.has(d)) throw new CalendarDataError(`${d} is both a holiday and a make-up working day`);
  }
  return { holidays, makeUpWorkdays, coveredYears };
}

export function isCoveredCalendar(calendar: WorkingCalendar): calendar is CoveredCalendar {
  return 'coveredYears' in calendar;
}

/**
 * The years between two instants (Shanghai dates, the first day after `from` to `to`) that the
 * calendar has no data for. A plain {@link WorkingCalendar} claims to cover nothing but
 * {@link WEEKENDS_ONLY} is honest about it, so only a {@link CoveredCalendar} is checked.
 */
export function uncoveredYearsBetween(from: Date, to: Date, calendar: WorkingCalendar): number[] {
  if (!isCoveredCalendar(calendar) || to <= from) return [];
  const first = Number(shanghaiDate(new Date(from.getTime() + 86_400_000)).slice(0, 4));
  const last = Number(shanghaiDate(to).slice(0, 4));
  const missing: number[] = [];
  for (let y = Math.min(first, last); y <= last; y++) if (!calendar.coveredYears.has(y)) missing.push(y);
  return missing;
}

/** A deadline, with the years it crossed that had no holiday data (counted as weekends only). */
export interface CheckedDeadline {
  readonly dueAt: Date;
  /** True when some day counted lies in a year with no calendar data: alert the operator. */
  readonly uncovered: boolean;
  readonly uncoveredYears: readonly number[];
}

/**
 * {@link addWorkingDays}, flagging a deadline that reaches into a year with no calendar data. The
 * date is still computed (weekends only for that year) so the case is never left without one.
 *
 * @example
 * // 2026-12-28 + 5 working days reaches into 2027, which has no record yet
 * addWorkingDaysChecked(new Date('2026-12-28T02:00:00Z'), 5, calendar);
 * // → { dueAt: 2027-01-04T15:59:59Z, uncovered: true, uncoveredYears: [2027] }
 */
export function addWorkingDaysChecked(
  receivedAt: Date,
  days: number,
  calendar: WorkingCalendar = WEEKENDS_ONLY,
): CheckedDeadline {
  const dueAt = addWorkingDays(receivedAt, days, calendar);
  const uncoveredYears = uncoveredYearsBetween(receivedAt, dueAt, calendar);
  return { dueAt, uncovered: uncoveredYears.length > 0, uncoveredYears };
}

/** A span of the deadline policy: working days, or calendar hours for urgent cases. */
export type Span = { readonly workingDays: number } | { readonly hours: number };

/** A span added to an instant, checked for calendar coverage. */
export function addSpanChecked(from: Date, span: Span, calendar: WorkingCalendar): CheckedDeadline {
  if ('hours' in span) return { dueAt: addHours(from, span.hours), uncovered: false, uncoveredYears: [] };
  return addWorkingDaysChecked(from, span.workingDays, calendar);
}
