import { citizenReply, feedbackPath, ratingOpenUntil } from '../domain/citizen-reply.js';
import type { Case } from '../domain/index.js';
import { followUpDays } from './config.js';
import { feedbackToken, feedbackTokenKey } from './feedback-token.js';

// The reply and the rating link a citizen's lookup shows (the status page and WeChat 查询 share it).
// Only for the citizen's own case, after the caller proved it (phone digits or WeChat sender): a
// merged case never shows its master's reply or link (the master may be another citizen's).

export interface ReplyFields {
  /** The department's reply (办理答复), never the internal note. */
  readonly reply?: string;
  /** The rating page's path on the API's origin, with the case's feedback token; while rating is open. */
  readonly feedbackUrl?: string;
  /** When the follow-up window ends (ISO): the link is good until then. */
  readonly feedbackOpenUntil?: string;
}

/**
 * The reply and, while the case awaits its rating, the link, for a case the caller proved is theirs.
 * The token is the completion notice's own (bound to this completion), so the link the lookup shows
 * and the one the notice carried are the same and either stops working after the one rating.
 *
 * @example json(200, { ...status, ...(await replyFields(own, new Date())) })
 */
export async function replyFields(
  own: Case,
  now: Date,
  key: () => Promise<string> = feedbackTokenKey,
): Promise<ReplyFields> {
  if (own.status === 'merged') return {};
  const reply = citizenReply(own);
  const until = ratingOpenUntil(own, now, followUpDays());
  if (!until) return reply ? { reply } : {};
  const token = feedbackToken(own, await key());
  return {
    ...(reply ? { reply } : {}),
    feedbackUrl: feedbackPath(own.trackingNo, token),
    feedbackOpenUntil: until.toISOString(),
  };
}
