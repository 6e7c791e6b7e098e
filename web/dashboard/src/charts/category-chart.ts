// 诉求类别 Top 10: the ten categories with the most appeals, the largest on top.
import { COUNTER_TEXT } from '../../../../shared/domain/labels.js';
import { THEME } from '../palette.js';
import type { MetricsRow } from '../types.js';
import { canvasTooltip, drawChart } from './echarts.js';

const TOP = 10;

export function renderCategories(id: string, groups: readonly MetricsRow[]): void {
  // Reversed: a category axis draws its first entry at the bottom.
  const top = [...groups]
    .sort((a, b) => (b.counts.appeals || 0) - (a.counts.appeals || 0))
    .slice(0, TOP)
    .reverse();
  drawChart(id, {
    tooltip: canvasTooltip({ trigger: 'axis', axisPointer: { type: 'shadow' } }),
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: top.map((g) => g.name || g.key) },
    series: [
      {
        name: COUNTER_TEXT.appeals,
        type: 'bar',
        barMaxWidth: 28,
        data: top.map((g) => g.counts.appeals || 0),
        label: { show: true, position: 'right' },
        itemStyle: { color: THEME.brand },
      },
    ],
  });
}
