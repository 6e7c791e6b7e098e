import { noticeOfMessage, recordNoticeEvent } from '../../shared/adapters/notice-events.js';
import type { ProviderReceipt } from '../../shared/adapters/notifiers/port.js';
import { parseWechatReceipt, WechatReceiptError } from '../../shared/adapters/notifiers/wechat-receipts.js';
import { BadRequestError } from '../../shared/http/errors.js';
import { logger } from '../../shared/logger.js';

// A template message's delivery report (TEMPLATESENDJOBFINISH), already signature-checked and
// decrypted by the handler: it moves the notice to delivered or failed, and is never an appeal.

/** The report's receipt, or 400 `invalid_message` for one without its fields (nothing written yet). */
export function templateReceiptOf(fields: Readonly<Record<string, string>>): ProviderReceipt {
  try {
    return parseWechatReceipt(fields);
  } catch (error) {
    if (error instanceof WechatReceiptError) {
      throw new BadRequestError('invalid_message', '消息字段缺失或有误', { cause: error });
    }
    throw error;
  }
}

/**
 * Records the receipt on its notice. A msgid no notice claims (a message sent by other means, or
 * one whose mark expired) is logged and acknowledged: WeChat would retry it for nothing. A store
 * that fails is thrown, so the answer is a 5xx and WeChat posts the event again; a replay finds
 * the notice delivered already and changes nothing.
 */
export async function recordTemplateReceipt(receipt: ProviderReceipt): Promise<void> {
  const notice = await noticeOfMessage('wechat', receipt.messageId);
  if (!notice) {
    logger.warn('template receipt for a msgid no notice claims', {
      msgId: receipt.messageId,
      delivered: receipt.delivered,
    });
    return;
  }
  const result = await recordNoticeEvent(notice.caseId, notice.noticeId, {
    type: 'receipt',
    at: receipt.at,
    delivered: receipt.delivered,
    messageId: receipt.messageId,
    ...(receipt.reason ? { reason: receipt.reason } : {}),
  });
  logger.info('template receipt recorded', {
    caseId: notice.caseId,
    noticeId: notice.noticeId,
    delivered: receipt.delivered,
    ...(receipt.reason ? { reason: receipt.reason } : {}),
    result,
  });
}
