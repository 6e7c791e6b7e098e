// 满意率 by way of rating (网页, 微信, 电话回访) beside all ways, the fraction standing on each bar.
import { RATE_TEXT } from '../../../../shared/domain/labels.js';
import { percentOf, ratioText } from '../format.js';
import { SERIES, THEME } from '../palette.js';
import { SATISFACTION_WAYS } from '../rate-lists.js';
import type { MetricsRow } from '../types.js';
import { canvasTooltip, drawChart } from './echarts.js';

export function renderReachChart(id: string, total: MetricsRow): void {
  drawChart(id, {
    tooltip: canvasTooltip({ trigger: 'axis', axisPointer: { type: 'shadow' } }),
    grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: SATISFACTION_WAYS.map((w) => w.name) },
    yAxis: { type: 'value', name: '%', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: RATE_TEXT.satisfactionRate,
        type: 'bar',
        barMaxWidth: 36,
        // The fraction stands on each bar: a rate over three ratings must not pass for one over three hundred.
        label: {
          show: true,
          position: 'top',
          formatter: (p: { dataIndex: number }) =>
            ratioText(total.rates[SATISFACTION_WAYS[p.dataIndex]?.key ?? 'satisfactionRate']),
        },
        data: SATISFACTION_WAYS.map((w) => ({
          value: percentOf(total.rates[w.key]),
          itemStyle: { color: w.key === 'satisfactionRate' ? THEME.brand : SERIES[2] },
        })),
      },
    ],
  });
}
