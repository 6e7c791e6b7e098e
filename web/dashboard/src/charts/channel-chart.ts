// 渠道构成: the appeals of each channel (网上表单, 12345 热线, 微信公众号: names from the API, which
// takes them from the glossary's CHANNEL_TEXT).
import type { MetricsRow } from '../types.js';
import { canvasTooltip, drawChart } from './echarts.js';

export function renderChannels(id: string, groups: readonly MetricsRow[]): void {
  drawChart(id, {
    tooltip: canvasTooltip({ trigger: 'item', formatter: '{b}：{c} 件（{d}%）' }),
    legend: { bottom: 0 },
    series: [
      {
        name: '受理渠道',
        type: 'pie',
        radius: ['38%', '68%'],
        center: ['50%', '45%'],
        label: { formatter: '{b}\n{c} 件' },
        data: groups.map((g) => ({ name: g.name || g.key, value: g.counts.appeals || 0 })),
      },
    ],
  });
}
