// Report rows as GET /v1/metrics answers them, built by the contract's own code from counters.
import { countersOf, ratesOf } from '../../../shared/domain/metrics/rates.js';
import type { MetricsRow } from '../../dashboard/src/types.js';

/** A department row with these counters (absent ones zero) and every rate computed from them. */
export function departmentRow(key: string, counters: Record<string, number>, name = key): MetricsRow {
  const counts = countersOf(counters);
  return { key, name, counts, rates: ratesOf(counts) };
}

/** A hotline line's row: its call and callback counters, its 接通率 judged against its own target. */
export function lineRow(
  key: string,
  name: string,
  counters: Record<string, number>,
  target = 0.98,
): MetricsRow {
  const counts = countersOf(counters);
  return { key, name, counts, rates: ratesOf(counts, { answerRate: target }) };
}
