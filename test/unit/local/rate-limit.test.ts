import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT, rateLimitFromEnv, TokenBuckets } from '../../../local/rate-limit.js';

describe('Class: TokenBuckets', () => {
  it('allows a burst, then refuses with the seconds until the next token', () => {
    // Prepare
    const buckets = new TokenBuckets({ ratePerSecond: 2, burst: 3 }, () => 0);

    // Act
    const decisions = [1, 2, 3, 4].map(() => buckets.take('10.0.0.1'));

    // Assess
    expect(decisions.slice(0, 3).every((d) => d.allowed)).toBe(true);
    expect(decisions[3]).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills at the configured rate', () => {
    // Prepare
    let now = 0;
    const buckets = new TokenBuckets({ ratePerSecond: 2, burst: 1 }, () => now);
    buckets.take('a');

    // Act
    now = 400;
    const early = buckets.take('a');
    now = 1_000;
    const later = buckets.take('a');

    // Assess
    expect(early.allowed).toBe(false);
    expect(later.allowed).toBe(true);
  });

  it('keeps one bucket per client', () => {
    // Prepare
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1 }, () => 0);
    buckets.take('a');

    // Act
    const other = buckets.take('b');

    // Assess
    expect(other.allowed).toBe(true);
  });
});

describe('Function: rateLimitFromEnv', () => {
  it.each([
    [undefined, DEFAULT_RATE_LIMIT],
    ['off', undefined],
    ['100/200', { ratePerSecond: 100, burst: 200 }],
  ])('reads %s', (value, expected) => {
    // Act & Assess
    expect(rateLimitFromEnv(value)).toEqual(expected);
  });

  it('refuses a malformed value', () => {
    // Act & Assess
    expect(() => rateLimitFromEnv('fast')).toThrow(/LOCAL_RATE_LIMIT/);
  });
});
