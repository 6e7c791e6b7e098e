// Tencent Cloud SMS delivery receipts (短信下发状态回调): the JSON array Tencent POSTs to the
// callback URL configured in its console, read into receipts matched to notices by SerialNo (sid).
import * as z from 'zod/mini';
import { BEIJING_TIME, isoFromBeijingTime } from './beijing-time.js';
import type { ProviderReceipt } from './port.js';
import { ReceiptFormatError } from './receipt-error.js';

/**
 * What Tencent wants back once the receipts are taken; anything else (or a non-2xx) makes it push
 * them again, so the route answers this only after recording them.
 */
export const TENCENT_RECEIPT_ACK = { result: 0, errmsg: 'OK' } as const;

const TencentReceipt = z.object({
  user_receive_time: z.string().check(z.regex(BEIJING_TIME)),
  nationcode: z.string(),
  mobile: z.string(),
  report_status: z.enum(['SUCCESS', 'FAIL']),
  /** DELIVRD when delivered; otherwise the carrier's or Tencent's receipt code (回执状态错误码). */
  errmsg: z.string(),
  description: z.string(),
  /** The SerialNo SendSms answered. */
  sid: z.string().check(z.minLength(1), z.maxLength(128)),
});

const TencentReceipts = z.array(TencentReceipt);

/**
 * Reads Tencent's receipt body. A body that is not Tencent's shape throws `ReceiptFormatError`
 * (the route answers 400 and takes nothing); the phone number in it is dropped here, never kept.
 *
 * @example
 * parseTencentReceipts([{ user_receive_time: '2026-11-23 10:03:04', nationcode: '86',
 *   mobile: '13800138000', report_status: 'SUCCESS', errmsg: 'DELIVRD',
 *   description: '用户短信送达成功', sid: '2433:1234' }])
 * // [{ provider: 'tencent', messageId: '2433:1234', delivered: true, at: '2026-11-23T02:03:04.000Z' }]
 */
export function parseTencentReceipts(body: unknown): ProviderReceipt[] {
  const parsed = TencentReceipts.safeParse(body);
  if (!parsed.success) {
    // Paths and codes only: the values may hold a phone number.
    const where = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.code}`)
      .join('; ');
    throw new ReceiptFormatError(`not a Tencent SMS receipt body (${where})`, { cause: parsed.error });
  }
  return parsed.data.map((receipt, index) => {
    const at = isoFromBeijingTime(receipt.user_receive_time);
    if (!at) throw new ReceiptFormatError(`${index}.user_receive_time: not a date`);
    const delivered = receipt.report_status === 'SUCCESS';
    return {
      provider: 'tencent',
      messageId: receipt.sid,
      delivered,
      at,
      ...(delivered ? {} : { reason: receipt.errmsg || 'FAIL' }),
    };
  });
}
