import type { Case } from '../case.js';
import { openThirdParty, THIRD_PARTY_LAPSED_OPINION } from '../disclosure/transitions.js';
import type { Actor, LifecycleAction } from './actions.js';
import { applyAction } from './apply-action.js';
import { isDisclosureRequest, openCorrection } from './clock.js';
import {
  DEFAULT_FOLLOW_UP_DAYS,
  followUpEndsAt,
  type LifecycleContext,
  reminderAt,
  supervisedDueAt,
  UNFINISHED_STATUSES,
  warningAt,
} from './transitions.js';

/**
 * The supervision index is split over this many partitions, so no one partition runs hot. Every
 * write of an open case rewrites its index entry (about 15 write units per appeal over a case's
 * life, measured: docs/performance.md, "Scale"), so 32 shards keep each under one partition's
 * 1,000 units a second up to about 2,000 appeals a second; 8 ran hot at about 520. Raise it freely:
 * readers query every shard from 0, so a case still in a lower shard is found until its next write
 * moves it. Never lower it without `npm run reindex-cases`: cases in the dropped shards would be lost
 * to supervision.
 */
export const OPEN_SHARDS = 32;

/** The actor the scheduled job acts as; its name is what the history records. */
export const SUPERVISION_ACTOR: Actor = { role: 'system', id: 'supervise-deadlines' };

/** A supervision step is due strictly after these deadlines; one millisecond is the next instant. */
const JUST_AFTER_MS = 1;

/** The statuses in which an order waits for its department's acknowledgement (签收). */
function awaitsAcknowledgement(kase: Case): boolean {
  return kase.status === 'dispatched' || kase.status === 'reopened';
}

/**
 * The earliest instant at which a supervision step (催签收, 预警, 催办, 逾期, or the close at the end
 * of the follow-up window) becomes due for the case, or `undefined` when none ever will until the case changes again. The job looks only at cases
 * whose instant has come, so this must move past every step once it is taken (or can no longer be
 * taken): otherwise a case would be read on every run for nothing.
 */
export function nextCheckAt(kase: Case, followUpDays: number = DEFAULT_FOLLOW_UP_DAYS): Date | undefined {
  // 回访: a completed case waits for its rating; when the window ends the job closes it. A rating
  // (or the close) moves it out of `completed`, and with it out of the index.
  if (kase.status === 'completed') return followUpEndsAt(kase, followUpDays);
  if (!UNFINISHED_STATUSES.includes(kase.status)) return undefined;
  const candidates: number[] = [];
  const s = kase.supervision;
  if (awaitsAcknowledgement(kase) && s?.ackRemindedFor !== kase.ackDueAt) {
    candidates.push(new Date(kase.ackDueAt).getTime() + JUST_AFTER_MS);
  }
  // 依申请公开: an unanswered 补正 is withdrawn once its period passes (第三十条 视为放弃申请), and a
  // third party's silence is recorded once its 15 working days pass (第三十二条); the job takes both.
  if (isDisclosureRequest(kase)) {
    const correction = openCorrection(kase);
    if (correction) candidates.push(new Date(correction.dueAt).getTime() + JUST_AFTER_MS);
    const thirdParty = openThirdParty(kase);
    if (thirdParty) candidates.push(new Date(thirdParty.dueAt).getTime() + JUST_AFTER_MS);
  }
  // While the clock is paused the deadline is not known, only the latest one the pause can reach
  // under the pause cap: the reminder and the overdue mark wait for that (no warning while paused).
  // A supervisor's own pause has no cap: nothing until it resumes, which recomputes this.
  const dueAt = supervisedDueAt(kase);
  if (dueAt) {
    const due = new Date(dueAt).getTime();
    const reminded = s?.remindedFor === dueAt;
    // A warning is skipped once the reminder is taken (the transition refuses it past the deadline).
    const warnable = !kase.pausedSince && !kase.slaOutcome && s?.warnedFor !== dueAt && !reminded;
    if (warnable && due > new Date(kase.receivedAt).getTime()) candidates.push(warningAt(kase).getTime());
    if (!reminded) candidates.push(reminderAt({ receivedAt: kase.receivedAt, dueAt }).getTime());
    if (!kase.slaOutcome) candidates.push(due + JUST_AFTER_MS);
  }
  return candidates.length > 0 ? new Date(Math.min(...candidates)) : undefined;
}

/**
 * A case's shard of `count`, 0 ≤ n < count: a stable hash of its id, so its writes always land in one
 * partition of a write-sharded index.
 *
 * @example
 * shardOf('6v4m…', 32) // 17, every time
 */
export function shardOf(caseId: string, count: number): number {
  // FNV-1a, 32 bit: spreads similar ids evenly and needs no crypto module in the core.
  let hash = 0x811c9dc5;
  for (let i = 0; i < caseId.length; i++) {
    hash ^= caseId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}

/** The index partition of a case in the supervision index. */
export function openShardOf(caseId: string): string {
  return `OPEN#${shardOf(caseId, OPEN_SHARDS)}`;
}

/** The supervision steps in the order the job tries them; the transitions' guards decide each. */
const STEPS: readonly LifecycleAction[] = [
  // 依申请公开 (guards refuse every other case): 视为放弃申请 first, since it ends the request; then
  // the third party's lapsed time, which resumes the clock before the deadline steps look at it.
  { action: 'close_uncorrected' },
  { action: 'record_third_party_opinion', opinion: THIRD_PARTY_LAPSED_OPINION },
  { action: 'remind', target: 'acknowledge' },
  { action: 'warn' },
  { action: 'remind', target: 'complete' },
  { action: 'mark_overdue' },
  // 回访期满: only a completed case whose window has ended; the guard says no to every other.
  { action: 'close' },
];

export type SupervisionStep =
  | 'withdrawn'
  | 'third_party_lapsed'
  | 'ack_reminded'
  | 'warned'
  | 'reminded'
  | 'marked_overdue'
  | 'closed';

function stepName(action: LifecycleAction): SupervisionStep {
  if (action.action === 'close_uncorrected') return 'withdrawn';
  if (action.action === 'record_third_party_opinion') return 'third_party_lapsed';
  if (action.action === 'close') return 'closed';
  if (action.action === 'warn') return 'warned';
  if (action.action === 'mark_overdue') return 'marked_overdue';
  return action.action === 'remind' && action.target === 'acknowledge' ? 'ack_reminded' : 'reminded';
}

/**
 * Every supervision step due for the case at `ctx.now`, applied in order: the case to write (one
 * version bump and one history entry per step) and the steps taken. No step due: `case` is the input
 * and `steps` is empty, so a second run at the same instant changes nothing.
 */
export function superviseCase(kase: Case, ctx: LifecycleContext): { case: Case; steps: SupervisionStep[] } {
  let current = kase;
  const steps: SupervisionStep[] = [];
  for (const step of STEPS) {
    const result = applyAction(current, step, SUPERVISION_ACTOR, ctx);
    // A refusal (not due yet, already taken, paused, decided) is the expected answer for most steps.
    if (!result.ok) continue;
    current = result.case;
    steps.push(stepName(step));
  }
  return { case: current, steps };
}
