// The annual report's two tables as the template draws them: a grid of cells with its merged
// ranges, so the CSV and the XLSX renderers lay out exactly the same rows and headings. A merged
// range keeps its text in its top-left cell and leaves the others empty, as a spreadsheet does.
import { ANNUAL_REPORT_TEXT, LAWSUIT_TEXT, REVIEW_KIND_COLUMN_TEXT } from '../labels.js';
import type { AnnualReportTable, ColumnCounts, ReviewCounts } from './annual-report.js';
import { REPORT_COLUMNS, REVIEW_COLUMNS } from './annual-report.js';
import { APPLICANT_KINDS, REVIEW_KINDS } from './template.js';

export type Cell = string | number | null;

/** A merged range, 0-based rows and columns of the grid, both ends included. */
export interface Merge {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

export interface SectionGrid {
  readonly title: string;
  /** The heading rows at the top of `rows` (frozen in the XLSX). */
  readonly headerRows: number;
  /** The heading columns at the left of `rows`. */
  readonly labelColumns: number;
  readonly rows: readonly (readonly Cell[])[];
  readonly merges: readonly Merge[];
}

/** Section 三: three heading columns (the template's three levels of row headings), then 7 numbers. */
const LABEL_COLUMNS = 3;

/**
 * Section 三 as the template draws it: the identity note over the row headings, 申请人情况 over
 * 自然人 | 法人或其他组织 (商业企业 … 其他) | 总计; then the rows 一 to 四.
 *
 * @example
 * requestsGrid(table).rows[3][0] // '一、本年新收政府信息公开申请数量'
 */
export function requestsGrid(table: AnnualReportTable): SectionGrid {
  const r = table.requests;
  const label = (key: string) => r.columns.find((c) => c.key === key)?.label ?? key;
  const organisations = APPLICANT_KINDS.filter((k) => k !== 'natural_person');
  const width = LABEL_COLUMNS + REPORT_COLUMNS.length;
  const blank = (): Cell[] => Array.from({ length: width }, () => null);
  const rows: Cell[][] = [];
  const merges: Merge[] = [];
  const merge = (top: number, left: number, bottom: number, right: number) => {
    if (top !== bottom || left !== right) merges.push({ top, left, bottom, right });
  };

  // Heading rows 0-2.
  const h0 = blank();
  h0[0] = ANNUAL_REPORT_TEXT.identityNote;
  h0[LABEL_COLUMNS] = ANNUAL_REPORT_TEXT.applicants;
  const h1 = blank();
  h1[LABEL_COLUMNS] = label('natural_person');
  h1[LABEL_COLUMNS + 1] = ANNUAL_REPORT_TEXT.organisations;
  h1[width - 1] = label('total');
  const h2 = blank();
  organisations.forEach((kind, i) => {
    h2[LABEL_COLUMNS + 1 + i] = label(kind);
  });
  rows.push(h0, h1, h2);
  merge(0, 0, 2, LABEL_COLUMNS - 1);
  merge(0, LABEL_COLUMNS, 0, width - 1);
  merge(1, LABEL_COLUMNS, 2, LABEL_COLUMNS);
  merge(1, LABEL_COLUMNS + 1, 1, LABEL_COLUMNS + organisations.length);
  merge(1, width - 1, 2, width - 1);

  const line = (labels: readonly Cell[], counts: ColumnCounts): Cell[] => {
    const row = blank();
    labels.forEach((text, i) => {
      row[i] = text;
    });
    REPORT_COLUMNS.forEach((c, i) => {
      row[LABEL_COLUMNS + i] = counts[c];
    });
    return row;
  };
  const fullWidthLine = (text: string, counts: ColumnCounts) => {
    merge(rows.length, 0, rows.length, LABEL_COLUMNS - 1);
    rows.push(line([text], counts));
  };

  fullWidthLine(r.received.label, r.received.counts);
  fullWidthLine(r.carriedOver.label, r.carriedOver.counts);

  // 三、本年度办理结果 runs down the first column beside （一） to （七）总计.
  const outcomesTop = rows.length;
  for (const group of r.outcomes.groups) {
    const first = rows.length === outcomesTop ? r.outcomes.label : null;
    if (group.rows.length === 0) {
      merge(rows.length, 1, rows.length, LABEL_COLUMNS - 1);
      rows.push(line([first, group.label], group.counts));
      continue;
    }
    const groupTop = rows.length;
    group.rows.forEach((sub, i) => {
      rows.push(line([i === 0 ? first : null, i === 0 ? group.label : null, sub.label], sub.counts));
    });
    merge(groupTop, 1, rows.length - 1, 1);
  }
  merge(rows.length, 1, rows.length, LABEL_COLUMNS - 1);
  rows.push(line([null, r.outcomesTotal.label], r.outcomesTotal.counts));
  merge(outcomesTop, 0, rows.length - 1, 0);

  fullWidthLine(r.carriedForward.label, r.carriedForward.counts);

  return { title: r.title, headerRows: 3, labelColumns: LABEL_COLUMNS, rows, merges };
}

/**
 * Section 四 as the template draws it: 行政复议 (five columns) | 行政诉讼 over 未经复议直接起诉 and
 * 复议后起诉 (five each); each five is 结果维持, 结果纠正, 其他结果, 尚未审结, 总计; one row of numbers.
 *
 * @example
 * reviewsGrid(table).rows[0][0] // '行政复议'
 */
export function reviewsGrid(table: AnnualReportTable): SectionGrid {
  const v = table.reviews;
  const per = REVIEW_COLUMNS.length;
  const width = per * REVIEW_KINDS.length;
  const blank = (): Cell[] => Array.from({ length: width }, () => null);
  const merges: Merge[] = [];
  const h0 = blank();
  const h1 = blank();
  const h2 = blank();
  const data = blank();
  h0[0] = REVIEW_KIND_COLUMN_TEXT.reconsideration;
  h0[per] = LAWSUIT_TEXT;
  merges.push(
    { top: 0, left: 0, bottom: 0, right: per - 1 },
    { top: 0, left: per, bottom: 0, right: width - 1 },
  );
  REVIEW_KINDS.forEach((kind, k) => {
    const left = k * per;
    const row = v.rows.find((x) => x.kind === kind);
    const counts: ReviewCounts | undefined = row?.counts;
    v.columns.forEach((column, i) => {
      data[left + i] = counts?.[column.key] ?? 0;
      if (kind === 'reconsideration') {
        // Under 行政复议 the results sit in rows 1-2, as no second heading divides them.
        h1[left + i] = column.label;
        merges.push({ top: 1, left: left + i, bottom: 2, right: left + i });
      } else {
        h2[left + i] = column.label;
      }
    });
    if (kind !== 'reconsideration') {
      h1[left] = REVIEW_KIND_COLUMN_TEXT[kind];
      merges.push({ top: 1, left, bottom: 1, right: left + per - 1 });
    }
  });
  return { title: v.title, headerRows: 3, labelColumns: 0, rows: [h0, h1, h2, data], merges };
}
