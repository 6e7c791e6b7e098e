// 趋势: the volume as bars and the three headline rates as lines, by day or by month.
import { COUNTER_TEXT, RATE_TEXT } from '../../../../shared/domain/labels.js';
import { percentOf } from '../format.js';
import { SERIES, THEME } from '../palette.js';
import { HEADLINE } from '../rate-lists.js';
import type { MetricsRow } from '../types.js';
import { canvasTooltip, drawChart } from './echarts.js';

export function renderTrend(id: string, groups: readonly MetricsRow[]): void {
  drawChart(id, {
    tooltip: canvasTooltip({ trigger: 'axis' }),
    legend: { top: 0 },
    // The volume in the brand's light tint behind the rates in the theme's series colours.
    color: [THEME.brandTint, SERIES[0], SERIES[1], SERIES[2]],
    grid: { left: 48, right: 56, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: groups.map((g) => g.key) },
    yAxis: [
      { type: 'value', name: COUNTER_TEXT.appeals, minInterval: 1 },
      // Rates live near their targets: the axis starts near the lowest, not at zero.
      { type: 'value', name: '%', scale: true, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      {
        name: COUNTER_TEXT.appeals,
        type: 'bar',
        barMaxWidth: 28,
        data: groups.map((g) => g.counts.appeals || 0),
      },
      ...HEADLINE.map((h) => ({
        name: RATE_TEXT[h.key],
        type: 'line' as const,
        yAxisIndex: 1,
        data: groups.map((g) => percentOf(g.rates[h.key])),
      })),
    ],
  });
}
