import type { CaseType, Urgency } from '../appeal.js';
import { policyFor } from '../deadline-policy.js';
import { addWorkingDays, shanghaiDate, type WorkingCalendar, workingDaysAfter } from '../working-days.js';
import { addSpanChecked, type Span } from './load-calendar.js';

/** How a case's clock runs: working days, or calendar hours (urgent cases). */
export type ClockBasis = 'working_days' | 'hours';

export function clockBasisOf(type: CaseType, urgency: Urgency): ClockBasis {
  return 'hours' in policyFor(type, urgency).complete ? 'hours' : 'working_days';
}

/** 中止计时 a stretch of time the clock did not run; `to` absent while the pause is still open. */
export interface ClockPause {
  readonly from: Date;
  readonly to?: Date;
}

/**
 * The deadline after one pause (awaiting the citizen's correction 补正, or a third party's opinion
 * 征求第三方意见).
 *
 * The rule, as Chinese administrative practice counts it: time spent waiting "is not counted in the
 * period" (《政府信息公开条例》第三十条、第三十二条、第三十三条), and a period is counted in whole
 * days whose starting day is not counted (期间开始之日不计算在内, as for the day of receipt). So a
 * working-day deadline moves by the number of working days after the day the pause began, up to
 * and including the day it ended: pause on Monday, resume on Wednesday → Tuesday and Wednesday are
 * not counted, the clock runs again from Thursday, the deadline moves 2 working days. A pause
 * opened and closed on the same day moves nothing, and weekends and holidays inside a pause cost
 * nothing, because they never counted. An urgent case counts calendar hours, so its deadline moves
 * by the elapsed paused time exactly.
 *
 * @example
 * // due Friday 2026-11-27; paused Monday 11-23, resumed Wednesday 11-25 → due Tuesday 12-01
 * shiftForPause(new Date('2026-11-27T15:59:59Z'), { from: mon, to: wed }, 'working_days', calendar)
 */
export function shiftForPause(
  dueAt: Date,
  pause: { readonly from: Date; readonly to: Date },
  basis: ClockBasis,
  calendar: WorkingCalendar,
): Date {
  if (pause.to <= pause.from) return dueAt;
  if (basis === 'hours') return new Date(dueAt.getTime() + (pause.to.getTime() - pause.from.getTime()));
  const paused = workingDaysAfter(shanghaiDate(pause.from), shanghaiDate(pause.to), calendar);
  return paused === 0 ? dueAt : addWorkingDays(dueAt, paused, calendar);
}

/**
 * The deadline with every pause taken out; an open pause counts up to `now`. `dueAt` is the
 * deadline before any of these pauses.
 *
 * @example
 * effectiveDueAt(dueAt, [{ from: mon, to: wed }, { from: fri }], 'working_days', calendar, now)
 */
export function effectiveDueAt(
  dueAt: Date,
  pauses: readonly ClockPause[],
  basis: ClockBasis,
  calendar: WorkingCalendar,
  now: Date,
): Date {
  return [...pauses]
    .sort((a, b) => a.from.getTime() - b.from.getTime())
    .reduce((due, p) => shiftForPause(due, { from: p.from, to: p.to ?? now }, basis, calendar), dueAt);
}

/** How long a case's clock may stand still (中止计时) in total, per type and urgency. */
export interface PausePolicy {
  /** The most paused time that moves the deadline, over all of a case's pauses. */
  readonly maxPaused: Span;
}

/**
 * A department may not stop the clock without end (issue 10): at most the type's own completion
 * period in total (5 working days for a help request, 20 for a disclosure request, 24 hours for an
 * urgent case). Past it a department's pause is refused and an open one stops moving the deadline;
 * more time is an extension (延期), which a supervisor decides. Operators may tighten it.
 */
export function pausePolicyFor(type: CaseType, urgency: Urgency): PausePolicy {
  return { maxPaused: policyFor(type, urgency).complete };
}

/** A pause's length in the clock's units: working days after the day it began, or hours. */
export function pausedAmount(
  pause: { readonly from: Date; readonly to: Date },
  basis: ClockBasis,
  calendar: WorkingCalendar,
): number {
  if (pause.to <= pause.from) return 0;
  if (basis === 'hours') return (pause.to.getTime() - pause.from.getTime()) / 3_600_000;
  return workingDaysAfter(shanghaiDate(pause.from), shanghaiDate(pause.to), calendar);
}

/** The paused time of closed pauses, in the clock's units (working days or hours). */
export function totalPaused(
  pauses: readonly { readonly from: string; readonly to: string }[],
  basis: ClockBasis,
  calendar: WorkingCalendar,
): number {
  return pauses.reduce(
    (sum, p) => sum + pausedAmount({ from: new Date(p.from), to: new Date(p.to) }, basis, calendar),
    0,
  );
}

/** The policy's cap in the clock's units. */
export function maxPausedAmount(policy: PausePolicy): number {
  return 'hours' in policy.maxPaused ? policy.maxPaused.hours : policy.maxPaused.workingDays;
}

/**
 * The deadline after one pause, counting at most `allowance` of it (in the clock's units): what a
 * resume moves the deadline by once the policy's total is nearly used.
 */
export function shiftForPauseCapped(
  dueAt: Date,
  pause: { readonly from: Date; readonly to: Date },
  basis: ClockBasis,
  calendar: WorkingCalendar,
  allowance: number,
): Date {
  const counted = Math.max(0, Math.min(pausedAmount(pause, basis, calendar), allowance));
  if (counted === pausedAmount(pause, basis, calendar)) return shiftForPause(dueAt, pause, basis, calendar);
  if (counted === 0) return dueAt;
  if (basis === 'hours') return new Date(dueAt.getTime() + counted * 3_600_000);
  return addWorkingDays(dueAt, counted, calendar);
}

/**
 * The latest deadline a pause still open can reach: `dueAt` moved by the whole `allowance` (in the
 * clock's units), which is what a resume gives once the pause has lasted that long. Past it the
 * case is late however long the pause stays open, so supervision takes it as if the clock ran.
 *
 * @example
 * // due Friday 2026-11-27, 5 working days left of the cap → Friday 12-04
 * latestDueWhilePaused(new Date('2026-11-27T15:59:59Z'), 'working_days', calendar, 5)
 */
export function latestDueWhilePaused(
  dueAt: Date,
  basis: ClockBasis,
  calendar: WorkingCalendar,
  allowance: number,
): Date {
  if (allowance <= 0) return dueAt;
  if (basis === 'hours') return new Date(dueAt.getTime() + allowance * 3_600_000);
  return addWorkingDays(dueAt, allowance, calendar);
}

/** How far a deadline may be extended (延期), per type and urgency. */
export interface ExtensionPolicy {
  readonly maxExtensions: number;
  /** The most one extension may add to the current deadline. */
  readonly maxSpan: Span;
}

/**
 * A disclosure request (依申请公开) has the statute's one extension of at most 20 working days
 * (《政府信息公开条例》第三十三条). Other types have no statute; the default is one extension of at
 * most the type's own completion period, which operators may tighten.
 */
export function extensionPolicyFor(type: CaseType, urgency: Urgency): ExtensionPolicy {
  if (type === 'disclosure') return { maxExtensions: 1, maxSpan: { workingDays: 20 } };
  return { maxExtensions: 1, maxSpan: policyFor(type, urgency).complete };
}

export type ExtensionCheck =
  | { readonly ok: true; readonly limit: Date; readonly uncoveredYears: readonly number[] }
  | {
      readonly ok: false;
      readonly code: 'deadline_in_past' | 'deadline_not_later' | 'extension_beyond_policy';
      readonly message: string;
    };

/**
 * Whether a requested new deadline is within the extension policy.
 *
 * @example
 * checkExtension({ type: 'disclosure', urgency: 'normal', dueAt, requestedDueAt, extensionsApproved: 0, now }, calendar)
 * // → { ok: true, limit } when requestedDueAt ≤ dueAt + 20 working days
 */
export function checkExtension(
  request: {
    readonly type: CaseType;
    readonly urgency: Urgency;
    readonly dueAt: Date;
    readonly requestedDueAt: Date;
    readonly extensionsApproved: number;
    readonly now: Date;
  },
  calendar: WorkingCalendar,
): ExtensionCheck {
  const policy = extensionPolicyFor(request.type, request.urgency);
  if (request.requestedDueAt <= request.now) {
    return { ok: false, code: 'deadline_in_past', message: '申请的新期限已经过去' };
  }
  if (request.requestedDueAt <= request.dueAt) {
    return { ok: false, code: 'deadline_not_later', message: '延期后的期限须晚于当前期限' };
  }
  if (request.extensionsApproved >= policy.maxExtensions) {
    return {
      ok: false,
      code: 'extension_beyond_policy',
      message: `此类工单最多延期 ${policy.maxExtensions} 次`,
    };
  }
  const { dueAt: limit, uncoveredYears } = addSpanChecked(request.dueAt, policy.maxSpan, calendar);
  if (request.requestedDueAt > limit) {
    return {
      ok: false,
      code: 'extension_beyond_policy',
      message: `申请的新期限超过延期上限（${limit.toISOString()}）`,
    };
  }
  return { ok: true, limit, uncoveredYears };
}

/**
 * {@link computeDeadlines} with the calendar-coverage flag: what dispatch-appeal should call so a
 * case created near a year end with next year's schedule missing is reported to the operator.
 *
 * @example
 * const { ackDueAt, dueAt, uncoveredYears } = computeDeadlinesChecked('complaint', 'normal', receivedAt, calendar);
 * if (uncoveredYears.length) logger.warn('calendar data missing', { uncoveredYears });
 */
export function computeDeadlinesChecked(
  type: CaseType,
  urgency: Urgency,
  receivedAt: Date,
  calendar: WorkingCalendar,
): { ackDueAt: Date; dueAt: Date; uncoveredYears: readonly number[] } {
  const policy = policyFor(type, urgency);
  const ack = addSpanChecked(receivedAt, policy.ack, calendar);
  const due = addSpanChecked(receivedAt, policy.complete, calendar);
  const uncoveredYears = [...new Set([...ack.uncoveredYears, ...due.uncoveredYears])].sort();
  return { ackDueAt: ack.dueAt, dueAt: due.dueAt, uncoveredYears };
}
