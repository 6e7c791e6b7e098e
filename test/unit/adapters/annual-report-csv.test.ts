import { describe, expect, it } from 'vitest';
import { annualReportCsv, annualReportFileName } from '../../../shared/adapters/annual-report-csv.js';
import { BOM, csvField } from '../../../shared/adapters/csv-field.js';
import { annualReport, type DisclosureFacts } from '../../../shared/domain/disclosure/annual-report.js';
import { APPLICANT_KINDS, DISCLOSURE_OUTCOME_CODES } from '../../../shared/domain/disclosure/template.js';
import { ANNUAL_REPORT_TEXT, APPLICANT_KIND_TEXT } from '../../../shared/domain/labels.js';

const FACTS: DisclosureFacts[] = [
  {
    requestId: 'r1',
    applicantKind: 'natural_person',
    receivedOn: '2025-12-22',
    reply: { outcome: 'partly_disclosed', repliedOn: '2026-01-12' },
    reviews: [{ kind: 'lawsuit_direct', filedOn: '2026-03-01', result: 'pending' }],
  },
  { requestId: 'r2', applicantKind: 'legal_service_institution', receivedOn: '2026-12-28' },
  {
    requestId: 'r3',
    applicantKind: 'legal_service_institution',
    receivedOn: '2026-04-01',
    reply: { outcome: 'withheld_three_securities_one_stability', repliedOn: '2026-04-20' },
    reviews: [{ kind: 'reconsideration', filedOn: '2026-05-01', result: 'upheld' }],
  },
];

/** A plain RFC 4180 reader, enough for this file: quoted fields with doubled quotes, CRLF lines. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('Function: annualReportCsv', () => {
  it('writes UTF-8 with a BOM and CRLF line ends only', () => {
    // Act
    const csv = annualReportCsv(annualReport(2026, FACTS));

    // Assess
    expect(csv.startsWith(`${BOM}2026年${ANNUAL_REPORT_TEXT.reportTitle}\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('lays out section 三 with the template headings and the counts under their columns', () => {
    // Act
    const rows = parseCsv(annualReportCsv(annualReport(2026, FACTS)).slice(1));

    // Assess
    expect(rows[1]?.[0]).toBe(ANNUAL_REPORT_TEXT.requestsTitle);
    expect(rows[2]?.slice(0, 4)).toEqual([
      ANNUAL_REPORT_TEXT.identityNote,
      '',
      '',
      ANNUAL_REPORT_TEXT.applicants,
    ]);
    expect(rows[3]?.slice(3)).toEqual([
      APPLICANT_KIND_TEXT.natural_person,
      ANNUAL_REPORT_TEXT.organisations,
      '',
      '',
      '',
      '',
      '总计',
    ]);
    expect(rows[4]?.slice(4, 9)).toEqual(APPLICANT_KINDS.slice(1).map((k) => APPLICANT_KIND_TEXT[k]));
    const byLabel = new Map(rows.map((r) => [r.slice(0, 3).filter(Boolean).at(-1), r.slice(3)]));
    //                                          自然人 商业 科研 公益 法律 其他 总计
    expect(byLabel.get(ANNUAL_REPORT_TEXT.received)).toEqual(['0', '0', '0', '0', '2', '0', '2']);
    expect(byLabel.get(ANNUAL_REPORT_TEXT.carriedOver)).toEqual(['1', '0', '0', '0', '0', '0', '1']);
    expect(byLabel.get('3．危及“三安全一稳定”')).toEqual(['0', '0', '0', '0', '1', '0', '1']);
    expect(byLabel.get(ANNUAL_REPORT_TEXT.outcomesTotal)).toEqual(['1', '0', '0', '0', '1', '0', '2']);
    expect(byLabel.get(ANNUAL_REPORT_TEXT.carriedForward)).toEqual(['0', '0', '0', '0', '1', '0', '1']);
    // Header rows, then 一, 二, every outcome line ((一) and (二) are one line each), 总计, 四.
    const sectionThree = rows.slice(
      2,
      rows.findIndex((r) => r.length === 1 && r[0] === ''),
    );
    expect(sectionThree).toHaveLength(3 + 2 + DISCLOSURE_OUTCOME_CODES.length + 1 + 1);
    expect(sectionThree.every((r) => r.length === 10)).toBe(true);
  });

  it('lays out section 四 as one row of fifteen numbers under 行政复议 and 行政诉讼', () => {
    // Act
    const rows = parseCsv(annualReportCsv(annualReport(2026, FACTS)).slice(1));

    // Assess
    const top = rows.findIndex((r) => r[0] === ANNUAL_REPORT_TEXT.reviewsTitle);
    expect(rows[top - 1]).toEqual(['']);
    expect(rows[top + 1]?.[0]).toBe('行政复议');
    expect(rows[top + 1]?.[5]).toBe('行政诉讼');
    expect(rows[top + 2]?.[5]).toBe('未经复议直接起诉');
    expect(rows[top + 2]?.[10]).toBe('复议后起诉');
    expect(rows[top + 3]?.slice(5, 10)).toEqual(['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']);
    expect(rows[top + 4]).toEqual([
      '1',
      '0',
      '0',
      '0',
      '1',
      '0',
      '0',
      '0',
      '1',
      '1',
      '0',
      '0',
      '0',
      '0',
      '0',
    ]);
    expect(rows).toHaveLength(top + 5);
  });

  it('keeps a heading that starts like a formula harmless', () => {
    // The headings are the template's; the field rule is the one the metrics export uses.
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('３．危及"三安全一稳定"')).toBe('"３．危及""三安全一稳定"""');
  });

  it('names the file after the year', () => {
    expect(annualReportFileName(2026, 'csv')).toBe('disclosure-annual-report-2026.csv');
  });
});
