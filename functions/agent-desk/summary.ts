import type { Case } from '../../shared/domain/index.js';

/** Where supervision stands on the case's current deadline: 逾期 over 催办 over 预警. */
export type SupervisionState = 'warned' | 'reminded' | 'overdue';

function supervisionOf(kase: Case): SupervisionState | undefined {
  const s = kase.supervision;
  if (!s) return undefined;
  if (s.markedOverdueAt) return 'overdue';
  // Each step is keyed by the deadline it was about: after an approved extension it no longer counts.
  if (s.remindedFor === kase.dueAt) return 'reminded';
  if (s.warnedFor === kase.dueAt) return 'warned';
  return undefined;
}

/**
 * A case as the staff lists show it (CaseSummary of the console): what the case API's summaries
 * carry, with the department, the supervision state and the version.
 *
 * @example caseSummaryOf(kase) // { caseId, trackingNo, status, …, version: 3 }
 */
export function caseSummaryOf(kase: Case) {
  const supervision = supervisionOf(kase);
  return {
    caseId: kase.caseId,
    trackingNo: kase.trackingNo,
    status: kase.status,
    type: kase.type,
    urgency: kase.urgency,
    category: kase.category,
    district: kase.district,
    receivedAt: kase.receivedAt,
    ackDueAt: kase.ackDueAt,
    dueAt: kase.dueAt,
    ...(kase.departmentId ? { departmentId: kase.departmentId } : {}),
    ...(supervision ? { supervision } : {}),
    version: kase.version,
  };
}
