// The case's lifecycle fields, apart from case.ts so the case schema takes them in one spread and
// this module imports nothing of the case (no import cycle).
import * as z from 'zod/mini';
import { PAUSE_REASONS } from './limits.js';

export { PAUSE_REASONS };

const Instant = z.iso.datetime({ offset: true });

export const PauseReasonSchema = z.enum(PAUSE_REASONS);
export type PauseReason = z.infer<typeof PauseReasonSchema>;

/** 法律保全 on an archived case: set (`on`) or lifted, when, by whom, and the reason given. */
export const LegalHoldSchema = z.object({
  on: z.boolean(),
  since: Instant,
  by: z.string(),
  note: z.string(),
});
export type LegalHold = z.infer<typeof LegalHoldSchema>;

/** 回访 the citizen's rating: 满意, 基本满意, 不满意. */
export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export const RatingSchema = z.enum(RATINGS);
export type Rating = z.infer<typeof RatingSchema>;

/**
 * Why a case was closed: rated satisfied or basically satisfied; no rating in the follow-up window
 * (no_response); the window elapsed after a reopened case was re-completed (it had its one rating
 * already); a supervisor closed it.
 */
export const CLOSE_REASONS = [
  'rated',
  'no_response',
  'follow_up_window_elapsed',
  'supervisor',
  /** 未补正: the citizen did not answer the correction request in time; a supervisor closed it. */
  'not_corrected',
  /** 依申请公开, 答复: the reviewed reply and its 答复书 went to the applicant (第三十三条、第三十六条). */
  'replied',
  /** 依申请公开, 视为放弃申请: no correction within the period set (第三十条). */
  'withdrawn',
  /** 依申请公开, 登记: not a request, answered at registration (公开出版物, 第三十九条第二款). */
  'not_a_request',
  /**
   * 部署冒烟测试: a supervisor closed the test case `npm run smoke` made after a deploy; the metrics
   * count nothing of it (metrics/contributions.ts), so the figures are as if it never came in.
   */
  'smoke',
] as const;
export const CloseReasonSchema = z.enum(CLOSE_REASONS);
export type CloseReason = z.infer<typeof CloseReasonSchema>;

/** How a rating was taken: the web link (or status page), WeChat, or an agent's call. */
export const FEEDBACK_VIAS = ['web', 'wechat', 'phone'] as const;
export const FeedbackViaSchema = z.enum(FEEDBACK_VIAS);
export type FeedbackVia = z.infer<typeof FeedbackViaSchema>;

/** One follow-up call: the citizen rated, did not answer, or declined to rate. */
export const FOLLOW_UP_CALL_ATTEMPT_OUTCOMES = ['rated', 'not_reached', 'refused'] as const;
/** Where the follow-up call list ended: rated, refused, or 未联系上 after the last attempt. */
export const FOLLOW_UP_CALL_OUTCOMES = ['rated', 'refused', 'unreachable'] as const;

export const ExtensionRequestSchema = z.object({
  requestedAt: Instant,
  requestedBy: z.string(),
  reason: z.string(),
  requestedDueAt: Instant,
});
export type ExtensionRequest = z.infer<typeof ExtensionRequestSchema>;

export const PauseSchema = z.object({ from: Instant, to: Instant, reason: PauseReasonSchema });
export type Pause = z.infer<typeof PauseSchema>;

/**
 * The lifecycle's optional case attributes. Additive: a case written before they existed parses.
 */
export const LIFECYCLE_FIELDS = {
  /**
   * 重复来电: the caller's earlier case in the same category within 7 days, set at intake. The
   * appeal counts as a repeat (repeatRate) whether or not it was merged into that case.
   */
  repeatOf: z.optional(z.string()),
  /** 并单: the master case a merged case joined. */
  mergedInto: z.optional(z.string()),
  /**
   * 疑似重复: the open case of the same number, category and district that this one was not merged
   * into at intake because a caller's identity was not verified by the channel; a dispatcher decides.
   */
  possibleDuplicateOf: z.optional(z.string()),
  feedback: z.optional(
    z.object({
      rating: RatingSchema,
      comment: z.optional(z.string()),
      at: Instant,
      /** How the rating was taken: the web link, WeChat, or an agent's call (电话回访). */
      via: z.optional(FeedbackViaSchema),
      /** The agent who took a rating by phone. */
      takenBy: z.optional(z.string()),
    }),
  ),
  /**
   * 电话回访: the follow-up call list's record of this case. `attempts` in order; `outcome` once
   * the list is done with it: rated (the agent recorded the rating), refused (the citizen declined
   * to rate), unreachable (未联系上 after the last attempt).
   */
  followUpCall: z.optional(
    z.object({
      takenBy: z.optional(z.string()),
      takenAt: z.optional(Instant),
      attempts: z.array(
        z.object({
          at: Instant,
          by: z.string(),
          outcome: z.enum(FOLLOW_UP_CALL_ATTEMPT_OUTCOMES),
          note: z.optional(z.string()),
        }),
      ),
      outcome: z.optional(z.enum(FOLLOW_UP_CALL_OUTCOMES)),
    }),
  ),
  /**
   * 补正: the handler's open or last correction request; the clock is paused (awaiting_correction)
   * while it is open. `answeredAt` once the citizen answered; `dueAt` ends the citizen's time.
   */
  correction: z.optional(
    z.object({
      requestedAt: Instant,
      requestedBy: z.string(),
      question: z.string(),
      dueAt: Instant,
      answeredAt: z.optional(Instant),
      answer: z.optional(z.string()),
      answeredVia: z.optional(z.string()),
      attachments: z.optional(z.array(z.string())),
    }),
  ),
  /** 延期申请 waiting for a supervisor. */
  pendingExtension: z.optional(ExtensionRequestSchema),
  extensionsApproved: z.optional(z.int().check(z.nonnegative())),
  /**
   * The clock is stopped since then (中止计时); `dueAt` moves when it resumes. `latestDueAt`: for a
   * pause under the pause policy's cap (anyone's but a supervisor's), the latest deadline it can
   * reach; once that passes, supervision reminds and marks the case late while it is still paused.
   */
  pausedSince: z.optional(
    z.object({ at: Instant, reason: PauseReasonSchema, by: z.string(), latestDueAt: z.optional(Instant) }),
  ),
  pauses: z.optional(z.array(PauseSchema)),
  /**
   * 重算期限: per calendar year, the revision of its holiday data (calendarYearRevision) the stored
   * deadlines were last counted again for, so a second recompute for the same data (a retry, two
   * PUTs at once) is refused `unchanged` instead of moving the deadlines twice.
   */
  recomputedFor: z.optional(z.record(z.string(), z.string())),
  /** The deadline the SLA outcome was judged against, fixed with it: the metric's day. */
  slaDueAt: z.optional(Instant),
  closeReason: z.optional(CloseReasonSchema),
  /**
   * Supervision steps taken, each keyed by the deadline it was about, so the job takes each step
   * once per deadline however often it runs, and again after an extension moves the deadline.
   */
  supervision: z.optional(
    z.object({
      warnedFor: z.optional(Instant),
      remindedFor: z.optional(Instant),
      ackRemindedFor: z.optional(Instant),
      markedOverdueAt: z.optional(Instant),
    }),
  ),
  /**
   * 法律保全: a supervisor's legal hold on the archived case (legal_hold), as last set or lifted:
   * `on`, when (`since`), by whom and why. The history keeps every change; the archive projector
   * sets the same state on the dossier's objects in S3.
   */
  legalHold: z.optional(LegalHoldSchema),
};
