import { endOfShanghaiDay, shanghaiDate } from '../working-days.js';

/** How long before the Shanghai year ends next year's holiday schedule must be in the calendar. */
export const NEXT_YEAR_NOTICE_DAYS = 45;

/**
 * The next year, when we are within `noticeDays` of the end of the current Shanghai year and the
 * calendar has no record for it; otherwise undefined. The State Council publishes the schedule in
 * November: from mid-November on, deadlines of long cases (20 working days) reach into next year.
 *
 * @example missingNextYear(new Date('2026-12-01T00:00:00Z'), new Set([2025, 2026])) // 2027
 */
export function missingNextYear(
  now: Date,
  coveredYears: ReadonlySet<number>,
  noticeDays = NEXT_YEAR_NOTICE_DAYS,
): number | undefined {
  const year = Number(shanghaiDate(now).slice(0, 4));
  const yearEnds = endOfShanghaiDay(`${year}-12-31`).getTime();
  if (yearEnds - now.getTime() > noticeDays * 86_400_000) return undefined;
  return coveredYears.has(year + 1) ? undefined : year + 1;
}
