import { describe, expect, it } from 'vitest';
import { annualReport } from '../../../shared/domain/disclosure/annual-report';
import { requestsGrid, reviewsGrid } from '../../../shared/domain/disclosure/annual-report-layout';
import type { DisclosureRow } from '../../console/src/api/disclosure';
import { filenameOf } from '../../console/src/api/http';
import { CASE_READERS, screensFor } from '../../console/src/router/screens';
import { htmlRows } from '../../console/src/views/annual-report/grid-cells';
import { draftLine, responsibleLine } from '../../console/src/views/disclosure-queues/rows';

describe('Function: screensFor', () => {
  it('gives the reviewer the 审核 list only, and lets it open the cases there', () => {
    // Act
    const names = screensFor('reviewer').map((s) => s.name);

    // Assess
    expect(names).toEqual(['disclosure-review']);
    expect(CASE_READERS).toContain('reviewer');
  });

  it('gives the supervisor 审核, the requests list, the staff entry and the annual report', () => {
    // Act
    const names = screensFor('supervisor').map((s) => s.name);

    // Assess
    expect(names).toEqual(
      expect.arrayContaining(['disclosure-review', 'disclosure', 'disclosure-entry', 'annual-report']),
    );
    expect(names[0]).toBe('supervision');
  });

  it('lands the analyst on the annual report, and gives the agent the staff entry but no list', () => {
    // Assess
    expect(
      screensFor('analyst')
        .filter((s) => !s.external)
        .map((s) => s.name),
    ).toEqual(['annual-report']);
    expect(screensFor('agent').map((s) => s.name)).toContain('disclosure-entry');
    expect(screensFor('agent').map((s) => s.name)).not.toContain('disclosure');
  });
});

describe('Function: htmlRows', () => {
  const table = annualReport(2026, [
    {
      requestId: 'r-1',
      applicantKind: 'natural_person',
      receivedOn: '2026-03-02',
      reply: { outcome: 'disclosed', repliedOn: '2026-03-20' },
    },
    {
      requestId: 'r-2',
      applicantKind: 'commercial_enterprise',
      receivedOn: '2026-04-01',
      reply: { outcome: 'partly_disclosed', repliedOn: '2026-04-20' },
      reviews: [{ kind: 'reconsideration', filedOn: '2026-05-01', result: 'upheld' }],
    },
  ]);

  it('spans every merged range of section 三 and leaves no covered cell behind', () => {
    // Prepare
    const grid = requestsGrid(table);
    const width = grid.rows[0]?.length ?? 0;

    // Act
    const rows = htmlRows(grid);

    // Assess: each row's spans, with the cells spanned into it from above, fill the width exactly.
    const filled = rows.map(() => 0);
    rows.forEach((cells, r) => {
      for (const c of cells)
        for (let i = 0; i < c.rowSpan; i++) filled[r + i] = (filled[r + i] ?? 0) + c.colSpan;
    });
    expect(filled.every((n) => n === width)).toBe(true);
    expect(rows[0]?.[0]).toMatchObject({ rowSpan: 3, colSpan: 3, heading: 'col' });
  });

  it('makes headings of the top rows and the label columns, and numbers of the rest', () => {
    // Act
    const rows = htmlRows(requestsGrid(table));
    const received = rows[3] ?? [];

    // Assess
    expect(received[0]).toMatchObject({
      text: '一、本年新收政府信息公开申请数量',
      heading: 'row',
      colSpan: 3,
    });
    expect(received.slice(1).map((c) => c.text)).toEqual(['1', '1', '0', '0', '0', '0', '2']);
    expect(received.slice(1).every((c) => c.heading === undefined)).toBe(true);
  });

  it('draws section 四 with its one row of numbers under three heading rows', () => {
    // Act
    const rows = htmlRows(reviewsGrid(table));

    // Assess
    expect(rows).toHaveLength(4);
    expect(rows[3]?.slice(0, 5).map((c) => c.text)).toEqual(['1', '0', '0', '0', '1']);
  });
});

describe('Function: filenameOf', () => {
  it('reads the UTF-8 name first, then the plain one', () => {
    // Assess
    expect(
      filenameOf('attachment; filename="letter.pdf"; filename*=UTF-8\'\'%E7%AD%94%E5%A4%8D%E4%B9%A6.pdf'),
    ).toBe('答复书.pdf');
    expect(filenameOf('attachment; filename="report-2026.csv"')).toBe('report-2026.csv');
    expect(filenameOf(null)).toBeUndefined();
  });
});

describe('Functions: the disclosure lists’ extra column', () => {
  const row: DisclosureRow = {
    caseId: 'c',
    trackingNo: 't',
    status: 'acknowledged',
    version: 3,
    applicant: { name: '张三', identity: '****002X' },
    receivedOn: '2026-12-01',
    dueAt: '2026-12-29T15:59:59.000Z',
  };

  it('names the person responsible, or says nobody is named yet', () => {
    // Assess
    expect(responsibleLine({ ...row, responsible: { id: 'u', name: '王五' } })).toBe('王五');
    expect(responsibleLine(row)).toBe('未指定');
  });

  it('names the drafter, the revision and the time of the draft', () => {
    // Prepare
    const draft = { revision: 2, drafterId: 'u', drafterName: '王五', draftedAt: '2026-12-02T02:00:00Z' };

    // Assess
    expect(draftLine({ ...row, draft }, () => '12-02 10:00')).toBe('王五 · 第 2 稿 · 12-02 10:00');
    expect(draftLine(row, () => '')).toBe('尚未拟稿');
    expect(
      draftLine({ ...row, draft: { ...draft, returnedAt: '2026-12-02T03:00:00Z' } }, () => '12-02 10:00'),
    ).toBe('王五 · 第 2 稿 · 12-02 10:00 · 退回修改');
  });
});
