import type { CallPutOutcome, CallStore } from '../../shared/adapters/call-store.js';
import type { CallbackStore } from '../../shared/adapters/callback-store.js';
import type { CaseIntakeStore, CreateResult } from '../../shared/adapters/case-store.js';
import type { RawArchive } from '../../shared/adapters/raw-archive.js';
import type { CallbackPolicy } from '../../shared/domain/callbacks/policy.js';
import {
  type Appeal,
  type AppealMessage,
  type CallMessage,
  type Case,
  callerKeyOf,
  type Directory,
  findRepeat,
  intakeCase,
  type RepeatDecision,
  repeatWindowStart,
  uncoveredYearsBetween,
  type WorkingCalendar,
} from '../../shared/domain/index.js';
import { type AttachmentCopier, archiveAttachments } from './attachments.js';
import { type CallbackStep, callbackStepOfCall, closeCallerTask } from './callbacks.js';
import { linkToMaster, type MasterLink } from './master-link.js';

export interface DispatchDeps {
  archive: RawArchive;
  /** The web form's photos: from the staging bucket into the archive. */
  attachments: AttachmentCopier;
  cases: CaseIntakeStore;
  calls: CallStore;
  /** 漏接回拨: the callers' callback tasks, and how they are worked (the deadline, the retention). */
  callbacks: CallbackStore;
  callbackPolicy: CallbackPolicy;
  directory: () => Promise<Directory>;
  calendar: () => Promise<WorkingCalendar>;
  now: () => Date;
}

export interface AppealOutcome {
  outcome: CreateResult['outcome'];
  caseId: string;
  trackingNo: string;
  status: string;
  departmentId?: string;
  /** Set when a retry derived another tracking number than the stored case has (across midnight). */
  storedTrackingNo?: string;
  /** Years the new case's deadline crossed with no holiday data (counted as weekends only). */
  uncoveredYears?: number[];
  /** 重复来电: the caller's earlier case in the same category within 7 days. */
  repeatOf?: string;
  /** Photos named by the appeal that are not in the archive (noted on the case). */
  missingAttachments?: NonNullable<Case['missingAttachments']>;
  /** 并单: the master the (stored) case is merged into, and how its history's link went. */
  mergedInto?: string;
  masterLink?: MasterLink;
  /** 漏接回拨: the caller's open callback task, closed by this case (they got through by themselves). */
  callback?: CallbackStep;
}

export interface CallOutcome {
  callId: string;
  /** `current`: the table already held this version (a redelivery); `stale`: a later one. */
  record: CallPutOutcome;
  /** 漏接回拨: what the call did to its caller's callback task, if anything. */
  callback?: CallbackStep;
  /** The case of the appeal the call carried, if it carried one. */
  appeal?: AppealOutcome;
}

/**
 * 受理 + 派单 for one queued appeal. The raw payload is archived first, so no case ever exists
 * without its original, then the photos it names (copied from staging, checksum verified); every
 * step is idempotent, so a redelivered message changes nothing. A photo that never arrived or does
 * not match is noted on the case, never a reason to lose the appeal.
 */
export async function dispatchAppeal(message: AppealMessage, deps: DispatchDeps): Promise<AppealOutcome> {
  const rawKey = await deps.archive.put(message);
  const { attachments, missingAttachments } = await archiveAttachments(
    message.appeal.attachments,
    message.attachmentChecksums,
    deps.attachments,
  );
  const [directory, calendar, decision] = await Promise.all([
    deps.directory(),
    deps.calendar(),
    repeatDecisionOf(message.appeal, deps.cases),
  ]);
  const now = deps.now();
  const kase = {
    ...intakeCase(message.appeal, { directory, calendar, now, rawKey }, decision),
    attachments,
    ...(missingAttachments.length > 0 ? { missingAttachments } : {}),
  };
  // The new case first (conditional, so a redelivery changes nothing), then the master's link.
  const result = await deps.cases.create(kase);
  const stored = result.outcome === 'exists' ? result.existing : undefined;
  // On a redelivery the stored case's merge counts, not today's decision (the master may have
  // closed since): the link is made sure of for the merge that was written.
  const current = stored ?? (result.outcome === 'created' ? kase : undefined);
  const mergedInto = current?.mergedInto;
  const masterLink = mergedInto ? await linkToMaster(deps.cases, mergedInto, current, { now }) : undefined;
  const uncoveredYears =
    result.outcome === 'created'
      ? uncoveredYearsBetween(new Date(kase.receivedAt), new Date(kase.dueAt), calendar)
      : [];
  const repeatOf = current?.repeatOf;
  // 漏接回拨: a caller who got through with a case closes their open callback task. On a redelivery
  // too (the stored case is this appeal's: its id derives from the channel's own), since the first
  // delivery may have failed right after the create; the close is idempotent.
  const phoneHash = current?.contact.phoneHash;
  const callback =
    current && phoneHash
      ? await closeCallerTask(phoneHash, { caseId: current.caseId, at: current.receivedAt }, deps)
      : undefined;
  return {
    outcome: result.outcome,
    caseId: kase.caseId,
    trackingNo: kase.trackingNo,
    status: stored?.status ?? kase.status,
    ...(kase.departmentId ? { departmentId: kase.departmentId } : {}),
    ...(stored && stored.trackingNo !== kase.trackingNo ? { storedTrackingNo: stored.trackingNo } : {}),
    ...(uncoveredYears.length > 0 ? { uncoveredYears } : {}),
    ...(repeatOf ? { repeatOf } : {}),
    ...(missingAttachments.length > 0 ? { missingAttachments } : {}),
    ...(mergedInto ? { mergedInto } : {}),
    ...(masterLink ? { masterLink } : {}),
    ...(callback && callback.step !== 'unchanged' ? { callback } : {}),
  };
}

/**
 * The caller's cases of the last 7 days, through the by-caller index (never a scan), and what they
 * make of this appeal. An appeal without a caller hash has no history to look at.
 *
 * Known race: two appeals of one caller processed at the same time (one batch in parallel, or two
 * concurrent batches) do not see each other, and the index is eventually consistent, so one just
 * written may be missing for a moment. Both then become cases of their own, neither marked a repeat
 * of the other; a dispatcher merges them through the case API (merge), or the department returns
 * one as `duplicate`. The handler runs one caller's records of a batch one after the other, which
 * closes the in-batch half of this race whenever the index has caught up.
 */
async function repeatDecisionOf(appeal: Appeal, cases: CaseIntakeStore): Promise<RepeatDecision> {
  const key = callerKeyOf(appeal.contact);
  if (!key) return {};
  const candidates = await cases.listByCaller(key, repeatWindowStart(appeal), new Date(appeal.receivedAt));
  return findRepeat(candidates, appeal);
}

/**
 * One queued hotline call: keep the record (latest `recordedAt` wins), then its callback task, then
 * make its appeal a case as any other. The callback task follows the version the table holds (stored
 * now, or `current`: a redelivery after a failure must still reach the task), never an older one the
 * table has moved past (its later version decides). The appeal is dispatched even when the record is
 * stale: a redelivery after the case step failed must still create it, and the case's conditional
 * put keeps it to one case.
 *
 * @example await dispatchCall({ kind: 'call', call: toCallItem(record, key) }, deps) // { callId, record: 'stored' }
 */
export async function dispatchCall(message: CallMessage, deps: DispatchDeps): Promise<CallOutcome> {
  const record = await deps.calls.put(message.call);
  const step =
    record === 'stale' ? undefined : await callbackStepOfCall(message.call, message.callerSealed, deps);
  const callback = step && (step.step !== 'unchanged' || 'full' in step) ? step : undefined;
  const outcome: CallOutcome = { callId: message.call.callId, record, ...(callback ? { callback } : {}) };
  const { appeal, raw } = message;
  if (!appeal || !raw) return outcome;
  return { ...outcome, appeal: await dispatchAppeal({ appeal, raw }, deps) };
}
