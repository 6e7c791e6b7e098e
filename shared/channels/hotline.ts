import type * as z from 'zod/mini';
import type { Appeal } from '../domain/appeal.js';
import { type CallRecord, CallRecordSchema, toAppealFromCall } from '../domain/call-record.js';
import { resolveCategory, resolveDistrict } from '../domain/catalogue-lookup.js';
import { FALLBACK_CATEGORY, UNKNOWN_DISTRICT } from '../domain/classify.js';
import { ConnectCtrSchema, fromConnectCtr } from '../domain/connect-ctr.js';
import type { Directory } from '../domain/directory.js';
import { callDisclosureAppeal, callRequestOf } from '../domain/disclosure/call-request.js';
import { intakeRefusal } from '../domain/disclosure/intake.js';
import type { DisclosureRequest, RequestRefusal } from '../domain/disclosure/request.js';
import { UnknownReferenceError } from '../domain/errors.js';
import { keptTypedField, keptTypedText } from '../domain/intake-hold.js';
import { HttpError } from '../http/errors.js';

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

/** What intake keeps of an appeal it could not settle, for the dispatcher (intake-hold.ts). */
type Held = Pick<Appeal, 'typedCategory' | 'typedDistrict' | 'requestProblems'>;

/**
 * The record with its appeal's category and district as the catalogue reads them (catalogue-lookup.ts:
 * by code, Chinese name or keyword). What does not resolve becomes the placeholder (`other`,
 * `unknown`), the typed text kept beside it for the dispatcher: a call record is never refused for
 * what its appeal says, or a retrying call centre would loop and the call be lost from the answer rate.
 */
export function resolvedCallRecord(
  record: CallRecord,
  directory: Directory,
): { record: CallRecord; held: Held } {
  const typed = record.appeal;
  if (!typed) return { record, held: {} };
  const category = resolveCategory(typed.category, directory);
  const district = resolveDistrict(typed.district, directory);
  return {
    record: {
      ...record,
      appeal: {
        ...typed,
        category: category.ok ? category.code : FALLBACK_CATEGORY,
        district: district.ok ? district.code : UNKNOWN_DISTRICT,
      },
    },
    held: {
      ...(category.ok ? {} : { typedCategory: keptTypedField(typed.category) }),
      ...(district.ok ? {} : { typedDistrict: keptTypedField(typed.district) }),
    },
  };
}

/** The request a call's appeal carries, validated, or why it cannot be taken (undefined: none carried). */
function requestOf(
  record: CallRecord,
  directory: Directory,
  confirmedAt?: string,
): { ok: true; request: DisclosureRequest } | { ok: false; refusal: RequestRefusal } | undefined {
  const parsed = callRequestOf(record, confirmedAt);
  if (!parsed?.ok) return parsed;
  const refusal = intakeRefusal(parsed.request, directory, { channelContact: true });
  return refusal ? { ok: false, refusal } : parsed;
}

/**
 * The request a call's appeal carries, validated (disclosure/call-request.ts), or its problems when it
 * does not validate or names a body the directory does not hold: the appeal is then taken without it
 * and waits for a dispatcher with the problems noted (docs/disclosure.md, "Channels"), never a 422.
 */
export function checkedCallRequest(
  record: CallRecord,
  directory: Directory,
  confirmedAt?: string,
): { request?: DisclosureRequest; held: Held } {
  const parsed = requestOf(record, directory, confirmedAt);
  if (!parsed) return { held: {} };
  if (parsed.ok) return { request: parsed.request, held: {} };
  const { refusal } = parsed;
  const problems =
    refusal.problems.length > 0
      ? refusal.problems
      : [{ path: '', code: refusal.code, message: refusal.message }];
  // Only the path, the code and the message are kept, each clipped and blanked of numbers.
  const requestProblems = problems.slice(0, 20).map((p) => ({
    path: keptTypedText(p.path, 200),
    code: keptTypedText(p.code, 64) || 'invalid_field',
    message: keptTypedText(p.message, 300),
  }));
  return { held: { requestProblems } };
}

/**
 * The staff desks' check (agent-desk, callback-desk), not the call centre's: a person is at the
 * screen to correct the input, so an appeal whose category or district is not a code the directory
 * knows, or whose disclosure request does not validate, is refused with a 4xx before any write.
 */
export function checkDeskCallReferences(record: CallRecord, directory: Directory): void {
  const appeal = record.appeal;
  if (!appeal) return;
  const parsed = requestOf(record, directory);
  if (parsed && !parsed.ok) {
    const { refusal } = parsed;
    throw new HttpError(422, refusal.code, refusal.message, { problems: refusal.problems });
  }
  if (!directory.categories.has(appeal.category)) {
    throw new UnknownReferenceError('unknown_category', `未知的诉求类别：${appeal.category}`);
  }
  if (!directory.districts.has(appeal.district)) {
    throw new UnknownReferenceError('unknown_district', `未知的区县：${appeal.district}`);
  }
}

/**
 * The appeal a call record carries, as the dispatcher takes it: category and district resolved, a
 * valid disclosure request made the appeal's, and what intake could not settle kept on it. Never
 * throws for what the appeal says; undefined when the record carries no appeal. The identity key is
 * asked for only when a valid request needs it.
 *
 * @example
 * await callAppealOf(record, { directory, contactHashKey: key, identityHashKey: () => disclosureIdentityKey() })
 */
export async function callAppealOf(
  record: CallRecord,
  keys: { directory: Directory; contactHashKey: string; identityHashKey: () => Promise<string> },
): Promise<Appeal | undefined> {
  const resolved = resolvedCallRecord(record, keys.directory);
  const typed = toAppealFromCall(resolved.record, keys.contactHashKey);
  if (!typed) return undefined;
  const { request, held } = checkedCallRequest(record, keys.directory);
  if (request) {
    return callDisclosureAppeal(typed, request, {
      contactHashKey: keys.contactHashKey,
      identityHashKey: await keys.identityHashKey(),
      directory: keys.directory,
    });
  }
  return { ...typed, ...resolved.held, ...held };
}
