// The annual report's table (sections 三 and 四) as CSV an office pastes into its report: the
// template's row and column headings in the template's places (a merged heading in its top-left
// cell), UTF-8 with a BOM, CRLF, formula-safe fields (shared/adapters/csv-field.ts).
import type { AnnualReportTable } from '../domain/disclosure/annual-report.js';
import { requestsGrid, reviewsGrid, type SectionGrid } from '../domain/disclosure/annual-report-layout.js';
import { ANNUAL_REPORT_TEXT } from '../domain/labels.js';
import { csvText } from './csv-field.js';

function section(grid: SectionGrid): (string | number | null)[][] {
  return [[grid.title], ...grid.rows.map((row) => [...row])];
}

/**
 * The year's title line, section 三, an empty line, section 四.
 *
 * @example
 * annualReportCsv(table).startsWith('\uFEFF2026年政府信息公开工作年度报告\r\n三、收到和处理') // true
 */
export function annualReportCsv(table: AnnualReportTable): string {
  return csvText([
    [`${table.year}年${ANNUAL_REPORT_TEXT.reportTitle}`],
    ...section(requestsGrid(table)),
    [],
    ...section(reviewsGrid(table)),
  ]);
}

/** The file name an export offers, e.g. `disclosure-annual-report-2026.csv`. */
export function annualReportFileName(year: number, extension: 'csv' | 'xlsx'): string {
  return `disclosure-annual-report-${year}.${extension}`;
}
