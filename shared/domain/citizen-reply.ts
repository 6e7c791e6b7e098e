// 回应: what a citizen who looks their case up (the status page, WeChat 查询) is told once it is done:
// the department's reply, and the way to rate it while rating is still possible. Pure: the clock, the
// follow-up window and the token come in from the caller.
import type { Case, CaseStatus } from './case.js';
import { followUpEndsAt } from './lifecycle/transitions.js';

/**
 * Statuses that follow a completion and keep its reply: completed (awaiting the rating), rated
 * dissatisfied (under review), closed. A reopened case is back in handling: the old reply no longer
 * stands, and the next completion brings its own.
 */
const REPLIED: readonly CaseStatus[] = ['completed', 'dissatisfied', 'closed'];

/**
 * The department's reply (办理答复) as the citizen may read it, or undefined while there is none.
 * `case.reply` only: the history's internal note is for staff. A case closed without a completion
 * (a supervisor's force-close) has no `completedAt` and shows none.
 *
 * @example citizenReply(kase) // '已安排维修人员更换路灯，现已恢复照明。'
 */
export function citizenReply(kase: Pick<Case, 'status' | 'reply' | 'completedAt'>): string | undefined {
  if (!REPLIED.includes(kase.status) || !kase.completedAt) return undefined;
  const reply = kase.reply?.trim();
  return reply ? reply : undefined;
}

/**
 * Can the citizen still rate? Completed, unrated, and within the follow-up window (after it the
 * scheduled job closes the case as no response; until it runs, the rating is still accepted, but
 * the window is what the citizen was promised, so the link is shown for exactly that long).
 *
 * @example ratingOpenUntil(kase, new Date(), 7) // Date seven days after completion, or undefined
 */
export function ratingOpenUntil(
  kase: Pick<Case, 'status' | 'feedback' | 'completedAt' | 'dueAt'>,
  now: Date,
  followUpDays: number,
): Date | undefined {
  if (kase.status !== 'completed' || kase.feedback || !kase.completedAt) return undefined;
  const ends = followUpEndsAt(kase, followUpDays);
  return now < ends ? ends : undefined;
}

/** The rating page's path on the API's own origin, the token in its query as in the notice. */
export function feedbackPath(trackingNo: string, token: string): string {
  return `/v1/cases/${trackingNo}/feedback?token=${encodeURIComponent(token)}`;
}
