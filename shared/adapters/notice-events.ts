// What happened to a notice, written on the case: the sender's attempts and the providers' receipts
// move the notice record through the pure steps of shared/domain/notices (one versioned write each).
import type { Case } from '../domain/index.js';
import { type NoticeEvent, noticesAfter } from '../domain/notices/index.js';
import type { NoticeRef, NoticeSendMarks } from './notice-send-marks.js';
import { caseStore, noticeSendMarks } from './stores.js';
import { updateCase, type VersionedCaseStore } from './update-case.js';

/** `updated`, `unchanged` (a replay or a stale report), or `missing` (no such case or notice). */
export type NoticeEventResult = 'updated' | 'unchanged' | 'missing';

/**
 * Writes many times in a burst: the sender, the receipt and a staff action can land together.
 * Each retry reads the case again (from the losing write), so ten attempts cost little.
 */
const ATTEMPTS = 10;

/**
 * No history entry: the notice record on the case (state, attempts, provider, message id, when,
 * why) is the account of what the citizen was told, bounded (NOTICES_MAX), whereas an entry per
 * attempt and receipt would grow the history of every case by up to eight lines that the staff's
 * history, the dossier and the item budget would have to carry. A notice event is never refused
 * for the item budget either: the record replaces a notice in place and adds nothing.
 */
export async function applyNoticeEvent(
  cases: VersionedCaseStore,
  caseId: string,
  noticeId: string,
  event: NoticeEvent,
): Promise<NoticeEventResult> {
  let noticeFound = false;
  const result = await updateCase(
    cases,
    caseId,
    (kase: Case) => {
      noticeFound = (kase.notices ?? []).some((n) => n.noticeId === noticeId);
      const notices = noticesAfter(kase.notices, noticeId, event);
      if (!notices) return undefined;
      return { ok: true as const, case: { ...kase, notices, version: kase.version + 1 } };
    },
    { attempts: ATTEMPTS },
  );
  switch (result.outcome) {
    case 'updated':
      return 'updated';
    case 'unchanged':
      return noticeFound ? 'unchanged' : 'missing';
    case 'missing':
      return 'missing';
    case 'refused':
      // decide never refuses; kept for the type
      return 'unchanged';
    case 'conflict':
      throw new Error(`case ${caseId}: notice ${noticeId} not recorded after ${ATTEMPTS} conflicting writes`);
  }
}

/**
 * Applies a notice event to the case through updateCase.
 *
 * @example
 * await recordNoticeEvent(caseId, noticeId, { type: 'receipt', at, delivered: true, messageId });
 */
export function recordNoticeEvent(
  caseId: string,
  noticeId: string,
  event: NoticeEvent,
): Promise<NoticeEventResult> {
  return applyNoticeEvent(caseStore(), caseId, noticeId, event);
}

/**
 * The notice a provider's message id belongs to, from the mark the sender wrote before it recorded
 * `sent` (`NOTICEMSG#<provider>#<messageId>`); undefined for an unknown or expired id.
 */
export function noticeOfMessage(
  provider: string,
  messageId: string,
  marks: NoticeSendMarks = noticeSendMarks(),
  now: Date = new Date(),
): Promise<NoticeRef | undefined> {
  return marks.noticeOfMessage(provider, messageId, now);
}
