import type { AnnualReportTable } from '../shared/domain/disclosure/annual-report.js';
import {
  type Cell,
  requestsGrid,
  reviewsGrid,
  type SectionGrid,
} from '../shared/domain/disclosure/annual-report-layout.js';

// The annual report's table (sections 三 and 四 of the national template) as plain text for a
// terminal: the same grids the CSV and the XLSX are drawn from (annual-report-layout.ts), so the
// demo prints exactly the rows an office pastes into its report.

/** Columns a character takes in a terminal: CJK characters and full-width punctuation take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return width;
}

const padEnd = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - displayWidth(text)));
const padStart = (text: string, width: number) => ' '.repeat(Math.max(0, width - displayWidth(text))) + text;

/** The text a merged range shows at (row, column): its top-left cell's. */
function cellAt(grid: SectionGrid, row: number, column: number): Cell {
  const merge = grid.merges.find(
    (m) => row >= m.top && row <= m.bottom && column >= m.left && column <= m.right,
  );
  return merge ? (grid.rows[merge.top]?.[merge.left] ?? null) : (grid.rows[row]?.[column] ?? null);
}

/** A number column's headings from the top down, each once (a heading merged over rows repeats). */
function headingPath(grid: SectionGrid, column: number): string[] {
  const path: string[] = [];
  for (let row = 0; row < grid.headerRows; row++) {
    const text = cellAt(grid, row, column);
    if (typeof text === 'string' && path.at(-1) !== text) path.push(text);
  }
  return path;
}

const GAP = 2;
/** A row heading wider than this goes on a line of its own, its numbers under it: ~110 columns in all. */
const LABEL_MAX = 40;

/**
 * Section 三: one line per row of the template, its heading indented by its level, then the seven
 * numbers (自然人, the five kinds of 法人或其他组织, 总计) under their headings.
 *
 * @example
 * requestsText(annualReport(2026, facts)).at(-1) // '四、结转下年度继续办理      0  …  3'
 */
export function requestsText(table: AnnualReportTable): string[] {
  const grid = requestsGrid(table);
  const numbers = Array.from({ length: (grid.rows[0]?.length ?? 0) - grid.labelColumns }, (_, i) => i);
  const headings = numbers.map((i) => headingPath(grid, grid.labelColumns + i).at(-1) ?? '');
  const widths = headings.map((h) => Math.max(4, displayWidth(h)));
  const lines: { label: string; counts?: readonly Cell[] }[] = [];
  for (const row of grid.rows.slice(grid.headerRows)) {
    const labelled = row
      .slice(0, grid.labelColumns)
      .flatMap((text, level) => (typeof text === 'string' ? [{ text, level }] : []));
    labelled.forEach(({ text, level }, i) => {
      const label = `${'  '.repeat(level)}${text}`;
      lines.push(i === labelled.length - 1 ? { label, counts: row.slice(grid.labelColumns) } : { label });
    });
  }
  const labelWidth = Math.min(LABEL_MAX, Math.max(...lines.map((l) => displayWidth(l.label))));
  const numbersOf = (cells: readonly string[]) =>
    cells.map((c, i) => padStart(c, (widths[i] ?? 4) + GAP)).join('');
  const caption = headingPath(grid, grid.labelColumns)[0] ?? '';
  return [
    grid.title,
    `${padEnd('', labelWidth)}${' '.repeat(GAP)}${caption}`,
    `${padEnd('', labelWidth)}${numbersOf(headings)}`,
    ...lines.flatMap(({ label, counts }) => {
      if (!counts) return [label];
      const shown = numbersOf(counts.map((c) => String(c ?? 0)));
      return displayWidth(label) > labelWidth
        ? [label, `${padEnd('', labelWidth)}${shown}`]
        : [`${padEnd(label, labelWidth)}${shown}`];
    }),
  ];
}

/**
 * Section 四: one line per kind of review (行政复议, and 行政诉讼 without or after it), each with its
 * results and 总计.
 *
 * @example
 * reviewsText(table)[1] // '行政复议            结果维持 0  结果纠正 0  其他结果 0  尚未审结 0  总计 0'
 */
export function reviewsText(table: AnnualReportTable): string[] {
  const grid = reviewsGrid(table);
  const data = grid.rows[grid.headerRows] ?? [];
  const groups = new Map<string, string[]>();
  data.forEach((value, column) => {
    const path = headingPath(grid, column);
    const kind = path.slice(0, -1).join(' · ');
    groups.set(kind, [...(groups.get(kind) ?? []), `${path.at(-1) ?? ''} ${String(value ?? 0)}`]);
  });
  const kindWidth = Math.max(...[...groups.keys()].map(displayWidth));
  return [
    grid.title,
    ...[...groups].map(([kind, entries]) => `${padEnd(kind, kindWidth)}  ${entries.join('  ')}`),
  ];
}

/** Both sections, a blank line between, ready to print line by line. */
export function annualReportText(table: AnnualReportTable): string[] {
  return [...requestsText(table), '', ...reviewsText(table)];
}
