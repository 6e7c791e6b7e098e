// Days as the metrics keep them: Asia/Shanghai calendar days, `YYYY-MM-DD`.

const DAY_MS = 86_400_000;
/** Beijing time has no daylight saving: a fixed eight hours ahead of UTC. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Today in Beijing. `now` is injectable for tests. */
export function shanghaiToday(now: number = Date.now()): string {
  return new Date(now + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The day `n` days after (or before) `day`.
 *
 * @example
 * addDays('2026-03-01', -1) // '2026-02-28'
 */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A real calendar day written `YYYY-MM-DD` (not 2026-02-30). */
export function validDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Days from `a` to `b`, both counted. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / DAY_MS) + 1;
}
