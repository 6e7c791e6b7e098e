// 回访: what the citizen is told when their case is completed, and when it becomes due. Pure: the
// token and the public address come in from the adapters.
import type { Case } from './case.js';
import { RATING_TEXT } from './labels.js';
import { DEFAULT_FOLLOW_UP_DAYS, RATINGS, type Rating } from './lifecycle/index.js';

/** The department's reply is cut here: a notice is a text message, the status page has the rest. */
export const REPLY_EXCERPT_CHARS = 120;

/** The notice to send a citizen about the completion of their case. */
export interface CompletionNotice {
  readonly caseId: string;
  readonly trackingNo: string;
  /** Which completion the notice is about: a re-completed case gets a notice of its own. */
  readonly completedAt: string;
  readonly channel: Case['channel'];
  /** Absent when the case already has its one rating (re-completed after a reopen). */
  readonly feedbackUrl?: string;
  /** The text as the citizen reads it (Chinese). */
  readonly text: string;
}

/**
 * Did this change bring the case into `completed`? A new case resolved at intake (INSERT), or an
 * existing case moving there from another status. Anything else, including a write to a case that
 * stays completed, is no completion.
 *
 * @example enteredCompletion(oldImage, newImage) // true once per completion, however often replayed
 */
export function enteredCompletion(before: Case | undefined, after: Case | undefined): boolean {
  return after?.status === 'completed' && before?.status !== 'completed';
}

/** The link the citizen rates through: `POST` there with the token (it rides along in the query). */
export function feedbackUrlOf(publicBaseUrl: string, trackingNo: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/v1/cases/${trackingNo}/feedback?token=${encodeURIComponent(token)}`;
}

/**
 * The department's reply cut to `REPLY_EXCERPT_CHARS`, on one line: for the notice and the agents'
 * follow-up call list alike.
 */
export function replyExcerpt(text: string | undefined): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  if (!flat) return '详见工单查询页面';
  const chars = [...flat];
  return chars.length <= REPLY_EXCERPT_CHARS ? flat : `${chars.slice(0, REPLY_EXCERPT_CHARS).join('')}…`;
}

/**
 * The completion notice (办结告知) for a case that has just been completed.
 *
 * @example
 * completionNotice(kase, { feedbackUrl: 'https://12345.example.gov.cn/v1/cases/261122-K7M3-9XQ2/feedback?token=…' }).text
 * // '【12345】您的诉求（工单号 261122-K7M3-9XQ2）已办结。\n办理答复：…'
 */
export function completionNotice(
  kase: Case,
  options: { feedbackUrl?: string; followUpDays?: number },
): CompletionNotice {
  if (kase.status !== 'completed' || !kase.completedAt) {
    throw new Error(`case ${kase.caseId} is ${kase.status}, not completed: no completion notice`);
  }
  const days = options.followUpDays ?? DEFAULT_FOLLOW_UP_DAYS;
  const rateable = !kase.feedback && options.feedbackUrl !== undefined;
  const lines = [
    `【12345】您的诉求（工单号 ${kase.trackingNo}）已办结。`,
    `办理答复：${replyExcerpt(kase.reply)}`,
    ...(rateable
      ? [
          `请对办理结果评价（${RATINGS.map((r) => RATING_TEXT[r]).join('／')}）：${options.feedbackUrl}`,
          `评价链接仅限本人使用一次；${days} 日内未评价的，工单将自动归档。`,
        ]
      : ['本工单已收到您的评价，无需再次评价。']),
  ];
  return {
    caseId: kase.caseId,
    trackingNo: kase.trackingNo,
    completedAt: kase.completedAt,
    channel: kase.channel,
    ...(rateable ? { feedbackUrl: options.feedbackUrl } : {}),
    text: lines.join('\n'),
  };
}

/** What the citizen is told after rating, by rating. */
export const FEEDBACK_RECEIVED_TEXT: Readonly<Record<Rating, string>> = {
  satisfied: '感谢您的评价，工单已办结归档。',
  basically_satisfied: '感谢您的评价，工单已办结归档。',
  dissatisfied: '已收到您的评价，督办人员将复核办理情况，必要时责成承办单位重新办理。',
};
