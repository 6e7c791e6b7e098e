// 各部门逾期件数: departments with overdue cases, the most at the top, the selected one darker.
import { byId } from '../dom.js';
import { overdueOf } from '../league-ranking.js';
import { THEME } from '../palette.js';
import type { MetricsRow } from '../types.js';
import { canvasTooltip, chartIn, drawChart } from './echarts.js';

export function renderOverdue(
  id: string,
  emptyId: string,
  groups: readonly MetricsRow[],
  selected: string,
): void {
  const late = groups.filter((g) => overdueOf(g) > 0).sort((a, b) => overdueOf(a) - overdueOf(b));
  byId(emptyId).hidden = late.length > 0;
  // An empty chart is a blank box: hidden instead, and measured again when it comes back.
  byId(id).hidden = late.length === 0;
  if (late.length === 0) return;
  chartIn(id).resize();
  drawChart(id, {
    tooltip: canvasTooltip({ trigger: 'axis', axisPointer: { type: 'shadow' } }),
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, name: '件' },
    yAxis: { type: 'category', data: late.map((g) => g.name || g.key) },
    series: [
      {
        name: '逾期件数',
        type: 'bar',
        barMaxWidth: 28,
        label: { show: true, position: 'right' },
        data: late.map((g) => ({
          value: overdueOf(g),
          itemStyle: { color: g.key === selected ? THEME.brandDark : THEME.miss },
        })),
      },
    ],
  });
}
