import type { CaseType, Urgency } from './appeal.js';
import { addHours, addWorkingDays, type WorkingCalendar } from './working-days.js';

/** One row of the deadline policy: how long to acknowledge and to complete, by type and urgency. */
export interface DeadlinePolicy {
  readonly ack: { readonly workingDays: number } | { readonly hours: number };
  readonly complete: { readonly workingDays: number } | { readonly hours: number };
}

const URGENT: DeadlinePolicy = { ack: { hours: 2 }, complete: { hours: 24 } };
const ACK_ONE_DAY = { workingDays: 1 } as const;

/**
 * DESIGN §6 defaults. Operators override them per type and urgency in the directory table.
 * Praise needs no handling of substance; it gets the consultation's short clock so it is still
 * acknowledged and passed on.
 */
export const DEFAULT_DEADLINE_POLICIES: Readonly<Record<CaseType, DeadlinePolicy>> = {
  consultation: { ack: ACK_ONE_DAY, complete: { workingDays: 3 } },
  praise: { ack: ACK_ONE_DAY, complete: { workingDays: 3 } },
  help: { ack: ACK_ONE_DAY, complete: { workingDays: 5 } },
  suggestion: { ack: ACK_ONE_DAY, complete: { workingDays: 5 } },
  complaint: { ack: ACK_ONE_DAY, complete: { workingDays: 13 } },
  report: { ack: ACK_ONE_DAY, complete: { workingDays: 13 } },
  disclosure: { ack: ACK_ONE_DAY, complete: { workingDays: 20 } },
};

export function policyFor(type: CaseType, urgency: Urgency): DeadlinePolicy {
  // A disclosure request's statutory clock is not shortened by urgency.
  if (urgency === 'urgent' && type !== 'disclosure') return URGENT;
  return DEFAULT_DEADLINE_POLICIES[type];
}

function apply(from: Date, span: DeadlinePolicy['ack'], calendar: WorkingCalendar): Date {
  return 'hours' in span ? addHours(from, span.hours) : addWorkingDays(from, span.workingDays, calendar);
}

/** The acknowledgement and completion deadlines of a case received at `receivedAt`. */
export function computeDeadlines(
  type: CaseType,
  urgency: Urgency,
  receivedAt: Date,
  calendar: WorkingCalendar,
): { ackDueAt: Date; dueAt: Date } {
  const policy = policyFor(type, urgency);
  return {
    ackDueAt: apply(receivedAt, policy.ack, calendar),
    dueAt: apply(receivedAt, policy.complete, calendar),
  };
}
