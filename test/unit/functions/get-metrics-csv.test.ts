import { describe, expect, it } from 'vitest';
import { BOM, csvField, csvHeaders, metricsCsv } from '../../../functions/get-metrics/csv.js';
import { emptyCounters } from '../../../shared/domain/metrics/rates.js';
import { buildReport } from '../../../shared/domain/metrics/report.js';

describe('Function: get-metrics CSV', () => {
  it.each([
    ['市水务集团', '市水务集团'],
    ['a,b', '"a,b"'],
    ['说"明"', '"说""明"""'],
    ['两行\r\n文本', '"两行\r\n文本"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['-1', "'-1"],
  ])('writes the text %j as the RFC 4180 field %j', (value, expected) => {
    // Act & Assess
    expect(csvField(value)).toBe(expected);
  });

  it.each([
    ['a leading NUL', '\0=1+1'],
    ['a leading tab', '\t=1+1'],
    ['a leading carriage return', '\r=1+1'],
    ['a leading line feed', '\n=1+1'],
    ['a leading space before =', ' =HYPERLINK("x")'],
    ['a leading ideographic space before +', '\u3000+1'],
    ['a leading no-break space before @', '\u00a0@SUM(A1)'],
    ['a full-width equals sign', '＝1+1'],
    ['a full-width plus sign', '＋1'],
    ['a full-width minus sign', '－1'],
    ['a full-width at sign', '＠SUM(A1)'],
    ['a pipe (DDE)', "|cmd '/c calc'!A1"],
    ['a plus sign', '+1'],
    ['an at sign', '@SUM(A1)'],
  ])('neutralises %s with a leading apostrophe', (_what, value) => {
    // Act
    const field = csvField(value);

    // Assess
    const unquoted = field.startsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field;
    expect(unquoted).toBe(`'${value}`);
  });

  it.each([['市水务集团'], ['a-b'], [' 市水务集团'], ['2026-11-01']])(
    'leaves the text %j that no spreadsheet reads as a formula as it is',
    (value) => {
      // Act & Assess
      expect(csvField(value)).toBe(value);
    },
  );

  it('writes numbers as they are and a null rate as an empty field', () => {
    // Act & Assess
    expect(csvField(0.975)).toBe('0.975');
    expect(csvField(0)).toBe('0');
    expect(csvField(null)).toBe('');
  });

  it('names every column in Chinese, each rate beside its numerator and denominator', () => {
    // Act
    const headers = csvHeaders();

    // Assess
    expect(new Set(headers).size).toBe(headers.length);
    expect(headers.slice(headers.indexOf('接通率'), headers.indexOf('接通率') + 3)).toEqual([
      '接通率',
      '接通率分子',
      '接通率分母',
    ]);
  });

  it('quotes a name with a comma, so every line keeps the header row’s column count', () => {
    // Prepare
    const report = buildReport({
      from: '2026-11-01',
      to: '2026-11-01',
      groupBy: 'department',
      department: null,
      totalItems: [],
      groupItems: [{ day: '2026-11-01', value: 'odd', counters: { ...emptyCounters(), appeals: 1 } }],
      callItems: [],
      nameOf: () => '甲,乙办公室',
    });

    // Act
    const text = metricsCsv(report);

    // Assess
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, row] = text.slice(1).split('\r\n');
    expect(row).toContain('"甲,乙办公室"');
    const columns = (line: string) => line.replace(/"[^"]*"/g, 'x').split(',').length;
    expect(columns(row ?? '')).toBe(columns(header ?? ''));
  });

  it('writes the delivery, follow-up and per-way satisfaction rates with their 分子 and 分母', () => {
    // Prepare
    const counters = {
      ...emptyCounters(),
      completed: 8,
      followUpContacted: 6,
      noticesQueued: 10,
      noticesDelivered: 9,
      ratings: 5,
      satisfied: 4,
      ratingsViaWeb: 2,
      satisfiedOrBasicViaWeb: 2,
      ratingsViaPhone: 3,
      satisfiedOrBasicViaPhone: 2,
    };
    const report = buildReport({
      from: '2026-11-01',
      to: '2026-11-01',
      groupBy: 'day',
      department: null,
      totalItems: [{ day: '2026-11-01', counters }],
      groupItems: [{ day: '2026-11-01', counters }],
      callItems: [],
      nameOf: () => undefined,
    });

    // Act
    const [header, , total] = metricsCsv(report).slice(1).split('\r\n');
    const columns = (header ?? '').split(',');
    const values = (total ?? '').split(',');
    const at = (name: string) => values[columns.indexOf(name)];

    // Assess
    const expected: [string, string][] = [
      ['通知送达率', '0.9'],
      ['通知送达率分子', '9'],
      ['通知送达率分母', '10'],
      ['回访率', '0.75'],
      ['回访率分子', '6'],
      ['回访率分母', '8'],
      ['满意率（网页评价）', '1'],
      ['满意率（网页评价）分子', '2'],
      ['满意率（网页评价）分母', '2'],
      ['满意率（微信评价）', ''],
      ['满意率（微信评价）分子', '0'],
      ['满意率（微信评价）分母', '0'],
      ['满意率（电话回访）分子', '2'],
      ['满意率（电话回访）分母', '3'],
      ['通知量', '10'],
      ['通知送达量', '9'],
      ['回访触达量', '6'],
      ['电话回访评价量', '3'],
    ];
    for (const [name, value] of expected) expect(at(name), name).toBe(value);
    expect(columns.indexOf('满意率（电话回访）分母')).toBe(columns.indexOf('满意率（电话回访）') + 2);
  });
});
