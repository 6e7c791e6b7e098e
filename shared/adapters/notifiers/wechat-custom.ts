import { randomUUID } from 'node:crypto';
import { type NoticeMessage, SMS_SIGNATURE } from '../../domain/notices/index.js';
import type { CitizenAddress, CitizenNotifier, SendOutcome } from './port.js';
import { WechatApi, WechatApiError, type WechatApiOptions } from './wechat-api.js';

// 客服消息: a text message from the Official Account to a user who wrote to it within 48 hours
// (POST /cgi-bin/message/custom/send). The template notifier's fallback, never the first choice.

/**
 * Said no for good to this user; retrying cannot change it. 45015: the user has not written to the
 * account within 48 hours (客服消息 may only answer a recent message); 45047: too many messages
 * since the user last wrote; 43004: the user unfollowed; 40003: not an openid of this account.
 */
export const CUSTOM_REFUSED: ReadonlyMap<number, string> = new Map([
  [45015, 'wechat_48h_window_closed'],
  [45047, 'wechat_reply_quota_used'],
  [43004, 'wechat_not_following'],
  [40003, 'wechat_invalid_openid'],
]);

/** WeChat gives a customer-service message no id; ours starts so, and no receipt ever names it. */
export const CUSTOM_MESSAGE_ID_PREFIX = 'cs-';

/**
 * The notice's text as the account says it: without the SMS signature (【12345】), which carriers
 * need to name the sender and a message from the account itself does not.
 */
export function wechatText(message: NoticeMessage): string {
  return message.text.startsWith(SMS_SIGNATURE) ? message.text.slice(SMS_SIGNATURE.length) : message.text;
}

/**
 * The customer-service message notifier. WeChat answers a customer-service message with no msgid
 * and sends no TEMPLATESENDJOBFINISH for it, so the notice's message id is a generated `cs-…` and
 * the notice stays `sent`: accepted by WeChat is all anyone will learn of it.
 *
 * @example
 * const outcome = await new WechatCustomNotifier(api).send({ kind: 'wechat', openId }, message);
 * // { outcome: 'accepted', provider: 'wechat', via: 'wechat_custom', messageId: 'cs-…' }
 */
export class WechatCustomNotifier implements CitizenNotifier {
  readonly provider = 'wechat' as const;
  private readonly api: WechatApi;

  /** Given the template notifier's client, the two share one access token. */
  constructor(api: WechatApi | WechatApiOptions) {
    this.api = api instanceof WechatApi ? api : new WechatApi(api);
  }

  async send(to: CitizenAddress, message: NoticeMessage): Promise<SendOutcome> {
    if (to.kind !== 'wechat') throw new Error(`the WeChat notifier cannot reach a ${to.kind} address`);
    const answer = await this.api.call('/cgi-bin/message/custom/send', {
      touser: to.openId,
      msgtype: 'text',
      text: { content: wechatText(message) },
    });
    if (answer.errcode === 0) {
      return {
        outcome: 'accepted',
        provider: 'wechat',
        via: 'wechat_custom',
        messageId: `${CUSTOM_MESSAGE_ID_PREFIX}${randomUUID()}`,
      };
    }
    const refused = CUSTOM_REFUSED.get(answer.errcode);
    if (refused) return { outcome: 'undeliverable', provider: 'wechat', reason: refused };
    throw new WechatApiError(`message/custom/send failed with errcode ${answer.errcode}`, {
      errcode: answer.errcode,
    });
  }
}
