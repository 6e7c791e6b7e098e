import type { CompletionNotice } from '../domain/index.js';
import type { CitizenAddress, CitizenNotifier, NotifyOutcome } from './citizen-notifier.js';

// 客服消息: a text message from the Official Account to a user who wrote to it, through WeChat's
// server API (POST /cgi-bin/message/custom/send), with the account's stable access token.

export const DEFAULT_WECHAT_API_BASE_URL = 'https://api.weixin.qq.com';

/** The access token was refused (40001 invalid credential, 40014 invalid token, 42001 expired). */
const TOKEN_REFUSED = new Set([40001, 40014, 42001]);

/**
 * Said no for good to this user; retrying cannot change it. 45015: the user has not written to the
 * account within 48 hours (客服消息 may only answer a recent message); 45047: too many messages
 * since the user last wrote; 43004: the user unfollowed; 40003: not an openid of this account.
 */
const PERMANENT = new Map<number, string>([
  [45015, 'wechat_48h_window_closed'],
  [45047, 'wechat_reply_quota_used'],
  [43004, 'wechat_not_following'],
  [40003, 'wechat_invalid_openid'],
]);

/** The Official Account's credentials for the server API (AppID and AppSecret). */
export interface WechatCredentials {
  readonly appId: string;
  readonly appSecret: string;
}

/** A WeChat API answer with an errcode other than 0, or an HTTP failure; retried by the caller. */
export class WechatApiError extends Error {
  readonly errcode?: number;
  constructor(message: string, options?: ErrorOptions & { errcode?: number }) {
    super(message, options);
    this.name = 'WechatApiError';
    if (options?.errcode !== undefined) this.errcode = options.errcode;
  }
}

export interface WechatNotifierOptions {
  /** `WECHAT_API_BASE_URL` (a fake server locally); default https://api.weixin.qq.com. */
  readonly baseUrl?: string;
  readonly credentials: () => Promise<WechatCredentials>;
  readonly now?: () => number;
  /** Per request; a Lambda of 30 s retries a slow WeChat rather than hang. */
  readonly timeoutMs?: number;
}

/** Renewed this long before WeChat's expiry: WeChat itself renews the stable token 5 minutes early. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/**
 * The WeChat customer-service message notifier. The access token comes from the stable-token API in
 * its normal mode (never `force_refresh`, which WeChat limits to 20 a day and which would void the
 * token other services of the account use), is cached until shortly before it expires, and is
 * fetched again once when WeChat refuses it.
 *
 * @example
 * const notifier = new WechatCustomerServiceNotifier({ credentials: async () => ({ appId, appSecret }) });
 * await notifier.notify({ kind: 'wechat', openId }, notice); // { outcome: 'sent' }
 */
export class WechatCustomerServiceNotifier implements CitizenNotifier {
  private token?: { value: string; expiresAt: number; appId: string };
  private readonly baseUrl: string;
  private readonly now: () => number;

  constructor(private readonly options: WechatNotifierOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_WECHAT_API_BASE_URL).replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
  }

  async notify(to: CitizenAddress, notice: CompletionNotice): Promise<NotifyOutcome> {
    if (to.kind !== 'wechat') throw new Error(`the WeChat notifier cannot reach a ${to.kind} address`);
    const body = { touser: to.openId, msgtype: 'text', text: { content: notice.text } };
    let errcode = await this.send(body, await this.accessToken());
    if (TOKEN_REFUSED.has(errcode)) {
      // Another holder of the account's credentials may have renewed it: fetch it again, once.
      this.token = undefined;
      errcode = await this.send(body, await this.accessToken());
    }
    if (errcode === 0) return { outcome: 'sent' };
    const permanent = PERMANENT.get(errcode);
    if (permanent) return { outcome: 'undeliverable', reason: permanent };
    throw new WechatApiError(`message/custom/send failed with errcode ${errcode}`, { errcode });
  }

  private async accessToken(): Promise<string> {
    const credentials = await this.options.credentials();
    if (this.token && this.token.appId === credentials.appId && this.now() < this.token.expiresAt) {
      return this.token.value;
    }
    const answer = await this.post('/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: credentials.appId,
      secret: credentials.appSecret,
    });
    const value = answer.access_token;
    const expiresIn = answer.expires_in;
    if (typeof value !== 'string' || typeof expiresIn !== 'number') {
      const errcode = typeof answer.errcode === 'number' ? answer.errcode : undefined;
      throw new WechatApiError(`stable_token failed with errcode ${errcode ?? 'none'}`, {
        ...(errcode === undefined ? {} : { errcode }),
      });
    }
    this.token = {
      value,
      appId: credentials.appId,
      expiresAt: this.now() + Math.max(0, expiresIn * 1000 - EXPIRY_MARGIN_MS),
    };
    return value;
  }

  private async send(body: unknown, accessToken: string): Promise<number> {
    const answer = await this.post(
      `/cgi-bin/message/custom/send?access_token=${encodeURIComponent(accessToken)}`,
      body,
    );
    return typeof answer.errcode === 'number' ? answer.errcode : 0;
  }

  private async post(path: string, body: unknown): Promise<Record<string, unknown>> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        // WeChat reads the text as it is; escaping Chinese as \u sequences is what it documents
        // against, and JSON.stringify keeps it as UTF-8.
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
    } catch (cause) {
      // The path is named without its query: it holds the access token.
      throw new WechatApiError(`WeChat API ${path.split('?')[0]} unreachable`, { cause });
    }
    if (!response.ok) {
      throw new WechatApiError(`WeChat API ${path.split('?')[0]} answered HTTP ${response.status}`);
    }
    try {
      return (await response.json()) as Record<string, unknown>;
    } catch (cause) {
      throw new WechatApiError(`WeChat API ${path.split('?')[0]} answered no JSON`, { cause });
    }
  }
}
