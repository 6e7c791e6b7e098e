import type { CaseStore, CreateResult } from '../../shared/adapters/case-store.js';
import type { RawArchive } from '../../shared/adapters/raw-archive.js';
import {
  createCase,
  type Directory,
  type IntakeMessage,
  type WorkingCalendar,
} from '../../shared/domain/index.js';

export interface DispatchDeps {
  archive: RawArchive;
  cases: CaseStore;
  directory: () => Promise<Directory>;
  calendar: () => Promise<WorkingCalendar>;
  now: () => Date;
}

/**
 * 受理 + 派单 for one queued appeal. The raw payload is archived first, so no case ever exists
 * without its original; both steps are idempotent, so a redelivered message changes nothing.
 */
export async function dispatchAppeal(
  message: IntakeMessage,
  deps: DispatchDeps,
): Promise<{
  outcome: CreateResult['outcome'];
  caseId: string;
  trackingNo: string;
  status: string;
  departmentId?: string;
  /** Set when a retry derived another tracking number than the stored case has (across midnight). */
  storedTrackingNo?: string;
}> {
  const rawKey = await deps.archive.put(message);
  const [directory, calendar] = await Promise.all([deps.directory(), deps.calendar()]);
  const kase = createCase(message.appeal, { directory, calendar, now: deps.now(), rawKey });
  const result = await deps.cases.create(kase);
  const stored = result.outcome === 'exists' ? result.existing : undefined;
  return {
    outcome: result.outcome,
    caseId: kase.caseId,
    trackingNo: kase.trackingNo,
    status: stored?.status ?? kase.status,
    ...(kase.departmentId ? { departmentId: kase.departmentId } : {}),
    ...(stored && stored.trackingNo !== kase.trackingNo ? { storedTrackingNo: stored.trackingNo } : {}),
  };
}
