// The Chinese SMS providers speak Beijing wall-clock time without a zone, 'YYYY-MM-DD HH:mm:ss'
// (Asia/Shanghai, UTC+8 all year: China keeps no daylight saving time).

const OFFSET_MS = 8 * 3_600_000;

/** The providers' time format: 2026-11-23 10:03:04. */
export const BEIJING_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * Beijing wall-clock time as ISO 8601 UTC, or undefined when it is no real moment.
 *
 * @example isoFromBeijingTime('2026-11-23 10:03:04') // '2026-11-23T02:03:04.000Z'
 */
export function isoFromBeijingTime(text: string): string | undefined {
  const match = BEIJING_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const utc = Date.UTC(year, month - 1, day, hour, minute, second) - OFFSET_MS;
  // Date.UTC rolls 2026-02-30 over into March: a time that does not read back the same is no time.
  return beijingTime(new Date(utc)) === text ? new Date(utc).toISOString() : undefined;
}

/** The moment as the providers write it (what the local fakes put in their receipts). */
export function beijingTime(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
