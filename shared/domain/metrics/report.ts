// The analysts' metrics report (GET /v1/metrics, the metrics contract): metrics-table items of a date
// range in, a total and one row per group out, each with its counters and every rate.
import { eachDay, eachMonth, monthOf } from './periods.js';
import {
  addInto,
  addUnder,
  type CounterTotals,
  emptyCounters,
  type HeadlineRate,
  HOTLINE_COUNTERS,
  type Rates,
  ratesOf,
  sumCounters,
  TARGETS,
} from './rates.js';

/** The total row's key (分组 in the CSV): reserved, so no department, channel or category has it. */
export const TOTAL_KEY = 'total';

export const GROUP_BYS = ['department', 'channel', 'category', 'line', 'day', 'month'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

/** One item of the metrics table, as the adapter reads it: a day, a dimension value, its counters. */
export interface MetricsItem {
  readonly day: string;
  /** The department id, channel, category or line code; absent in the `all` and `call` dimensions. */
  readonly value?: string;
  readonly counters: CounterTotals;
}

export interface MetricsRow {
  readonly key: string;
  /** The Chinese display name; the key itself for a day or a month. */
  readonly name: string;
  readonly counts: CounterTotals;
  readonly rates: Rates;
}

export interface MetricsReport {
  readonly from: string;
  readonly to: string;
  readonly groupBy: GroupBy;
  readonly department: string | null;
  readonly targets: Readonly<Record<HeadlineRate, number>>;
  readonly total: MetricsRow;
  readonly groups: readonly MetricsRow[];
}

export interface ReportInput {
  readonly from: string;
  readonly to: string;
  readonly groupBy: GroupBy;
  /** Only this department's cases, when set. */
  readonly department: string | null;
  /**
   * The case counters behind the total: the `all` dimension, or with a department filter that
   * department's items (cases without a department count in `all` only, so the total is never a
   * sum of department rows).
   */
  readonly totalItems: readonly MetricsItem[];
  /** Items of the grouped dimension; for day and month, the same items as the total. */
  readonly groupItems: readonly MetricsItem[];
  /** The `call` dimension: city-wide, since a call belongs to no department, channel or category. */
  readonly callItems: readonly MetricsItem[];
  /** Display names of departments, channels, categories and lines; an unknown key shows as itself. */
  readonly nameOf: (key: string) => string | undefined;
  /**
   * groupBy=line: the lines of the directory, each listed even with nothing counted (a merged line
   * with no calls is still measured against its target), with its own 接通率 target.
   */
  readonly lines?: readonly { readonly code: string; readonly answerRateTarget: number }[];
}

function row(
  key: string,
  name: string,
  counts: CounterTotals,
  targets?: Partial<Record<HeadlineRate, number>>,
): MetricsRow {
  return { key, name, counts, rates: ratesOf(counts, targets) };
}

/** CounterTotals summed per key, each key starting from zero. */
function sumBy(items: readonly MetricsItem[], keyOf: (item: MetricsItem) => string | undefined) {
  const sums = new Map<string, CounterTotals>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== undefined) addUnder(sums, key, item.counters);
  }
  return sums;
}

/**
 * Only the hotline counters (calls, callbacks) of summed call or line items, so case counters never
 * leak in from those partitions.
 */
function callPart(counters: CounterTotals | undefined): CounterTotals {
  const part = emptyCounters();
  if (counters) for (const name of HOTLINE_COUNTERS) part[name] = counters[name];
  return part;
}

function withCalls(cases: CounterTotals | undefined, calls: CounterTotals | undefined): CounterTotals {
  const counts = emptyCounters();
  if (cases) addInto(counts, cases);
  for (const name of HOTLINE_COUNTERS) counts[name] = 0;
  return addInto(counts, callPart(calls));
}

/**
 * One row per line: every line of the directory and any other line calls were counted on (a line
 * removed from the directory keeps its history), sorted by code. Hotline counters only; each row's
 * 接通率 is judged against its line's target (the default for a line the directory does not know).
 */
function lineRows(input: ReportInput): MetricsRow[] {
  const sums = sumBy(input.groupItems, (i) => i.value);
  const targets = new Map((input.lines ?? []).map((l) => [l.code, l.answerRateTarget]));
  for (const code of targets.keys()) if (!sums.has(code)) sums.set(code, emptyCounters());
  return [...sums.keys()].sort().map((code) => {
    const target = targets.get(code);
    return row(
      code,
      input.nameOf(code) ?? code,
      withCalls(undefined, sums.get(code)),
      target === undefined ? undefined : { answerRate: target },
    );
  });
}

/**
 * The report of the metrics contract. Day and month groups cover every day or month of the range
 * (zeros where nothing was counted, so a trend has no gaps) and carry the city's call counters;
 * department, channel and category groups are those with any item in the range (and the filtered
 * department always), sorted by key, without call data (a call belongs to none of them). Line groups
 * hold the hotline's counters only (calls and callbacks of that line), whatever the department filter.
 *
 * @example
 * buildReport({ from: '2026-11-01', to: '2026-11-29', groupBy: 'day', department: null,
 *   totalItems, groupItems: totalItems, callItems, nameOf: () => undefined }).groups.length // 29
 */
export function buildReport(input: ReportInput): MetricsReport {
  const { from, to, groupBy, department } = input;
  const calls = sumCounters(input.callItems.map((i) => callPart(i.counters)));
  const total = row(
    TOTAL_KEY,
    '合计',
    withCalls(sumCounters(input.totalItems.map((i) => i.counters)), calls),
  );

  let groups: MetricsRow[];
  if (groupBy === 'day' || groupBy === 'month') {
    const keyOf = groupBy === 'day' ? (i: MetricsItem) => i.day : (i: MetricsItem) => monthOf(i.day);
    const cases = sumBy(input.groupItems, keyOf);
    const callsBy = sumBy(input.callItems, keyOf);
    const keys = groupBy === 'day' ? eachDay(from, to) : eachMonth(monthOf(from), monthOf(to));
    groups = keys.map((key) => row(key, key, withCalls(cases.get(key), callsBy.get(key))));
  } else if (groupBy === 'line') {
    groups = lineRows(input);
  } else {
    const sums = sumBy(input.groupItems, (i) => i.value);
    if (department !== null && groupBy === 'department' && !sums.has(department)) {
      sums.set(department, emptyCounters());
    }
    groups = [...sums.keys()]
      .sort()
      .map((key) => row(key, input.nameOf(key) ?? key, withCalls(sums.get(key), undefined)));
  }
  return { from, to, groupBy, department, targets: TARGETS, total, groups };
}
