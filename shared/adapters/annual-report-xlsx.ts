// The annual report's table as an XLSX workbook an office pastes from: one sheet per section
// (三 and 四), named with the section's Chinese title, the template's merged headings, column
// widths for the long row headings, the headings frozen. Same grid as the CSV
// (shared/domain/disclosure/annual-report-layout.ts).
import ExcelJS from 'exceljs';
import type { AnnualReportTable } from '../domain/disclosure/annual-report.js';
import { requestsGrid, reviewsGrid, type SectionGrid } from '../domain/disclosure/annual-report-layout.js';
import { ANNUAL_REPORT_TEXT } from '../domain/labels.js';

export interface AnnualReportXlsxOptions {
  /**
   * The workbook's created and modified dates (docProps/core.xml). Passed in, so the same table
   * gives the same workbook; exceljs still stamps each zip entry with the time of writing, which
   * no option of its changes, so files differ in those bytes only.
   */
  readonly createdAt: Date;
  readonly modifiedAt?: Date;
  /** The author shown in the file's properties. */
  readonly creator?: string;
}

const THIN = { style: 'thin' } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const TITLE_ROWS = 1;

/** Column widths (characters): section 三's three heading columns hold long Chinese headings. */
const REQUEST_LABEL_WIDTHS = [12, 18, 46];
const NUMBER_WIDTH = 11;

/**
 * Sheet names allow 31 characters without `\ / ? * [ ] :`; the section titles fit (a check keeps
 * a later title from breaking the file).
 */
function sheetName(title: string): string {
  return title.replace(/[\\/?*[\]:]/g, '').slice(0, 31);
}

function addSection(workbook: ExcelJS.Workbook, grid: SectionGrid, widths: readonly number[]): void {
  const width = grid.rows[0]?.length ?? 1;
  const sheet = workbook.addWorksheet(sheetName(grid.title), {
    views: [{ state: 'frozen', xSplit: grid.labelColumns, ySplit: TITLE_ROWS + grid.headerRows }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = Array.from({ length: width }, (_, i) => ({ width: widths[i] ?? NUMBER_WIDTH }));

  const title = sheet.getCell(1, 1);
  title.value = grid.title;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'left', vertical: 'middle' };
  if (width > 1) sheet.mergeCells(1, 1, 1, width);

  grid.rows.forEach((cells, r) => {
    const heading = r < grid.headerRows;
    cells.forEach((value, c) => {
      const cell = sheet.getCell(TITLE_ROWS + r + 1, c + 1);
      if (value !== null) cell.value = value;
      cell.border = BORDER;
      if (heading) {
        cell.font = { bold: true };
        cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      } else if (typeof value === 'number' || c >= grid.labelColumns) {
        cell.alignment = { horizontal: 'center', vertical: 'middle' };
      } else {
        cell.alignment = { horizontal: 'left', vertical: 'middle', wrapText: true };
      }
    });
  });
  for (const m of grid.merges) {
    sheet.mergeCells(TITLE_ROWS + m.top + 1, m.left + 1, TITLE_ROWS + m.bottom + 1, m.right + 1);
  }
}

/**
 * The workbook as the bytes of an .xlsx file.
 *
 * @example
 * const bytes = await annualReportXlsx(table, { createdAt: new Date('2027-01-15T00:00:00Z') });
 */
export async function annualReportXlsx(
  table: AnnualReportTable,
  options: AnnualReportXlsxOptions,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = options.createdAt;
  workbook.modified = options.modifiedAt ?? options.createdAt;
  workbook.creator = options.creator ?? '';
  workbook.lastModifiedBy = options.creator ?? '';
  workbook.title = `${table.year}年${ANNUAL_REPORT_TEXT.reportTitle}`;
  addSection(workbook, requestsGrid(table), REQUEST_LABEL_WIDTHS);
  addSection(workbook, reviewsGrid(table), []);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
