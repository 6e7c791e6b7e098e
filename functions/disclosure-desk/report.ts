// GET the annual report's table (sections 三 and 四 of the national template) for a year: JSON, or
// the CSV / XLSX an office pastes into its report.
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { annualReportCsv, annualReportFileName } from '../../shared/adapters/annual-report-csv.js';
import { annualReportXlsx } from '../../shared/adapters/annual-report-xlsx.js';
import { annualReport } from '../../shared/domain/disclosure/annual-report.js';
import { disclosureFactsOf } from '../../shared/domain/disclosure/facts.js';
import { shanghaiDate } from '../../shared/domain/index.js';
import { BadRequestError } from '../../shared/http/errors.js';
import { json } from '../../shared/http/responses.js';
import type { DeskDeps } from './deps.js';

export const REPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** The 2007 条例 took effect on 2008-05-01: no body has an annual report before 2008. */
const FIRST_YEAR = 2008;

/** Figures of a year still running change with every reply: no cache keeps them. */
const NO_STORE = { 'cache-control': 'no-store' };

/** `year`: four digits, from 2008 to the current (Asia/Shanghai) year; anything else 400 `invalid_year`. */
export function reportYearOf(raw: string | undefined, now: Date): number {
  const current = Number(shanghaiDate(now).slice(0, 4));
  const year = raw !== undefined && /^\d{4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(year >= FIRST_YEAR && year <= current)) {
    throw new BadRequestError('invalid_year', `year 须为 ${FIRST_YEAR} 至 ${current} 之间的四位年份`);
  }
  return year;
}

export function reportFormatOf(raw: string | undefined): ReportFormat {
  if (raw === undefined || raw === '') return 'json';
  if (!(REPORT_FORMATS as readonly string[]).includes(raw)) {
    throw new BadRequestError('invalid_format', 'format 须为 json、csv 或 xlsx');
  }
  return raw as ReportFormat;
}

function attachment(name: string): string {
  return `attachment; filename="${name}"`;
}

/**
 * The table, counted by the core (`annualReport`) from the facts of every request the year needs.
 *
 * @example
 * await annualReportResponse(deps, { year: 2026, format: 'csv' }) // 200 text/csv with a BOM
 */
export async function annualReportResponse(
  deps: Pick<DeskDeps, 'book' | 'now'>,
  request: { year: number; format: ReportFormat },
): Promise<APIGatewayProxyStructuredResultV2> {
  const { year, format } = request;
  const cases = await deps.book.forAnnualReport(year);
  const facts = cases.flatMap((kase) => disclosureFactsOf(kase) ?? []);
  const table = annualReport(year, facts);
  if (format === 'json') return json(200, table, NO_STORE);
  if (format === 'csv') {
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': attachment(annualReportFileName(year, 'csv')),
        ...NO_STORE,
      },
      body: annualReportCsv(table),
    };
  }
  const bytes = await annualReportXlsx(table, { createdAt: deps.now(), creator: '12345' });
  return {
    statusCode: 200,
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': attachment(annualReportFileName(year, 'xlsx')),
      ...NO_STORE,
    },
    body: bytes.toString('base64'),
    isBase64Encoded: true,
  };
}
