// Alibaba Cloud SMS delivery receipts (短信发送状态报告, SmsReport) as its HTTP batch push sends them.
import * as z from 'zod/mini';
import { isoFromBeijingTime } from './beijing-time.js';
import type { ProviderReceipt } from './port.js';
import { ReceiptFormatError } from './receipt-error.js';

/**
 * What the push expects back once the receipts are taken; anything else (or no answer) makes
 * Alibaba push the batch again, so a parser error must never be answered with it.
 */
export const ALIYUN_RECEIPT_ACK = { code: 0, msg: '成功' } as const;

/** Alibaba pushes at most a few hundred reports a batch; far more is not a real push. */
const MAX_REPORTS = 1000;

const Report = z.looseObject({
  phone_number: z.optional(z.string()),
  send_time: z.optional(z.string()),
  report_time: z.string(),
  // The documented push sends a JSON boolean; its MNS queue twin sends the words, so both are read.
  success: z.union([z.boolean(), z.enum(['true', 'false'])]),
  err_code: z.optional(z.string().check(z.maxLength(64))),
  err_msg: z.optional(z.string()),
  sms_size: z.optional(z.union([z.string(), z.number()])),
  biz_id: z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[\w^-]+$/)),
  out_id: z.optional(z.string()),
});
const Reports = z.array(Report).check(z.maxLength(MAX_REPORTS));

/**
 * The receipts in one SmsReport push, matched later by `messageId` (the BizId SendSms returned).
 * A body that is not the documented array is refused whole (ReceiptFormatError), so the route
 * answers an error and Alibaba pushes again rather than a receipt being half taken.
 *
 * @example
 * parseAliyunReceipts([{ phone_number: '13800138000', send_time: '2026-12-03 10:00:00',
 *   report_time: '2026-12-03 10:00:05', success: true, err_code: 'DELIVERED', err_msg: '用户接收成功',
 *   sms_size: '1', biz_id: '900619746936498440^0', out_id: 'completion#…' }])
 * // [{ provider: 'aliyun', messageId: '900619746936498440^0', delivered: true, at: '2026-12-03T02:00:05.000Z' }]
 */
export function parseAliyunReceipts(body: unknown): ProviderReceipt[] {
  const parsed = Reports.safeParse(body);
  if (!parsed.success) {
    throw new ReceiptFormatError('not an Alibaba Cloud SmsReport array', { cause: parsed.error });
  }
  return parsed.data.map((report, index) => {
    const at = isoFromBeijingTime(report.report_time);
    if (!at) {
      throw new ReceiptFormatError(`report ${index}: report_time is not 'YYYY-MM-DD HH:mm:ss'`);
    }
    const delivered = report.success === true || report.success === 'true';
    return {
      provider: 'aliyun',
      messageId: report.biz_id,
      delivered,
      at,
      // err_code says why it failed (e.g. MN:0001 空号); on success it is just DELIVERED.
      ...(!delivered && report.err_code ? { reason: report.err_code } : {}),
    };
  });
}
