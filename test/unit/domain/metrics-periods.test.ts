import { describe, expect, it } from 'vitest';
import {
  daysInRange,
  daysOfMonths,
  eachDay,
  eachMonth,
  isDay,
  isMonth,
  lastCompleteMonths,
  monthsInRange,
} from '../../../shared/domain/metrics/periods.js';

describe('Metrics: periods', () => {
  it.each([
    ['2026-11-29', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-11-29T00:00:00Z', false],
    ['', false],
  ])('isDay(%j) is %s', (text, expected) => {
    expect(isDay(text)).toBe(expected);
  });

  it.each([
    ['2026-11', true],
    ['2026-00', false],
    ['2026-13', false],
    ['2026-1', false],
  ])('isMonth(%j) is %s', (text, expected) => {
    expect(isMonth(text)).toBe(expected);
  });

  it('counts days with both ends included, across a leap day', () => {
    expect(daysInRange('2026-11-29', '2026-11-29')).toBe(1);
    expect(daysInRange('2024-01-01', '2024-12-31')).toBe(366);
    expect(daysInRange('2026-11-02', '2026-11-01')).toBe(0);
    expect(eachDay('2024-02-28', '2024-03-01')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
  });

  it('lists months across a year boundary and finds their first and last days', () => {
    expect(eachMonth('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsInRange('2024-11', '2026-10')).toBe(24);
    expect(daysOfMonths('2024-01', '2024-02')).toEqual({ from: '2024-01-01', to: '2024-02-29' });
    expect(daysOfMonths('2025-12', '2025-12')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('finds the last complete months before today, across a year boundary', () => {
    expect(lastCompleteMonths('2026-11-29', 12)).toEqual({ from: '2025-11', to: '2026-10' });
    expect(lastCompleteMonths('2026-01-01', 1)).toEqual({ from: '2025-12', to: '2025-12' });
  });
});
