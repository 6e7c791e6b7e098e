import type { ProviderReceipt } from './port.js';

// WeChat's delivery report for a template message: the TEMPLATESENDJOBFINISH event it posts to the
// account's webhook (ingest-wechat) once the message reached the user, or did not.

export const TEMPLATE_RECEIPT_EVENT = 'TEMPLATESENDJOBFINISH';

/** WeChat's Status values other than `success`, as stable reasons. */
const FAILURES: ReadonlyMap<string, string> = new Map([
  ['failed:user block', 'wechat_user_block'],
  ['failed: system failed', 'wechat_system_failed'],
]);

/** A TEMPLATESENDJOBFINISH event without the MsgID or Status it must carry. */
export class WechatReceiptError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WechatReceiptError';
  }
}

/** True for the event that reports a template message's fate (never an appeal). */
export function isTemplateReceipt(fields: Readonly<Record<string, string>>): boolean {
  return fields.MsgType === 'event' && fields.Event === TEMPLATE_RECEIPT_EVENT;
}

/**
 * The receipt in a TEMPLATESENDJOBFINISH event's fields (the flat children of its `<xml>`):
 * `success` is delivered; `failed:user block` (the user refused the account's notices) and
 * `failed: system failed` are not. The event names the message as `MsgID`, not `MsgId`.
 *
 * @example
 * parseWechatReceipt({ MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH', MsgID: '200163836', Status: 'success', CreateTime: '1395658920' })
 * // { provider: 'wechat', messageId: '200163836', delivered: true, at: '2014-03-24T11:02:00.000Z' }
 */
export function parseWechatReceipt(fields: Readonly<Record<string, string>>): ProviderReceipt {
  const messageId = fields.MsgID ?? fields.MsgId;
  const status = fields.Status?.trim();
  if (!messageId || !/^\d{1,32}$/.test(messageId)) {
    throw new WechatReceiptError('TEMPLATESENDJOBFINISH without a numeric MsgID');
  }
  if (!status) throw new WechatReceiptError('TEMPLATESENDJOBFINISH without a Status');
  const created = Number(fields.CreateTime);
  if (!fields.CreateTime || !Number.isSafeInteger(created)) {
    throw new WechatReceiptError('TEMPLATESENDJOBFINISH without a CreateTime');
  }
  const at = new Date(created * 1000).toISOString();
  if (status === 'success') return { provider: 'wechat', messageId, delivered: true, at };
  const reason =
    FAILURES.get(status) ??
    `wechat_${
      status
        .replace(/^failed:?\s*/, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_+|_+$/g, '')
        .slice(0, 40) || 'failed'
    }`;
  return { provider: 'wechat', messageId, delivered: false, at, reason };
}
