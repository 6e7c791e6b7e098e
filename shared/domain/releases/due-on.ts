// 发布时限: a month's release is due 10 working days after the month ends (the issue; Asia/Shanghai
// working-day calendar, DESIGN §6), and is on time when published by the end of that day.
import { addWorkingDays, endOfShanghaiDay, shanghaiDate, type WorkingCalendar } from '../working-days.js';
import type { Release } from './release.js';

export const RELEASE_WORKING_DAYS = 10;

/** The last calendar day of a `YYYY-MM` month. */
export function lastDayOf(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/**
 * The day a month's release is due: the 10th working day after the month's last day (which is
 * not counted, as the day of receipt is not).
 *
 * @example
 * dueOnOf('2026-11', calendar) // '2026-12-14' (weekends only: 1 Dec is a Tuesday)
 */
export function dueOnOf(period: string, calendar: WorkingCalendar): string {
  const lastDay = endOfShanghaiDay(lastDayOf(period));
  return shanghaiDate(addWorkingDays(lastDay, RELEASE_WORKING_DAYS, calendar));
}

/** on_time / late once published; overdue or pending before. */
export type Timeliness = 'on_time' | 'late' | 'overdue' | 'pending';

/**
 * Published on or before its due day (Shanghai date) is on time, after it late; unpublished, it is
 * overdue once `today` is past the due day.
 */
export function timelinessOf(release: Pick<Release, 'dueOn' | 'publishedAt'>, today: string): Timeliness {
  if (release.publishedAt) {
    return shanghaiDate(new Date(release.publishedAt)) <= release.dueOn ? 'on_time' : 'late';
  }
  return today > release.dueOn ? 'overdue' : 'pending';
}
