import { describe, expect, it } from 'vitest';
import {
  annualReportText,
  displayWidth,
  requestsText,
  reviewsText,
} from '../../../scripts/annual-report-text.js';
import { annualReport, type DisclosureFacts } from '../../../shared/domain/disclosure/annual-report.js';

// The annual report's table as the demo prints it in a terminal: every row of the template's
// sections 三 and 四, the numbers under their column headings, CJK counted two columns wide.

const FACTS: DisclosureFacts[] = [
  {
    requestId: 'r1',
    applicantKind: 'natural_person',
    receivedOn: '2026-03-02',
    reply: { outcome: 'partly_disclosed', repliedOn: '2026-03-20' },
    reviews: [{ kind: 'reconsideration', filedOn: '2026-04-01', result: 'pending' }],
  },
  {
    requestId: 'r2',
    applicantKind: 'commercial_enterprise',
    receivedOn: '2025-12-02',
    reply: { outcome: 'other_no_correction', repliedOn: '2026-01-20' },
  },
  { requestId: 'r3', applicantKind: 'research_institution', receivedOn: '2026-12-02' },
];

/** The numbers at the end of the line that starts with `label` (after any indentation). */
function numbersOf(lines: readonly string[], label: string): number[] {
  const at = lines.findIndex((l) => l.trim().startsWith(label));
  if (at < 0) throw new Error(`no line ${label}`);
  // A long heading stands on its own line, its numbers on the next.
  const line = /\d\s*$/.test(lines[at] as string) ? (lines[at] as string) : (lines[at + 1] as string);
  return (line.slice(line.indexOf(label) + label.length).match(/\d+/g) ?? []).map(Number);
}

describe('Function: requestsText', () => {
  it('prints each row of section 三 with its seven numbers under the applicant columns', () => {
    // Prepare
    const table = annualReport(2026, FACTS);

    // Act
    const lines = requestsText(table);

    // Assess
    expect(lines[0]).toBe('三、收到和处理政府信息公开申请情况');
    expect(lines[2]?.trim().split(/\s+/)).toEqual([
      '自然人',
      '商业企业',
      '科研机构',
      '社会公益组织',
      '法律服务机构',
      '其他',
      '总计',
    ]);
    expect(numbersOf(lines, '一、本年新收政府信息公开申请数量')).toEqual([1, 0, 1, 0, 0, 0, 2]);
    expect(numbersOf(lines, '二、上年结转政府信息公开申请数量')).toEqual([0, 1, 0, 0, 0, 0, 1]);
    expect(numbersOf(lines, '（二）部分公开')).toEqual([1, 0, 0, 0, 0, 0, 1]);
    expect(numbersOf(lines, '1．申请人无正当理由逾期不补正')).toEqual([0, 1, 0, 0, 0, 0, 1]);
    expect(numbersOf(lines, '（七）总计')).toEqual([1, 1, 0, 0, 0, 0, 2]);
    expect(numbersOf(lines, '四、结转下年度继续办理')).toEqual([0, 0, 1, 0, 0, 0, 1]);
  });

  it('lines the numbers up under their headings, whatever the width of the row heading', () => {
    // Prepare
    const lines = requestsText(annualReport(2026, FACTS));
    const heading = lines[2] as string;
    const totalEnd = displayWidth(heading);

    // Act
    const rows = lines.filter((l) => /\d\s*$/.test(l));

    // Assess: every row's last number ends where 总计 ends, and no line is wider than ~110 columns
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) expect(displayWidth(row)).toBe(totalEnd);
    expect(Math.max(...lines.map(displayWidth))).toBeLessThanOrEqual(150);
    expect(totalEnd).toBeLessThanOrEqual(110);
  });
});

describe('Function: reviewsText', () => {
  it('prints section 四 as one line per kind of review with its results and total', () => {
    // Act
    const lines = reviewsText(annualReport(2026, FACTS));

    // Assess
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('四、政府信息公开行政复议、行政诉讼情况');
    expect(lines[1]).toMatch(/^行政复议\s+结果维持 0 {2}结果纠正 0 {2}其他结果 0 {2}尚未审结 1 {2}总计 1$/);
    expect(lines[2]).toMatch(/^行政诉讼 · 未经复议直接起诉\s+结果维持 0/);
    expect(lines[3]).toMatch(/^行政诉讼 · 复议后起诉\s+.*总计 0$/);
  });
});

describe('Function: annualReportText', () => {
  it('prints both sections with a blank line between', () => {
    // Act
    const lines = annualReportText(annualReport(2026, []));

    // Assess
    const blank = lines.indexOf('');
    expect(lines[blank - 1]?.trim()).toMatch(/^四、结转下年度继续办理/);
    expect(lines[blank + 1]).toBe('四、政府信息公开行政复议、行政诉讼情况');
  });
});

describe('Function: displayWidth', () => {
  it('counts CJK characters and full-width punctuation two columns, ASCII one', () => {
    expect(displayWidth('总计')).toBe(4);
    expect(displayWidth('（七）')).toBe(6);
    expect(displayWidth('2026 年')).toBe(7);
  });
});
