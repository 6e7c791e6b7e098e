// One call record's way in, after it has been parsed: the signed webhook (ingest-hotline) and the
// Amazon Connect CTR stream (ingest-connect-stream) both end here, so both follow the same rules.

import type { AppealQueue } from '../adapters/appeal-queue.js';
import type { CallRecord } from '../domain/call-record.js';
import { toCallItem } from '../domain/call-record.js';
import type { SealedNumber } from '../domain/callbacks/index.js';
import { missedReasonOf } from '../domain/callbacks/intake.js';
import { redactIdentityNumbers } from '../domain/disclosure/intake.js';
import type { Directory, RawPayload } from '../domain/index.js';
import { callAppealOf } from './hotline.js';

/** The ports a call's intake uses; a test passes fakes, the handlers the real adapters. */
export interface CallIntakeDeps {
  directory: { load(): Promise<Directory> };
  queue: AppealQueue;
  contactHashKey: () => Promise<string>;
  disclosureIdentityKey: () => Promise<string>;
  /** 漏接回拨: seals a missed caller's number under the call's id (phone-vault.ts). */
  sealCaller: (phone: string, callId: string) => Promise<SealedNumber>;
}

/** What was queued, for the caller's log line and answer. Never the caller's number in clear. */
export interface CallIntakeOutcome {
  callId: string;
  disposition: CallRecord['disposition'];
  callerMasked?: string;
  /** The sealed number went with the record: the call needs a callback. */
  callback: boolean;
  appeal?: { caseId: string; trackingNo: string };
}

/**
 * Resolves a parsed call record's appeal against the directory (what does not resolve is kept for
 * a dispatcher, never refused), hashes its contact, seals a missed caller's number, and queues the
 * record with its appeal and the raw payload it came in.
 *
 * @example
 * await intakeCall(deps, record, { contentType: 'application/json', body: rawBody, headers });
 * // { callId: 'c-1', disposition: 'answered', callback: false, appeal: { caseId, trackingNo } }
 */
export async function intakeCall(
  deps: CallIntakeDeps,
  record: CallRecord,
  raw: RawPayload,
): Promise<CallIntakeOutcome> {
  const hashKey = await deps.contactHashKey();
  const call = toCallItem(record, hashKey);
  // Never a refusal for what the appeal says: resolved, or kept for a dispatcher (hotline.ts).
  const appeal = record.appeal
    ? await callAppealOf(record, {
        directory: await deps.directory.load(),
        contactHashKey: hashKey,
        identityHashKey: deps.disclosureIdentityKey,
      })
    : undefined;
  // 漏接回拨: a missed call's number is sealed here, at the door, so the queue, the table and every
  // log after this line see ciphertext only; no other call's number is kept at all.
  const callerSealed =
    record.caller && missedReasonOf(call) ? await deps.sealCaller(record.caller, record.callId) : undefined;
  // Every version is queued, even one the table may already hold: only the dispatcher's
  // conditional puts can tell, and a resend after a failed dispatch must reach them again.
  await deps.queue.send({
    kind: 'call',
    call,
    ...(callerSealed ? { callerSealed } : {}),
    ...(appeal
      ? {
          appeal,
          raw: {
            ...raw,
            // Never an identity number in clear in the archive: a request's are blanked (taken or
            // not), though a kept signature then no longer matches the body (the call's own fields do not change).
            body: record.appeal?.disclosureRequest ? redactIdentityNumbers(raw.body) : raw.body,
          },
        }
      : {}),
  });
  return {
    callId: record.callId,
    disposition: record.disposition,
    ...(call.callerMasked ? { callerMasked: call.callerMasked } : {}),
    callback: callerSealed !== undefined,
    ...(appeal ? { appeal: { caseId: appeal.caseId, trackingNo: appeal.trackingNo } } : {}),
  };
}

/**
 * The fields of the "call record queued" log line: never the caller's number in clear.
 *
 * @example
 * logger.info('call record queued', { ...queuedLogFields(outcome), shardId });
 */
export function queuedLogFields(outcome: CallIntakeOutcome): Record<string, unknown> {
  const { appeal } = outcome;
  return {
    callId: outcome.callId,
    disposition: outcome.disposition,
    caller: outcome.callerMasked,
    ...(outcome.callback ? { callback: true } : {}),
    ...(appeal ? { caseId: appeal.caseId, trackingNo: appeal.trackingNo } : {}),
  };
}
