// 依申请公开 by telephone: the request an agent writes down on a call (第二十九条第一款: 申请人书写申请确有
// 困难的，可以口头提出，由受理该申请的机关代为填写) and reads back for the caller to confirm.
import type { Appeal } from '../appeal.js';
import type { CallRecord } from '../call-record.js';
import type { Directory } from '../directory.js';
import { disclosureAppeal } from './intake.js';
import { type DisclosureRequest, parseDisclosureRequest, type RequestRefusal } from './request.js';

/**
 * When the caller confirmed the request read back to them: by the end of the call (the read-back
 * closes it), or, for an appeal typed on calling back (`confirmedAt`), then. receipt-date.ts dates a
 * `phone` arrival like 第三十一条第（三）项: the day both sides confirm it.
 */
function confirmedAtOf(record: CallRecord, confirmedAt: string | undefined): string {
  return new Date(confirmedAt ?? record.endedAt ?? record.answeredAt ?? record.recordedAt).toISOString();
}

/**
 * The request a call's appeal carries, validated with the channel's arrival (`phone`, the call id,
 * the confirmation time), or undefined when it carries none. An arrival the record itself names is
 * replaced, never believed.
 *
 * @example
 * const parsed = callRequestOf(record);
 * if (parsed && !parsed.ok) throw refused(parsed.refusal);
 */
export function callRequestOf(
  record: CallRecord,
  confirmedAt?: string,
): { ok: true; request: DisclosureRequest } | { ok: false; refusal: RequestRefusal } | undefined {
  const input = record.appeal?.disclosureRequest;
  if (!input) return undefined;
  const { arrival: _ignored, ...rest } = input;
  return parseDisclosureRequest({
    ...rest,
    arrival: { way: 'phone', callId: record.callId, confirmedAt: confirmedAtOf(record, confirmedAt) },
  });
}

/**
 * The call's appeal as a disclosure request: its case id, tracking number, receipt time and contact
 * (the calling number as the network gave it, or the callback number) stay the call's; the type,
 * category, district, content and the kept request are the request's (disclosure/intake.ts).
 */
export function callDisclosureAppeal(
  appeal: Appeal,
  request: DisclosureRequest,
  keys: { contactHashKey: string; identityHashKey: string; directory: Pick<Directory, 'departments'> },
): Appeal {
  return disclosureAppeal(request, {
    caseId: appeal.caseId,
    trackingNo: appeal.trackingNo,
    channel: appeal.channel,
    sourceId: appeal.sourceId,
    receivedAt: appeal.receivedAt,
    contact: appeal.contact,
    ...keys,
  });
}
