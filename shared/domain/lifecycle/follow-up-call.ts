// 电话回访: the follow-up call list's rules. Which completed cases an agent calls and from when, who
// holds an item, and what one call changes on the case. Pure: the time and the settings come in.
import type { Case } from '../case.js';
import { type Notice, noticeIdOf } from '../notices/notice.js';
import { type ActionOf, type Actor, actorLabel, type Refusal } from './actions.js';
import { RATINGS } from './fields.js';
import { fitsBudget } from './item-budget.js';

/** A call list item ends after this many calls: the third not reached is 未联系上. */
export const FOLLOW_UP_CALL_MAX_ATTEMPTS = 3;
/** Completed cases not rated within this many hours join the call list (issue 11: default 24). */
export const DEFAULT_FOLLOW_UP_CALL_AFTER_HOURS = 24;
/**
 * An agent who takes an item holds it this long (or until they record the call): another agent is
 * refused meanwhile, so one citizen is not called by two agents at once.
 */
export const FOLLOW_UP_CALL_HOLD_MINUTES = 30;
/**
 * After a call nobody answered, the item is due again this much later: a 回访组 tries another time of
 * day rather than redialling at once, and the item sinks below the ones nobody has called yet.
 */
export const FOLLOW_UP_CALL_RETRY_HOURS = 2;

export type FollowUpCall = NonNullable<Case['followUpCall']>;

/** The notice the case's latest completion queued (办结告知), if the case records one. */
export function completionNoticeOf(kase: Pick<Case, 'completedAt' | 'notices'>): Notice | undefined {
  if (!kase.completedAt) return undefined;
  const id = noticeIdOf('completion', kase.completedAt);
  return kase.notices?.find((n) => n.noticeId === id);
}

/**
 * The notice will not reach the citizen: undeliverable (no channel, a provider's refusal), or
 * accepted and then reported not delivered by the provider's receipt (a failed notice with a
 * message id). A failed send still being retried may yet arrive.
 */
function cannotReach(notice: Notice | undefined): boolean {
  return notice?.state === 'undeliverable' || (notice?.state === 'failed' && notice.messageId !== undefined);
}

/**
 * Is the case an item of the call list (due or not yet): completed, unrated, and the list not done
 * with it. A rating (by link, WeChat or phone), a close, a reopen or the list's end takes it off.
 */
export function onFollowUpCallList(kase: Pick<Case, 'status' | 'feedback' | 'followUpCall' | 'completedAt'>) {
  return kase.status === 'completed' && !kase.feedback && !kase.followUpCall?.outcome && !!kase.completedAt;
}

/**
 * When the case's item is due for a call: `afterHours` after completion; at once when the
 * completion notice cannot reach the citizen (`undeliverable`: no channel, such as a hotline caller
 * without a number on file, or a provider's refusal; or a receipt saying the SMS never arrived),
 * since nobody else will ask them; and after a
 * call nobody answered, not before `FOLLOW_UP_CALL_RETRY_HOURS` later. Undefined off the list, and
 * for a citizen without a phone number on the case.
 *
 * @example
 * followUpCallDueAt(kase, 24) // completedAt + 24 h, or completedAt when the notice is undeliverable
 */
export function followUpCallDueAt(
  kase: Pick<Case, 'status' | 'feedback' | 'followUpCall' | 'completedAt' | 'notices' | 'contact'>,
  afterHours: number = DEFAULT_FOLLOW_UP_CALL_AFTER_HOURS,
): Date | undefined {
  // Nobody to call without a number (a WeChat citizen gave an openid only; the template notice
  // reaches them): such a case waits for its rating by link or WeChat, then the window closes it.
  if (!onFollowUpCallList(kase) || !kase.contact.phoneHash) return undefined;
  const completed = new Date(kase.completedAt as string).getTime();
  const unreachableByNotice = cannotReach(completionNoticeOf(kase));
  const base = unreachableByNotice ? completed : completed + afterHours * 3_600_000;
  const lastMiss = kase.followUpCall?.attempts.findLast((a) => a.outcome === 'not_reached');
  const retry = lastMiss ? new Date(lastMiss.at).getTime() + FOLLOW_UP_CALL_RETRY_HOURS * 3_600_000 : 0;
  return new Date(Math.max(base, retry));
}

/**
 * Who holds the item at `now`, if anyone: the last agent who took it, for
 * `FOLLOW_UP_CALL_HOLD_MINUTES`, unless a call was recorded after the take (the hold ends with it).
 */
export function followUpCallHolder(kase: Pick<Case, 'followUpCall'>, now: Date): string | undefined {
  const call = kase.followUpCall;
  if (!call?.takenBy || !call.takenAt) return undefined;
  const takenAt = new Date(call.takenAt).getTime();
  if (now.getTime() - takenAt >= FOLLOW_UP_CALL_HOLD_MINUTES * 60_000) return undefined;
  const recordedSince = call.attempts.some((a) => new Date(a.at).getTime() >= takenAt);
  return recordedSince ? undefined : call.takenBy;
}

function refuse(code: Refusal['code'], message: string): Refusal {
  return { code, message };
}

/** Why the item cannot be worked now by `actor`; undefined when it can. */
function guardItem(kase: Case, actor: Actor, now: Date): Refusal | undefined {
  if (kase.feedback) return refuse('already_rated', '该工单已评价，不在回访名单');
  if (kase.status !== 'completed') {
    return refuse('illegal_transition', `工单当前状态为 ${kase.status}，不在回访名单`);
  }
  const call = kase.followUpCall;
  if (call?.outcome || (call?.attempts.length ?? 0) >= FOLLOW_UP_CALL_MAX_ATTEMPTS) {
    return refuse('already_done', '该工单的电话回访已结束');
  }
  const holder = followUpCallHolder(kase, now);
  if (holder && holder !== actorLabel(actor)) {
    return refuse(
      'taken_by_other',
      `该回访已由 ${holder} 领取，${FOLLOW_UP_CALL_HOLD_MINUTES} 分钟内不能重复领取`,
    );
  }
  return undefined;
}

/** What one `record_follow_up_call` may carry: a rating only with `rated`, and then it must. */
export function guardFollowUpCall(
  kase: Case,
  action: ActionOf<'record_follow_up_call'>,
  actor: Actor,
  now: Date,
): Refusal | undefined {
  const item = guardItem(kase, actor, now);
  if (item) return item;
  if (action.outcome === 'rated') {
    if (!action.rating || !(RATINGS as readonly string[]).includes(action.rating)) {
      return refuse(
        'invalid_rating',
        '回访结果为「已评价」时须给出评价：satisfied、basically_satisfied、dissatisfied',
      );
    }
    return undefined;
  }
  if (action.rating !== undefined || action.comment !== undefined) {
    return refuse('invalid_input', '只有回访结果为「已评价」时才能填写评价和评价内容');
  }
  return undefined;
}

/**
 * The call list's record after one call: the attempt appended; the list's outcome set when the call
 * ends the item (rated, refused, or the last not reached: 未联系上). The case itself is the caller's
 * to change (a rating closes it or sends it to a supervisor, see the rate transition).
 */
export function followUpCallAfter(
  kase: Case,
  action: ActionOf<'record_follow_up_call'>,
  actor: Actor,
  now: Date,
): { followUpCall: FollowUpCall; note: string } {
  const previous = kase.followUpCall ?? { attempts: [] };
  const attempts = [
    ...previous.attempts,
    {
      at: now.toISOString(),
      by: actorLabel(actor),
      outcome: action.outcome,
      ...(action.note?.trim() ? { note: action.note } : {}),
    },
  ];
  const outcome =
    action.outcome === 'not_reached'
      ? attempts.length >= FOLLOW_UP_CALL_MAX_ATTEMPTS
        ? ('unreachable' as const)
        : undefined
      : action.outcome;
  const count = `${attempts.length}/${FOLLOW_UP_CALL_MAX_ATTEMPTS}`;
  const what =
    action.outcome === 'rated'
      ? `rated ${action.rating}`
      : outcome === 'unreachable'
        ? `not_reached ${count} unreachable`
        : `${action.outcome} ${count}`;
  return {
    followUpCall: { ...previous, attempts, ...(outcome ? { outcome } : {}) },
    note: action.note?.trim() ? `${what}: ${action.note}` : what,
  };
}

/** The history action a take records: the caller's number was shown to its actor. */
export const TAKE_FOLLOW_UP_CALL = 'take_follow_up_call' as const;

export type TakeResult =
  | { readonly ok: true; readonly case: Case }
  | { readonly ok: false; readonly refusal: Refusal };

/**
 * 领取回访: `actor` takes the item to call the citizen, and is shown the caller's number. Recorded on
 * the case (who, when) with a history entry, so every showing of a number is on the record (the
 * route writes nothing when the holder takes it again within the hold: its open take covers it).
 * Refused while another agent holds it (`taken_by_other`),
 * and off the list. Not a lifecycle action: it changes no status, and only the follow-up route,
 * which shows the number, may record it.
 *
 * @example
 * const taken = takeFollowUpCall(kase, { role: 'agent', id: 'a-7' }, new Date());
 * if (taken.ok) await cases.update(taken.case, kase.version);
 */
export function takeFollowUpCall(kase: Case, actor: Actor, now: Date): TakeResult {
  if (actor.role !== 'agent' && actor.role !== 'supervisor') {
    return { ok: false, refusal: refuse('forbidden', '只有受理员和督办人员可领取回访') };
  }
  const refusal = guardItem(kase, actor, now);
  if (refusal) return { ok: false, refusal };
  const at = now.toISOString();
  const by = actorLabel(actor);
  const after: Case = {
    ...kase,
    followUpCall: { ...(kase.followUpCall ?? { attempts: [] }), takenBy: by, takenAt: at },
    version: kase.version + 1,
    history: [...kase.history, { at, actor: by, action: TAKE_FOLLOW_UP_CALL }],
  };
  if (!fitsBudget(after, actor.role)) {
    return { ok: false, refusal: refuse('case_too_large', '工单记录已达上限，不能再追加记录') };
  }
  return { ok: true, case: after };
}
