// The ECharts theme built from the page's palette: series colours, text and axis lines in the
// theme's neutrals, so a chart looks part of the page and not ECharts' default blue.
import { SERIES, THEME } from '../palette.js';

export const THEME_NAME = 'hotline12345';

const FONT =
  '"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC","WenQuanYi Micro Hei",system-ui,sans-serif';

/** The theme object for `registerTheme` (a plain object: ECharts merges it under each option). */
export function chartTheme(): Record<string, unknown> {
  const axis = {
    axisLine: { lineStyle: { color: THEME.muted } },
    axisTick: { lineStyle: { color: THEME.muted } },
    axisLabel: { color: THEME.muted },
    splitLine: { lineStyle: { color: THEME.line } },
    nameTextStyle: { color: THEME.muted },
  };
  return {
    color: [...SERIES],
    backgroundColor: 'transparent',
    textStyle: { color: THEME.text, fontFamily: FONT },
    legend: { textStyle: { color: THEME.text } },
    categoryAxis: axis,
    valueAxis: axis,
    tooltip: {
      backgroundColor: THEME.surface,
      borderColor: THEME.line,
      textStyle: { color: THEME.text },
    },
  };
}
