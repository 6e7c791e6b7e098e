import { describe, expect, it } from 'vitest';
import { emptyReason, metOf, num, pct, percentOf, rateText, ratioText } from '../../dashboard/src/format.js';

const rate = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : numerator / denominator,
});

describe('Module: format', () => {
  it('shows a rate with two decimals and its fraction, and "—" when there is nothing to divide by', () => {
    // Act & Assess
    expect(rateText(rate(47, 50))).toBe('94.00%');
    expect(ratioText(rate(47, 50))).toBe('47 / 50');
    expect(rateText(rate(0, 0))).toBe('—');
    expect(ratioText(undefined)).toBe('— / —');
    expect(pct(null)).toBe('—');
  });

  it('shows the mean handling time in hours with one decimal', () => {
    // Act & Assess
    expect(rateText(rate(75, 2), true)).toBe('37.5 小时');
    expect(num(12)).toBe('12');
    expect(num(2.25)).toBe('2.3');
    expect(num(Number.NaN)).toBe('—');
  });

  it('says why a rate is empty only when its denominator is zero', () => {
    // Act & Assess
    expect(emptyReason('onTimeRate', rate(0, 0))).toBe('所选期间内尚无到期工单（按办理期限当天统计）');
    expect(emptyReason('onTimeRate', rate(1, 2))).toBe('');
  });

  it('takes the API verdict on a target, else compares the value', () => {
    // Act & Assess
    expect(metOf({ ...rate(9, 10), target: 0.96, met: true }, 0.99)).toBe(true);
    expect(metOf(rate(9, 10), 0.96)).toBe(false);
    expect(metOf(rate(0, 0), 0.96)).toBeNull();
    expect(metOf(rate(9, 10), undefined)).toBeNull();
    expect(percentOf(rate(1, 3))).toBe(33.33);
  });
});
