// The metrics report as CSV for Excel in China (the conventions of shared/adapters/csv-field.ts),
// with Chinese headers.
import { BOM, csvField, csvText } from '../../shared/adapters/csv-field.js';
import { COUNTER_TEXT, RATE_TEXT } from '../../shared/domain/labels.js';
import { COUNTERS, RATES } from '../../shared/domain/metrics/rates.js';
import type { MetricsReport, MetricsRow } from '../../shared/domain/metrics/report.js';

export { BOM, csvField };

/** 分组, 名称, each counter, then each rate (the glossary's names) with its 分子 and 分母 beside it. */
export function csvHeaders(): string[] {
  return [
    '分组',
    '名称',
    ...COUNTERS.map((c) => COUNTER_TEXT[c]),
    ...RATES.flatMap((r) => [RATE_TEXT[r], `${RATE_TEXT[r]}分子`, `${RATE_TEXT[r]}分母`]),
  ];
}

function csvRow(row: MetricsRow): (string | number | null)[] {
  return [
    row.key,
    row.name,
    ...COUNTERS.map((c) => row.counts[c]),
    ...RATES.flatMap((r) => {
      const rate = row.rates[r];
      return [rate.value, rate.numerator, rate.denominator];
    }),
  ];
}

/**
 * The report's groups, then its total (分组 `total`, 名称 合计), as the text of a CSV file, BOM first.
 *
 * @example
 * metricsCsv(report).startsWith('\uFEFF分组,名称,诉求量') // true
 */
export function metricsCsv(report: MetricsReport): string {
  return csvText([csvHeaders(), ...report.groups.map(csvRow), csvRow(report.total)]);
}
