import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AnnualReportTable,
  annualReport,
  type DisclosureFacts,
  REPORT_COLUMNS,
} from '../../../../shared/domain/disclosure/annual-report.js';
import {
  APPLICANT_KINDS,
  DISCLOSURE_OUTCOME_CODES,
  REVIEW_KINDS,
  REVIEW_RESULTS,
} from '../../../../shared/domain/disclosure/template.js';

// A year of generated requests, received from the year before to the year after and replied up to
// four months later (so across both year boundaries), each with up to two reviews. The table must
// equal a plain recount, and every column must keep 新收 + 结转 = 办结 + 结转下年度.

const YEAR = 2026;
const DAY_MS = 86_400_000;
const FIRST = Date.UTC(YEAR - 1, 0, 1);
const SPAN_DAYS = 3 * 366;
const dayAt = (offset: number) => new Date(FIRST + offset * DAY_MS).toISOString().slice(0, 10);
const plus = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

const reviewArb = fc.record({
  kind: fc.constantFrom(...REVIEW_KINDS),
  filedOn: fc.integer({ min: 0, max: SPAN_DAYS }).map(dayAt),
  result: fc.constantFrom(...REVIEW_RESULTS),
});

const requestArb = fc.record({
  applicantKind: fc.constantFrom(...APPLICANT_KINDS),
  receivedOn: fc.integer({ min: 0, max: SPAN_DAYS }).map(dayAt),
  reply: fc.option(
    fc.record({
      outcome: fc.constantFrom(...DISCLOSURE_OUTCOME_CODES),
      after: fc.integer({ min: 0, max: 120 }),
    }),
    { nil: undefined },
  ),
  reviews: fc.array(reviewArb, { maxLength: 2 }),
});

const factsArb: fc.Arbitrary<DisclosureFacts[]> = fc.array(requestArb, { maxLength: 400 }).map((requests) =>
  requests.map((r, i) => ({
    requestId: `req-${i}`,
    applicantKind: r.applicantKind,
    receivedOn: r.receivedOn,
    ...(r.reply ? { reply: { outcome: r.reply.outcome, repliedOn: plus(r.receivedOn, r.reply.after) } } : {}),
    reviews: r.reviews,
  })),
);

/** The recount: each request's (row, column) pairs by year numbers, then a count per pair. */
function recount(facts: readonly DisclosureFacts[]): Map<string, number> {
  const year = (day: string) => Number(day.slice(0, 4));
  const pairs: string[] = [];
  for (const f of facts) {
    const received = year(f.receivedOn);
    const replied = f.reply ? year(f.reply.repliedOn) : Number.POSITIVE_INFINITY;
    const rows: string[] = [];
    if (received === YEAR) rows.push('new');
    if (received < YEAR && replied >= YEAR) rows.push('carried_over');
    if (replied === YEAR && f.reply) rows.push(`outcome:${f.reply.outcome}`, 'outcomes_total');
    if (received <= YEAR && replied > YEAR) rows.push('carried_forward');
    for (const row of rows) pairs.push(`${row}|${f.applicantKind}`, `${row}|total`);
    for (const review of f.reviews ?? []) {
      if (year(review.filedOn) === YEAR)
        pairs.push(`review:${review.kind}|${review.result}`, `review:${review.kind}|total`);
    }
  }
  const counts = new Map<string, number>();
  for (const pair of pairs) counts.set(pair, (counts.get(pair) ?? 0) + 1);
  return counts;
}

/** The table's non-zero cells under the same keys. */
function cells(table: AnnualReportTable): Map<string, number> {
  const out = new Map<string, number>();
  const put = (row: string, counts: Readonly<Record<string, number>>) => {
    for (const [column, n] of Object.entries(counts)) if (n !== 0) out.set(`${row}|${column}`, n);
  };
  const r = table.requests;
  put('new', r.received.counts);
  put('carried_over', r.carriedOver.counts);
  for (const group of r.outcomes.groups) {
    if (group.rows.length === 0) put(`outcome:${group.group}`, group.counts);
    for (const row of group.rows) put(`outcome:${row.outcome}`, row.counts);
  }
  put('outcomes_total', r.outcomesTotal.counts);
  put('carried_forward', r.carriedForward.counts);
  for (const row of table.reviews.rows) put(`review:${row.kind}`, row.counts);
  return out;
}

describe('Function: annualReport (property)', () => {
  it('equals a plain recount of a year of generated requests', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        // Act
        const table = annualReport(YEAR, facts);

        // Assess
        expect(cells(table)).toEqual(recount(facts));
      }),
      { seed: 1412, numRuns: 300 },
    );
  });

  it('keeps 新收 + 结转 = 办结 + 结转下年度 in every column, and each group the sum of its rows', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        // Act
        const r = annualReport(YEAR, facts).requests;

        // Assess
        for (const column of REPORT_COLUMNS) {
          expect(r.received.counts[column] + r.carriedOver.counts[column]).toBe(
            r.outcomesTotal.counts[column] + r.carriedForward.counts[column],
          );
          for (const group of r.outcomes.groups) {
            if (group.rows.length > 0) {
              expect(group.rows.reduce((sum, row) => sum + row.counts[column], 0)).toBe(group.counts[column]);
            }
          }
        }
        for (const row of [r.received, r.carriedOver, r.outcomesTotal, r.carriedForward]) {
          expect(APPLICANT_KINDS.reduce((sum, k) => sum + row.counts[k], 0)).toBe(row.counts.total);
        }
      }),
      { seed: 1413, numRuns: 300 },
    );
  });
});
