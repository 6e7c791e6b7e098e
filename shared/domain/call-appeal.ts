// 坐席录入 for a call: the appeal an agent types for a call (at the desk, or on calling back a missed
// caller), made into the very Appeal the CTI's own record carrying it would give (toAppealFromCall),
// with the record-shaped original for the archive. Shared by agent-desk and callback-desk.
import type { Appeal, QueuedCall, RawPayload } from './appeal.js';
import { type CallAppeal, type CallRecord, caseIdOfCall, toAppealFromCall } from './call-record.js';
import type { Case } from './case.js';
import type { Directory } from './directory.js';
import { callDisclosureAppeal, callRequestOf } from './disclosure/call-request.js';
import { redactIdentityNumbers } from './disclosure/intake.js';
import { deriveTrackingNo, hashPhone } from './identity.js';

/**
 * The call record the CTI would have posted with this appeal. The calling number is kept only as a
 * keyed hash, so it is in clear here only when a number known here hashes to it: the callback number
 * the agent typed, or `knownCaller` (the callback desk's decrypted number). Then it IS the calling
 * number (`verifiedBy: network_caller` when it is also the contact, as from the CTI); otherwise the
 * record has no caller, and the case's contact is the typed number, unverified, as from the CTI.
 */
export function recordWithAppeal(
  call: QueuedCall,
  typed: CallAppeal,
  contactHashKey: string,
  knownCaller?: string,
): CallRecord {
  const isCallerHash = (phone: string | undefined): phone is string =>
    phone !== undefined && call.callerHash === hashPhone(phone, contactHashKey);
  const caller = isCallerHash(knownCaller)
    ? knownCaller
    : isCallerHash(typed.callbackPhone)
      ? typed.callbackPhone
      : undefined;
  return {
    callId: call.callId,
    ...(caller ? { caller } : {}),
    line: call.line,
    ...(call.startedAt ? { startedAt: call.startedAt } : {}),
    ...(call.queuedAt ? { queuedAt: call.queuedAt } : {}),
    ...(call.answeredAt ? { answeredAt: call.answeredAt } : {}),
    ...(call.endedAt ? { endedAt: call.endedAt } : {}),
    disposition: call.disposition,
    ...(call.agentId ? { agentId: call.agentId } : {}),
    ...(call.recordingKey ? { recordingKey: call.recordingKey } : {}),
    recordedAt: call.recordedAt,
    appeal: typed,
  };
}

export interface CallAppealMessage {
  readonly appeal: Appeal;
  readonly raw: RawPayload;
}

/** Who typed the appeal, and where: the original's headers, where the CTI's would carry its signature. */
export interface CallAppealEntered {
  /** The typist as the history names people, with the 工号: `agent:<sub>#<agentId>`. */
  readonly by: string;
  /** `agent-desk`, or `callback-desk` (typed on calling a missed caller back). */
  readonly via: 'agent-desk' | 'callback-desk';
  /** The calling number in clear, when the caller's number is known (the callback desk). */
  readonly knownCaller?: string;
  /**
   * When the case was received, if not when the call was: a callback's appeal is received when the
   * caller was reached, which is when a department's clock fairly starts (the missed call itself
   * carried no appeal). A direct answer (直接办结) is then resolved at that time too, by `resolvedBy`.
   */
  readonly receivedAt?: string;
  readonly resolvedBy?: string;
  /** More headers for the original (the callback task's id). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * 依申请公开 by telephone: what a typed `disclosureRequest` needs (the identity hash key, the
   * directory for the body's district). The channel validated the request before (422 otherwise).
   */
  readonly disclosure?: {
    readonly identityHashKey: string;
    readonly directory: Pick<Directory, 'departments'>;
  };
}

/**
 * The appeal and its original. The original is the record above as JSON, so every reader of a
 * hotline original (the completion notice's address, citizen-address.ts) reads it unchanged.
 *
 * @example callAppealMessage(call, typed, key, { by: 'agent:u-1#a-017', via: 'agent-desk' })
 */
export function callAppealMessage(
  call: QueuedCall,
  typed: CallAppeal,
  contactHashKey: string,
  entered: CallAppealEntered,
): CallAppealMessage {
  const record = recordWithAppeal(call, typed, contactHashKey, entered.knownCaller);
  const fromRecord = toAppealFromCall(record, contactHashKey);
  if (!fromRecord) throw new Error('a record with an appeal gave none');
  const received = entered.receivedAt
    ? receivedAtOf(fromRecord, entered.receivedAt, entered.resolvedBy)
    : fromRecord;
  const appeal = typed.disclosureRequest ? asDisclosure(received, record, contactHashKey, entered) : received;
  return {
    appeal,
    raw: {
      contentType: 'application/json',
      // Never an identity number in clear in the archive (a disclosure request's are blanked).
      body: typed.disclosureRequest ? redactIdentityNumbers(JSON.stringify(record)) : JSON.stringify(record),
      headers: { 'x-entered-by': entered.by, 'x-entered-via': entered.via, ...entered.headers },
    },
  };
}

/** The typed request made the appeal's (disclosure/call-request.ts), confirmed when the appeal was received. */
function asDisclosure(
  appeal: Appeal,
  record: CallRecord,
  contactHashKey: string,
  entered: CallAppealEntered,
): Appeal {
  if (!entered.disclosure) throw new Error('a disclosure request typed for a call needs the identity key');
  const parsed = callRequestOf(record, entered.receivedAt);
  if (!parsed?.ok) throw new Error('a disclosure request typed for a call must be validated first');
  return callDisclosureAppeal(appeal, parsed.request, {
    contactHashKey,
    identityHashKey: entered.disclosure.identityHashKey,
    directory: entered.disclosure.directory,
  });
}

/** The appeal received at `at` (its tracking number's date follows), a direct answer resolved then too. */
function receivedAtOf(appeal: Appeal, at: string, resolvedBy: string | undefined): Appeal {
  const receivedAt = new Date(at);
  return {
    ...appeal,
    receivedAt: receivedAt.toISOString(),
    trackingNo: deriveTrackingNo(appeal.caseId, receivedAt),
    ...(appeal.resolution
      ? {
          resolution: {
            ...appeal.resolution,
            at: receivedAt.toISOString(),
            ...(resolvedBy ? { by: resolvedBy } : {}),
          },
        }
      : {}),
  };
}

/** The typed appeal with its keys in one order, so the same appeal always hashes the same. */
export function canonicalAppeal(typed: CallAppeal): string {
  const value = typed as Record<string, unknown>;
  return JSON.stringify(
    Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, value[k]]),
    ),
  );
}

/**
 * Is the stored case the one this appeal makes? Only what intake fixes and no action changes is
 * compared (a dispatch moves the department, never the content), so a resend of the appeal that
 * made the case is recognised whatever happened to the case since.
 */
export function sameIntake(kase: Case, appeal: Appeal): boolean {
  return (
    kase.caseId === caseIdOfCall(appeal.sourceId) &&
    kase.type === appeal.type &&
    kase.urgency === appeal.urgency &&
    kase.category === appeal.category &&
    kase.district === appeal.district &&
    (kase.address ?? '') === (appeal.address ?? '') &&
    kase.content === appeal.content &&
    kase.contact.phoneHash === appeal.contact.phoneHash &&
    (kase.contact.name ?? '') === (appeal.contact.name ?? '') &&
    Boolean(kase.resolvedAtIntake) === Boolean(appeal.resolution)
  );
}
