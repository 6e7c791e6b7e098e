import {
  addWorkingDays,
  isWorkingDay,
  shanghaiDate,
  type WorkingCalendar,
  workingDaysAfter,
} from '../working-days.js';
import { datesBetween } from './calendar-year.js';

/**
 * A working-day deadline counted again under a changed calendar: the deadline `deadline` was
 * counted from `anchor` (the day of the anchor not counted) under `before`; the answer is the same
 * number of working days counted under `after`. Every stored working-day deadline is such a count:
 * receipt + the policy's days, then each resumed pause adds its working days to it (addWorkingDays
 * composes), so counting the working days again from the last instant that fixed it (receipt,
 * 重办, an approved extension's chosen date, a 补正 restart) gives what it would have been had the
 * calendar been known all along. A deadline the two calendars agree on up to its day is returned
 * as it is (the same instant, not a rounded one): re-counting never moves what no change reached.
 *
 * @example
 * // received Wednesday 2026-12-30, 5 working days; 2027-01-01 was counted as a working day while
 * // the 2027 schedule was missing: due 2027-01-06. With 元旦 (01-01) known → due 2027-01-07.
 * remapWorkingDeadline(new Date('2027-01-06T15:59:59Z'), receivedAt, without2027, with2027)
 */
export function remapWorkingDeadline(
  deadline: Date,
  anchor: Date,
  before: WorkingCalendar,
  after: WorkingCalendar,
): Date {
  const from = shanghaiDate(anchor);
  const to = shanghaiDate(deadline);
  if (to <= from) return deadline;
  const differs = datesBetween(from, to).some(
    (d) => d !== from && isWorkingDay(d, before) !== isWorkingDay(d, after),
  );
  if (!differs) return deadline;
  const counted = workingDaysAfter(from, to, before);
  return counted === 0 ? deadline : addWorkingDays(anchor, counted, after);
}

/**
 * A short fingerprint of one year's working-day data in `calendar` (its holidays and make-up
 * working days; names and sources do not count): equal for equal data, so a case can record which
 * data its deadlines were last recomputed for.
 *
 * @example calendarYearRevision(calendar, 2027) // 'c3a9f0e1'
 */
export function calendarYearRevision(calendar: WorkingCalendar, year: number): string {
  const ofYear = (dates: ReadonlySet<string>) => [...dates].filter((d) => d.startsWith(`${year}-`)).sort();
  const text = `${ofYear(calendar.holidays).join(',')}|${ofYear(calendar.makeUpWorkdays).join(',')}`;
  // FNV-1a, 32 bit: no crypto module in the core, and a fingerprint, not a secret.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
