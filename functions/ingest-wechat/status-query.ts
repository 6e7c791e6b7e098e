import { replyFields } from '../../shared/adapters/citizen-reply.js';
import { config } from '../../shared/adapters/config.js';
import type { Case } from '../../shared/domain/index.js';
import { logger } from '../../shared/logger.js';
import { statusReply } from './wechat-replies.js';

// 查询 of the sender's own case: the status reply (with the department's reply once done) and, while
// the follow-up window is open and the case unrated, the rating link, the same as the completion
// notice's. The sender proved the case is theirs (its openid hash), as the notice's reader would.

/** Shanghai has no daylight saving time, so a fixed offset gives its wall clock. */
function shanghaiDate(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The reply to 查询 for the sender's own (not merged) case. The link needs the public address
 * (PUBLIC_BASE_URL) and the feedback key: when either is missing or the key cannot be read, the
 * status is answered without the link (WeChat waits 5 s, and the status matters more than the link).
 *
 * @example await statusQueryReply(own, '市城管局', new Date())
 */
export async function statusQueryReply(
  own: Case,
  departmentName: string | undefined,
  now: Date,
): Promise<string> {
  const text = statusReply(own, departmentName);
  const base = config().PUBLIC_BASE_URL;
  if (!base) return text;
  try {
    const { feedbackUrl, feedbackOpenUntil } = await replyFields(own, now);
    if (!feedbackUrl || !feedbackOpenUntil) return text;
    const url = `${base.replace(/\/+$/, '')}${feedbackUrl}`;
    return `${text}\n请对办理结果作出评价（${shanghaiDate(feedbackOpenUntil)} 前有效）：${url}`;
  } catch (error) {
    logger.warn('the rating link could not be made for a 查询 reply', { caseId: own.caseId, error });
    return text;
  }
}
