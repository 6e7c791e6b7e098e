// The statistics of the bundle phase's cold imports (bench/bundles.ts): a function and its floor are
// imported in fresh processes one after the other, so each pair saw the same machine; the ratio is
// taken per pair and summarised by its median with a distribution-free 95 % confidence interval
// (order statistics of the binomial), which narrows as pairs are added, unlike the pairs' own spread.

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** handler[i] / floor[i] for each pair. */
export function pairRatios(handler: readonly number[], floor: readonly number[]): number[] {
  if (handler.length !== floor.length) throw new Error('pair ratios need as many floor runs as handler runs');
  return handler.map((h, i) => h / (floor[i] as number));
}

/** P(X ≤ k) for X ~ Binomial(n, 1/2). */
export function binomialHalfCdf(n: number, k: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  // Sum of C(n, i) / 2^n, each term from the one before, in floating point (n is at most hundreds).
  let term = 0.5 ** n;
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term = (term * (n - i + 1)) / i;
    sum += term;
  }
  return sum;
}

export interface MedianInterval {
  median: number;
  low: number;
  high: number;
  /** The interval's actual coverage (≥ the asked confidence, or less when there are too few values). */
  coverage: number;
}

/**
 * The median and a distribution-free confidence interval for it: [x₍ₖ₎, x₍ₙ₋ₖ₊₁₎] of the sorted
 * values, with the largest k whose coverage 1 − 2·P(B ≤ k − 1), B ~ Binomial(n, ½), is still at
 * least `confidence`. Fewer than 6 values cannot give 95 %: the interval is then min–max and its
 * coverage says how much less it is.
 *
 * @example medianInterval([1.1, 1.2, 1.25, 1.3, 1.22, 1.18, 1.21, 1.19, 1.24]) // { median: 1.21, low: 1.18, high: 1.25, coverage: 0.961 }
 */
export function medianInterval(values: readonly number[], confidence = 0.95): MedianInterval {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) throw new Error('no values');
  let k = 1;
  while (k + 1 <= Math.ceil(n / 2) && 1 - 2 * binomialHalfCdf(n, k) >= confidence) k++;
  return {
    median: median(sorted),
    low: sorted[k - 1] as number,
    high: sorted[n - k] as number,
    coverage: 1 - 2 * binomialHalfCdf(n, k - 1),
  };
}

export type Verdict = 'meets' | 'misses' | 'undecided';

/**
 * Against a ceiling: meets when the whole interval is at or under it, misses when the whole interval
 * is over it, undecided when the interval holds the target (its spread is wider than the margin).
 */
export function verdictAgainst(interval: Pick<MedianInterval, 'low' | 'high'>, target: number): Verdict {
  if (interval.high <= target) return 'meets';
  if (interval.low > target) return 'misses';
  return 'undecided';
}
