/**
 * The working-day clock (DESIGN §6). Asia/Shanghai has had no daylight saving since 1991, so a
 * fixed +08:00 offset is exact and needs no time-zone database.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Which days are worked. Public holidays and make-up working days (调休) are data, a year per
 * record; a year with no record falls back to weekends only.
 */
export interface WorkingCalendar {
  /** Public holidays, `YYYY-MM-DD`, that would otherwise be working days. */
  readonly holidays: ReadonlySet<string>;
  /** Weekend days that are worked (调休), `YYYY-MM-DD`. */
  readonly makeUpWorkdays: ReadonlySet<string>;
}

/** Weekends only: the calendar before the holiday schedule is loaded. */
export const WEEKENDS_ONLY: WorkingCalendar = { holidays: new Set(), makeUpWorkdays: new Set() };

/** The calendar date in Asia/Shanghai of an instant, `YYYY-MM-DD`. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(date: string, calendar: WorkingCalendar = WEEKENDS_ONLY): boolean {
  if (calendar.makeUpWorkdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function nextDate(date: string): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() + DAY_MS).toISOString().slice(0, 10);
}

/** 23:59:59 Asia/Shanghai on a calendar date, as an instant. */
export function endOfShanghaiDay(date: string): Date {
  return new Date(new Date(`${date}T23:59:59Z`).getTime() - SHANGHAI_OFFSET_MS);
}

/**
 * The deadline `days` working days after receipt: the day of receipt is not counted, and the
 * deadline ends at 23:59:59 of the last working day.
 *
 * @example
 * // received Friday 2026-11-20 15:00 +08:00, 3 working days → Wednesday 2026-11-25 23:59:59 +08:00
 * addWorkingDays(new Date('2026-11-20T07:00:00Z'), 3)
 */
export function addWorkingDays(
  receivedAt: Date,
  days: number,
  calendar: WorkingCalendar = WEEKENDS_ONLY,
): Date {
  if (!Number.isInteger(days) || days < 1)
    throw new RangeError(`working days must be a positive integer, got ${days}`);
  let date = shanghaiDate(receivedAt);
  let counted = 0;
  while (counted < days) {
    date = nextDate(date);
    if (isWorkingDay(date, calendar)) counted++;
  }
  return endOfShanghaiDay(date);
}

/** Urgent cases count calendar hours from receipt. */
export function addHours(receivedAt: Date, hours: number): Date {
  return new Date(receivedAt.getTime() + hours * 60 * 60 * 1000);
}

/** Working days `d` with `fromDate < d <= toDate` (Shanghai calendar dates, `YYYY-MM-DD`). */
export function workingDaysAfter(fromDate: string, toDate: string, calendar: WorkingCalendar): number {
  let n = 0;
  for (let t = Date.parse(`${fromDate}T00:00:00Z`) + DAY_MS; t <= Date.parse(`${toDate}T00:00:00Z`); ) {
    if (isWorkingDay(new Date(t).toISOString().slice(0, 10), calendar)) n++;
    t += DAY_MS;
  }
  return n;
}
