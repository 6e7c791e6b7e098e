/**
 * An instant as Beijing time, whatever the phone's own zone: the deadline a citizen reads is the
 * centre's. An absent one reads "—".
 *
 * @example formatTime('2026-01-05T02:00:00.000Z') // '2026/1/5 10:00:00'
 */
export function formatTime(iso: string | undefined | null): string {
  if (!iso) return '—';
  try {
    return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  } catch {
    return iso;
  }
}
