import type * as z from 'zod/mini';
import { type CallRecord, CallRecordSchema } from '../../shared/domain/call-record.js';
import { ConnectCtrSchema, fromConnectCtr } from '../../shared/domain/connect-ctr.js';
import { callRequestOf } from '../../shared/domain/disclosure/call-request.js';
import { intakeRefusal } from '../../shared/domain/disclosure/intake.js';
import type { DisclosureRequest } from '../../shared/domain/disclosure/request.js';
import { type Directory, UnknownReferenceError } from '../../shared/domain/index.js';
import { HttpError } from '../../shared/http/errors.js';

/** The two payloads the hotline path accepts, told apart by the route they were posted to. */
export type HotlinePayload = 'call-record' | 'connect-ctr';

export type Parsed = { kind: 'call'; record: CallRecord } | { kind: 'ignored'; reason: string };

function validationFailed(error: z.core.$ZodError): HttpError {
  const details = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  return new HttpError(422, 'validation_failed', '请求内容有误，请检查各字段', { details });
}

/**
 * A posted body as a call record. A CTR is mapped first, then held to the same rules as a
 * documented record; a CTR of a contact that is not an inbound voice call is ignored.
 */
export function parseHotlinePayload(kind: HotlinePayload, body: unknown): Parsed {
  let candidate = body;
  if (kind === 'connect-ctr') {
    const ctr = ConnectCtrSchema.safeParse(body);
    if (!ctr.success) throw validationFailed(ctr.error);
    const mapped = fromConnectCtr(ctr.data);
    if (mapped.kind === 'ignored') return mapped;
    candidate = mapped.record;
  }
  const record = CallRecordSchema.safeParse(candidate);
  if (!record.success) throw validationFailed(record.error);
  return { kind: 'call', record: record.data };
}

/**
 * The request a call's appeal carries, validated (disclosure/call-request.ts): 422 `invalid_request`
 * with its problems when it does not validate or names a body the directory does not hold. Like any
 * other malformed appeal in a record, the whole record is refused (docs/disclosure.md, "Channels").
 */
export function checkedCallRequest(
  record: CallRecord,
  directory: Directory,
  confirmedAt?: string,
): DisclosureRequest | undefined {
  const parsed = callRequestOf(record, confirmedAt);
  if (!parsed) return undefined;
  const refusal = parsed.ok
    ? intakeRefusal(parsed.request, directory, { channelContact: true })
    : parsed.refusal;
  if (refusal) throw new HttpError(422, refusal.code, refusal.message, { problems: refusal.problems });
  return parsed.ok ? parsed.request : undefined;
}

/**
 * Refuses an appeal whose category or district the directory does not know, or whose disclosure
 * request does not validate, before any write.
 */
export function checkCallReferences(record: CallRecord, directory: Directory): void {
  const appeal = record.appeal;
  if (!appeal) return;
  checkedCallRequest(record, directory);
  if (!directory.categories.has(appeal.category)) {
    throw new UnknownReferenceError('unknown_category', `未知的诉求类别：${appeal.category}`);
  }
  if (!directory.districts.has(appeal.district)) {
    throw new UnknownReferenceError('unknown_district', `未知的区县：${appeal.district}`);
  }
}
