// One bar chart per monthly release: each department's 按时办结率. Only the bar chart, grid and
// canvas renderer of ECharts are shipped. The chart is decoration for sighted readers: it is
// aria-hidden, and the table beside it carries the same figures for everyone.
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { type GridComponentOption, GridSimpleComponent } from 'echarts/components';
import { type ComposeOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { DepartmentFigures } from '../../../shared/domain/metrics/disclosure.js';

use([BarChart, GridSimpleComponent, CanvasRenderer]);

type ChartOption = ComposeOption<BarSeriesOption | GridComponentOption>;

const BRAND = '#b3261e';
const MUTED = '#57606a';

export function drawOnTimeChart(node: HTMLElement, departments: readonly DepartmentFigures[]): void {
  const rows = [...departments].reverse();
  const option: ChartOption = {
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    // Quarter steps: five labels fit a phone's width.
    xAxis: {
      type: 'value',
      min: 0,
      max: 100,
      interval: 25,
      axisLabel: { formatter: '{value}%', color: MUTED },
    },
    yAxis: {
      type: 'category',
      data: rows.map((d) => d.name),
      axisLabel: { color: MUTED, width: 96, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        itemStyle: { color: BRAND },
        label: { show: true, position: 'right', formatter: (p) => `${Number(p.value).toFixed(1)}%` },
        data: rows.map((d) => (d.onTimeRate.value === null ? 0 : Math.round(d.onTimeRate.value * 1000) / 10)),
      },
    ],
  };
  const chart = init(node, undefined, { renderer: 'canvas', locale: 'ZH' });
  chart.setOption(option);
  window.addEventListener('resize', () => chart.resize());
}
