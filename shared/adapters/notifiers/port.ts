import type { NoticeMessage } from '../../domain/notices/index.js';

// The notifier port (issue 11): what send-notice hands a notice to, one adapter per provider.

/**
 * Where a citizen is told about their case, in clear: only ever held in memory while a notice is
 * sent (the case keeps keyed hashes and a mask), and never logged. `phone` is a mainland number
 * without the country code (13800138000); adapters add `+86` where the provider wants E.164.
 */
export type CitizenAddress =
  | {
      readonly kind: 'wechat';
      readonly openId: string;
      /**
       * When the citizen last wrote to the account: a customer-service message (客服消息) may only
       * answer within 48 hours of it, so it is the fallback only then.
       */
      readonly lastMessageAt?: string;
    }
  | { readonly kind: 'sms'; readonly phone: string };

/** The providers a notice can go through (DESIGN §12). */
export const NOTICE_PROVIDERS = ['tencent', 'aliyun', 'aws', 'wechat'] as const;
export type NoticeProvider = (typeof NOTICE_PROVIDERS)[number];

/**
 * What one send attempt came to.
 * - `accepted`: the provider took the message and gave its id (Tencent's SerialNo, Alibaba's
 *   BizId, AWS's MessageId, WeChat's msgid): the notice is `sent`, never before. `via` says how
 *   (a WeChat template message or, inside the 48-hour window, a customer-service message).
 * - `undeliverable`: the provider said no for good (an invalid or blacklisted number, a user who
 *   unfollowed the account, no template configured): retrying cannot help, so it is recorded.
 * Anything else (a network fault, throttling, a provider's internal error, a refused credential) is
 * THROWN, so the caller records `failed` and retries with backoff, then dead-letters.
 */
export type SendOutcome =
  | {
      readonly outcome: 'accepted';
      readonly provider: NoticeProvider;
      readonly via: NoticeVia;
      readonly messageId: string;
    }
  | {
      readonly outcome: 'undeliverable';
      readonly provider: NoticeProvider;
      /** A stable code, e.g. `invalid_phone`, `wechat_not_following`, `template_not_configured`. */
      readonly reason: string;
    };

/** sms: a text message; wechat_template: a 服务号 template message; wechat_custom: 客服消息. */
export type NoticeVia = 'sms' | 'wechat_template' | 'wechat_custom';

/**
 * The port through which a notice reaches the citizen. One adapter per provider, chosen by the
 * deployment's configuration (`shared/adapters/notifiers/select.ts`).
 *
 * @example
 * const outcome = await notifier.send({ kind: 'sms', phone }, completionMessage(kase, { link }));
 * if (outcome.outcome === 'accepted') recordSent(outcome.messageId);
 */
export interface CitizenNotifier {
  readonly provider: NoticeProvider;
  send(to: CitizenAddress, message: NoticeMessage): Promise<SendOutcome>;
}

/**
 * A delivery receipt (状态报告) as a provider reports it, read by that provider's parser
 * (`tencent-receipts.ts`, `aliyun-receipts.ts`, `aws-receipts.ts`; WeChat's TEMPLATESENDJOBFINISH in
 * ingest-wechat) and matched to the notice by the provider's message id.
 */
export interface ProviderReceipt {
  readonly provider: NoticeProvider;
  readonly messageId: string;
  readonly delivered: boolean;
  /** When the handset (or the user) got it, or the provider gave up: ISO 8601. */
  readonly at: string;
  /** The provider's code when it was not delivered (e.g. Tencent's errmsg, Alibaba's err_code). */
  readonly reason?: string;
}
