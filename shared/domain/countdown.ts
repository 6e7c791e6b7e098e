import type { CaseType, Urgency } from './appeal.js';
import { policyFor } from './deadline-policy.js';
import { shanghaiDate, type WorkingCalendar, workingDaysAfter } from './working-days.js';

// 剩余工作日 what a work queue shows beside a deadline: counted on the holiday calendar, which only the
// server reads, so the staff lists carry the figure. Urgent cases count hours, which the console
// computes from `dueAt` on its own clock. No zod here: the console imports it for the types.

/**
 * Working days left until `dueAt`, counted as deadlines are (DESIGN §6: today is not counted, the
 * deadline's own day is): 0 on the day it is due, negative by the working days past it once
 * overdue (0 too when only a weekend or holiday has passed since).
 *
 * @example
 * // today Monday 2026-11-23, due Wednesday 11-25 23:59:59 → 2 (Tuesday and Wednesday)
 * workingDaysLeft(new Date('2026-11-25T15:59:59Z'), new Date('2026-11-23T02:00:00Z'), calendar) // 2
 */
export function workingDaysLeft(dueAt: Date, now: Date, calendar: WorkingCalendar): number {
  const today = shanghaiDate(now);
  const dueDay = shanghaiDate(dueAt);
  return now <= dueAt
    ? workingDaysAfter(today, dueDay, calendar)
    : -workingDaysAfter(dueDay, today, calendar);
}

/** What a case summary carries for its countdown: the working days left, for a working-day clock. */
export type CountdownFields = {
  /** Absent for an urgent case (its clock counts hours) and while the clock is paused (中止计时). */
  readonly workingDaysLeft?: number;
  /** 中止计时: the clock stands still, so there is no countdown to show. */
  readonly paused?: true;
};

/**
 * The countdown fields of a case on its completion deadline, for a staff list.
 *
 * @example
 * countdownFieldsOf({ type: 'help', urgency: 'normal', dueAt, pausedSince: undefined }, now, calendar)
 * // { workingDaysLeft: 3 }; { paused: true } while paused; {} for an urgent case (hours)
 */
export function countdownFieldsOf(
  kase: {
    readonly type: CaseType;
    readonly urgency: Urgency;
    readonly dueAt: string;
    readonly pausedSince?: unknown;
  },
  now: Date,
  calendar: WorkingCalendar,
): CountdownFields {
  if (kase.pausedSince) return { paused: true };
  if ('hours' in policyFor(kase.type, kase.urgency).complete) return {};
  return { workingDaysLeft: workingDaysLeft(new Date(kase.dueAt), now, calendar) };
}
