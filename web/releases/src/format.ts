// Numbers and dates as the page shows them: a rate with its numerator and denominator, never bare.
import type { Rate } from '../../../shared/domain/metrics/rates.js';

export function percent(rate: Rate): string {
  return rate.value === null ? '—' : `${(rate.value * 100).toFixed(1)}%`;
}

/** 「96.0%（48 / 50）」, or 「—（0 / 0）」 when nothing was counted. */
export function rateText(rate: Rate): string {
  return `${percent(rate)}（${rate.numerator} / ${rate.denominator}）`;
}

/** 「2026年11月」 */
export function periodText(period: string): string {
  const [year, month] = period.split('-');
  return `${year}年${Number(month)}月`;
}

/** An instant in Beijing time, 「2026-12-10 10:00」. */
export function beijingTime(iso: string): string {
  const shifted = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}
