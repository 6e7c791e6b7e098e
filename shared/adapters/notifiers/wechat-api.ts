// WeChat's server API as the notifiers use it: the account's stable access token (cached, fetched
// again once when WeChat refuses it) and the JSON POST every /cgi-bin call shares.

export const DEFAULT_WECHAT_API_BASE_URL = 'https://api.weixin.qq.com';

/** The access token was refused (40001 invalid credential, 40014 invalid token, 42001 expired). */
export const TOKEN_REFUSED: ReadonlySet<number> = new Set([40001, 40014, 42001]);

/** The Official Account's credentials for the server API (AppID and AppSecret). */
export interface WechatCredentials {
  readonly appId: string;
  readonly appSecret: string;
}

/**
 * A WeChat API answer the caller cannot act on (an errcode other than 0 that is not a refusal for
 * good), an HTTP failure or no answer at all: thrown, so the notice is retried with backoff.
 */
export class WechatApiError extends Error {
  readonly errcode?: number;
  constructor(message: string, options?: ErrorOptions & { errcode?: number }) {
    super(message, options);
    this.name = 'WechatApiError';
    if (options?.errcode !== undefined) this.errcode = options.errcode;
  }
}

export interface WechatApiOptions {
  /** `WECHAT_API_BASE_URL` (a fake server locally); default https://api.weixin.qq.com. */
  readonly baseUrl?: string;
  readonly credentials: () => Promise<WechatCredentials>;
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  readonly now?: () => number;
  /** Per request; a Lambda of 30 s retries a slow WeChat rather than hang. */
  readonly timeoutMs?: number;
}

/** What a call answered: its errcode (0 when WeChat gives none) and the JSON, raw text beside it. */
export interface WechatAnswer {
  readonly errcode: number;
  readonly errmsg: string;
  readonly json: Record<string, unknown>;
  /**
   * The body as WeChat wrote it: a template message's msgid can exceed 2^53, which JSON.parse
   * rounds, and the receipt names it in full.
   */
  readonly raw: string;
}

/** Renewed this long before WeChat's expiry: WeChat itself renews the stable token 5 minutes early. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/**
 * The account's server API. The access token comes from the stable-token API in its normal mode
 * (never `force_refresh`, which WeChat limits to 20 a day and which would void the token other
 * services of the account use), is cached until shortly before it expires, and is fetched again
 * once when WeChat refuses it. One client per notifier, so a template message and its
 * customer-service fallback share the token.
 *
 * @example
 * const api = new WechatApi({ credentials: async () => ({ appId, appSecret }) });
 * const answer = await api.call('/cgi-bin/message/template/send', body); // { errcode: 0, … }
 */
export class WechatApi {
  private token?: { value: string; expiresAt: number; appId: string };
  private readonly baseUrl: string;
  readonly now: () => number;

  constructor(private readonly options: WechatApiOptions) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_WECHAT_API_BASE_URL).replace(/\/+$/, '');
    this.now = options.now ?? Date.now;
  }

  /**
   * POSTs `body` to `path` with the access token. A refused token is fetched again and the call
   * made once more; refused twice, it throws (another holder cannot be renewing it every second).
   */
  async call(path: string, body: unknown): Promise<WechatAnswer> {
    let answer = await this.post(
      `${path}?access_token=${encodeURIComponent(await this.accessToken())}`,
      body,
    );
    if (!TOKEN_REFUSED.has(answer.errcode)) return answer;
    // Another holder of the account's credentials may have renewed it: fetch it again, once.
    this.token = undefined;
    answer = await this.post(`${path}?access_token=${encodeURIComponent(await this.accessToken())}`, body);
    if (TOKEN_REFUSED.has(answer.errcode)) {
      throw new WechatApiError(`${path} refused a fresh access token (errcode ${answer.errcode})`, {
        errcode: answer.errcode,
      });
    }
    return answer;
  }

  private async accessToken(): Promise<string> {
    const credentials = await this.options.credentials();
    if (this.token && this.token.appId === credentials.appId && this.now() < this.token.expiresAt) {
      return this.token.value;
    }
    const { json, errcode } = await this.post('/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: credentials.appId,
      secret: credentials.appSecret,
    });
    const value = json.access_token;
    const expiresIn = json.expires_in;
    if (typeof value !== 'string' || typeof expiresIn !== 'number') {
      throw new WechatApiError(`stable_token failed with errcode ${errcode}`, { errcode });
    }
    this.token = {
      value,
      appId: credentials.appId,
      expiresAt: this.now() + Math.max(0, expiresIn * 1000 - EXPIRY_MARGIN_MS),
    };
    return value;
  }

  private async post(path: string, body: unknown): Promise<WechatAnswer> {
    // The path is named without its query: it holds the access token.
    const name = path.split('?')[0];
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
      throw new WechatApiError(`WeChat API ${name} unreachable`, { cause });
    }
    if (!response.ok) throw new WechatApiError(`WeChat API ${name} answered HTTP ${response.status}`);
    let raw: string;
    let json: unknown;
    try {
      raw = await response.text();
      json = JSON.parse(raw);
    } catch (cause) {
      throw new WechatApiError(`WeChat API ${name} answered no JSON`, { cause });
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new WechatApiError(`WeChat API ${name} answered no JSON object`);
    }
    const record = json as Record<string, unknown>;
    return {
      errcode: typeof record.errcode === 'number' ? record.errcode : 0,
      errmsg: typeof record.errmsg === 'string' ? record.errmsg : '',
      json: record,
      raw,
    };
  }
}
