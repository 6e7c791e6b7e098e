import { describe, expect, it } from 'vitest';
import {
  AnnualReportFactsError,
  AnnualReportIdentityError,
  type AnnualReportTable,
  annualReport,
  assertIdentity,
  type DisclosureFacts,
  REPORT_COLUMNS,
} from '../../../../shared/domain/disclosure/annual-report.js';
import {
  APPLICANT_KINDS,
  type ApplicantKind,
  DISCLOSURE_OUTCOME_CODES,
  DISCLOSURE_OUTCOMES,
  type DisclosureOutcome,
  OUTCOME_GROUPS,
  REVIEW_KINDS,
  REVIEW_RESULTS,
} from '../../../../shared/domain/disclosure/template.js';
import {
  ANNUAL_REPORT_TEXT,
  APPLICANT_KIND_TEXT,
  DISCLOSURE_OUTCOME_TEXT,
  OUTCOME_GROUP_TEXT,
  REVIEW_KIND_TEXT,
  REVIEW_RESULT_TEXT,
} from '../../../../shared/domain/labels.js';

let next = 0;
function request(
  receivedOn: string,
  reply?: { outcome: DisclosureOutcome; repliedOn: string },
  applicantKind: ApplicantKind = 'natural_person',
  reviews: DisclosureFacts['reviews'] = [],
): DisclosureFacts {
  next += 1;
  return { requestId: `req-${next}`, applicantKind, receivedOn, ...(reply ? { reply } : {}), reviews };
}

function outcomeCount(table: AnnualReportTable, outcome: DisclosureOutcome): number {
  const group = table.requests.outcomes.groups.find((g) => g.group === DISCLOSURE_OUTCOMES[outcome].group);
  if (!group) throw new Error(`no group for ${outcome}`);
  const row = group.rows.find((r) => r.outcome === outcome);
  return row ? row.counts.total : group.counts.total;
}

describe('Function: annualReport', () => {
  describe('section 三: which year a request counts in', () => {
    it('counts a request received and replied in the year as new and as its outcome', () => {
      // Act
      const table = annualReport(2026, [
        request('2026-03-02', { outcome: 'disclosed', repliedOn: '2026-03-20' }),
      ]);

      // Assess
      const r = table.requests;
      expect(r.received.counts.natural_person).toBe(1);
      expect(r.carriedOver.counts.total).toBe(0);
      expect(outcomeCount(table, 'disclosed')).toBe(1);
      expect(r.outcomesTotal.counts.natural_person).toBe(1);
      expect(r.carriedForward.counts.total).toBe(0);
    });

    it('counts a request received on the last day of last year and replied this year as carried over', () => {
      // Act
      const table = annualReport(2026, [
        request('2025-12-31', { outcome: 'disclosed', repliedOn: '2026-01-04' }),
      ]);

      // Assess
      expect(table.requests.received.counts.total).toBe(0);
      expect(table.requests.carriedOver.counts.total).toBe(1);
      expect(table.requests.outcomesTotal.counts.total).toBe(1);
    });

    it('counts a request received on the first day of the year as new, not carried over', () => {
      // Act
      const table = annualReport(2026, [request('2026-01-01')]);

      // Assess
      expect(table.requests.received.counts.total).toBe(1);
      expect(table.requests.carriedOver.counts.total).toBe(0);
      expect(table.requests.carriedForward.counts.total).toBe(1);
    });

    it('counts a request received this year and replied next year as carried to next year, and as its outcome next year', () => {
      // Prepare
      const facts = [request('2026-12-15', { outcome: 'withheld_state_secret', repliedOn: '2027-01-08' })];

      // Act
      const thisYear = annualReport(2026, facts);
      const nextYear = annualReport(2027, facts);

      // Assess
      expect(thisYear.requests.received.counts.total).toBe(1);
      expect(thisYear.requests.outcomesTotal.counts.total).toBe(0);
      expect(thisYear.requests.carriedForward.counts.total).toBe(1);
      expect(nextYear.requests.received.counts.total).toBe(0);
      expect(nextYear.requests.carriedOver.counts.total).toBe(1);
      expect(outcomeCount(nextYear, 'withheld_state_secret')).toBe(1);
      expect(nextYear.requests.carriedForward.counts.total).toBe(0);
    });

    it('counts a reply on the last day of the year in that year, not carried forward', () => {
      // Act
      const table = annualReport(2026, [
        request('2026-12-01', { outcome: 'disclosed', repliedOn: '2026-12-31' }),
      ]);

      // Assess
      expect(table.requests.outcomesTotal.counts.total).toBe(1);
      expect(table.requests.carriedForward.counts.total).toBe(0);
    });

    it('counts a request open through the whole year as carried over and carried forward', () => {
      // Act
      const table = annualReport(2026, [
        request('2025-11-20'),
        request('2025-11-21', { outcome: 'other', repliedOn: '2027-02-01' }),
      ]);

      // Assess
      expect(table.requests.carriedOver.counts.total).toBe(2);
      expect(table.requests.outcomesTotal.counts.total).toBe(0);
      expect(table.requests.carriedForward.counts.total).toBe(2);
    });

    it('leaves out requests replied before the year and requests received after it', () => {
      // Act
      const table = annualReport(2026, [
        request('2025-03-01', { outcome: 'disclosed', repliedOn: '2025-12-31' }),
        request('2027-01-01'),
      ]);

      // Assess
      for (const row of [
        table.requests.received,
        table.requests.carriedOver,
        table.requests.outcomesTotal,
        table.requests.carriedForward,
      ]) {
        expect(row.counts.total).toBe(0);
      }
    });
  });

  describe('section 三: rows and columns', () => {
    it('counts a reply that discloses part only under （二）部分公开', () => {
      // Act
      const table = annualReport(2026, [
        request('2026-05-06', { outcome: 'partly_disclosed', repliedOn: '2026-05-20' }),
      ]);

      // Assess
      const byGroup = Object.fromEntries(
        table.requests.outcomes.groups.map((g) => [g.group, g.counts.total]),
      );
      expect(byGroup).toEqual({
        disclosed: 0,
        partly_disclosed: 1,
        withheld: 0,
        unavailable: 0,
        not_processed: 0,
        other: 0,
      });
      expect(table.requests.outcomesTotal.counts.total).toBe(1);
    });

    it.each(DISCLOSURE_OUTCOME_CODES)(
      'counts the outcome %s in its own row and its group only',
      (outcome) => {
        // Act
        const table = annualReport(2026, [
          request('2026-06-01', { outcome, repliedOn: '2026-06-10' }, 'research_institution'),
        ]);

        // Assess
        for (const code of DISCLOSURE_OUTCOME_CODES) {
          expect(outcomeCount(table, code), code).toBe(code === outcome ? 1 : 0);
        }
        for (const group of table.requests.outcomes.groups) {
          expect(group.counts.research_institution).toBe(
            group.group === DISCLOSURE_OUTCOMES[outcome].group ? 1 : 0,
          );
        }
        expect(table.requests.outcomesTotal.counts).toMatchObject({ research_institution: 1, total: 1 });
      },
    );

    it.each(APPLICANT_KINDS)('counts an applicant of kind %s in its own column and in 总计', (kind) => {
      // Act
      const table = annualReport(2026, [
        request('2026-02-03', { outcome: 'disclosed', repliedOn: '2026-02-10' }, kind),
      ]);

      // Assess
      for (const column of REPORT_COLUMNS) {
        const expected = column === kind || column === 'total' ? 1 : 0;
        expect(table.requests.received.counts[column], column).toBe(expected);
        expect(table.requests.outcomesTotal.counts[column], column).toBe(expected);
      }
    });

    it('lays out the template: groups （一）…（六） in order, numbered rows where a group has more than one', () => {
      // Act
      const table = annualReport(2026, []);

      // Assess
      const r = table.requests;
      expect(r.title).toBe(ANNUAL_REPORT_TEXT.requestsTitle);
      expect(r.columns.map((c) => c.label)).toEqual([
        ...APPLICANT_KINDS.map((k) => APPLICANT_KIND_TEXT[k]),
        '总计',
      ]);
      expect(r.outcomes.groups.map((g) => g.label)).toEqual(OUTCOME_GROUPS.map((g) => OUTCOME_GROUP_TEXT[g]));
      expect(
        r.outcomes.groups.flatMap((g) => (g.rows.length ? g.rows.map((x) => x.outcome) : [g.group])),
      ).toEqual(DISCLOSURE_OUTCOME_CODES);
      const withheld = r.outcomes.groups.find((g) => g.group === 'withheld');
      expect(withheld?.rows.map((x) => x.label)).toEqual([
        `1．${DISCLOSURE_OUTCOME_TEXT.withheld_state_secret}`,
        `2．${DISCLOSURE_OUTCOME_TEXT.withheld_prohibited_by_law}`,
        `3．${DISCLOSURE_OUTCOME_TEXT.withheld_three_securities_one_stability}`,
        `4．${DISCLOSURE_OUTCOME_TEXT.withheld_third_party_rights}`,
        `5．${DISCLOSURE_OUTCOME_TEXT.withheld_internal_affairs}`,
        `6．${DISCLOSURE_OUTCOME_TEXT.withheld_process_information}`,
        `7．${DISCLOSURE_OUTCOME_TEXT.withheld_enforcement_file}`,
        `8．${DISCLOSURE_OUTCOME_TEXT.withheld_administrative_inquiry}`,
      ]);
      expect(r.outcomes.groups.find((g) => g.group === 'disclosed')?.rows).toEqual([]);
      expect(r.outcomes.groups.find((g) => g.group === 'partly_disclosed')?.rows).toEqual([]);
      expect([
        r.received.label,
        r.carriedOver.label,
        r.outcomes.label,
        r.outcomesTotal.label,
        r.carriedForward.label,
      ]).toEqual([
        '一、本年新收政府信息公开申请数量',
        '二、上年结转政府信息公开申请数量',
        '三、本年度办理结果',
        '（七）总计',
        '四、结转下年度继续办理',
      ]);
    });
  });

  describe('section 四: 行政复议 and 行政诉讼', () => {
    it('counts each review in the year it was filed, in its kind and its recorded result', () => {
      // Prepare
      const facts = [
        request(
          '2025-10-01',
          { outcome: 'withheld_third_party_rights', repliedOn: '2025-10-20' },
          'legal_service_institution',
          [
            { kind: 'reconsideration', filedOn: '2025-12-01', result: 'upheld', decidedOn: '2026-01-20' },
            {
              kind: 'lawsuit_after_reconsideration',
              filedOn: '2026-02-10',
              result: 'corrected',
              decidedOn: '2026-09-01',
            },
          ],
        ),
        request(
          '2026-03-01',
          { outcome: 'unavailable_not_held', repliedOn: '2026-03-15' },
          'natural_person',
          [
            { kind: 'lawsuit_direct', filedOn: '2026-04-01', result: 'pending' },
            { kind: 'reconsideration', filedOn: '2026-04-02', result: 'other' },
          ],
        ),
      ];

      // Act
      const table = annualReport(2026, facts);

      // Assess
      const rows = Object.fromEntries(table.reviews.rows.map((r) => [r.kind, r.counts]));
      expect(rows.reconsideration).toEqual({ upheld: 0, corrected: 0, other: 1, pending: 0, total: 1 });
      expect(rows.lawsuit_direct).toEqual({ upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 });
      expect(rows.lawsuit_after_reconsideration).toEqual({
        upheld: 0,
        corrected: 1,
        other: 0,
        pending: 0,
        total: 1,
      });
      expect(annualReport(2025, facts).reviews.rows[0]?.counts).toEqual({
        upheld: 1,
        corrected: 0,
        other: 0,
        pending: 0,
        total: 1,
      });
    });

    it('labels the kinds and results with the template words', () => {
      // Act
      const table = annualReport(2026, []);

      // Assess
      expect(table.reviews.title).toBe(ANNUAL_REPORT_TEXT.reviewsTitle);
      expect(table.reviews.rows.map((r) => r.label)).toEqual(REVIEW_KINDS.map((k) => REVIEW_KIND_TEXT[k]));
      expect(table.reviews.rows.map((r) => r.label)).toEqual([
        '行政复议',
        '行政诉讼（未经复议直接起诉）',
        '行政诉讼（复议后起诉）',
      ]);
      expect(table.reviews.columns.map((c) => c.label)).toEqual([
        ...REVIEW_RESULTS.map((r) => REVIEW_RESULT_TEXT[r]),
        '总计',
      ]);
    });
  });

  describe('facts it refuses', () => {
    it.each([
      [
        'a reply before the receipt',
        [request('2026-03-10', { outcome: 'disclosed', repliedOn: '2026-03-09' })],
        '答复日期早于收到日期',
      ],
      ['a receipt date that is no day', [request('2026-02-30')], '收到日期无效'],
      [
        'a reply date that is no day',
        [request('2026-02-03', { outcome: 'disclosed', repliedOn: '2026/02/10' })],
        '答复日期无效',
      ],
      [
        'an unknown outcome',
        [request('2026-02-03', { outcome: 'lost' as DisclosureOutcome, repliedOn: '2026-02-10' })],
        '答复类型无效',
      ],
      [
        'an unknown applicant kind',
        [request('2026-02-03', undefined, 'alien' as ApplicantKind)],
        '申请人类型无效',
      ],
      [
        'a review without a filing day',
        [
          request('2026-02-03', undefined, 'natural_person', [
            { kind: 'reconsideration', filedOn: '', result: 'pending' },
          ]),
        ],
        '复议或诉讼日期无效',
      ],
      [
        'a review decided before it was filed',
        [
          request('2026-02-03', undefined, 'natural_person', [
            { kind: 'lawsuit_direct', filedOn: '2026-05-01', result: 'upheld', decidedOn: '2026-04-30' },
          ]),
        ],
        '审结日期无效',
      ],
    ])('refuses %s', (_name, facts, message) => {
      // Act / Assess
      expect(() => annualReport(2026, facts)).toThrow(AnnualReportFactsError);
      expect(() => annualReport(2026, facts)).toThrow(message);
    });

    it('refuses the same request twice', () => {
      // Prepare
      const once = request('2026-02-03');

      // Act / Assess
      expect(() => annualReport(2026, [once, once])).toThrow(`申请 ${once.requestId} 重复出现`);
    });

    it('refuses a year that is not four digits', () => {
      expect(() => annualReport(26, [])).toThrow(AnnualReportFactsError);
    });
  });

  describe('Function: assertIdentity', () => {
    it('throws when 新收 + 结转 differs from 办结 + 结转下年度 in a column', () => {
      // Prepare
      const table = annualReport(2026, [request('2026-02-03')]);
      const broken: AnnualReportTable = {
        ...table,
        requests: {
          ...table.requests,
          carriedForward: {
            ...table.requests.carriedForward,
            counts: { ...table.requests.carriedForward.counts, natural_person: 0 },
          },
        },
      };

      // Act / Assess
      expect(() => assertIdentity(table)).not.toThrow();
      expect(() => assertIdentity(broken)).toThrow(AnnualReportIdentityError);
    });
  });
});
