// ECharts, only what the page draws: bar, line and pie charts with a grid, legend and tooltip on a
// canvas. Importing `echarts` whole would ship every chart type (≈ 370 KB gzipped).
import {
  BarChart,
  type BarSeriesOption,
  LineChart,
  type LineSeriesOption,
  PieChart,
  type PieSeriesOption,
} from 'echarts/charts';
import {
  type GridComponentOption,
  GridSimpleComponent,
  type LegendComponentOption,
  LegendPlainComponent,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, type EChartsType, init, registerTheme, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { byId } from '../dom.js';
import { chartTheme, THEME_NAME } from './theme.js';

use([
  BarChart,
  LineChart,
  PieChart,
  GridSimpleComponent,
  LegendPlainComponent,
  TooltipComponent,
  CanvasRenderer,
]);
registerTheme(THEME_NAME, chartTheme());

/** The options of exactly the parts registered above: a chart that needs another does not compile. */
export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

const charts = new Map<string, EChartsType>();

/** The chart drawn in the element with this id, made on first use. */
export function chartIn(id: string): EChartsType {
  let chart = charts.get(id);
  if (!chart) {
    chart = init(byId(id), THEME_NAME, { renderer: 'canvas', locale: 'ZH' });
    charts.set(id, chart);
  }
  return chart;
}

/** Draws `option` in the element with this id, replacing what was there (no merge with the last query). */
export function drawChart(id: string, option: ChartOption): void {
  chartIn(id).setOption(option, true);
}

/** Every chart measures its box again (the window changed size, or a hidden box came back). */
export function resizeCharts(): void {
  for (const chart of charts.values()) chart.resize();
}

/**
 * A tooltip drawn on the canvas (richText), not as HTML: ECharts' HTML tooltip puts inline style
 * attributes in its markup, which the page's CSP (no unsafe-inline for styles) refuses, hundreds of
 * times as the mouse moves over a chart. Every chart's tooltip goes through here.
 */
export function canvasTooltip(options: TooltipComponentOption): TooltipComponentOption {
  return { ...options, renderMode: 'richText' };
}
