// 通知: a notice to the citizen as the case records it. The case item is the one source of truth
// for what the citizen was told and whether it reached them; the sender, the delivery receipts and
// the metrics all move or read this record, through the pure steps below.
import * as z from 'zod/mini';

const Instant = z.iso.datetime({ offset: true });

/**
 * completion 办结告知 (with the rating link); correction_request 补正告知 (the handler's question);
 * verification_code 短信验证码 (the web form's phone check: never a case's notice, see message.ts).
 * 依申请公开: disclosure_registration 登记告知 (not handled as a request: consultation, petition,
 * publication, 第三十九条), disclosure_extension 延期答复告知 (第三十三条第二款: the applicant is told
 * the extension), disclosure_reply 答复告知 (the reply is made; how to obtain the 答复书).
 */
export const CASE_NOTICE_KINDS = [
  'completion',
  'correction_request',
  'disclosure_registration',
  'disclosure_extension',
  'disclosure_reply',
] as const;
export const CaseNoticeKindSchema = z.enum(CASE_NOTICE_KINDS);
export type CaseNoticeKind = z.infer<typeof CaseNoticeKindSchema>;

/**
 * queued: recorded, not yet handed to a provider. sent: a provider accepted it (its message id is
 * kept). delivered: the provider's receipt (状态报告) says it reached the handset or the user.
 * failed: an attempt failed and is being retried, or the receipt said it did not arrive.
 * undeliverable: no address, or the provider refused it for good. Never `sent` without a provider's
 * acceptance; never `delivered` without its receipt.
 */
export const NOTICE_STATES = ['queued', 'sent', 'delivered', 'failed', 'undeliverable'] as const;
export const NoticeStateSchema = z.enum(NOTICE_STATES);
export type NoticeState = z.infer<typeof NoticeStateSchema>;

export const NoticeSchema = z.object({
  /** `<kind>#<instant>`: unique within the case; the key of its marks and of its short link. */
  noticeId: z.string(),
  kind: CaseNoticeKindSchema,
  state: NoticeStateSchema,
  queuedAt: Instant,
  /** Send attempts made (accepted or not). */
  attempts: z.int().check(z.nonnegative()),
  /** sms, wechat_template or wechat_custom, once tried. */
  via: z.optional(z.string()),
  /** tencent, aliyun, aws or wechat, once tried. */
  provider: z.optional(z.string()),
  /** The provider's id of the accepted message; receipts are matched on it. */
  messageId: z.optional(z.string()),
  sentAt: z.optional(Instant),
  deliveredAt: z.optional(Instant),
  /** When it last failed or was found undeliverable. */
  failedAt: z.optional(Instant),
  /** A stable code: why it failed or is undeliverable (`no_verified_address`, `invalid_phone` …). */
  reason: z.optional(z.string()),
});
export type Notice = z.infer<typeof NoticeSchema>;

/** Notices kept on one case; the oldest settled ones give way (the dossier has them all). */
export const NOTICES_MAX = 12;

/** The id of a case's notice: one per completion, one per correction request. */
export function noticeIdOf(kind: CaseNoticeKind, at: string): string {
  return `${kind}#${at}`;
}

/** A new notice, queued at `at`. */
export function queuedNotice(kind: CaseNoticeKind, at: string): Notice {
  return { noticeId: noticeIdOf(kind, at), kind, state: 'queued', queuedAt: at, attempts: 0 };
}

/** The notices with `notice` appended (once: a notice already there stays as it is), bounded. */
export function withQueuedNotice(notices: readonly Notice[] | undefined, notice: Notice): Notice[] {
  const list = [...(notices ?? [])];
  if (list.some((n) => n.noticeId === notice.noticeId)) return list;
  list.push(notice);
  while (list.length > NOTICES_MAX) {
    const settled = list.findIndex((n) => n.state !== 'queued' && n.state !== 'sent');
    list.splice(settled === -1 ? 0 : settled, 1);
  }
  return list;
}

/** What happened to a notice, as the sender and the receipts report it. */
export type NoticeEvent =
  | {
      readonly type: 'accepted';
      readonly at: string;
      readonly provider: string;
      readonly via: string;
      readonly messageId: string;
    }
  | {
      readonly type: 'attempt_failed';
      readonly at: string;
      readonly provider?: string;
      readonly reason: string;
    }
  | {
      readonly type: 'undeliverable';
      readonly at: string;
      readonly provider?: string;
      readonly reason: string;
    }
  | {
      readonly type: 'receipt';
      readonly at: string;
      readonly delivered: boolean;
      readonly messageId: string;
      readonly reason?: string;
    };

const SENDABLE: readonly NoticeState[] = ['queued', 'failed'];

/**
 * The notice after `event`, or `undefined` when the event changes nothing (a replay, a stale
 * report): every consumer can apply an event any number of times. A receipt proves acceptance, so
 * it is taken even when the sender has not yet recorded `sent` (the provider can be faster).
 *
 * @example
 * noticeAfter(notice, { type: 'accepted', at, provider: 'tencent', via: 'sms', messageId: 'sid-1' })
 * // { …notice, state: 'sent', attempts: 1, messageId: 'sid-1' }
 */
export function noticeAfter(notice: Notice, event: NoticeEvent): Notice | undefined {
  switch (event.type) {
    case 'accepted': {
      if (!SENDABLE.includes(notice.state)) return undefined;
      const { reason: _reason, ...rest } = notice;
      return {
        ...rest,
        state: 'sent',
        attempts: notice.attempts + 1,
        provider: event.provider,
        via: event.via,
        messageId: event.messageId,
        sentAt: event.at,
      };
    }
    case 'attempt_failed':
      if (!SENDABLE.includes(notice.state)) return undefined;
      return {
        ...notice,
        state: 'failed',
        attempts: notice.attempts + 1,
        ...(event.provider ? { provider: event.provider } : {}),
        failedAt: event.at,
        reason: event.reason,
      };
    case 'undeliverable':
      if (!SENDABLE.includes(notice.state)) return undefined;
      return {
        ...notice,
        state: 'undeliverable',
        ...(event.provider ? { provider: event.provider } : {}),
        failedAt: event.at,
        reason: event.reason,
      };
    case 'receipt': {
      if (notice.state === 'delivered' || notice.state === 'undeliverable') return undefined;
      if (notice.messageId !== undefined && notice.messageId !== event.messageId) return undefined;
      if (notice.state === 'failed' && notice.messageId !== undefined && !event.delivered) return undefined;
      const base = { ...notice, messageId: event.messageId, sentAt: notice.sentAt ?? event.at };
      if (event.delivered) {
        const { reason: _reason, ...rest } = base;
        return { ...rest, state: 'delivered', deliveredAt: event.at };
      }
      return { ...base, state: 'failed', failedAt: event.at, reason: event.reason ?? 'receipt_failed' };
    }
  }
}

/** The case's notices with `noticeId` moved by `event`; `undefined` when nothing changes. */
export function noticesAfter(
  notices: readonly Notice[] | undefined,
  noticeId: string,
  event: NoticeEvent,
): Notice[] | undefined {
  const list = notices ?? [];
  const index = list.findIndex((n) => n.noticeId === noticeId);
  if (index === -1) return undefined;
  const next = noticeAfter(list[index] as Notice, event);
  if (!next) return undefined;
  return list.map((n, i) => (i === index ? next : n));
}
