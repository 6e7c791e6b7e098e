import { addSpanChecked, checkExtension } from '../calendar/index.js';
import type { Case } from '../case.js';
import { policyFor } from '../deadline-policy.js';
import type { Directory } from '../directory.js';
import type { ReplyLetterRecord } from '../disclosure/case-fields.js';
import {
  disclosureCompleteRefusal,
  disclosureCorrectionRefusal,
  disclosurePauseRefusal,
  extensionNoticePatch,
  isDisclosureRequest,
  restartAfterCorrection,
  uncorrectedActorRefusal,
  withdrawnPatch,
} from '../disclosure/lifecycle-rules.js';
import { DISCLOSURE_TRANSITIONS } from '../disclosure/transitions.js';
import { queuedNotice, withQueuedNotice } from '../notices/notice.js';
import { endOfShanghaiDay, shanghaiDate, type WorkingCalendar } from '../working-days.js';
import {
  ACTION_RULES,
  type ActionRule,
  OPEN_STATUSES,
  TERMINAL_STATUSES,
  UNFINISHED_STATUSES,
} from './action-rules.js';
import {
  type ActionName,
  type ActionOf,
  type Actor,
  ANSWER_MAX_CHARS,
  actorLabel,
  CORRECTION_ATTACHMENTS_MAX,
  QUESTION_MAX_CHARS,
  REPLY_MAX_CHARS,
  RETURN_REASONS,
  type Refusal,
} from './actions.js';
import {
  blank,
  decideOnCompletion,
  guardPause,
  joinNote,
  latestDueOfPause,
  openCorrection,
  pausedSinceOf,
  refuse,
  resumeOf,
  supervisedDueAt,
} from './clock.js';
import { type FeedbackVia, PAUSE_REASONS, type PauseReason, RATINGS, type Rating } from './fields.js';
import { followUpCallAfter, guardFollowUpCall } from './follow-up-call.js';
import { LEGAL_HOLD_TRANSITION } from './legal-hold.js';
import { guardRecompute, recomputeEffect } from './recompute-deadline.js';

/** 部署冒烟测试: the statuses a smoke close is taken from, before any department has signed for the case. */
const SMOKE_CLOSABLE: readonly Case['status'][] = ['received', 'pending_dispatch', 'dispatched'];

/** What the state machine is given besides the case: the time, the calendar, the directory. */
export interface LifecycleContext {
  readonly now: Date;
  readonly calendar: WorkingCalendar;
  /** When given, dispatch checks the departments exist. */
  readonly directory?: Directory;
  /** When given, merge checks the master case is open. */
  readonly master?: Case;
  /** 回访 window before an unrated case closes as no response; default 7 days. */
  readonly followUpDays?: number;
  /** 补正: the citizen's working days to answer a correction request; DEFAULT_CORRECTION_DAYS. */
  readonly correctionDays?: CorrectionDays;
  /**
   * 答复书: the letter the disclosure desk rendered and stored for `approve_reply` (the core renders
   * nothing). Absent everywhere else, so the action is refused (`letter_required`) on any other route.
   */
  readonly letter?: ReplyLetterRecord;
  /**
   * 重算期限: the calendar the stored deadlines were counted under, before the holiday calendar
   * changed (`calendar` is the one after). Only `recompute_deadline` reads it; it refuses without.
   */
  readonly previousCalendar?: WorkingCalendar;
}

/** 补正 time the citizen is given, in working days: for disclosure requests, and for every other type. */
export interface CorrectionDays {
  readonly disclosure: number;
  readonly other: number;
}

/** The defaults: 7 working days for a disclosure request (依申请公开), 5 otherwise. */
export const DEFAULT_CORRECTION_DAYS: CorrectionDays = { disclosure: 7, other: 5 };

/** DESIGN §5: no rating within this many days of completion closes the case as no response. */
export const DEFAULT_FOLLOW_UP_DAYS = 7;

/**
 * When the follow-up window of a completed case ends: from then on the system closes it. The
 * scheduled job's index key and the close transition's guard both read this, so they agree.
 */
export function followUpEndsAt(
  kase: Pick<Case, 'completedAt' | 'dueAt'>,
  followUpDays: number = DEFAULT_FOLLOW_UP_DAYS,
): Date {
  return new Date(new Date(kase.completedAt ?? kase.dueAt).getTime() + followUpDays * 86_400_000);
}

/** A transition's effect: the fields to change (`undefined` removes one) and the history note. */
export interface TransitionEffect {
  readonly patch: { [K in keyof Case]?: Case[K] | undefined };
  readonly note?: string;
  /** Years a new deadline reached into without calendar data: the operator must be alerted. */
  readonly uncoveredYears?: readonly number[];
}

/** An action's row of ACTION_RULES (from, to, roles) with its guard and effect. */
export interface Transition<N extends ActionName> extends ActionRule {
  readonly guard?: (
    kase: Case,
    action: ActionOf<N>,
    actor: Actor,
    ctx: LifecycleContext,
  ) => Refusal | undefined;
  readonly effect: (kase: Case, action: ActionOf<N>, actor: Actor, ctx: LifecycleContext) => TransitionEffect;
}

export type TransitionTable = { readonly [N in ActionName]: Transition<N> };

export { OPEN_STATUSES, openCorrection, supervisedDueAt, TERMINAL_STATUSES, UNFINISHED_STATUSES };

/** The citizen's working days to answer: 7 for a disclosure request, 5 otherwise (configurable). */
function correctionDaysFor(k: Case, ctx: LifecycleContext): number {
  const days = ctx.correctionDays ?? DEFAULT_CORRECTION_DAYS;
  return k.type === 'disclosure' ? days.disclosure : days.other;
}

function allowedMs(kase: Case): number {
  return new Date(kase.dueAt).getTime() - new Date(kase.receivedAt).getTime();
}

/** 预警: 80 % of the allowed time (receipt to deadline) has elapsed. */
export function warningAt(kase: Pick<Case, 'receivedAt' | 'dueAt'>): Date {
  const received = new Date(kase.receivedAt).getTime();
  return new Date(received + Math.floor(0.8 * (new Date(kase.dueAt).getTime() - received)));
}

/**
 * 催办 at the deadline: from the start of the deadline's last day (a working-day deadline ends at
 * 23:59:59, so "at the deadline" is that day), never before the warning.
 */
export function reminderAt(kase: Pick<Case, 'receivedAt' | 'dueAt'>): Date {
  const dayStart = new Date(endOfShanghaiDay(shanghaiDate(new Date(kase.dueAt))).getTime() - 86_399_000);
  const warn = warningAt(kase);
  return dayStart > warn ? dayStart : warn;
}

function checkDepartments(ids: readonly string[], directory: Directory | undefined): Refusal | undefined {
  if (ids.some(blank)) return refuse('invalid_input', '须指定承办单位');
  if (!directory) return undefined;
  const unknown = ids.find((id) => !directory.departments.has(id));
  return unknown ? refuse('unknown_department', `未知的单位：${unknown}`) : undefined;
}

function assign(
  kase: Case,
  action: ActionOf<'dispatch'> | ActionOf<'redispatch'>,
  ctx: LifecycleContext,
): TransitionEffect {
  const coHandlers = [...new Set(action.coHandlers ?? [])].filter((id) => id !== action.departmentId);
  // The acknowledgement clock starts when the order reaches the department; the citizen's
  // deadline does not restart because of a misroute.
  const ack = addSpanChecked(ctx.now, policyFor(kase.type, kase.urgency).ack, ctx.calendar);
  return {
    patch: {
      departmentId: action.departmentId,
      coHandlers,
      ackDueAt: ack.dueAt.toISOString(),
      pendingExtension: undefined,
    },
    note: joinNote(action.departmentId, action.note),
    uncoveredYears: ack.uncoveredYears,
  };
}

function guardAssign(
  action: ActionOf<'dispatch'> | ActionOf<'redispatch'>,
  ctx: LifecycleContext,
): Refusal | undefined {
  return checkDepartments([action.departmentId, ...(action.coHandlers ?? [])], ctx.directory);
}

/**
 * How a rating was taken. Staff take it by phone, always: the split of the satisfaction rate by how
 * it was taken cannot be steered from the case API. A citizen's own rating says its channel (the
 * link or page by default, WeChat when it came through WeChat): one actor, two channels, so the
 * actor alone cannot tell them apart.
 */
function viaOf(actor: Actor, requested: string | undefined): FeedbackVia | Refusal {
  if (actor.role === 'citizen' || actor.role === 'system') {
    if (requested === undefined || requested === 'web' || requested === 'wechat') return requested ?? 'web';
    return refuse('invalid_input', '市民评价的方式须为 web 或 wechat');
  }
  if (requested === undefined || requested === 'phone') return 'phone';
  return refuse('invalid_input', '工作人员代录的评价只能是电话回访（phone）');
}

/** A rating's change to the case: recorded once, and the case closes or goes to a supervisor. */
function ratingEffect(
  rating: Rating,
  comment: string | undefined,
  via: FeedbackVia,
  actor: Actor,
  ctx: LifecycleContext,
): TransitionEffect {
  const feedback = {
    rating,
    at: ctx.now.toISOString(),
    ...(comment ? { comment } : {}),
    via,
    // The agent on the phone: the citizen's own rating has nobody to name.
    ...(via === 'phone' ? { takenBy: actorLabel(actor) } : {}),
  };
  return rating === 'dissatisfied'
    ? { patch: { feedback, status: 'dissatisfied' }, note: rating }
    : { patch: { feedback, status: 'closed', closeReason: 'rated' }, note: rating };
}

/**
 * DESIGN §5 as data: each action, the statuses it may be taken from, the status it leads to, who
 * may take it, its guard and its effect. `applyAction` is the only reader.
 */
export const TRANSITIONS: TransitionTable = {
  // 派单: a dispatcher (or the automatic router) assigns the lead department.
  dispatch: {
    ...ACTION_RULES.dispatch,
    guard: (_k, a, _actor, ctx) => guardAssign(a, ctx),
    effect: (k, a, _actor, ctx) => assign(k, a, ctx),
  },
  // 改派: another department takes the order over; a returned case goes back out the same way.
  redispatch: {
    ...ACTION_RULES.redispatch,
    guard: (k, a, _actor, ctx) =>
      guardAssign(a, ctx) ??
      (k.status !== 'returned' && k.departmentId === a.departmentId
        ? refuse('same_department', '工单已在该单位')
        : undefined),
    effect: (k, a, _actor, ctx) => assign(k, a, ctx),
  },
  // 签收
  acknowledge: {
    ...ACTION_RULES.acknowledge,
    effect: (_k, a) => ({ patch: {}, note: a.note }),
  },
  // 退单: the order leaves the department and waits for a dispatcher.
  return: {
    ...ACTION_RULES.return,
    guard: (k, a) => {
      if (!(RETURN_REASONS as readonly string[]).includes(a.reason)) {
        return refuse('invalid_reason', `退单须给出原因代码：${RETURN_REASONS.join('、')}`);
      }
      return k.pausedSince ? refuse('paused', '计时已中止，须先恢复计时再退单') : undefined;
    },
    effect: (k, a) => ({
      patch: { departmentId: undefined, coHandlers: [], pendingExtension: undefined },
      note: joinNote(a.reason, k.departmentId, a.note),
    }),
  },
  // 延期申请
  request_extension: {
    ...ACTION_RULES.request_extension,
    guard: (k, a, _actor, ctx) => {
      if (blank(a.reason)) return refuse('invalid_reason', '延期申请须说明理由');
      const requested = new Date(a.requestedDueAt);
      if (Number.isNaN(requested.getTime())) return refuse('invalid_input', '申请的新期限不是有效时间');
      if (k.pendingExtension) return refuse('extension_pending', '已有待审批的延期申请');
      if (ctx.now > new Date(k.dueAt)) return refuse('deadline_passed', '已过办理期限');
      const check = checkExtension(
        {
          type: k.type,
          urgency: k.urgency,
          dueAt: new Date(k.dueAt),
          requestedDueAt: requested,
          extensionsApproved: k.extensionsApproved ?? 0,
          now: ctx.now,
        },
        ctx.calendar,
      );
      return check.ok ? undefined : refuse(check.code, check.message);
    },
    effect: (_k, a, actor, ctx) => ({
      patch: {
        pendingExtension: {
          requestedAt: ctx.now.toISOString(),
          requestedBy: actorLabel(actor),
          reason: a.reason,
          requestedDueAt: new Date(a.requestedDueAt).toISOString(),
        },
      },
      note: joinNote(new Date(a.requestedDueAt).toISOString(), a.reason),
    }),
  },
  // 延期审批: the deadline moves; an SLA outcome already decided stays as it is.
  approve_extension: {
    ...ACTION_RULES.approve_extension,
    guard: (k, _a, _actor, ctx) => {
      if (!k.pendingExtension) return refuse('no_pending_extension', '没有待审批的延期申请');
      // Checked again: a pause may have moved the deadline since the request.
      const check = checkExtension(
        {
          type: k.type,
          urgency: k.urgency,
          dueAt: new Date(k.dueAt),
          requestedDueAt: new Date(k.pendingExtension.requestedDueAt),
          extensionsApproved: k.extensionsApproved ?? 0,
          now: ctx.now,
        },
        ctx.calendar,
      );
      return check.ok ? undefined : refuse(check.code, check.message);
    },
    effect: (k, a, _actor, ctx) => {
      const requested = k.pendingExtension?.requestedDueAt ?? k.dueAt;
      // An open capped pause reaches as far past the new deadline as it did past the old one.
      const pausedSince = k.pausedSince?.latestDueAt
        ? { ...k.pausedSince, latestDueAt: latestDueOfPause(k, new Date(requested), ctx) }
        : k.pausedSince;
      return {
        patch: {
          dueAt: requested,
          extensionsApproved: (k.extensionsApproved ?? 0) + 1,
          pendingExtension: undefined,
          ...(pausedSince ? { pausedSince } : {}),
          // 依申请公开 (第三十三条第二款): the applicant is told the extension and its new deadline.
          ...extensionNoticePatch(k, ctx),
        },
        note: joinNote(
          requested,
          isDisclosureRequest(k) ? '延长答复期限（第三十三条第二款），告知申请人' : undefined,
          a.note,
        ),
      };
    },
  },
  reject_extension: {
    ...ACTION_RULES.reject_extension,
    guard: (k) => (k.pendingExtension ? undefined : refuse('no_pending_extension', '没有待审批的延期申请')),
    effect: (_k, a) => ({ patch: { pendingExtension: undefined }, note: a.note }),
  },
  // 中止计时: awaiting the citizen's correction or a third party.
  pause: {
    ...ACTION_RULES.pause,
    guard: (k, a, actor, ctx) => {
      if (!(PAUSE_REASONS as readonly string[]).includes(a.reason)) {
        return refuse('invalid_reason', `中止计时须给出原因代码：${PAUSE_REASONS.join('、')}`);
      }
      return disclosurePauseRefusal(k, actor, false) ?? guardPause(k, actor, ctx);
    },
    effect: (k, a, actor, ctx) => ({
      patch: { pausedSince: pausedSinceOf(k, a.reason as PauseReason, actor, ctx) },
      note: joinNote(a.reason, a.note),
    }),
  },
  // 恢复计时: the deadline moves by the paused time (see shiftForPause for the rule).
  resume: {
    ...ACTION_RULES.resume,
    guard: (k, _a, actor) => {
      if (!k.pausedSince) return refuse('not_paused', '计时未中止');
      const disclosure = disclosurePauseRefusal(k, actor, true);
      if (disclosure) return disclosure;
      // While a 补正 request is open the citizen holds a link and a date to answer by: a
      // department resuming the clock on its own would run the citizen's time against the
      // department and leave the request dangling. The answer resumes it; a supervisor may still
      // resume (a request made in error), and the request then stays open for the citizen's answer.
      return openCorrection(k) && actor.role !== 'supervisor'
        ? refuse('correction_open', '正在等待市民补正，补正后自动恢复计时；如需提前恢复请联系督办人员')
        : undefined;
    },
    effect: (k, a, _actor, ctx) => {
      const resumed = resumeOf(k, ctx);
      return { ...resumed, note: joinNote(resumed.patch.dueAt, a.note) };
    },
  },
  // 补正: the handler asks the citizen for a correction or more material. The clock pauses as for
  // `pause` (awaiting_correction), the request is recorded with the citizen's time to answer, and
  // the notice is queued in the same write (the notice pipeline sends it with the answer link).
  request_correction: {
    ...ACTION_RULES.request_correction,
    guard: (k, a, actor, ctx) => {
      if (blank(a.question)) return refuse('invalid_input', '补正须写明需要市民补充的内容');
      if (a.question.length > QUESTION_MAX_CHARS) {
        return refuse('invalid_input', `补正内容不能超过 ${QUESTION_MAX_CHARS} 字`);
      }
      if (openCorrection(k)) return refuse('correction_open', '已有待市民答复的补正');
      return disclosureCorrectionRefusal(k, ctx) ?? guardPause(k, actor, ctx);
    },
    effect: (k, a, actor, ctx) => {
      const due = addSpanChecked(ctx.now, { workingDays: correctionDaysFor(k, ctx) }, ctx.calendar);
      const at = ctx.now.toISOString();
      return {
        patch: {
          pausedSince: pausedSinceOf(k, 'awaiting_correction', actor, ctx),
          correction: {
            requestedAt: at,
            requestedBy: actorLabel(actor),
            question: a.question.trim(),
            dueAt: due.dueAt.toISOString(),
          },
          notices: withQueuedNotice(k.notices, queuedNotice('correction_request', at)),
        },
        note: joinNote(due.dueAt.toISOString(), a.question.trim(), a.note),
        uncoveredYears: due.uncoveredYears,
      };
    },
  },
  // 补正答复: the citizen answers (the page's link or WeChat), or an agent records the answer given
  // on a call. The clock resumes exactly as for `resume`; the answer is kept on the request and in
  // the history (a later request replaces the request, never the history).
  answer_correction: {
    ...ACTION_RULES.answer_correction,
    guard: (k, a, actor) => {
      if (!openCorrection(k)) return refuse('no_open_correction', '没有待答复的补正');
      if (blank(a.answer)) return refuse('invalid_input', '补正内容不能为空');
      if (a.answer.length > ANSWER_MAX_CHARS) {
        return refuse('invalid_input', `补正内容不能超过 ${ANSWER_MAX_CHARS} 字`);
      }
      if ((a.attachments?.length ?? 0) > CORRECTION_ATTACHMENTS_MAX) {
        return refuse('invalid_input', `补正附件最多 ${CORRECTION_ATTACHMENTS_MAX} 张`);
      }
      // An agent records what the citizen said on a call; the citizen's own answer comes by link or WeChat.
      const phone = a.via === 'phone';
      if ((actor.role === 'agent') !== phone) {
        return refuse(
          'invalid_input',
          actor.role === 'agent' ? '坐席代录的补正须为电话（phone）' : '市民补正须经网页或微信',
        );
      }
      return undefined;
    },
    effect: (k, a, _actor, ctx) => {
      const correction = k.correction as NonNullable<Case['correction']>;
      const attachments = [...new Set(a.attachments ?? [])];
      const answered = {
        ...correction,
        answeredAt: ctx.now.toISOString(),
        answer: a.answer.trim(),
        answeredVia: a.via,
        ...(attachments.length > 0 ? { attachments } : {}),
      };
      const note = joinNote(
        a.via,
        a.answer.trim(),
        attachments.length > 0 ? attachments.join(' ') : undefined,
      );
      // 依申请公开 (第三十条): the period restarts from the day the correction arrived.
      if (isDisclosureRequest(k)) {
        const restarted = restartAfterCorrection(k, ctx);
        return {
          patch: { ...restarted.patch, correction: answered },
          note: joinNote(note, restarted.note),
          uncoveredYears: restarted.uncoveredYears,
        };
      }
      // A supervisor may have resumed the clock while the request stayed open: then only the answer.
      const resumed = k.pausedSince?.reason === 'awaiting_correction' ? resumeOf(k, ctx) : undefined;
      return {
        patch: { ...resumed?.patch, correction: answered },
        note,
        ...(resumed ? { uncoveredYears: resumed.uncoveredYears } : {}),
      };
    },
  },
  // 未补正: the citizen's time to answer passed without an answer; a supervisor closes the case.
  // As a supervisor's force-close it decides no SLA outcome (nothing was completed): the case
  // counts as an appeal, and as late only if supervision had already marked it overdue.
  close_uncorrected: {
    ...ACTION_RULES.close_uncorrected,
    guard: (k, _a, actor, ctx) => {
      const refusal = uncorrectedActorRefusal(k, actor);
      if (refusal) return refusal;
      const open = openCorrection(k);
      if (!open) return refuse('no_open_correction', '没有待答复的补正');
      return ctx.now > new Date(open.dueAt) ? undefined : refuse('not_due', '补正期限尚未届满');
    },
    effect: (k, a, _actor, ctx) => {
      // 依申请公开: 视为放弃申请 (第三十条), with its annual-report row; the system takes it on time.
      if (isDisclosureRequest(k)) {
        const withdrawn = withdrawnPatch(k, ctx);
        return { patch: withdrawn.patch, note: joinNote(withdrawn.note, a.note) };
      }
      return {
        patch: { closeReason: 'not_corrected', pendingExtension: undefined, pausedSince: undefined },
        note: a.note,
      };
    },
  },
  // 办结: the SLA outcome is decided here unless supervision already marked the case late.
  complete: {
    ...ACTION_RULES.complete,
    guard: (k, a) => {
      if (blank(a.reply)) return refuse('invalid_input', '办结须填写答复内容');
      if (a.reply.length > REPLY_MAX_CHARS) {
        return refuse('invalid_input', `答复内容不能超过 ${REPLY_MAX_CHARS} 字`);
      }
      const disclosure = disclosureCompleteRefusal(k);
      if (disclosure) return disclosure;
      return k.pausedSince ? refuse('paused', '计时已中止，须先恢复计时再办结') : undefined;
    },
    effect: (k, a, _actor, ctx) => ({
      patch: {
        completedAt: ctx.now.toISOString(),
        reply: a.reply,
        pendingExtension: undefined,
        ...decideOnCompletion(k, ctx.now),
        // 办结告知, queued in the same write as the completion (the notice pipeline sends it).
        notices: withQueuedNotice(k.notices, queuedNotice('completion', ctx.now.toISOString())),
      },
      // The internal note stays in the history, for staff; the citizen sees the reply.
      note: a.internalNote,
    }),
  },
  // 回访: once per case. Satisfied or basically satisfied closes it; dissatisfied goes to a supervisor.
  rate: {
    ...ACTION_RULES.rate,
    guard: (k, a, actor) => {
      if (k.feedback) return refuse('already_rated', '该工单已评价，不能重复评价');
      if (!(RATINGS as readonly string[]).includes(a.rating)) {
        return refuse('invalid_rating', `评价须为 ${RATINGS.join('、')} 之一`);
      }
      const via = viaOf(actor, a.via);
      return typeof via === 'string' ? undefined : via;
    },
    effect: (_k, a, actor, ctx) => {
      const rating = a.rating as Rating;
      return ratingEffect(rating, a.comment, viaOf(actor, a.via) as FeedbackVia, actor, ctx);
    },
  },
  // 电话回访: an agent's call of the follow-up call list. Rated: the rating, exactly as `rate` applies
  // it, taken by phone by this agent. Not reached: an attempt; the last one ends the item as 未联系上
  // while the case stays completed (the citizen's link still works until the follow-up window closes
  // the case as no response). Refused: the citizen declined to rate; the case stays completed too.
  record_follow_up_call: {
    ...ACTION_RULES.record_follow_up_call,
    guard: (k, a, actor, ctx) => guardFollowUpCall(k, a, actor, ctx.now),
    effect: (k, a, actor, ctx) => {
      const { followUpCall, note } = followUpCallAfter(k, a, actor, ctx.now);
      if (a.outcome !== 'rated') return { patch: { followUpCall, status: 'completed' }, note };
      const rated = ratingEffect(a.rating as Rating, a.comment, 'phone', actor, ctx);
      return { patch: { ...rated.patch, followUpCall }, note };
    },
  },
  // 重办: a new round of handling with a fresh deadline; the SLA outcome of the first stays.
  reopen: {
    ...ACTION_RULES.reopen,
    effect: (k, a, _actor, ctx) => {
      const policy = policyFor(k.type, k.urgency);
      const due = addSpanChecked(ctx.now, policy.complete, ctx.calendar);
      const ack = addSpanChecked(ctx.now, policy.ack, ctx.calendar);
      return {
        patch: { dueAt: due.dueAt.toISOString(), ackDueAt: ack.dueAt.toISOString() },
        note: a.note,
        uncoveredYears: [...new Set([...due.uncoveredYears, ...ack.uncoveredYears])],
      };
    },
  },
  // 归档: the follow-up window elapsed (system), or a supervisor closes with a reason (force-close),
  // or closes a deploy's smoke-test case (`reason: 'smoke'`, which the metrics leave out).
  close: {
    ...ACTION_RULES.close,
    guard: (k, a, actor, ctx) => {
      if (a.reason !== undefined && a.reason !== 'smoke') {
        return refuse('invalid_reason', '归档原因只能是 smoke（部署冒烟测试），或不填');
      }
      if (actor.role === 'supervisor') {
        if (blank(a.note)) return refuse('invalid_reason', '督办人员强制归档须说明理由');
        // A smoke close takes the case out of every figure, so only a case nobody has worked on yet
        // (the smoke closes its own right after dispatch): a handled case cannot be hidden this way.
        if (a.reason === 'smoke' && !SMOKE_CLOSABLE.includes(k.status)) {
          return refuse('illegal_transition', '只有尚未签收的工单可以按部署冒烟测试归档');
        }
        return undefined;
      }
      if (a.reason !== undefined) return refuse('forbidden', '只有督办人员可以按部署冒烟测试归档');
      if (k.status !== 'completed') return refuse('illegal_transition', '系统只自动归档已办结的工单');
      return ctx.now < followUpEndsAt(k, ctx.followUpDays) ? refuse('not_due', '回访期尚未结束') : undefined;
    },
    effect: (k, a, actor) => ({
      patch: {
        closeReason:
          actor.role === 'supervisor'
            ? a.reason === 'smoke'
              ? 'smoke'
              : 'supervisor'
            : k.feedback
              ? 'follow_up_window_elapsed'
              : 'no_response',
        pendingExtension: undefined,
        pausedSince: undefined,
      },
      note: a.note,
    }),
  },
  // 并单: a duplicate joins its master and ends here.
  merge: {
    ...ACTION_RULES.merge,
    guard: (k, a, _actor, ctx) => {
      if (blank(a.masterCaseId) || a.masterCaseId === k.caseId) {
        return refuse('invalid_merge', '须并入另一张工单');
      }
      // 依申请公开: every request is registered and answered on its own; a repeated one is answered
      // as such (第三十六条第（六）项, 第三十五条), never folded into another case. Intake then creates
      // it as a case of its own (repeat.ts falls back when the merge is refused).
      if (isDisclosureRequest(k)) {
        return refuse('invalid_merge', '政府信息公开申请须逐件登记、答复，不能并单');
      }
      const m = ctx.master;
      if (m && (m.caseId !== a.masterCaseId || !OPEN_STATUSES.includes(m.status))) {
        return refuse('invalid_merge', '主工单已归档或已并单，不能并入');
      }
      return undefined;
    },
    effect: (_k, a) => ({
      patch: {
        mergedInto: a.masterCaseId,
        departmentId: undefined,
        coHandlers: [],
        pendingExtension: undefined,
        pausedSince: undefined,
      },
      note: joinNote(a.masterCaseId, a.note),
    }),
  },
  // The master's side of a merge: its history records the duplicate.
  link_duplicate: {
    ...ACTION_RULES.link_duplicate,
    guard: (k, a) =>
      blank(a.duplicateCaseId) || a.duplicateCaseId === k.caseId
        ? refuse('invalid_merge', '重复工单须为另一张工单')
        : undefined,
    effect: (_k, a) => ({ patch: {}, note: joinNote(a.duplicateCaseId, a.note) }),
  },
  // 预警 at 80 % of the allowed time, once per deadline.
  warn: {
    ...ACTION_RULES.warn,
    guard: (k, _a, _actor, ctx) => supervisionGuard(k) ?? guardWarn(k, ctx),
    effect: (k) => ({ patch: { supervision: { ...k.supervision, warnedFor: k.dueAt } } }),
  },
  // 催办: the system at the deadline (or past the acknowledgement deadline), once each; a
  // supervisor's 督办 at any time.
  remind: {
    ...ACTION_RULES.remind,
    guard: (k, a, actor, ctx) => guardRemind(k, a, actor, ctx),
    effect: (k, a, actor) => {
      if (actor.role !== 'system') return { patch: {}, note: joinNote(a.target, a.note) };
      const supervision =
        a.target === 'acknowledge'
          ? { ...k.supervision, ackRemindedFor: k.ackDueAt }
          : { ...k.supervision, remindedFor: supervisedDueAt(k) ?? k.dueAt };
      return { patch: { supervision }, note: a.target ?? 'complete' };
    },
  },
  // 逾期: past the deadline without completion: the SLA outcome is decided, late, for good. A case
  // still paused is late once the latest deadline its pause can reach has passed (the pause
  // allowance is used up); it stays paused, and a resume moves dueAt to that deadline.
  mark_overdue: {
    ...ACTION_RULES.mark_overdue,
    guard: (k, _a, _actor, ctx) => {
      if (k.slaOutcome) return refuse('sla_decided', '按时办结结果已认定，不能更改');
      const due = supervisedDueAt(k);
      if (k.pausedSince && (!due || ctx.now <= new Date(due))) return refuse('paused', '计时已中止');
      return due && ctx.now > new Date(due) ? undefined : refuse('not_due', '尚未超过办理期限');
    },
    effect: (k, _a, _actor, ctx) => {
      const due = supervisedDueAt(k) ?? k.dueAt;
      return {
        patch: {
          slaOutcome: 'late',
          slaDueAt: due,
          supervision: { ...k.supervision, markedOverdueAt: ctx.now.toISOString() },
        },
        note: k.pausedSince ? joinNote(due, 'pause_limit_reached') : due,
      };
    },
  },
  // 重算期限: a holiday calendar year was added (or corrected); the stored deadlines are counted
  // again under it (recompute-deadline.ts). A case it does not move is refused `unchanged`, so a
  // second run writes nothing.
  recompute_deadline: {
    ...ACTION_RULES.recompute_deadline,
    guard: (k, a, _actor, ctx) => guardRecompute(k, a.year, ctx),
    effect: (k, a, _actor, ctx) => recomputeEffect(k, a.year, ctx),
  },
  // 依申请公开: 登记, 专人负责, 第三方意见, 拟稿, 审核, 复议/诉讼.
  ...DISCLOSURE_TRANSITIONS,
  // 法律保全 on an archived case (legal-hold.ts).
  legal_hold: LEGAL_HOLD_TRANSITION,
};

/** The system's supervision steps wait while the clock is paused: the deadline is not known yet. */
function supervisionGuard(k: Case): Refusal | undefined {
  return k.pausedSince ? refuse('paused', '计时已中止') : undefined;
}

function guardWarn(k: Case, ctx: LifecycleContext): Refusal | undefined {
  if (k.slaOutcome) return refuse('sla_decided', '按时办结结果已认定，不能更改');
  if (k.supervision?.warnedFor === k.dueAt) return refuse('already_done', '本期限已预警过');
  if (allowedMs(k) <= 0 || ctx.now < warningAt(k)) return refuse('not_due', '办理时限未过 80%');
  return ctx.now > new Date(k.dueAt) ? refuse('deadline_passed', '已过办理期限，应标记逾期') : undefined;
}

function guardRemind(
  k: Case,
  a: ActionOf<'remind'>,
  actor: Actor,
  ctx: LifecycleContext,
): Refusal | undefined {
  const target = a.target ?? 'complete';
  if (target !== 'complete' && target !== 'acknowledge') {
    return refuse('invalid_input', '催办对象须为 acknowledge（签收）或 complete（办结）');
  }
  if (target === 'acknowledge' && k.status !== 'dispatched' && k.status !== 'reopened') {
    return refuse('illegal_transition', '只有未签收的工单可催签收');
  }
  if (actor.role !== 'system') return undefined;
  if (target === 'acknowledge') {
    if (k.supervision?.ackRemindedFor === k.ackDueAt) return refuse('already_done', '本签收期限已催办过');
    return ctx.now > new Date(k.ackDueAt) ? undefined : refuse('not_due', '尚未超过签收期限');
  }
  // While paused: on the day of the latest deadline the pause can reach (none: it waits).
  const due = supervisedDueAt(k);
  if (!due) return refuse('paused', '计时已中止');
  if (k.supervision?.remindedFor === due) return refuse('already_done', '本期限已催办过');
  if (ctx.now >= reminderAt({ receivedAt: k.receivedAt, dueAt: due })) return undefined;
  return k.pausedSince ? refuse('paused', '计时已中止') : refuse('not_due', '尚未到期限当日');
}
