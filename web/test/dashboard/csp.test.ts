import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The dashboard's CSP allows no inline style and no inline script: its sources must not need one.

const SRC = new URL('../../dashboard/src/', import.meta.url);
const read = (name: string, dir = SRC) => readFileSync(new URL(name, dir), 'utf8');
const modules = [
  ...readdirSync(SRC).filter((f) => f.endsWith('.ts')),
  ...readdirSync(new URL('charts/', SRC)).map((f) => `charts/${f}`),
].map((f) => ({ file: f, text: read(f) }));

describe('Dashboard: content security policy', () => {
  it('writes no style attribute, no markup and no inline script', () => {
    // Prepare
    const html = read('../index.html');

    // Act
    const offenders = modules
      .filter(({ text }) =>
        /style=|setAttribute\(\s*'style'|innerHTML|outerHTML|cssText|\beval\(|new Function/.test(text),
      )
      .map(({ file }) => file);

    // Assess
    expect(offenders).toEqual([]);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('draws every chart tooltip on the canvas', () => {
    // Prepare: ECharts' HTML tooltip is markup with style="…", which style-src without unsafe-inline refuses
    const charts = modules.filter(({ file }) => file.endsWith('-chart.ts'));

    // Act
    const tooltips = charts.map(({ file, text }) => ({
      file,
      all: text.match(/tooltip:/g)?.length ?? 0,
      canvas: text.match(/tooltip: canvasTooltip\(/g)?.length ?? 0,
    }));

    // Assess: one per chart (trend, channels, categories, overdue, satisfaction by way of rating)
    expect(tooltips).toHaveLength(5);
    for (const t of tooltips) expect(t, t.file).toEqual({ file: t.file, all: 1, canvas: 1 });
    expect(read('charts/echarts.ts')).toContain("renderMode: 'richText'");
  });
});
