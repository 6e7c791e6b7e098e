// 政务公开 the public disclosure view: per month, the city's and each department's headline figures.
// Aggregates only: department names and counts, never a case, a caller or a staff member.
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

export interface MonthFigures {
  readonly month: string;
  readonly city: CityFigures;
  readonly departments: readonly DepartmentFigures[];
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
  readonly departmentName: (id: string) => string | undefined;
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

/**
 * The disclosure for a span of months: every month (zeros where nothing was counted), each with
 * the city's figures and one entry per department that had any item that month, sorted by id.
 *
 * @example
 * buildDisclosure({ from: '2025-11', to: '2026-10', allItems, departmentItems, callItems,
 *   departmentName: (id) => directory.departments.get(id)?.name }).months.length // 12
 */
export function buildDisclosure(input: DisclosureInput): Disclosure {
  const city = byMonth(input.allItems);
  const calls = byMonth(input.callItems);
  const departments = new Map<string, Map<string, CounterTotals>>();
  for (const item of input.departmentItems) {
    if (item.value === undefined) continue;
    const month = monthOf(item.day);
    const perMonth = departments.get(month) ?? new Map<string, CounterTotals>();
    departments.set(month, perMonth);
    addUnder(perMonth, item.value, item.counters);
  }
  const months = eachMonth(input.from, input.to).map((month) => {
    const cityCounters = city.get(month) ?? emptyCounters();
    const answerRate = ratesOf(calls.get(month) ?? emptyCounters()).answerRate;
    const perDepartment = departments.get(month) ?? new Map<string, CounterTotals>();
    return {
      month,
      city: { ...caseFigures(cityCounters), answerRate },
      departments: [...perDepartment.keys()].sort().map((id) => ({
        id,
        name: input.departmentName(id) ?? id,
        ...caseFigures(perDepartment.get(id) ?? emptyCounters()),
      })),
    };
  });
  return { from: input.from, to: input.to, targets: TARGETS, months };
}
