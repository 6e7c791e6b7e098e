import type { NoticeRef } from '../../shared/adapters/notice-send-marks.js';
import type { Case } from '../../shared/domain/index.js';

/**
 * The notices `after` queued that `before` had not queued: each is handed to the notices queue
 * once per stream record. A replayed record hands them again, which send-notice takes as a replay
 * (it sends only a notice still `queued` or `failed`, and marks each attempt).
 *
 * @example
 * newlyQueued(acknowledged, completed) // [{ caseId, noticeId: 'completion#2026-12-03T08:00:00.000Z' }]
 */
export function newlyQueued(before: Case | undefined, after: Case | undefined): NoticeRef[] {
  if (!after) return [];
  const queuedBefore = new Set(
    (before?.notices ?? []).filter((n) => n.state === 'queued').map((n) => n.noticeId),
  );
  return (after.notices ?? [])
    .filter((n) => n.state === 'queued' && !queuedBefore.has(n.noticeId))
    .map((n) => ({ caseId: after.caseId, noticeId: n.noticeId }));
}
