import type { Case } from './case.js';

/**
 * What a change to a case means for the metrics, from its images before and after. Pure, so the
 * stream consumer, the metric rebuild and the tests all read a change the same way.
 */
export type CaseEvent =
  | { kind: 'received'; caseId: string; channel: Case['channel']; category: string; at: string }
  | { kind: 'dispatched'; caseId: string; channel: Case['channel']; departmentId: string; at: string };

export function caseEventsOf(before: Case | undefined, after: Case | undefined): CaseEvent[] {
  if (!after) return [];
  const events: CaseEvent[] = [];
  if (!before) {
    events.push({
      kind: 'received',
      caseId: after.caseId,
      channel: after.channel,
      category: after.category,
      at: after.receivedAt,
    });
  }
  const dispatchedNow = after.status === 'dispatched' && after.departmentId;
  const changedHands = before?.status !== 'dispatched' || before.departmentId !== after.departmentId;
  if (dispatchedNow && changedHands) {
    const entry = after.history.findLast((h) => h.action === 'dispatch' || h.action === 'redispatch');
    events.push({
      kind: 'dispatched',
      caseId: after.caseId,
      channel: after.channel,
      departmentId: after.departmentId as string,
      at: entry?.at ?? after.receivedAt,
    });
  }
  return events;
}
