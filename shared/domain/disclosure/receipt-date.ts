// 收到申请之日: the day a disclosure request counts as received, from which the 20 working days of
// 第三十三条 run (the day itself not counted, DESIGN §6). 《政府信息公开条例》 (2019) 第三十一条:
//   （一）当面提交的，以提交之日为收到申请之日；
//   （二）以邮寄方式提交的，以行政机关签收之日为收到申请之日；以平常信函等无需签收的邮寄方式提交的，
//        政府信息公开工作机构应当于收到申请的当日与申请人确认，确认之日为收到申请之日；
//   （三）通过互联网渠道或者政府信息公开工作机构的传真提交的，以双方确认之日为收到申请之日。
import * as z from 'zod/mini';
import { shanghaiDate } from '../working-days.js';

const Instant = z.iso.datetime({
  offset: true,
  error: '须为带时区的 ISO 8601 时间，如 2026-12-01T09:00:00+08:00',
});

/**
 * How a request arrived (第二十九条: in writing — 信件、数据电文 — or, when writing is truly hard,
 * orally, the office writing it down):
 * - `in_person` 当面提交 (a form handed in, or an oral request written down at the counter);
 * - `post` 邮寄 needing a signature (挂号信, EMS): the day the body signs for it, never the postmark;
 * - `ordinary_post` 平常信函: the day the office confirms it with the applicant (it must try the day
 *   the letter reaches it);
 * - `online` 互联网渠道 (the web form, WeChat, the office's published mailbox): the day the system
 *   confirms the submission to the applicant (the acknowledgement with the tracking number);
 * - `fax` 传真 to the office's published fax: named in 第三十一条第（三）项 beside the Internet, so the
 *   day both sides confirm it (the office's call or reply acknowledging the fax), not the day the
 *   fax machine printed it;
 * - `phone` 口头 through the hotline: 第三十一条 does not name it. The agent writes the request down
 *   and reads it back (第二十九条第一款: 口头提出，代为填写), and the caller's confirmation is the one
 *   both sides make, so it is dated like 第（三）项: the day of that confirmation.
 */
export const ARRIVAL_WAYS = ['in_person', 'post', 'ordinary_post', 'online', 'fax', 'phone'] as const;
export type ArrivalWay = (typeof ARRIVAL_WAYS)[number];

/** A postmark is kept for the record only: 第三十一条 counts from signing, not posting. */
const Postmark = z.optional(z.iso.date({ error: '邮戳日期须为日期，如 2026-12-01' }));

export const ArrivalSchema = z.discriminatedUnion('way', [
  z.strictObject({ way: z.literal('in_person'), handedInAt: Instant }),
  z.strictObject({ way: z.literal('post'), signedForAt: Instant, postmarkedOn: Postmark }),
  z.strictObject({
    way: z.literal('ordinary_post'),
    /** When the letter reached the office; the confirmation should be the same day. */
    arrivedAt: Instant,
    confirmedAt: Instant,
    postmarkedOn: Postmark,
  }),
  z.strictObject({ way: z.literal('online'), submittedAt: z.optional(Instant), confirmedAt: Instant }),
  z.strictObject({ way: z.literal('fax'), faxedAt: z.optional(Instant), confirmedAt: Instant }),
  z.strictObject({
    way: z.literal('phone'),
    callId: z.optional(z.string().check(z.maxLength(128))),
    confirmedAt: Instant,
  }),
]);
export type Arrival = z.infer<typeof ArrivalSchema>;

/** The instant 第三十一条 dates the receipt by, for each way. */
function receiptInstant(arrival: Arrival): string {
  switch (arrival.way) {
    case 'in_person':
      return arrival.handedInAt; // （一）提交之日
    case 'post':
      return arrival.signedForAt; // （二）签收之日
    case 'ordinary_post':
    case 'online':
    case 'fax':
    case 'phone':
      return arrival.confirmedAt; // （二）确认之日 / （三）双方确认之日
  }
}

/**
 * 收到申请之日 (第三十一条) as an Asia/Shanghai calendar date, `YYYY-MM-DD`. Calendar-free: whether the
 * day is a working day matters only for counting the period, which the deadline clock does.
 *
 * @example
 * receiptDateOf({ way: 'post', signedForAt: '2026-12-01T16:30:00Z', postmarkedOn: '2026-11-27' }) // '2026-12-02'
 */
export function receiptDateOf(arrival: Arrival): string {
  return shanghaiDate(new Date(receiptInstant(arrival)));
}
