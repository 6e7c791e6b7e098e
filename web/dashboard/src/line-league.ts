// 各热线接通率: the order of the lines' table and each line's verdict against its own target. Pure, so
// web/test/dashboard/line-league.test.ts pins it.
import type { AnyRate, MetricsRow } from './types.js';

/** 达标 / 未达标 / 无数据: the verdict in words (the colour only repeats it). */
export type Verdict = 'met' | 'miss' | 'none';

export const VERDICT_TEXT: Readonly<Record<Verdict, string>> = {
  met: '达标',
  miss: '未达标',
  none: '无来电',
};

/** The API's verdict on a rate with a target (the line's own), else value ≥ target. */
export function verdictOf(rate: AnyRate | undefined): Verdict {
  if (!rate || rate.value === null || rate.value === undefined) return 'none';
  if ('met' in rate && typeof rate.met === 'boolean') return rate.met ? 'met' : 'miss';
  if ('target' in rate && typeof rate.target === 'number') return rate.value >= rate.target ? 'met' : 'miss';
  return 'none';
}

/** The line's own target, as the API judged it (a merged line may have its own, else 98 %). */
export function targetOf(rate: AnyRate | undefined): number | undefined {
  return rate && 'target' in rate && typeof rate.target === 'number' ? rate.target : undefined;
}

/** How far below its target a line is (negative: above it); a line without calls has none. */
function shortfall(row: MetricsRow): number | null {
  const rate = row.rates.answerRate;
  const target = targetOf(rate);
  if (!rate || rate.value === null || rate.value === undefined) return null;
  return (target ?? 0) - rate.value;
}

/**
 * Worst first: the lines that miss their target by the most lead, then the ones that meet it (the
 * closest to missing first), then the lines without a queued call; equal lines by code. Measured
 * against each line's own target, so a line held to 95 % at 96 % is not shown worse than one held
 * to 98 % at 97 %.
 *
 * @example
 * rankLines(report.groups).map((r) => r.key) // ['12319', '12315', '12345', '96123']
 */
export function rankLines(groups: readonly MetricsRow[]): MetricsRow[] {
  return [...groups].sort((a, b) => {
    const x = shortfall(a);
    const y = shortfall(b);
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return y - x;
    }
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
}

/** 3 条线路中 1 条未达标: the table's summary line. */
export function lineSummary(rows: readonly MetricsRow[]): string {
  const verdicts = rows.map((r) => verdictOf(r.rates.answerRate));
  const missed = verdicts.filter((v) => v === 'miss').length;
  const none = verdicts.filter((v) => v === 'none').length;
  const parts = [
    `共 ${rows.length} 条线路`,
    missed ? `${missed} 条未达标` : none === rows.length ? '均无来电' : '有来电的线路均达标',
  ];
  if (none === rows.length) return parts.join('，');
  if (none) parts.push(`${none} 条所选期间无来电`);
  return parts.join('，');
}
