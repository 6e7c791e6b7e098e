import type { NoticeEvent } from '../domain/notices/index.js';

// PLACEHOLDER (issue 11, being written by the notice pipeline): applies a notice event to the case
// through updateCase, and finds a notice by its provider's message id (the NOTICEMSG# marks).

/** `updated`, `unchanged` (a replay or a stale report), or `missing` (no such case or notice). */
export type NoticeEventResult = 'updated' | 'unchanged' | 'missing';

export async function recordNoticeEvent(
  _caseId: string,
  _noticeId: string,
  _event: NoticeEvent,
): Promise<NoticeEventResult> {
  throw new Error('recordNoticeEvent is not written yet');
}

/** The notice a provider's message id belongs to, from the mark the sender wrote. */
export async function noticeOfMessage(
  _provider: string,
  _messageId: string,
): Promise<{ caseId: string; noticeId: string } | undefined> {
  throw new Error('noticeOfMessage is not written yet');
}
