import type { CaseStatus } from '../../../shared/domain/case.js';
import type { AppealBody } from './appeal-rules.js';
import type { CategoryChoice } from './categories.js';
import type { ErrorEnvelope } from './refusal.js';

// The page's calls to its own API, one function per endpoint (DESIGN §9). Each answers the status and
// the parsed body; a body that is not JSON reads as {} so a proxy's HTML error page still gets a
// Chinese message. A network failure rejects, for the caller to say so.

export interface Answer<T> {
  status: number;
  ok: boolean;
  headers: Headers;
  body: Partial<T> & ErrorEnvelope;
}

async function call<T>(url: string, init?: RequestInit): Promise<Answer<T>> {
  const response = await fetch(url, init);
  const body = (await response.json().catch(() => ({}))) as Partial<T> & ErrorEnvelope;
  return { status: response.status, ok: response.ok, headers: response.headers, body };
}

const postJson = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** GET /v1/directory: the form's choices and whether it asks for a 短信验证码. */
export interface DirectoryAnswer {
  types: { code: string; name: string }[];
  categories: CategoryChoice[];
  districts: { code: string; name: string }[];
  /** The bodies a 政府信息公开申请 may be addressed to (第二十七条). */
  departments?: { id: string; name: string }[];
  phoneVerification?: boolean;
  phoneVerificationRequired?: boolean;
}

export async function getDirectory(): Promise<DirectoryAnswer> {
  const response = await fetch('/v1/directory');
  if (!response.ok) throw new Error(String(response.status));
  return (await response.json()) as DirectoryAnswer;
}

/** POST /v1/channels/webform/uploads: a presigned POST for one photo of this size and SHA-256. */
export interface UploadGrant {
  url: string;
  fields: Record<string, string>;
  key: string;
}

export function requestUploadGrant(file: File, sha256: string): Promise<Answer<UploadGrant>> {
  return call(
    '/v1/channels/webform/uploads',
    postJson({ contentType: file.type, size: file.size, sha256, fileName: file.name }),
  );
}

/** The photo itself, to the staging bucket under its grant (the bucket's origin is in connect-src). */
export function postToBucket(grant: UploadGrant, file: File): Promise<Response> {
  const data = new FormData();
  for (const [name, value] of Object.entries(grant.fields)) data.append(name, value);
  data.append('file', file);
  return fetch(grant.url, { method: 'POST', body: data });
}

/** POST /v1/channels/webform: 202 with the tracking number; the key makes a retry the same case. */
export function submitAppeal(
  body: AppealBody,
  idempotencyKey: string,
): Promise<Answer<{ trackingNo: string }>> {
  return call('/v1/channels/webform', postJson(body, { 'idempotency-key': idempotencyKey }));
}

/** POST /v1/channels/webform with a 政府信息公开申请: 202 with the tracking number and 收到申请之日. */
export function submitDisclosure(
  body: Record<string, unknown>,
  idempotencyKey: string,
): Promise<Answer<{ trackingNo: string; receivedOn: string }>> {
  return call('/v1/channels/webform', postJson(body, { 'idempotency-key': idempotencyKey }));
}

/** POST /v1/channels/webform/verifications: sends a 短信验证码 to the number. */
export function requestVerification(
  phone: string,
): Promise<Answer<{ verificationId: string; expiresInSeconds: number }>> {
  return call('/v1/channels/webform/verifications', postJson({ phone }));
}

/** GET /v1/cases/{trackingNo}?phoneLast4=…: what the citizen may see of the case. */
export interface CaseStatusAnswer {
  trackingNo: string;
  status: CaseStatus;
  statusText: string;
  department: { id: string; name: string } | null;
  category: { code: string; name: string };
  district: { code: string; name: string };
  receivedAt: string;
  dueAt?: string;
  completedAt?: string;
  /** 并单: that it was merged and is being handled with the case it joined. */
  note?: string;
  /** The department's reply, once completed. */
  reply?: string;
  /** 回访: the rating page, while the case awaits its rating. */
  feedbackUrl?: string;
  feedbackOpenUntil?: string;
}

export function getCaseStatus(trackingNo: string, phoneLast4: string): Promise<Answer<CaseStatusAnswer>> {
  return call(`/v1/cases/${encodeURIComponent(trackingNo)}?phoneLast4=${phoneLast4}`);
}
