// What a queued notice says and where its short link leads, from the case as it is now.
import { correctionToken } from '../../shared/adapters/correction-token.js';
import { feedbackToken } from '../../shared/adapters/feedback-token.js';
import { shortCode } from '../../shared/adapters/short-links.js';
import type { Case, Notice, WorkingCalendar } from '../../shared/domain/index.js';
import {
  completionMessage,
  correctionRequestMessage,
  disclosureExtensionMessage,
  disclosureRegistrationMessage,
  disclosureReplyMessage,
  type NoticeMessage,
} from '../../shared/domain/notices/index.js';
import { isWorkingDay, shanghaiDate } from '../../shared/domain/working-days.js';

const DAY_MS = 86_400_000;
/** A link outlives what it opens by two weeks: a late click gets the page's own answer, not a 404. */
export const LINK_MARGIN_DAYS = 14;

export interface LinkedMessage {
  readonly message: NoticeMessage;
  /** The short link's code and the path it leads to on the API's own origin. */
  readonly code: string;
  readonly target: string;
  readonly linkExpiresAt: Date;
}

/** Why the notice is no longer to be sent: the case moved on since it was queued. */
export type Superseded = { readonly superseded: string };

export interface MessageContext {
  readonly publicBaseUrl: string;
  /** The feedback-token key: it signs the rating and 补正 links and derives the short code. */
  readonly tokenKey: string;
  readonly followUpDays: number;
  readonly calendar: WorkingCalendar;
  readonly now: Date;
}

/**
 * The working days the citizen has left to answer a correction request, counted from tomorrow
 * (Asia/Shanghai) to the due day inclusive; at least 1, so the text never says 0 days.
 */
export function workingDaysLeft(now: Date, dueAt: string, calendar: WorkingCalendar): number {
  const last = shanghaiDate(new Date(dueAt));
  let date = shanghaiDate(now);
  let days = 0;
  // Bounded: a correction is due within weeks; a year of days stops a bad date from looping long.
  for (let i = 0; i < 366 && date < last; i++) {
    date = new Date(new Date(`${date}T00:00:00Z`).getTime() + DAY_MS).toISOString().slice(0, 10);
    if (isWorkingDay(date, calendar)) days++;
  }
  return Math.max(1, days);
}

function shortUrl(base: string, code: string): string {
  return `${base.replace(/\/+$/, '')}/n/${code}`;
}

/**
 * The message of `notice` for `kase`, or why it is superseded: a completion notice of an earlier
 * completion (the case was reopened and completed again: that completion queued its own), a
 * correction request no longer open (answered, or replaced by a later one).
 */
export function messageOf(kase: Case, notice: Notice, ctx: MessageContext): LinkedMessage | Superseded {
  const code = shortCode(kase.caseId, notice.noticeId, ctx.tokenKey);
  const link = shortUrl(ctx.publicBaseUrl, code);
  const trackingNo = encodeURIComponent(kase.trackingNo);
  if (notice.kind === 'completion') {
    if (!kase.completedAt || notice.noticeId !== `completion#${kase.completedAt}`) {
      return { superseded: 'completion_superseded' };
    }
    const token = feedbackToken(kase, ctx.tokenKey);
    const completed = new Date(kase.completedAt).getTime();
    return {
      message: completionMessage(
        { caseId: kase.caseId, trackingNo: kase.trackingNo, completedAt: kase.completedAt },
        { link, rateable: !kase.feedback },
      ),
      code,
      target: `/v1/cases/${trackingNo}/feedback?token=${encodeURIComponent(token)}`,
      linkExpiresAt: new Date(
        Math.max(completed, ctx.now.getTime()) + (ctx.followUpDays + LINK_MARGIN_DAYS) * DAY_MS,
      ),
    };
  }
  if (notice.kind !== 'correction_request') return disclosureMessageOf(kase, notice, ctx, code, link);
  const correction = kase.correction;
  if (
    !correction ||
    correction.answeredAt ||
    notice.noticeId !== `correction_request#${correction.requestedAt}`
  ) {
    return { superseded: 'correction_not_open' };
  }
  const token = correctionToken(kase.caseId, correction.requestedAt, ctx.tokenKey);
  return {
    message: correctionRequestMessage(
      { caseId: kase.caseId, trackingNo: kase.trackingNo },
      {
        requestedAt: correction.requestedAt,
        link,
        days: workingDaysLeft(ctx.now, correction.dueAt, ctx.calendar),
      },
    ),
    code,
    target: `/v1/cases/${trackingNo}/correction?token=${encodeURIComponent(token)}`,
    linkExpiresAt: new Date(
      Math.max(new Date(correction.dueAt).getTime(), ctx.now.getTime()) + LINK_MARGIN_DAYS * DAY_MS,
    ),
  };
}

/**
 * 依申请公开: the registration, extension and reply notices. Their link opens the citizen page's
 * status lookup (tracking number and the phone's last four), which shows where the request stands;
 * there is no rating to give (the issue: no satisfaction loop for a disclosure request). A reply
 * notice is superseded only if the case is not (or no longer) closed as replied.
 */
function disclosureMessageOf(
  kase: Case,
  notice: Notice,
  ctx: MessageContext,
  code: string,
  link: string,
): LinkedMessage | Superseded {
  const input = { caseId: kase.caseId, trackingNo: kase.trackingNo, noticeId: notice.noticeId, link };
  let message: NoticeMessage;
  if (notice.kind === 'disclosure_reply') {
    if (kase.closeReason !== 'replied') return { superseded: 'reply_not_made' };
    message = disclosureReplyMessage(input);
  } else if (notice.kind === 'disclosure_extension') {
    message = disclosureExtensionMessage({ ...input, dueOn: shanghaiDate(new Date(kase.dueAt)) });
  } else {
    message = disclosureRegistrationMessage(input);
  }
  return {
    message,
    code,
    target: `/?trackingNo=${encodeURIComponent(kase.trackingNo)}`,
    // As long as the remedies run (行政复议 60 days, 行政诉讼 6 months): the applicant may look again.
    linkExpiresAt: new Date(ctx.now.getTime() + 190 * DAY_MS),
  };
}
