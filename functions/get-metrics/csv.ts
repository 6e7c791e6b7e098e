// The metrics report as CSV for Excel in China: UTF-8 with a BOM (without it Excel reads GBK and
// garbles the Chinese), Chinese headers, RFC 4180 quoting and CRLF line ends.
import type { CounterName, RateName } from '../../shared/domain/metrics/rates.js';
import { COUNTERS, RATES } from '../../shared/domain/metrics/rates.js';
import type { MetricsReport, MetricsRow } from '../../shared/domain/metrics/report.js';

export const BOM = '\uFEFF';

const COUNTER_HEADERS: Readonly<Record<CounterName, string>> = {
  appeals: '诉求量',
  directResolutions: '直接办结量',
  repeats: '重复诉求量',
  merged: '并单量',
  dispatches: '派单量',
  returns: '退单量',
  completed: '办结量',
  handlingSecondsSum: '办理总时长（秒）',
  slaDue: '到期应办结量',
  slaOnTime: '按时办结量',
  ratings: '回访评价量',
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  dissatisfied: '不满意',
  callsQueued: '进线量',
  callsAnswered: '接通量',
  callsAnsweredIn15s: '15秒内接通量',
  callsAbandoned: '放弃量',
};

const RATE_HEADERS: Readonly<Record<RateName, string>> = {
  answerRate: '接通率',
  answeredIn15sRate: '15秒接通率',
  abandonRate: '呼损率',
  onTimeRate: '按时办结率',
  satisfactionRate: '满意率',
  feedbackResponseRate: '回访评价率',
  directResolutionRate: '直接办结率',
  misrouteRate: '退单率',
  repeatRate: '重复来电率',
  avgHandlingHours: '平均办理时长（小时）',
};

/** 分组, 名称, each counter, then each rate with its 分子 and 分母 beside it. */
export function csvHeaders(): string[] {
  return [
    '分组',
    '名称',
    ...COUNTERS.map((c) => COUNTER_HEADERS[c]),
    ...RATES.flatMap((r) => [RATE_HEADERS[r], `${RATE_HEADERS[r]}分子`, `${RATE_HEADERS[r]}分母`]),
  ];
}

/**
 * One RFC 4180 field. Text that Excel would run as a formula (=, +, -, @ first) gets a leading
 * apostrophe: names come from the directory, which an operator, not this code, writes.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
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
