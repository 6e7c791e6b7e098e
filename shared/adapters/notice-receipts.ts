import type { NoticeEvent } from '../domain/notices/index.js';
import type { NoticeEventResult } from './notice-events.js';
import type { ProviderReceipt } from './notifiers/port.js';

// 状态报告: a provider's delivery receipts moved onto the notices they are about. The same receipt
// may come twice (providers retry until answered) and may come before the sender has recorded
// `sent`: the notice's pure steps take both (noticeAfter).

export interface ReceiptDeps {
  /** The notice a provider's message id belongs to (the mark the sender wrote before `sent`). */
  noticeOfMessage(
    provider: string,
    messageId: string,
  ): Promise<{ caseId: string; noticeId: string } | undefined>;
  recordNoticeEvent(caseId: string, noticeId: string, event: NoticeEvent): Promise<NoticeEventResult>;
}

export interface ReceiptTally {
  /** Receipts that moved a notice. */
  readonly applied: number;
  /** Receipts already taken, or stale (a notice settled otherwise). */
  readonly unchanged: number;
  /** Receipts of no notice this system sent (or whose mark has expired): logged, not retried. */
  readonly unknown: number;
}

/**
 * Applies each receipt to its notice, one after another (a batch holds a few hundred at most). A
 * store failure is thrown, so the provider is answered with an error and sends the batch again;
 * what was applied before it is then found unchanged.
 *
 * @example
 * await applyReceipts(parseTencentReceipts(body), deps) // { applied: 1, unchanged: 0, unknown: 0 }
 */
export async function applyReceipts(
  receipts: readonly ProviderReceipt[],
  deps: ReceiptDeps,
): Promise<ReceiptTally> {
  let applied = 0;
  let unchanged = 0;
  let unknown = 0;
  for (const receipt of receipts) {
    const notice = await deps.noticeOfMessage(receipt.provider, receipt.messageId);
    if (!notice) {
      unknown++;
      continue;
    }
    const result = await deps.recordNoticeEvent(notice.caseId, notice.noticeId, {
      type: 'receipt',
      at: receipt.at,
      delivered: receipt.delivered,
      messageId: receipt.messageId,
      ...(receipt.reason ? { reason: receipt.reason } : {}),
    });
    if (result === 'updated') applied++;
    else if (result === 'unchanged') unchanged++;
    else unknown++;
  }
  return { applied, unchanged, unknown };
}
