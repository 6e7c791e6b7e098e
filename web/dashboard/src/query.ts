// The analyst's query: checked before the API is asked, and written into the address so a view can
// be shared (dates and a department only; the token never goes there).
import { daysBetween, validDay } from './dates.js';
import type { DashboardQuery, GroupBy } from './types.js';

/** The metrics API refuses longer ranges; the page says so first, in Chinese. */
export const MAX_DAYS = 366;
/** Beyond about a quarter, one point a day is unreadable: the trend goes by month. */
const MONTHLY_TREND_AFTER_DAYS = 92;

/**
 * What is wrong with a query, in Chinese, or '' when nothing is.
 *
 * @example
 * checkQuery({ from: '2026-06-14', to: '2026-06-01', department: '' }) // '开始日期不能晚于结束日期'
 */
export function checkQuery(q: DashboardQuery): string {
  if (!validDay(q.from) || !validDay(q.to)) return '请选择有效的开始和结束日期';
  if (q.from > q.to) return '开始日期不能晚于结束日期';
  if (daysBetween(q.from, q.to) > MAX_DAYS) return `查询范围不能超过 ${MAX_DAYS} 天，请缩短日期范围`;
  return '';
}

/** The trend's grouping for a range. */
export function trendGroupOf(q: DashboardQuery): 'day' | 'month' {
  return daysBetween(q.from, q.to) > MONTHLY_TREND_AFTER_DAYS ? 'month' : 'day';
}

/**
 * The metrics API's query string, in the order the browser tests read back from `data-query`.
 *
 * @example
 * queryString({ from: '2018-06-01', to: '2018-06-14', department: '' }, 'day')
 * // 'from=2018-06-01&to=2018-06-14&groupBy=day'
 */
export function queryString(q: DashboardQuery, groupBy: GroupBy): string {
  const p = new URLSearchParams({ from: q.from, to: q.to, groupBy });
  if (q.department) p.set('department', q.department);
  return p.toString();
}

/** The page's own address for a query: `?from=…&to=…[&department=…]`. */
export function pageSearch(q: DashboardQuery): string {
  const p = new URLSearchParams({ from: q.from, to: q.to });
  if (q.department) p.set('department', q.department);
  return `?${p.toString()}`;
}
