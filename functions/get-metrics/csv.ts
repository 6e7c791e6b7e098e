// The metrics report as CSV for Excel in China: UTF-8 with a BOM (without it Excel reads GBK and
// garbles the Chinese), Chinese headers, RFC 4180 quoting and CRLF line ends.
import { COUNTER_TEXT, RATE_TEXT } from '../../shared/domain/labels.js';
import { COUNTERS, RATES } from '../../shared/domain/metrics/rates.js';
import type { MetricsReport, MetricsRow } from '../../shared/domain/metrics/report.js';

export const BOM = '\uFEFF';

/** 分组, 名称, each counter, then each rate (the glossary's names) with its 分子 and 分母 beside it. */
export function csvHeaders(): string[] {
  return [
    '分组',
    '名称',
    ...COUNTERS.map((c) => COUNTER_TEXT[c]),
    ...RATES.flatMap((r) => [RATE_TEXT[r], `${RATE_TEXT[r]}分子`, `${RATE_TEXT[r]}分母`]),
  ];
}

/**
 * What a spreadsheet may read as a formula or a DDE call (OWASP's CSV injection guidance, ASVS
 * 5.0 1.2.10): `=`, `+`, `-`, `@`, `|` or their full-width forms (what a Chinese input method
 * types by default) first, also behind leading whitespace or control characters, which some
 * spreadsheets skip; and any leading control character (NUL, tab, CR, LF …) on its own.
 */
const FORMULA_START = /^(?:\p{Cc}|[\s\p{Cc}]*[=+\-@|\uff1d\uff0b\uff0d\uff20])/u;

/**
 * One RFC 4180 field. Text that a spreadsheet could run as a formula gets a leading apostrophe
 * (shown by no spreadsheet, kept by a plain reader): names come from the directory, which an
 * operator, not this code, writes.
 *
 * @example
 * csvField(' =HYPERLINK("x")') // '"\' =HYPERLINK(""x"")"'
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
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
  const lines = [csvHeaders(), ...report.groups.map(csvRow), csvRow(report.total)].map((fields) =>
    fields.map(csvField).join(','),
  );
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
