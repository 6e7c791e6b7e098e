import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, shanghaiToday, validDay } from '../../dashboard/src/dates.js';
import { checkQuery, MAX_DAYS, pageSearch, queryString, trendGroupOf } from '../../dashboard/src/query.js';

const q = (from: string, to: string, department = '') => ({ from, to, department });

describe('Module: query', () => {
  it('refuses a reversed, a malformed and a too long range in Chinese', () => {
    // Act & Assess
    expect(checkQuery(q('2018-06-14', '2018-06-01'))).toBe('开始日期不能晚于结束日期');
    expect(checkQuery(q('2018-02-30', '2018-03-01'))).toBe('请选择有效的开始和结束日期');
    expect(checkQuery(q('2017-01-01', '2018-06-01'))).toBe(`查询范围不能超过 ${MAX_DAYS} 天，请缩短日期范围`);
    expect(checkQuery(q('2018-06-01', '2018-06-14'))).toBe('');
  });

  it('writes the API query with the department only when one is chosen', () => {
    // Act & Assess
    expect(queryString(q('2018-06-01', '2018-06-14'), 'day')).toBe(
      'from=2018-06-01&to=2018-06-14&groupBy=day',
    );
    expect(queryString(q('2018-06-01', '2018-06-14', 'housing'), 'day')).toBe(
      'from=2018-06-01&to=2018-06-14&groupBy=day&department=housing',
    );
    expect(pageSearch(q('2018-06-02', '2018-06-03', 'housing'))).toBe(
      '?from=2018-06-02&to=2018-06-03&department=housing',
    );
  });

  it('draws the trend by month beyond 92 days', () => {
    // Act & Assess
    expect(trendGroupOf(q('2018-01-01', '2018-04-02'))).toBe('day');
    expect(trendGroupOf(q('2018-01-01', '2018-04-03'))).toBe('month');
  });

  it('counts Beijing days', () => {
    // Act & Assess: 16:30 UTC is already the next day in Beijing
    expect(shanghaiToday(Date.parse('2026-12-03T16:30:00Z'))).toBe('2026-12-04');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2018-06-01', '2018-06-14')).toBe(14);
    expect(validDay('2026-02-29')).toBe(false);
  });
});
