// 依申请公开 the annual report's table: sections 三 (收到和处理政府信息公开申请情况) and 四 (政府信息公开
// 行政复议、行政诉讼情况) of the national template (《中华人民共和国政府信息公开工作年度报告格式》,
// 国办公开办函〔2021〕30号), computed from the facts each request contributes. 《政府信息公开条例》
// (2019) 第五十条 makes the annual report a duty and 第五十条第（三）项 names what this table holds.
import {
  ANNUAL_REPORT_TEXT,
  APPLICANT_KIND_TEXT,
  DISCLOSURE_OUTCOME_TEXT,
  OUTCOME_GROUP_TEXT,
  REVIEW_KIND_TEXT,
  REVIEW_RESULT_TEXT,
} from '../labels.js';
import { isDay } from '../metrics/periods.js';
import {
  APPLICANT_KINDS,
  type ApplicantKind,
  DISCLOSURE_OUTCOME_CODES,
  DISCLOSURE_OUTCOMES,
  type DisclosureOutcome,
  OUTCOME_GROUPS,
  type OutcomeGroup,
  REVIEW_KINDS,
  REVIEW_RESULTS,
  type ReviewKind,
  type ReviewResult,
} from './template.js';

/** A 行政复议 or 行政诉讼 about the request, as staff record it on the case when it happens. */
export interface ReviewEvent {
  readonly kind: ReviewKind;
  /** The day it was filed (Asia/Shanghai, `YYYY-MM-DD`): it counts in that year. */
  readonly filedOn: string;
  /** 尚未审结 (`pending`) until a result is recorded. */
  readonly result: ReviewResult;
  /** The day the result was decided, when there is one (kept for the record; not counted by). */
  readonly decidedOn?: string;
}

/** What one disclosure request contributes to the annual report. */
export interface DisclosureFacts {
  readonly requestId: string;
  readonly applicantKind: ApplicantKind;
  /** The receipt date set by 第三十一条 (in person: that day; by post: the day signed for; on-line: the day confirmed). */
  readonly receivedOn: string;
  /** The reply (答复, 第三十六条) once sent: its outcome row and the day it was sent. */
  readonly reply?: { readonly outcome: DisclosureOutcome; readonly repliedOn: string };
  readonly reviews?: readonly ReviewEvent[];
}

/** Section 三's columns: the six applicant kinds, then 总计. */
export const REPORT_COLUMNS = [...APPLICANT_KINDS, 'total'] as const;
export type ReportColumn = (typeof REPORT_COLUMNS)[number];
export type ColumnCounts = Readonly<Record<ReportColumn, number>>;

/** Section 四's columns for each kind of review: the four results, then 总计. */
export const REVIEW_COLUMNS = [...REVIEW_RESULTS, 'total'] as const;
export type ReviewColumn = (typeof REVIEW_COLUMNS)[number];
export type ReviewCounts = Readonly<Record<ReviewColumn, number>>;

export interface CountRow {
  readonly label: string;
  readonly counts: ColumnCounts;
}

export interface OutcomeRow extends CountRow {
  readonly outcome: DisclosureOutcome;
}

/**
 * One of （一）…（六）. `counts` is the group's sum. A group of one outcome (予以公开, 部分公开) is one
 * line of the template and has no `rows`; the others list their numbered rows (1．属于国家秘密 …).
 */
export interface OutcomeGroupRows extends CountRow {
  readonly group: OutcomeGroup;
  readonly rows: readonly OutcomeRow[];
}

export interface ReviewRow {
  readonly kind: ReviewKind;
  readonly label: string;
  readonly counts: ReviewCounts;
}

export interface AnnualReportTable {
  readonly year: number;
  readonly requests: {
    readonly title: string;
    readonly columns: readonly { readonly key: ReportColumn; readonly label: string }[];
    /** 一、本年新收 */
    readonly received: CountRow;
    /** 二、上年结转 */
    readonly carriedOver: CountRow;
    /** 三、本年度办理结果 （一）…（六） */
    readonly outcomes: { readonly label: string; readonly groups: readonly OutcomeGroupRows[] };
    /** （七）总计 */
    readonly outcomesTotal: CountRow;
    /** 四、结转下年度继续办理 */
    readonly carriedForward: CountRow;
  };
  readonly reviews: {
    readonly title: string;
    readonly columns: readonly { readonly key: ReviewColumn; readonly label: string }[];
    readonly rows: readonly ReviewRow[];
  };
}

/** Facts the table cannot count honestly; the message names the request. */
export class AnnualReportFactsError extends Error {
  constructor(
    message: string,
    readonly requestId?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AnnualReportFactsError';
  }
}

/** The template's identity did not hold: a bug in the counting, never a matter of input. */
export class AnnualReportIdentityError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AnnualReportIdentityError';
  }
}

/*
 * THE COUNTING RULES (the one place they are written; the docs repeat them for people).
 * A year is the Asia/Shanghai calendar year; every date is a day `YYYY-MM-DD`, so comparing the
 * strings compares the days. For the year Y, with first day S = Y-01-01 and last day E = Y-12-31:
 *
 * - 一、本年新收: received in Y (the receipt date of 第三十一条, whatever the channel).
 * - 二、上年结转: received before S and not replied before S (no reply yet, or a reply on or after S).
 * - 三、本年度办理结果: replied in Y, in the row of its outcome, whenever it was received. A reply that
 *   discloses part and withholds part is 部分公开 and counts only there (the template's own rule,
 *   第三十七条); a request has exactly one outcome.
 * - 四、结转下年度继续办理: received on or before E (so new or carried over) and not replied by E.
 * - Hence for every column: 新收 + 结转 = （七）总计 + 结转下年度. Each request open at some time in Y
 *   is in exactly one of 一/二 (received in Y or before) and in exactly one of 三/四 (replied in Y or
 *   not by E), provided it was not replied before it was received: such facts are refused.
 *   `annualReport` checks the identity on every table it returns.
 * - Section 四: a 行政复议 or 行政诉讼 counts in the year it was filed, in its column (复议, 直接起诉,
 *   复议后起诉) and the column of its result as recorded now; 尚未审结 until a result is recorded.
 *   So a report drawn again later shows results decided since (as an office updating its report
 *   would); it never moves a review to another year.
 * - Columns: 自然人 or one of the five kinds of 法人或其他组织, by the applicant's kind; 总计 is their sum.
 */

const zeroColumns = (): Record<ReportColumn, number> =>
  Object.fromEntries(REPORT_COLUMNS.map((c) => [c, 0])) as Record<ReportColumn, number>;
const zeroReviews = (): Record<ReviewColumn, number> =>
  Object.fromEntries(REVIEW_COLUMNS.map((c) => [c, 0])) as Record<ReviewColumn, number>;

function add(counts: Record<ReportColumn, number>, kind: ApplicantKind): void {
  counts[kind] += 1;
  counts.total += 1;
}

function checkFacts(facts: readonly DisclosureFacts[]): void {
  const seen = new Set<string>();
  for (const f of facts) {
    // The facts come from stored cases: a code this table has no row or column for is refused, not dropped.
    if (!APPLICANT_KINDS.includes(f.applicantKind)) {
      throw new AnnualReportFactsError(
        `申请 ${f.requestId} 的申请人类型无效：${f.applicantKind}`,
        f.requestId,
      );
    }
    if (f.reply && !Object.hasOwn(DISCLOSURE_OUTCOMES, f.reply.outcome)) {
      throw new AnnualReportFactsError(`申请 ${f.requestId} 的答复类型无效：${f.reply.outcome}`, f.requestId);
    }
    if (seen.has(f.requestId)) throw new AnnualReportFactsError(`申请 ${f.requestId} 重复出现`, f.requestId);
    seen.add(f.requestId);
    if (!isDay(f.receivedOn)) {
      throw new AnnualReportFactsError(`申请 ${f.requestId} 的收到日期无效：${f.receivedOn}`, f.requestId);
    }
    if (f.reply) {
      if (!isDay(f.reply.repliedOn)) {
        throw new AnnualReportFactsError(
          `申请 ${f.requestId} 的答复日期无效：${f.reply.repliedOn}`,
          f.requestId,
        );
      }
      if (f.reply.repliedOn < f.receivedOn) {
        throw new AnnualReportFactsError(`申请 ${f.requestId} 的答复日期早于收到日期`, f.requestId);
      }
    }
    for (const review of f.reviews ?? []) {
      if (!REVIEW_KINDS.includes(review.kind) || !REVIEW_RESULTS.includes(review.result)) {
        throw new AnnualReportFactsError(
          `申请 ${f.requestId} 的复议或诉讼记录无效：${review.kind} ${review.result}`,
          f.requestId,
        );
      }
      if (!isDay(review.filedOn)) {
        throw new AnnualReportFactsError(
          `申请 ${f.requestId} 的复议或诉讼日期无效：${review.filedOn}`,
          f.requestId,
        );
      }
      if (review.decidedOn !== undefined && (!isDay(review.decidedOn) || review.decidedOn < review.filedOn)) {
        throw new AnnualReportFactsError(
          `申请 ${f.requestId} 的复议或诉讼审结日期无效：${review.decidedOn}`,
          f.requestId,
        );
      }
    }
  }
}

/** 新收 + 结转 = 办结 + 结转下年度, per column (the template's 勾稽关系). */
export function assertIdentity(table: AnnualReportTable): void {
  const r = table.requests;
  for (const column of REPORT_COLUMNS) {
    const left = r.received.counts[column] + r.carriedOver.counts[column];
    const right = r.outcomesTotal.counts[column] + r.carriedForward.counts[column];
    if (left !== right) {
      throw new AnnualReportIdentityError(
        `${table.year} 年 ${column}: 新收 ${r.received.counts[column]} + 结转 ${r.carriedOver.counts[column]} ≠ 办结 ${r.outcomesTotal.counts[column]} + 结转下年度 ${r.carriedForward.counts[column]}`,
      );
    }
  }
}

/**
 * The year's table, exactly as the template lays it out, with the template's labels.
 *
 * @example
 * const table = annualReport(2026, [
 *   { requestId: 'r1', applicantKind: 'natural_person', receivedOn: '2026-03-02',
 *     reply: { outcome: 'partly_disclosed', repliedOn: '2026-03-20' } },
 * ]);
 * table.requests.received.counts.natural_person // 1
 * table.requests.outcomes.groups[1].counts.total // 1 (（二）部分公开)
 */
export function annualReport(year: number, facts: readonly DisclosureFacts[]): AnnualReportTable {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new AnnualReportFactsError(`年度无效：${year}`);
  }
  checkFacts(facts);
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const inYear = (day: string) => day >= first && day <= last;

  const received = zeroColumns();
  const carriedOver = zeroColumns();
  const carriedForward = zeroColumns();
  const byOutcome = new Map<DisclosureOutcome, Record<ReportColumn, number>>(
    DISCLOSURE_OUTCOME_CODES.map((o) => [o, zeroColumns()]),
  );
  const reviews = new Map<ReviewKind, Record<ReviewColumn, number>>(
    REVIEW_KINDS.map((k) => [k, zeroReviews()]),
  );

  for (const f of facts) {
    const repliedOn = f.reply?.repliedOn;
    if (inYear(f.receivedOn)) add(received, f.applicantKind);
    if (f.receivedOn < first && (repliedOn === undefined || repliedOn >= first))
      add(carriedOver, f.applicantKind);
    if (f.reply && inYear(f.reply.repliedOn))
      add(byOutcome.get(f.reply.outcome) ?? zeroColumns(), f.applicantKind);
    if (f.receivedOn <= last && (repliedOn === undefined || repliedOn > last))
      add(carriedForward, f.applicantKind);
    for (const review of f.reviews ?? []) {
      if (!inYear(review.filedOn)) continue;
      const counts = reviews.get(review.kind);
      if (!counts) continue;
      counts[review.result] += 1;
      counts.total += 1;
    }
  }

  const groups: OutcomeGroupRows[] = OUTCOME_GROUPS.map((group) => {
    const outcomes = DISCLOSURE_OUTCOME_CODES.filter((o) => DISCLOSURE_OUTCOMES[o].group === group);
    const sum = zeroColumns();
    for (const o of outcomes) for (const c of REPORT_COLUMNS) sum[c] += byOutcome.get(o)?.[c] ?? 0;
    // The template numbers the rows of a group with more than one (1．2．…); a group of one is its own line.
    const rows =
      outcomes.length > 1
        ? outcomes.map((outcome, i) => ({
            outcome,
            label: `${i + 1}．${DISCLOSURE_OUTCOME_TEXT[outcome]}`,
            counts: byOutcome.get(outcome) ?? zeroColumns(),
          }))
        : [];
    return { group, label: OUTCOME_GROUP_TEXT[group], counts: sum, rows };
  });
  const outcomesTotal = zeroColumns();
  for (const g of groups) for (const c of REPORT_COLUMNS) outcomesTotal[c] += g.counts[c];

  const table: AnnualReportTable = {
    year,
    requests: {
      title: ANNUAL_REPORT_TEXT.requestsTitle,
      columns: REPORT_COLUMNS.map((key) => ({
        key,
        label: key === 'total' ? ANNUAL_REPORT_TEXT.total : APPLICANT_KIND_TEXT[key],
      })),
      received: { label: ANNUAL_REPORT_TEXT.received, counts: received },
      carriedOver: { label: ANNUAL_REPORT_TEXT.carriedOver, counts: carriedOver },
      outcomes: { label: ANNUAL_REPORT_TEXT.outcomes, groups },
      outcomesTotal: { label: ANNUAL_REPORT_TEXT.outcomesTotal, counts: outcomesTotal },
      carriedForward: { label: ANNUAL_REPORT_TEXT.carriedForward, counts: carriedForward },
    },
    reviews: {
      title: ANNUAL_REPORT_TEXT.reviewsTitle,
      columns: REVIEW_COLUMNS.map((key) => ({
        key,
        label: key === 'total' ? ANNUAL_REPORT_TEXT.total : REVIEW_RESULT_TEXT[key],
      })),
      rows: REVIEW_KINDS.map((kind) => ({
        kind,
        label: REVIEW_KIND_TEXT[kind],
        counts: reviews.get(kind) ?? zeroReviews(),
      })),
    },
  };
  assertIdentity(table);
  return table;
}
