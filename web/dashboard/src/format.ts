// The API's numbers, shown the same way everywhere (the browser tests compare them with the API's
// answer formatted the same way): nothing here recomputes a rate.
import { RATE_EMPTY_TEXT } from '../../../shared/domain/labels.js';
import type { AnyRate, RateName } from './types.js';

/**
 * A count or a mean: integers as they are, anything else to one decimal, "—" for no number.
 *
 * @example
 * num(12) // '12'
 */
export function num(n: unknown): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/**
 * A fraction as a percentage with two decimals.
 *
 * @example
 * pct(0.96) // '96.00%'
 */
export function pct(v: number | null | undefined): string {
  return typeof v === 'number' ? `${(v * 100).toFixed(2)}%` : '—';
}

/** A rate's figure: "—" when there is nothing to divide by; hours for the mean handling time. */
export function rateText(rate: AnyRate | undefined, hours = false): string {
  if (!rate || rate.value === null || rate.value === undefined) return '—';
  return hours ? `${rate.value.toFixed(1)} 小时` : pct(rate.value);
}

/**
 * 分子 / 分母, always beside a rate: a rate over three ratings must not pass for one over three hundred.
 *
 * @example
 * ratioText({ numerator: 47, denominator: 50, value: 0.94 }) // '47 / 50'
 */
export function ratioText(rate: AnyRate | undefined): string {
  return rate ? `${num(rate.numerator)} / ${num(rate.denominator)}` : '— / —';
}

/** Why a rate is "—": nothing in the range to divide by (no calls, no deadline, no rating…). */
export function emptyReason(key: RateName, rate: AnyRate | undefined): string {
  return rate && rate.denominator === 0 ? RATE_EMPTY_TEXT[key] : '';
}

/** Whether a rate meets its target: the API's verdict when it gives one, else value ≥ target. */
export function metOf(rate: AnyRate | undefined, target: number | undefined): boolean | null {
  if (!rate || rate.value === null || rate.value === undefined) return null;
  if ('met' in rate && typeof rate.met === 'boolean') return rate.met;
  return typeof target === 'number' ? rate.value >= target : null;
}

/** A rate in percent for a chart's axis (two decimals), null when there is no value. */
export function percentOf(rate: AnyRate | undefined): number | null {
  return rate && typeof rate.value === 'number' ? +(rate.value * 100).toFixed(2) : null;
}

/** The data-* attributes a rate's element carries, so a test reads the API's figures back. */
export function rateAttrs(key: RateName, rate: AnyRate | undefined): Record<string, string> {
  return {
    'data-rate': key,
    'data-numerator': rate ? String(rate.numerator) : '',
    'data-denominator': rate ? String(rate.denominator) : '',
    'data-value': rate && rate.value !== null && rate.value !== undefined ? String(rate.value) : '',
  };
}
