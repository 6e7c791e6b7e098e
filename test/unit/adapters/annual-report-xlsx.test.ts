import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { annualReportXlsx } from '../../../shared/adapters/annual-report-xlsx.js';
import { annualReport, type DisclosureFacts } from '../../../shared/domain/disclosure/annual-report.js';
import { requestsGrid, reviewsGrid } from '../../../shared/domain/disclosure/annual-report-layout.js';
import { ANNUAL_REPORT_TEXT } from '../../../shared/domain/labels.js';

const FACTS: DisclosureFacts[] = [
  {
    requestId: 'r1',
    applicantKind: 'commercial_enterprise',
    receivedOn: '2025-12-30',
    reply: { outcome: 'other_no_correction', repliedOn: '2026-02-01' },
  },
  {
    requestId: 'r2',
    applicantKind: 'natural_person',
    receivedOn: '2026-06-01',
    reply: { outcome: 'disclosed', repliedOn: '2026-06-15' },
    reviews: [{ kind: 'lawsuit_after_reconsideration', filedOn: '2026-08-01', result: 'corrected' }],
  },
  { requestId: 'r3', applicantKind: 'natural_person', receivedOn: '2026-12-30' },
];
const CREATED = new Date('2027-01-15T02:00:00Z');

async function readBack(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** Row `r` (1-based) of a sheet as plain values, columns 1..width; a merged range's value in its top-left cell only. */
function rowValues(sheet: ExcelJS.Worksheet, r: number, width: number): unknown[] {
  return Array.from({ length: width }, (_, c) => {
    const cell = sheet.getCell(r, c + 1);
    return cell.master.address === cell.address ? (cell.value ?? null) : null;
  });
}

describe('Function: annualReportXlsx', () => {
  it('writes one sheet per section with the Chinese titles and the workbook dates passed in', async () => {
    // Act
    const workbook = await readBack(
      await annualReportXlsx(annualReport(2026, FACTS), { createdAt: CREATED }),
    );

    // Assess
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      ANNUAL_REPORT_TEXT.requestsTitle,
      ANNUAL_REPORT_TEXT.reviewsTitle,
    ]);
    expect(workbook.title).toBe('2026年政府信息公开工作年度报告');
    expect(workbook.created.toISOString()).toBe(CREATED.toISOString());
    expect(workbook.modified.toISOString()).toBe(CREATED.toISOString());
  });

  it('holds the grid of section 三 below the title, numbers as numbers, totals that add up', async () => {
    // Prepare
    const table = annualReport(2026, FACTS);
    const grid = requestsGrid(table);

    // Act
    const sheet = (await readBack(await annualReportXlsx(table, { createdAt: CREATED }))).worksheets[0];

    // Assess
    if (!sheet) throw new Error('no sheet');
    expect(sheet.getCell('A1').value).toBe(ANNUAL_REPORT_TEXT.requestsTitle);
    grid.rows.forEach((row, r) => {
      expect(rowValues(sheet, r + 2, 10)).toEqual(row);
    });
    const line = (label: string) => {
      const r = grid.rows.findIndex((row) => row.includes(label));
      return rowValues(sheet, r + 2, 10).slice(3);
    };
    //                                                     自然人 商业 科研 公益 法律 其他 总计
    expect(line(ANNUAL_REPORT_TEXT.received)).toEqual([2, 0, 0, 0, 0, 0, 2]);
    expect(line(ANNUAL_REPORT_TEXT.carriedOver)).toEqual([0, 1, 0, 0, 0, 0, 1]);
    expect(line('（一）予以公开')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(line(ANNUAL_REPORT_TEXT.outcomesTotal)).toEqual([1, 1, 0, 0, 0, 0, 2]);
    expect(line(ANNUAL_REPORT_TEXT.carriedForward)).toEqual([1, 0, 0, 0, 0, 0, 1]);
    const received = line(ANNUAL_REPORT_TEXT.received) as number[];
    const carried = line(ANNUAL_REPORT_TEXT.carriedOver) as number[];
    const done = line(ANNUAL_REPORT_TEXT.outcomesTotal) as number[];
    const forward = line(ANNUAL_REPORT_TEXT.carriedForward) as number[];
    received.forEach((n, c) => {
      expect(n + (carried[c] ?? 0)).toBe((done[c] ?? 0) + (forward[c] ?? 0));
    });
  });

  it('merges the headings as the template does and freezes them', async () => {
    // Prepare
    const table = annualReport(2026, FACTS);

    // Act
    const [three, four] = (await readBack(await annualReportXlsx(table, { createdAt: CREATED }))).worksheets;

    // Assess
    if (!three || !four) throw new Error('sheets missing');
    const merges = (sheet: ExcelJS.Worksheet) =>
      [...((sheet.model as { merges?: string[] }).merges ?? [])].sort();
    expect(merges(three)).toEqual(
      expect.arrayContaining([
        'A1:J1',
        'A2:C4',
        'D2:J2',
        'D3:D4',
        'E3:I3',
        'J3:J4',
        'A5:C5',
        'A6:C6',
        'A7:A28',
        'B7:C7',
        'B8:C8',
        'B9:B16',
        'B17:B19',
        'B20:B24',
        'B25:B27',
        'B28:C28',
        'A29:C29',
      ]),
    );
    expect(merges(three)).toHaveLength(requestsGrid(table).merges.length + 1);
    expect(merges(four)).toEqual(
      expect.arrayContaining(['A1:O1', 'A2:E2', 'F2:O2', 'A3:A4', 'E3:E4', 'F3:J3', 'K3:O3']),
    );
    expect(merges(four)).toHaveLength(reviewsGrid(table).merges.length + 1);
    expect(three.getCell('A7').value).toBe(ANNUAL_REPORT_TEXT.outcomes);
    expect(three.getCell('B9').value).toBe('（三）不予公开');
    expect(three.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: 4 });
    expect(four.views[0]).toMatchObject({ state: 'frozen', ySplit: 4 });
    expect(three.getColumn(3).width).toBeGreaterThan(three.getColumn(4).width ?? 0);
  });

  it('holds section 四 as one row of fifteen numbers', async () => {
    // Act
    const sheet = (await readBack(await annualReportXlsx(annualReport(2026, FACTS), { createdAt: CREATED })))
      .worksheets[1];

    // Assess
    if (!sheet) throw new Error('no sheet');
    expect(sheet.getCell('A2').value).toBe('行政复议');
    expect(sheet.getCell('F2').value).toBe('行政诉讼');
    expect(sheet.getCell('K3').value).toBe('复议后起诉');
    expect(rowValues(sheet, 5, 15)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1]);
  });

  it('gives the same workbook for the same table', async () => {
    // Prepare
    const table = annualReport(2026, FACTS);

    // Act
    const first = await readBack(
      await annualReportXlsx(table, { createdAt: CREATED, creator: '市政府信息公开办' }),
    );
    const second = await readBack(
      await annualReportXlsx(table, { createdAt: CREATED, creator: '市政府信息公开办' }),
    );

    // Assess
    expect(second.worksheets.map((s) => s.model)).toEqual(first.worksheets.map((s) => s.model));
    expect(second.creator).toBe('市政府信息公开办');
  });
});
