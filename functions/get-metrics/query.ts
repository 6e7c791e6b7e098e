// The query strings of the metrics routes, checked before anything is read: each refusal is a 400
// with its own code.
import {
  daysInRange,
  isDay,
  isMonth,
  lastCompleteMonths,
  monthsInRange,
} from '../../shared/domain/metrics/periods.js';
import { GROUP_BYS, type GroupBy } from '../../shared/domain/metrics/report.js';
import { BadRequestError } from '../../shared/http/errors.js';

/** A year, leap day included: longer ranges are refused rather than paged (issue 5). */
export const MAX_RANGE_DAYS = 366;
/** The public view: two years of months at most. */
export const MAX_PUBLIC_MONTHS = 24;
/** The public view without from/to: the last complete year of months. */
export const DEFAULT_PUBLIC_MONTHS = 12;

export interface MetricsQuery {
  readonly from: string;
  readonly to: string;
  readonly groupBy: GroupBy;
  readonly department: string | null;
}

type Params = Readonly<Record<string, string | undefined>> | undefined;

function day(params: Params, name: 'from' | 'to'): string {
  const value = params?.[name] ?? '';
  if (!isDay(value)) {
    throw new BadRequestError('invalid_date', `${name} 须为有效日期，格式 YYYY-MM-DD（如 2026-11-01）`);
  }
  return value;
}

/**
 * GET /v1/metrics and its CSV export: from, to (days, both included), groupBy (default day) and
 * an optional department. Whether the department exists is the handler's check (the directory).
 *
 * @example
 * parseMetricsQuery({ from: '2026-11-01', to: '2026-11-29', groupBy: 'department' })
 */
export function parseMetricsQuery(params: Params): MetricsQuery {
  const from = day(params, 'from');
  const to = day(params, 'to');
  if (from > to) throw new BadRequestError('invalid_range', 'from 不能晚于 to');
  if (daysInRange(from, to) > MAX_RANGE_DAYS) {
    throw new BadRequestError(
      'range_too_large',
      `查询范围最长 ${MAX_RANGE_DAYS} 天，请缩短日期范围或分段查询`,
    );
  }
  const groupBy = params?.groupBy || 'day';
  if (!(GROUP_BYS as readonly string[]).includes(groupBy)) {
    throw new BadRequestError('invalid_group_by', `groupBy 须为 ${GROUP_BYS.join('、')} 之一`);
  }
  const department = params?.department || null;
  // The aggregates are per department or per channel or per category, never crossed: a
  // department's channel mix is not counted, so it is refused rather than shown wrong. Lines are
  // the hotline's (like the call counters of day rows), so their rows ignore the department filter.
  if (department !== null && (groupBy === 'channel' || groupBy === 'category')) {
    throw new BadRequestError(
      'invalid_group_by',
      '按单位筛选时，groupBy 只能为 department、line、day 或 month',
    );
  }
  return { from, to, groupBy: groupBy as GroupBy, department };
}

export interface PublicQuery {
  readonly from: string;
  readonly to: string;
}

function month(value: string, name: 'from' | 'to'): string {
  if (!isMonth(value))
    throw new BadRequestError('invalid_date', `${name} 须为有效月份，格式 YYYY-MM（如 2026-10）`);
  return value;
}

/**
 * GET /v1/public/metrics: from and to as months. Without them, the last 12 complete months before
 * `today` (a Shanghai day); with only one, the other is counted from it.
 */
export function parsePublicQuery(params: Params, today: string): PublicQuery {
  const rawFrom = params?.from || undefined;
  const rawTo = params?.to || undefined;
  const fallback = lastCompleteMonths(today, DEFAULT_PUBLIC_MONTHS);
  const to = rawTo === undefined ? fallback.to : month(rawTo, 'to');
  const from =
    rawFrom === undefined
      ? lastCompleteMonths(`${to}-01`, DEFAULT_PUBLIC_MONTHS - 1).from
      : month(rawFrom, 'from');
  if (from > to) throw new BadRequestError('invalid_range', 'from 不能晚于 to');
  if (monthsInRange(from, to) > MAX_PUBLIC_MONTHS) {
    throw new BadRequestError('range_too_large', `公开数据一次最多查询 ${MAX_PUBLIC_MONTHS} 个月`);
  }
  return { from, to };
}
