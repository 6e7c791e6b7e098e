// 部门排名: the order of the league table. Pure, so web/test/dashboard/league-ranking.test.ts pins it.
import type { MetricsRow, RateName } from './types.js';

/**
 * A department is ranked only with at least this many appeals (办件量) in the range. Below it a
 * rate is mostly chance: a department with one appeal, answered on time and rated 满意, would top
 * the league at 100 % beside one that handled hundreds at 97 %, and a single late case moves a
 * rate over fewer than ten cases by more than ten points. Such departments are still listed,
 * after the ranked ones and without a rank, so nothing is hidden.
 */
export const MIN_RANKED_APPEALS = 10;

/** The note under the table that tells the reader the rule. */
export const RANKING_NOTE = `按办件量≥${MIN_RANKED_APPEALS}的单位排名；办件量不足 ${MIN_RANKED_APPEALS} 件的单位列于表末，不参与排名。`;

export interface LeagueEntry {
  readonly row: MetricsRow;
  /** 1 for the best; null for a department below the minimum volume. */
  readonly rank: number | null;
}

/** 逾期件数 = 到期应办结量 − 按时办结量 (never below zero). */
export function overdueOf(row: MetricsRow): number {
  return Math.max(0, (row.counts.slaDue || 0) - (row.counts.slaOnTime || 0));
}

/** Higher rate first; a rate without a value ("—") after every rate that has one. */
function byRateDesc(key: RateName, a: MetricsRow, b: MetricsRow): number {
  const x = a.rates[key]?.value ?? null;
  const y = b.rates[key]?.value ?? null;
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return y - x;
}

/** 按时办结率, then 满意率, then the key, so equal departments keep a stable order. */
function leagueOrder(a: MetricsRow, b: MetricsRow): number {
  return (
    byRateDesc('onTimeRate', a, b) ||
    byRateDesc('satisfactionRate', a, b) ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

/**
 * The league: departments with at least `minAppeals` appeals ranked 1, 2, … by 按时办结率 then
 * 满意率; the others after them, in the same order, without a rank.
 *
 * @example
 * rankDepartments(report.groups).map((e) => [e.row.key, e.rank])
 * // [['transport', 1], ['water-group', 2], ['housing', 3], ['tiny-office', null]]
 */
export function rankDepartments(
  groups: readonly MetricsRow[],
  minAppeals: number = MIN_RANKED_APPEALS,
): LeagueEntry[] {
  const sorted = [...groups].sort(leagueOrder);
  const eligible = (g: MetricsRow) => (g.counts.appeals || 0) >= minAppeals;
  const ranked = sorted.filter(eligible).map((row, i) => ({ row, rank: i + 1 }));
  const unranked = sorted.filter((g) => !eligible(g)).map((row) => ({ row, rank: null }));
  return [...ranked, ...unranked];
}
