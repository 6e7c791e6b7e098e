import { describe, expect, it } from 'vitest';
import { missingNextYear } from '../../../shared/domain/calendar/index.js';

const COVERED = new Set([2025, 2026]);

describe('Function: missingNextYear', () => {
  it.each([
    ['just over 45 days before the Shanghai year end', '2026-11-16T00:00:00+08:00', undefined],
    ['exactly 45 days before it', '2026-11-16T23:59:59+08:00', 2027],
    ['in December', '2026-12-01T10:00:00+08:00', 2027],
    ['on New Year’s Eve in Shanghai', '2026-12-31T23:00:00+08:00', 2027],
  ])('answers %s', (_when, at, expected) => {
    // Act
    const missing = missingNextYear(new Date(at), COVERED);

    // Assess
    expect(missing).toBe(expected);
  });

  it('answers nothing once next year is in the calendar', () => {
    // Act
    const missing = missingNextYear(new Date('2026-12-20T00:00:00+08:00'), new Set([2026, 2027]));

    // Assess
    expect(missing).toBeUndefined();
  });

  it('looks at the year after the Shanghai date, not the UTC one', () => {
    // Act: 1 January 2027 00:30 in Shanghai is still 2026 in UTC
    const missing = missingNextYear(new Date('2027-01-01T00:30:00+08:00'), new Set([2026, 2027]));

    // Assess: 2027 has begun in Shanghai and is covered; 2028 is 364 days away
    expect(missing).toBeUndefined();
  });
});
