// The metric formulas of DESIGN §7: the metrics table's counters in, every rate with its numerator
// and denominator out. The aggregates are sums, so a rate over any range or group is the ratio of
// summed counters, never an average of daily rates.

import type { FeedbackVia } from '../lifecycle/fields.js';
import {
  CALL_COUNTERS,
  CALLBACK_COUNTERS,
  CASE_COUNTERS,
  COUNTERS,
  type CounterName,
  HOTLINE_COUNTERS,
} from './counters.js';

export { CALL_COUNTERS, CALLBACK_COUNTERS, CASE_COUNTERS, COUNTERS, type CounterName, HOTLINE_COUNTERS };

/** Every counter of a row, summed over its items: absent ones are 0 here, never undefined. */
export type CounterTotals = Record<CounterName, number>;

export const RATES = [
  'answerRate',
  'answeredIn15sRate',
  'abandonRate',
  'onTimeRate',
  'satisfactionRate',
  'feedbackResponseRate',
  'directResolutionRate',
  'misrouteRate',
  'repeatRate',
  'avgHandlingHours',
  'noticeDeliveryRate',
  'followUpContactRate',
  'satisfactionRateWeb',
  'satisfactionRateWechat',
  'satisfactionRatePhone',
  'callbackRate',
  'callbackOnTimeRate',
] as const;
export type RateName = (typeof RATES)[number];

/**
 * Reaching the citizen back: 通知送达率, 回访率 and 满意率 by how the rating was taken (beside the
 * overall `satisfactionRate`). The dashboard's 通知与回访 section and the demo's summary show these.
 */
export const REACH_RATES = [
  'noticeDeliveryRate',
  'followUpContactRate',
  'satisfactionRateWeb',
  'satisfactionRateWechat',
  'satisfactionRatePhone',
] as const satisfies readonly RateName[];
export type ReachRate = (typeof REACH_RATES)[number];

/** 满意率 of the ratings taken each way (`feedback.via`; see contributions.ts for ratings without one). */
export const SATISFACTION_RATE_BY_VIA = {
  web: 'satisfactionRateWeb',
  wechat: 'satisfactionRateWechat',
  phone: 'satisfactionRatePhone',
} as const satisfies Readonly<Record<FeedbackVia, RateName>>;

/** The three headline rates a 12345 centre publishes targets for. */
export type HeadlineRate = 'answerRate' | 'onTimeRate' | 'satisfactionRate';

/** Seed targets (DESIGN §1: one city's published commitments); a rate meets its target at ≥. */
export const TARGETS: Readonly<Record<HeadlineRate, number>> = {
  answerRate: 0.98,
  onTimeRate: 0.96,
  satisfactionRate: 0.98,
};

export interface Rate {
  readonly numerator: number;
  readonly denominator: number;
  /** null when nothing was counted: 0/0 is "no data", not 0 % nor 100 %. */
  readonly value: number | null;
}

export interface RateWithTarget extends Rate {
  readonly target: number;
  /** null when there is no value to judge. */
  readonly met: boolean | null;
}

export type Rates = { [K in RateName]: K extends HeadlineRate ? RateWithTarget : Rate };

/** 漏接回拨: the rates of the callback counters (callback-contributions.ts counts them). */
export const CALLBACK_RATES = ['callbackRate', 'callbackOnTimeRate'] as const satisfies readonly RateName[];

/**
 * Each rate as numerator and denominator over the counters (DESIGN §7, the metrics contract).
 *
 * 接通率 and callbacks (the one rule): an abandoned call that was called back stays abandoned.
 * `answerRate` is calls answered by an agent ÷ calls that entered the queue, as DESIGN §7 says; a
 * callback is an outbound call the centre made later, not the inbound call being answered, so it
 * never moves a call from `callsAbandoned` to `callsAnswered`. Counting it would let a centre reach
 * 98 % by calling abandoned callers back instead of answering, and would make a day's answer rate
 * change long after the day, as callbacks land. What callbacks achieve is measured beside it, by
 * `callbackRate` (回拨率) and `callbackOnTimeRate` (按时回拨率).
 */
const FORMULAS: Readonly<Record<RateName, (c: CounterTotals) => readonly [number, number]>> = {
  answerRate: (c) => [c.callsAnswered, c.callsQueued],
  answeredIn15sRate: (c) => [c.callsAnsweredIn15s, c.callsQueued],
  abandonRate: (c) => [c.callsAbandoned, c.callsQueued],
  onTimeRate: (c) => [c.slaOnTime, c.slaDue],
  satisfactionRate: (c) => [c.satisfied + c.basicallySatisfied, c.ratings],
  // A disclosure request's reply is completed but never rated: not in the denominator.
  feedbackResponseRate: (c) => [c.ratings, c.completed - c.disclosureReplies],
  directResolutionRate: (c) => [c.directResolutions, c.appeals],
  misrouteRate: (c) => [c.returns, c.dispatches],
  repeatRate: (c) => [c.repeats, c.appeals],
  // A mean, in hours: total handling hours over the cases completed.
  avgHandlingHours: (c) => [c.handlingSecondsSum / 3600, c.completed],
  noticeDeliveryRate: (c) => [c.noticesDelivered, c.noticesQueued],
  followUpContactRate: (c) => [c.followUpContacted, c.completed - c.disclosureReplies],
  satisfactionRateWeb: (c) => [c.satisfiedOrBasicViaWeb, c.ratingsViaWeb],
  satisfactionRateWechat: (c) => [c.satisfiedOrBasicViaWechat, c.ratingsViaWechat],
  satisfactionRatePhone: (c) => [c.satisfiedOrBasicViaPhone, c.ratingsViaPhone],
  // 回拨率: missed calls whose caller a callback reached ÷ missed calls that needed a callback (a
  // caller who got through by themselves before the call's deadline needed none).
  callbackRate: (c) => [c.callbacksReached, c.callbacksDue],
  // 按时回拨率: the same, reached no later than the call's callback deadline.
  callbackOnTimeRate: (c) => [c.callbacksReachedOnTime, c.callbacksDue],
};

/** All counters at zero: an absent counter in the table is a zero. */
export function emptyCounters(): CounterTotals {
  return Object.fromEntries(COUNTERS.map((name) => [name, 0])) as CounterTotals;
}

/**
 * The counters of one metrics-table item. Anything else on it (keys, `day`, `value`, the
 * projection's `_` bookkeeping) is ignored, and a missing or non-numeric counter reads as 0.
 *
 * @example
 * countersOf({ pk: 'all', sk: '2026-11-02', day: '2026-11-02', appeals: 12, _applied: 'x' }).appeals // 12
 */
export function countersOf(item: Readonly<Record<string, unknown>>): CounterTotals {
  const counters = emptyCounters();
  for (const name of COUNTERS) {
    const value = item[name];
    if (typeof value === 'number' && Number.isFinite(value)) counters[name] = value;
  }
  return counters;
}

/** Adds `more` into `into` (mutating it, so a long range sums without a copy per item). */
export function addInto(into: CounterTotals, more: Readonly<CounterTotals>): CounterTotals {
  for (const name of COUNTERS) into[name] += more[name];
  return into;
}

/** Adds counters into the sum kept under `key`, starting it at zero. */
export function addUnder<K>(sums: Map<K, CounterTotals>, key: K, more: Readonly<CounterTotals>): void {
  const sum = sums.get(key);
  if (sum) addInto(sum, more);
  else sums.set(key, addInto(emptyCounters(), more));
}

/** The sum of any number of counter sets. */
export function sumCounters(all: Iterable<Readonly<CounterTotals>>): CounterTotals {
  const total = emptyCounters();
  for (const counters of all) addInto(total, counters);
  return total;
}

export function rateOf(numerator: number, denominator: number): Rate {
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
}

function withTarget(rate: Rate, target: number): RateWithTarget {
  return { ...rate, target, met: rate.value === null ? null : rate.value >= target };
}

/**
 * Every rate of DESIGN §7 over these counters, the three headline rates with their target. `targets`
 * overrides some of them: a hotline line's 接通率 is judged against that line's own target.
 *
 * @example
 * ratesOf({ ...emptyCounters(), slaDue: 50, slaOnTime: 48 }).onTimeRate
 * // { numerator: 48, denominator: 50, value: 0.96, target: 0.96, met: true }
 * ratesOf(lineCounters, { answerRate: 0.95 }).answerRate.target // 0.95
 */
export function ratesOf(
  counters: Readonly<CounterTotals>,
  targets: Partial<Readonly<Record<HeadlineRate, number>>> = {},
): Rates {
  const rates = {} as Record<RateName, Rate | RateWithTarget>;
  for (const name of RATES) {
    const [numerator, denominator] = FORMULAS[name](counters);
    const rate = rateOf(numerator, denominator);
    rates[name] =
      name in TARGETS
        ? withTarget(rate, targets[name as HeadlineRate] ?? TARGETS[name as HeadlineRate])
        : rate;
  }
  return rates as Rates;
}
