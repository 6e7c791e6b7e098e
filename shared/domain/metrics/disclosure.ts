// 政务公开 the public disclosure view: per month, the city's and each department's headline figures,
// and the 接通率 of each hotline line (被整合单位热线接通率). Aggregates only: department and line names
// and counts, never a case, a caller or a staff member.
import { eachMonth, monthOf } from './periods.js';
import type { HeadlineRate, Rate, RateWithTarget } from './rates.js';
import { addUnder, type CounterTotals, emptyCounters, ratesOf, TARGETS } from './rates.js';
import type { MetricsItem } from './report.js';

export interface DepartmentFigures {
  readonly id: string;
  readonly name: string;
  readonly appeals: number;
  readonly completed: number;
  readonly onTimeRate: RateWithTarget;
  readonly satisfactionRate: RateWithTarget;
  /**
   * 回访率: the completed cases the follow-up reached. Published beside 满意率 (a rate over few
   * ratings means little without it); delivery and the split by way of rating stay internal.
   */
  readonly followUpContactRate: Rate;
}

export interface CityFigures extends Omit<DepartmentFigures, 'id' | 'name'> {
  /** 接通率: calls are the city's, not a department's. */
  readonly answerRate: RateWithTarget;
}

/** One hotline line's month: its 接通率 against the line's own target. */
export interface LineFigures {
  readonly code: string;
  readonly name: string;
  readonly answerRate: RateWithTarget;
}

export interface MonthFigures {
  readonly month: string;
  readonly city: CityFigures;
  readonly departments: readonly DepartmentFigures[];
  /** The lines with anything counted that month (calls, callbacks), sorted by code. */
  readonly lines: readonly LineFigures[];
}

export interface Disclosure {
  readonly from: string;
  readonly to: string;
  readonly targets: Readonly<Record<HeadlineRate, number>>;
  readonly months: readonly MonthFigures[];
}

export interface DisclosureInput {
  /** Months `YYYY-MM`, both included. */
  readonly from: string;
  readonly to: string;
  readonly allItems: readonly MetricsItem[];
  readonly departmentItems: readonly MetricsItem[];
  readonly callItems: readonly MetricsItem[];
  /** The `line` dimension's items. */
  readonly lineItems: readonly MetricsItem[];
  readonly departmentName: (id: string) => string | undefined;
  /** A line of the directory; an unknown one shows its code and the default target. */
  readonly line: (code: string) => { readonly name: string; readonly answerRateTarget: number } | undefined;
}

function caseFigures(counters: CounterTotals) {
  const rates = ratesOf(counters);
  return {
    appeals: counters.appeals,
    completed: counters.completed,
    onTimeRate: rates.onTimeRate,
    satisfactionRate: rates.satisfactionRate,
    followUpContactRate: rates.followUpContactRate,
  };
}

function byMonth(items: readonly MetricsItem[]): Map<string, CounterTotals> {
  const sums = new Map<string, CounterTotals>();
  for (const item of items) {
    addUnder(sums, monthOf(item.day), item.counters);
  }
  return sums;
}

/** month → value → counters, for the items of a dimension with values (department, line). */
function byMonthAndValue(items: readonly MetricsItem[]): Map<string, Map<string, CounterTotals>> {
  const out = new Map<string, Map<string, CounterTotals>>();
  for (const item of items) {
    if (item.value === undefined) continue;
    const month = monthOf(item.day);
    const perMonth = out.get(month) ?? new Map<string, CounterTotals>();
    out.set(month, perMonth);
    addUnder(perMonth, item.value, item.counters);
  }
  return out;
}

function lineFigures(code: string, counters: CounterTotals, input: DisclosureInput): LineFigures {
  const line = input.line(code);
  const targets = line ? { answerRate: line.answerRateTarget } : {};
  return { code, name: line?.name ?? code, answerRate: ratesOf(counters, targets).answerRate };
}

/**
 * The disclosure for a span of months: every month (zeros where nothing was counted), each with
 * the city's figures, one entry per department that had any item that month, sorted by id, and one
 * per line with calls that month, sorted by code.
 *
 * @example
 * buildDisclosure({ from: '2025-11', to: '2026-10', allItems, departmentItems, callItems, lineItems,
 *   departmentName: (id) => directory.departments.get(id)?.name,
 *   line: (code) => directory.lines.get(code) }).months.length // 12
 */
export function buildDisclosure(input: DisclosureInput): Disclosure {
  const city = byMonth(input.allItems);
  const calls = byMonth(input.callItems);
  const departments = byMonthAndValue(input.departmentItems);
  const lines = byMonthAndValue(input.lineItems);
  const months = eachMonth(input.from, input.to).map((month) => {
    const cityCounters = city.get(month) ?? emptyCounters();
    const answerRate = ratesOf(calls.get(month) ?? emptyCounters()).answerRate;
    const perDepartment = departments.get(month) ?? new Map<string, CounterTotals>();
    const perLine = lines.get(month) ?? new Map<string, CounterTotals>();
    return {
      month,
      city: { ...caseFigures(cityCounters), answerRate },
      departments: [...perDepartment.keys()].sort().map((id) => ({
        id,
        name: input.departmentName(id) ?? id,
        ...caseFigures(perDepartment.get(id) ?? emptyCounters()),
      })),
      lines: [...perLine.keys()]
        .sort()
        .map((code) => lineFigures(code, perLine.get(code) ?? emptyCounters(), input)),
    };
  });
  return { from: input.from, to: input.to, targets: TARGETS, months };
}
