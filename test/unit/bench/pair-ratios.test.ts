import { describe, expect, it } from 'vitest';
import {
  binomialHalfCdf,
  median,
  medianInterval,
  pairRatios,
  verdictAgainst,
} from '../../../bench/pair-ratios.js';

describe('Function: median', () => {
  it('gives the middle value of an odd count and the mean of the two middle ones of an even count', () => {
    // Act & Assess
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('Function: pairRatios', () => {
  it('divides each handler run by the floor run of its pair', () => {
    // Act
    const ratios = pairRatios([30, 26, 45], [20, 20, 30]);

    // Assess
    expect(ratios).toEqual([1.5, 1.3, 1.5]);
  });

  it('refuses runs that do not pair up', () => {
    // Act & Assess
    expect(() => pairRatios([1, 2], [1])).toThrow(/as many floor runs/);
  });
});

describe('Function: binomialHalfCdf', () => {
  it('gives P(X ≤ k) of a fair binomial', () => {
    // Act & Assess
    expect(binomialHalfCdf(6, 0)).toBeCloseTo(1 / 64, 12);
    expect(binomialHalfCdf(9, 1)).toBeCloseTo(10 / 512, 12);
    expect(binomialHalfCdf(10, 5)).toBeCloseTo(638 / 1024, 12);
    expect(binomialHalfCdf(10, -1)).toBe(0);
    expect(binomialHalfCdf(10, 10)).toBe(1);
  });
});

describe('Function: medianInterval', () => {
  it('gives the order statistics of the textbook 95 % interval for 9 values', () => {
    // Prepare: x(2) and x(8) of 9, coverage 1 − 2 · 10/512.
    const values = [1.1, 1.2, 1.25, 1.3, 1.22, 1.18, 1.21, 1.19, 1.24];

    // Act
    const interval = medianInterval(values);

    // Assess
    expect(interval.median).toBe(1.21);
    expect(interval.low).toBe(1.18);
    expect(interval.high).toBe(1.25);
    expect(interval.coverage).toBeCloseTo(1 - 20 / 512, 12);
  });

  it('narrows to x(10)–x(22) for 31 values', () => {
    // Prepare
    const values = Array.from({ length: 31 }, (_, i) => 31 - i);

    // Act
    const interval = medianInterval(values);

    // Assess
    expect(interval).toMatchObject({ median: 16, low: 10, high: 22 });
    expect(interval.coverage).toBeGreaterThanOrEqual(0.95);
  });

  it('falls back to min–max and says its lower coverage when there are too few values for 95 %', () => {
    // Act
    const interval = medianInterval([2, 1, 3, 5, 4]);

    // Assess
    expect(interval).toMatchObject({ median: 3, low: 1, high: 5 });
    expect(interval.coverage).toBeCloseTo(1 - 2 / 32, 12);
  });

  it('refuses no values', () => {
    // Act & Assess
    expect(() => medianInterval([])).toThrow(/no values/);
  });
});

describe('Function: verdictAgainst', () => {
  it('meets when the whole interval is under the target, misses when over it, else is undecided', () => {
    // Act & Assess
    expect(verdictAgainst({ low: 1.1, high: 1.3 }, 1.3)).toBe('meets');
    expect(verdictAgainst({ low: 1.31, high: 1.6 }, 1.3)).toBe('misses');
    expect(verdictAgainst({ low: 1.2, high: 1.4 }, 1.3)).toBe('undecided');
  });
});
