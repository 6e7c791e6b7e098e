import type { SectionGrid } from '../../../../../shared/domain/disclosure/annual-report-layout';

// The annual report's grids (annual-report-layout.ts, the same the CSV and XLSX draw) as an HTML
// table: a merged range becomes one cell with its row and column span, the cells it covers vanish,
// and headings are <th> with the scope a screen reader needs to read a number with its headings.

export interface HtmlCell {
  readonly text: string;
  readonly rowSpan: number;
  readonly colSpan: number;
  /** A heading: of a column (the top rows) or of a row (the left columns). */
  readonly heading?: 'col' | 'row';
  /** The column it starts in, a stable key. */
  readonly column: number;
}

/**
 * The grid's rows as cells to render, merged ranges spanned and covered cells left out.
 *
 * @example
 * htmlRows({ headerRows: 1, labelColumns: 1, rows: [['a', null], ['b', 1]], merges: [{ top: 0, left: 0, bottom: 0, right: 1 }], title: '' })
 * // [[{ text: 'a', colSpan: 2, rowSpan: 1, heading: 'col', column: 0 }], [{ text: 'b', heading: 'row', … }, { text: '1', … }]]
 */
export function htmlRows(grid: SectionGrid): HtmlCell[][] {
  const covered = new Set<string>();
  const spanAt = new Map<string, { rowSpan: number; colSpan: number }>();
  for (const m of grid.merges) {
    spanAt.set(`${m.top}:${m.left}`, { rowSpan: m.bottom - m.top + 1, colSpan: m.right - m.left + 1 });
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) covered.add(`${r}:${c}`);
    }
  }
  return grid.rows.map((row, r) => {
    const cells: HtmlCell[] = [];
    row.forEach((value, c) => {
      if (covered.has(`${r}:${c}`)) return;
      const span = spanAt.get(`${r}:${c}`) ?? { rowSpan: 1, colSpan: 1 };
      const heading = r < grid.headerRows ? 'col' : c < grid.labelColumns ? 'row' : undefined;
      cells.push({
        text: value === null ? '' : String(value),
        ...span,
        column: c,
        ...(heading ? { heading } : {}),
      });
    });
    return cells;
  });
}
