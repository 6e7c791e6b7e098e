import type { AnnualReportTable } from '../../../../shared/domain/disclosure/annual-report';
import type { DisclosureRow } from '../../../../shared/domain/disclosure/queue-row';
import type { DisclosureRequest } from '../../../../shared/domain/disclosure/request';
import { type DownloadedFile, download, request } from './http';
import type { Page, StaffCase } from './types';

// 依申请公开: the staff entry of a request (intake), and the disclosure desk's approval, letter, queues
// and annual report (docs/staff-api.md). The lifecycle actions go through api/cases.ts `act`.

/** 202 of POST /v1/disclosure/requests: the request is queued as a case. */
export interface RequestAccepted {
  readonly trackingNo: string;
  readonly caseId: string;
  /** 收到申请之日 (第三十一条), `YYYY-MM-DD`. */
  readonly receivedOn: string;
}

/**
 * 来信来访登记: a letter, fax or walk-in request typed by staff. The key is made once per form, so a
 * resend after a lost answer (a timeout, a double click) yields the same case, not a second one.
 */
export function submitDisclosureRequest(
  body: DisclosureRequest,
  idempotencyKey: string,
): Promise<RequestAccepted> {
  return request<RequestAccepted>('/v1/disclosure/requests', {
    method: 'POST',
    body,
    headers: { 'idempotency-key': idempotencyKey },
  });
}

/**
 * 审核通过并答复: the desk renders the 答复书, stores it and applies approve_reply (two-person rule:
 * 403 self_approval when the reviewer drafted it). Conditioned on the version on screen (409).
 */
export async function approveReply(
  caseId: string,
  body: { expectedVersion: number; confidentialityReviewed: true; reviewerName: string; note?: string },
): Promise<StaffCase> {
  const answer = await request<{ case: StaffCase }>(
    `/v1/disclosure/cases/${encodeURIComponent(caseId)}/approve`,
    { method: 'POST', body },
  );
  return answer.case;
}

/** 答复书 PDF, fetched with the bearer token (a plain link would carry none). */
export function replyLetter(caseId: string): Promise<DownloadedFile> {
  return download(`/v1/disclosure/cases/${encodeURIComponent(caseId)}/letter`, { accept: 'application/pdf' });
}

/** `review`: drafts awaiting approval (审核); `open`: the requests still being handled. */
export type DisclosureQueue = 'review' | 'open';

export type { DisclosureRow };

export function disclosureQueue(
  queue: DisclosureQueue,
  query: { cursor?: string; limit?: number } = {},
): Promise<Page<DisclosureRow>> {
  return request('/v1/disclosure/cases', { query: { queue, ...query } });
}

/** Section 三 and 四 of the year, as the national template lays them out. */
export function annualReport(year: number): Promise<AnnualReportTable> {
  return request<AnnualReportTable | { table: AnnualReportTable }>('/v1/disclosure/annual-report', {
    query: { year, format: 'json' },
  }).then((body) => ('table' in body ? body.table : body));
}

export function annualReportFile(year: number, format: 'csv' | 'xlsx'): Promise<DownloadedFile> {
  return download('/v1/disclosure/annual-report', { query: { year, format } });
}
