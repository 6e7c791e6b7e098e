// The pausable clock's steps shared by the lifecycle's transitions (transitions.ts) and the
// disclosure ones (disclosure/transitions.ts): apart from both so neither imports the other's table.
import {
  clockBasisOf,
  latestDueWhilePaused,
  maxPausedAmount,
  pausePolicyFor,
  shiftForPause,
  shiftForPauseCapped,
  totalPaused,
  uncoveredYearsBetween,
} from '../calendar/index.js';
import type { Case } from '../case.js';
import { THIRD_PARTY_WORKING_DAYS } from '../disclosure/deadlines.js';
import { type Actor, actorLabel, type Refusal, type RefusalCode } from './actions.js';
import type { PauseReason } from './fields.js';
import type { LifecycleContext, TransitionEffect } from './transitions.js';

export function refuse(code: RefusalCode, message: string): Refusal {
  return { code, message };
}

export function blank(s: string | undefined): boolean {
  return !s || s.trim().length === 0;
}

export function joinNote(...parts: (string | undefined)[]): string | undefined {
  const kept = parts.filter((p): p is string => !blank(p));
  return kept.length > 0 ? kept.join(': ') : undefined;
}

/** A disclosure request (依申请公开) with its file: the 条例's rules apply to it. */
export function isDisclosureRequest(k: Pick<Case, 'type' | 'disclosure'>): boolean {
  return k.type === 'disclosure' && k.disclosure !== undefined;
}

/** 办结 and 答复 decide the SLA outcome, unless supervision already marked the case late. */
export function decideOnCompletion(kase: Case, now: Date): TransitionEffect['patch'] {
  if (kase.slaOutcome) return {};
  return { slaOutcome: now <= new Date(kase.dueAt) ? 'on_time' : 'late', slaDueAt: kase.dueAt };
}

/** Pausing the clock (中止计时, or a 补正 request): not twice, not past the deadline, within the cap. */
export function guardPause(k: Case, actor: Actor, ctx: LifecycleContext): Refusal | undefined {
  if (k.pausedSince) return refuse('paused', '计时已经中止');
  if (k.slaOutcome) return refuse('sla_decided', '按时办结结果已认定，不能更改');
  if (ctx.now > new Date(k.dueAt)) return refuse('deadline_passed', '已过办理期限');
  return actor.role === 'department' ? guardPauseLimit(k, ctx) : undefined;
}

/**
 * The open pause. A supervisor's own pause has no cap (it counts in full on resume, see resumeOf),
 * nor has a disclosure request's 补正 wait: the period restarts when the correction arrives
 * (第三十条), so no deadline runs while the applicant has it.
 */
export function pausedSinceOf(
  k: Case,
  reason: PauseReason,
  actor: Actor,
  ctx: LifecycleContext,
): NonNullable<Case['pausedSince']> {
  const uncapped =
    actor.role === 'supervisor' || (isDisclosureRequest(k) && reason === 'awaiting_correction');
  return {
    at: ctx.now.toISOString(),
    reason,
    by: actorLabel(actor),
    ...(uncapped ? {} : { latestDueAt: latestDueOfPause(k, new Date(k.dueAt), ctx, reason) }),
  };
}

/** Resuming the clock: the deadline moves by the paused time (see shiftForPause for the rule). */
export function resumeOf(
  k: Case,
  ctx: LifecycleContext,
): { patch: TransitionEffect['patch'] & { dueAt: string }; uncoveredYears: readonly number[] } {
  const since = k.pausedSince as NonNullable<Case['pausedSince']>;
  const from = new Date(since.at);
  const to = ctx.now > from ? ctx.now : from;
  const oldDue = new Date(k.dueAt);
  const basis = clockBasisOf(k.type, k.urgency);
  // A supervisor's own pause is the supervisor's decision and counts in full; anyone else's
  // moves the deadline by no more than what the pause policy has left (see pausePolicyFor).
  const newDue = since.by.startsWith('supervisor:')
    ? shiftForPause(oldDue, { from, to }, basis, ctx.calendar)
    : shiftForPauseCapped(oldDue, { from, to }, basis, ctx.calendar, pauseAllowance(k, ctx, since.reason));
  return {
    patch: {
      dueAt: newDue.toISOString(),
      pausedSince: undefined,
      pauses: [...(k.pauses ?? []), { from: since.at, to: to.toISOString(), reason: since.reason }],
    },
    uncoveredYears: uncoveredYearsBetween(oldDue, newDue, ctx.calendar),
  };
}

/** The case's 补正 request still awaiting the citizen's answer, if any. */
export function openCorrection(k: Pick<Case, 'correction'>): NonNullable<Case['correction']> | undefined {
  return k.correction && !k.correction.answeredAt ? k.correction : undefined;
}

/**
 * What the pause policy has left for the case, in its clock's units; never below zero. A disclosure
 * request's 补正 waits do not count against it (the period restarted after each, 第三十条), and a
 * third party's wait counts at most 15 working days (第三十二条).
 */
export function pauseAllowance(
  k: Case,
  ctx: LifecycleContext,
  reason: PauseReason | undefined = k.pausedSince?.reason,
): number {
  const basis = clockBasisOf(k.type, k.urgency);
  const max = maxPausedAmount(pausePolicyFor(k.type, k.urgency));
  const disclosure = isDisclosureRequest(k);
  const counted = (k.pauses ?? []).filter((p) => !(disclosure && p.reason === 'awaiting_correction'));
  const left = Math.max(0, max - totalPaused(counted, basis, ctx.calendar));
  return disclosure && reason === 'third_party' ? Math.min(left, THIRD_PARTY_WORKING_DAYS) : left;
}

/** The latest deadline a pause opened now can reach from `dueAt`: by what the cap has left. */
export function latestDueOfPause(
  k: Case,
  dueAt: Date,
  ctx: LifecycleContext,
  reason: PauseReason | undefined = k.pausedSince?.reason,
): string {
  const basis = clockBasisOf(k.type, k.urgency);
  return latestDueWhilePaused(dueAt, basis, ctx.calendar, pauseAllowance(k, ctx, reason)).toISOString();
}

/**
 * The deadline supervision works to: `dueAt`, or while the clock is paused the latest deadline the
 * pause can reach (`pausedSince.latestDueAt`); none for an uncapped pause (a supervisor's own, a
 * disclosure request's 补正 wait).
 */
export function supervisedDueAt(k: Pick<Case, 'dueAt' | 'pausedSince'>): string | undefined {
  return k.pausedSince ? k.pausedSince.latestDueAt : k.dueAt;
}

/** 中止计时 in total is capped by policy: past it a department asks for an extension instead. */
export function guardPauseLimit(k: Case, ctx: LifecycleContext, reason?: PauseReason): Refusal | undefined {
  if (pauseAllowance(k, ctx, reason) > 0) return undefined;
  const max = maxPausedAmount(pausePolicyFor(k.type, k.urgency));
  const unit = clockBasisOf(k.type, k.urgency) === 'hours' ? '小时' : '个工作日';
  return refuse(
    'pause_limit_reached',
    `中止计时累计已达上限（${max} ${unit}），如需更多时间请申请延期，由督办人员决定`,
  );
}
