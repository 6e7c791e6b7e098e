import type { CallPutOutcome, CallStore } from '../../shared/adapters/call-store.js';
import type { CaseStore, CreateResult } from '../../shared/adapters/case-store.js';
import type { RawArchive } from '../../shared/adapters/raw-archive.js';
import {
  type AppealMessage,
  type CallMessage,
  createCase,
  type Directory,
  uncoveredYearsBetween,
  type WorkingCalendar,
} from '../../shared/domain/index.js';

export interface DispatchDeps {
  archive: RawArchive;
  cases: CaseStore;
  calls: CallStore;
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
}

export interface CallOutcome {
  callId: string;
  /** `stale`: the table already held this version of the call or a later one. */
  record: CallPutOutcome;
  /** The case of the appeal the call carried, if it carried one. */
  appeal?: AppealOutcome;
}

/**
 * 受理 + 派单 for one queued appeal. The raw payload is archived first, so no case ever exists
 * without its original; both steps are idempotent, so a redelivered message changes nothing.
 */
export async function dispatchAppeal(message: AppealMessage, deps: DispatchDeps): Promise<AppealOutcome> {
  const rawKey = await deps.archive.put(message);
  const [directory, calendar] = await Promise.all([deps.directory(), deps.calendar()]);
  const kase = createCase(message.appeal, { directory, calendar, now: deps.now(), rawKey });
  const result = await deps.cases.create(kase);
  const stored = result.outcome === 'exists' ? result.existing : undefined;
  const uncoveredYears =
    result.outcome === 'created'
      ? uncoveredYearsBetween(new Date(kase.receivedAt), new Date(kase.dueAt), calendar)
      : [];
  return {
    outcome: result.outcome,
    caseId: kase.caseId,
    trackingNo: kase.trackingNo,
    status: stored?.status ?? kase.status,
    ...(kase.departmentId ? { departmentId: kase.departmentId } : {}),
    ...(stored && stored.trackingNo !== kase.trackingNo ? { storedTrackingNo: stored.trackingNo } : {}),
    ...(uncoveredYears.length > 0 ? { uncoveredYears } : {}),
  };
}

/**
 * One queued hotline call: keep the record (latest `recordedAt` wins), then make its appeal a case
 * as any other. The appeal is dispatched even when the record is stale: a redelivery after the
 * case step failed must still create it, and the case's conditional put keeps it to one case.
 *
 * @example await dispatchCall({ kind: 'call', call: toCallItem(record, key) }, deps) // { callId, record: 'stored' }
 */
export async function dispatchCall(message: CallMessage, deps: DispatchDeps): Promise<CallOutcome> {
  const record = await deps.calls.put(message.call);
  const { appeal, raw } = message;
  if (!appeal || !raw) return { callId: message.call.callId, record };
  return { callId: message.call.callId, record, appeal: await dispatchAppeal({ appeal, raw }, deps) };
}
