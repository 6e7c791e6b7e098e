// Dates and months of a metrics query: Asia/Shanghai calendar days as `YYYY-MM-DD` (the metrics
// table's day keys) and months as `YYYY-MM`. Pure string and UTC-midnight arithmetic: a calendar
// day has no time zone, so none is needed here.

const DAY_MS = 86_400_000;

/** A real calendar day written `YYYY-MM-DD` (2026-02-30 is not one). */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** A month written `YYYY-MM`. */
export function isMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

function dayNumber(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / DAY_MS;
}

function dayOf(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included (1 for a single day, 0 or less when reversed). */
export function daysInRange(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

/** Every day from `from` to `to`, both included, ascending. */
export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let n = dayNumber(from); n <= dayNumber(to); n++) days.push(dayOf(n));
  return days;
}

/** The month key of a day. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

function monthNumber(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function monthFrom(n: number): string {
  return `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** Months from `from` to `to`, both included (0 or less when reversed). */
export function monthsInRange(from: string, to: string): number {
  return monthNumber(to) - monthNumber(from) + 1;
}

/** Every month from `from` to `to`, both included, ascending. */
export function eachMonth(from: string, to: string): string[] {
  const months: string[] = [];
  for (let n = monthNumber(from); n <= monthNumber(to); n++) months.push(monthFrom(n));
  return months;
}

/** The first and last day of a span of months, for the day-keyed table. */
export function daysOfMonths(from: string, to: string): { from: string; to: string } {
  // Day 0 of the next month is the last day of this one.
  const next = monthNumber(to) + 1;
  const last = new Date(Date.UTC(Math.floor(next / 12), next % 12, 0)).toISOString().slice(0, 10);
  return { from: `${from}-01`, to: last };
}

/**
 * The last `count` complete months before the month of `today` (a Shanghai day).
 *
 * @example
 * lastCompleteMonths('2026-11-29', 12) // { from: '2025-11', to: '2026-10' }
 */
export function lastCompleteMonths(today: string, count: number): { from: string; to: string } {
  const current = monthNumber(monthOf(today));
  return { from: monthFrom(current - count), to: monthFrom(current - 1) };
}
