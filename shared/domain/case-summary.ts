import type { Case } from './case.js';
import { type CountdownFields, countdownFieldsOf } from './countdown.js';
import type { WorkingCalendar } from './working-days.js';

// 工单摘要 the one row shape of every staff list (queues, search, nearby, a caller's earlier cases):
// enough to sort, colour and open a case without reading each one.

/**
 * 督办 state, as the supervision job recorded it for the current deadline: 逾期 (marked overdue),
 * 催办 (reminded to complete, or to acknowledge while it waits for that), 预警 (warned at 80 %).
 */
export const SUPERVISION_STATES = ['warned', 'reminded', 'overdue'] as const;
export type SupervisionState = (typeof SUPERVISION_STATES)[number];

/** The statuses in which an order still waits for its department's 签收. */
const AWAITING_ACK = new Set<Case['status']>(['dispatched', 'reopened']);

/**
 * The strongest supervision step recorded for the case's current deadline, or undefined. Each
 * step is keyed by the deadline it was about (case.ts `supervision`), so an approved extension,
 * which moves `dueAt`, clears 预警 and 催办 until the job takes them again for the new one. 逾期 is
 * never cleared: the SLA outcome it decided stays late.
 *
 * @example
 * supervisionStateOf({ ...kase, supervision: { warnedFor: kase.dueAt } }) // 'warned'
 */
export function supervisionStateOf(
  kase: Pick<Case, 'status' | 'dueAt' | 'ackDueAt' | 'supervision'>,
): SupervisionState | undefined {
  const s = kase.supervision;
  if (!s) return undefined;
  if (s.markedOverdueAt) return 'overdue';
  if (s.remindedFor === kase.dueAt) return 'reminded';
  if (AWAITING_ACK.has(kase.status) && s.ackRemindedFor === kase.ackDueAt) return 'reminded';
  if (s.warnedFor === kase.dueAt) return 'warned';
  return undefined;
}

/** The instant and the calendar a list's countdown is counted with (剩余工作日). */
export interface SummaryClock {
  readonly now: Date;
  readonly calendar: WorkingCalendar;
}

export type CaseSummary = CountdownFields & {
  readonly caseId: string;
  readonly trackingNo: string;
  readonly status: Case['status'];
  readonly type: Case['type'];
  readonly urgency: Case['urgency'];
  readonly category: string;
  readonly district: string;
  readonly receivedAt: string;
  readonly ackDueAt: string;
  readonly dueAt: string;
  /** 主办 the lead department, once dispatched. */
  readonly departmentId?: string;
  readonly supervision?: SupervisionState;
  /** For `If-Match` when the row's action is taken without opening the case. */
  readonly version: number;
};

/**
 * The summary of a case: no content, no contact, no history (a list is read often and by many).
 *
 * @example
 * caseSummaryOf(kase) // { caseId, trackingNo, status, …, departmentId: 'water-group', supervision: 'warned', version: 3 }
 * caseSummaryOf(kase, { now, calendar }) // … and workingDaysLeft: 4 (or paused: true)
 */
export function caseSummaryOf(kase: Case, clock?: SummaryClock): CaseSummary {
  const supervision = supervisionStateOf(kase);
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
    // With a clock: the working days left on the holiday calendar, which only the server reads.
    ...(clock ? countdownFieldsOf(kase, clock.now, clock.calendar) : {}),
  };
}
