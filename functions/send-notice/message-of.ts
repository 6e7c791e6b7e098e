// What a queued notice says and where its short link leads, from the case as it is now.
import { correctionToken } from '../../shared/adapters/correction-token.js';
import { feedbackToken } from '../../shared/adapters/feedback-token.js';
import { shortCode } from '../../shared/adapters/short-links.js';
import type { Case, Notice, WorkingCalendar } from '../../shared/domain/index.js';
import {
  completionMessage,
  correctionRequestMessage,
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
