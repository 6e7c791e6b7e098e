// 坐席录入: the appeal an agent types for a call, made into the very Appeal the CTI's own record
// carrying it would give (toAppealFromCall), with the record-shaped original for the archive.
import {
  type CallAppeal,
  type CallRecord,
  caseIdOfCall,
  toAppealFromCall,
} from '../../shared/domain/call-record.js';
import {
  type Appeal,
  type Case,
  hashPhone,
  type QueuedCall,
  type RawPayload,
} from '../../shared/domain/index.js';

/**
 * The call record the CTI would have posted with this appeal. The calling number is kept only as a
 * keyed hash, so it is in clear here only when the callback number the agent typed hashes to it:
 * then it IS the calling number (`verifiedBy: network_caller`, as from the CTI); otherwise the
 * record has no caller, and the case's contact is the typed number, unverified, as from the CTI.
 */
export function recordWithAppeal(call: QueuedCall, typed: CallAppeal, contactHashKey: string): CallRecord {
  const phone = typed.callbackPhone;
  const isCaller = phone !== undefined && call.callerHash === hashPhone(phone, contactHashKey);
  return {
    callId: call.callId,
    ...(isCaller ? { caller: phone } : {}),
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

/**
 * The appeal and its original. The original is the record above as JSON, so every reader of a
 * hotline original (the completion notice's address, citizen-address.ts) reads it unchanged; the
 * headers say who typed it, where the CTI's would carry its signature.
 */
export function callAppealMessage(
  call: QueuedCall,
  typed: CallAppeal,
  contactHashKey: string,
  enteredBy: string,
): CallAppealMessage {
  const record = recordWithAppeal(call, typed, contactHashKey);
  const appeal = toAppealFromCall(record, contactHashKey);
  if (!appeal) throw new Error('a record with an appeal gave none');
  return {
    appeal,
    raw: {
      contentType: 'application/json',
      body: JSON.stringify(record),
      headers: { 'x-entered-by': enteredBy, 'x-entered-via': 'agent-desk' },
    },
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
