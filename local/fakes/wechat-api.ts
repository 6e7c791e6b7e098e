import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback, PendingPushes, readBoundedBody } from './fake-server.js';
import type { OutboxEntry } from './outbox-entry.js';

// The local stack's WeChat server API: the stable access token, template messages (模板消息) and
// customer-service messages (客服消息), checked as WeChat checks them and answered with WeChat's
// errcodes (always HTTP 200, as WeChat answers). After a template message it can post the
// TEMPLATESENDJOBFINISH event to the account's webhook, as WeChat does. Never used in AWS.

export interface WechatApiFakeOptions {
  /** The AppID and AppSecret the fake takes (the stack's dev secrets): a wrong one fails as in WeChat. */
  readonly appId: string;
  readonly appSecret: string;
  /**
   * The account's templates (我的模板): template id → the data keys it declares. Default: the two
   * that LOCAL_WECHAT_TEMPLATES configures.
   */
  readonly templates?: Readonly<Record<string, readonly string[]>>;
  /** The account's original id (gh_…), the events' ToUserName. */
  readonly accountId?: string;
  /** Called with each message the fake accepted. */
  readonly onMessage?: (entry: OutboxEntry) => void;
  /**
   * Where the TEMPLATESENDJOBFINISH event goes: given the event's XML, it posts it to the webhook
   * (signed and, in safe mode, encrypted: see wechat-push.ts) and throws when it was not taken.
   */
  readonly pushEvent?: (xml: string) => Promise<void>;
  /** The fate each template message reports; default delivered. */
  readonly receipts?: (openId: string) => 'delivered' | 'failed';
  /** Milliseconds before the event goes out (and between its retries); default 50. */
  readonly pushDelayMs?: number;
}

export interface WechatApiFake {
  /** The base URL for `WECHAT_API_BASE_URL`. */
  readonly url: string;
  close(): Promise<void>;
  /**
   * The next `count` message sends fail: `transient` with -1 (system busy), `permanent` with the
   * refusal for good (43101 the user refused template messages; 45015 the 48-hour window closed).
   */
  failNext(count: number, mode: 'transient' | 'permanent'): void;
  /** The messages accepted, oldest first. */
  sent(): OutboxEntry[];
  /** A receipt is still to be pushed (scheduled, in flight or waiting to be pushed again). */
  busy(): boolean;
  /** Voids the current access token, as another holder's force_refresh would. */
  expireToken(): void;
  /** How many access tokens were handed out (a test checks the cache). */
  tokensIssued(): number;
  /** Resolves once no event push is waiting or under way (a test's pushes end with the test). */
  idle(): Promise<void>;
}

export const LOCAL_TEMPLATE_ID = 'LocalCompletionTemplate0000000000000000000';
export const LOCAL_CORRECTION_TEMPLATE_ID = 'LocalCorrectionTemplate0000000000000000000';
const DEFAULT_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  [LOCAL_TEMPLATE_ID]: ['character_string1', 'thing2'],
  [LOCAL_CORRECTION_TEMPLATE_ID]: ['character_string1', 'number2', 'thing3'],
};

/**
 * `WECHAT_TEMPLATES` for the fake's default templates, as a local stack sets it: 办结 with the
 * tracking number and a fixed result, 补正 with the tracking number and the days to answer in.
 */
export const LOCAL_WECHAT_TEMPLATES = JSON.stringify({
  completion: {
    templateId: LOCAL_TEMPLATE_ID,
    data: { character_string1: 'trackingNo', thing2: { text: '已办结，请查看答复并评价' } },
  },
  correction_request: {
    templateId: LOCAL_CORRECTION_TEMPLATE_ID,
    data: { character_string1: 'trackingNo', number2: 'days', thing3: { text: '需补充材料，请点击查看' } },
  },
});

/** Enough for a long dev session; the oldest go first. */
const MAX_ENTRIES = 1000;
const MAX_BODY_BYTES = 64 * 1024;
const OPENID = /^[A-Za-z0-9_-]{6,64}$/;
const TRACKING_NO = /\d{6}-[0-9A-Z]{4}-[0-9A-Z]{4}/;

/**
 * WeChat's value rules by keyword type, written out here on their own (not taken from the adapter)
 * so the fake checks the adapter rather than agrees with it.
 */
const LIMITS: Readonly<Record<string, number>> = {
  thing: 20,
  name: 10,
  phrase: 5,
  character_string: 32,
  number: 32,
  letter: 32,
  symbol: 5,
  phone_number: 17,
  car_number: 8,
};

type Answer = Record<string, unknown>;

function maskOpenId(openId: string): string {
  return openId.length <= 8 ? '****' : `${openId.slice(0, 4)}****${openId.slice(-4)}`;
}

async function readJson(req: IncomingMessage): Promise<Answer | undefined> {
  const body = await readBoundedBody(req, MAX_BODY_BYTES);
  if (!body) return undefined;
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Answer)
      : undefined;
  } catch {
    return undefined;
  }
}

function reply(res: ServerResponse, body: Answer | string): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Why WeChat would refuse this data for this template, or undefined when it takes it. */
function dataRefusal(data: unknown, declared: readonly string[]): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'data';
  const entries = Object.entries(data as Record<string, unknown>);
  for (const [key, field] of entries) {
    if (!declared.includes(key)) return `data.${key} is not in the template`;
    const value = (field as { value?: unknown } | null)?.value;
    if (typeof value !== 'string' || value === '') return `data.${key}.value`;
    const limit = LIMITS[key.replace(/\d+$/, '')];
    if (limit !== undefined && [...value].length > limit) return `data.${key}.value exceeds limit ${limit}`;
    if (key.startsWith('character_string') && !/^[\x21-\x7e]+$/.test(value)) {
      return `data.${key}.value is not letters, digits and symbols`;
    }
  }
  const missing = declared.find((key) => !entries.some(([k]) => k === key));
  return missing ? `data.${missing} is missing` : undefined;
}

/**
 * Starts the fake on a random local port.
 *
 * @example
 * const fake = await startWechatApiFake({ appId, appSecret, pushEvent: (xml) => signedWechatPush(api, secrets, xml) });
 * process.env.WECHAT_API_BASE_URL = fake.url;
 */
export async function startWechatApiFake(options: WechatApiFakeOptions): Promise<WechatApiFake> {
  const templates = options.templates ?? DEFAULT_TEMPLATES;
  const accountId = options.accountId ?? 'gh_local12345';
  const pushDelayMs = options.pushDelayMs ?? 50;
  const entries: OutboxEntry[] = [];
  const failures: ('transient' | 'permanent')[] = [];
  const pending = new PendingPushes();
  let token: { value: string; expiresAt: number } | undefined;
  let issued = 0;
  // WeChat's template msgids run past 2^53; so do these, so a client that rounds them is caught.
  let nextMsgId = 3_147_000_000_000_000_000n + BigInt(randomBytes(3).readUIntBE(0, 3)) * 1000n;

  const record = (entry: OutboxEntry) => {
    entries.push(entry);
    if (entries.length > MAX_ENTRIES) entries.shift();
    options.onMessage?.(entry);
  };

  /** WeChat retries a push that was not answered with success; so does the fake, three times. */
  const push = (xml: string, attempt = 1) => {
    if (!options.pushEvent) return;
    pending.later(pushDelayMs * attempt, () => {
      pending.track(options.pushEvent?.(xml) ?? Promise.resolve()).catch(() => {
        if (attempt < 3) push(xml, attempt + 1);
      });
    });
  };

  const tokenValid = (url: URL) =>
    token !== undefined && url.searchParams.get('access_token') === token.value;

  function stableToken(body: Answer): Answer {
    if (body.grant_type !== 'client_credential') return { errcode: 40002, errmsg: 'invalid grant_type' };
    if (body.appid !== options.appId) return { errcode: 40013, errmsg: 'invalid appid' };
    if (body.secret !== options.appSecret) return { errcode: 40125, errmsg: 'invalid appsecret' };
    // Normal mode: the same token while it is valid, as WeChat's stable token behaves.
    if (!token || token.expiresAt <= Date.now() || body.force_refresh === true) {
      token = { value: randomBytes(24).toString('base64url'), expiresAt: Date.now() + 7_200_000 };
      issued++;
    }
    return { access_token: token.value, expires_in: Math.floor((token.expiresAt - Date.now()) / 1000) };
  }

  function templateSend(body: Answer): Answer | string {
    if (typeof body.touser !== 'string' || !OPENID.test(body.touser)) {
      return { errcode: 40003, errmsg: 'invalid openid' };
    }
    const templateId = typeof body.template_id === 'string' ? body.template_id : '';
    const declared = templates[templateId];
    if (!declared) return { errcode: 40037, errmsg: 'invalid template_id' };
    const refusal = dataRefusal(body.data, declared);
    if (refusal) return { errcode: 47003, errmsg: `argument invalid! ${refusal}` };
    // WeChat opens the link in its browser: only a web address is taken.
    if (body.url !== undefined && (typeof body.url !== 'string' || !/^https?:\/\/[^\s]+$/.test(body.url))) {
      return { errcode: 47003, errmsg: 'argument invalid! url' };
    }
    const failure = failures.shift();
    if (failure === 'transient') return { errcode: -1, errmsg: 'system error' };
    if (failure === 'permanent') return { errcode: 43101, errmsg: 'user refuse to accept the msg' };
    nextMsgId += 1n;
    const msgId = String(nextMsgId);
    const params = Object.fromEntries(
      Object.entries(body.data as Record<string, { value: string }>).map(([k, v]) => [k, v.value]),
    );
    const values = Object.values(params);
    const trackingNo = values.map((v) => TRACKING_NO.exec(v)?.[0]).find(Boolean);
    record({
      at: new Date().toISOString(),
      provider: 'wechat',
      via: 'wechat_template',
      to: maskOpenId(body.touser),
      messageId: msgId,
      templateId,
      params,
      text: `模板消息 ${templateId}：${Object.entries(params)
        .map(([k, v]) => `${k}=${v}`)
        .join('；')}`,
      ...(trackingNo ? { trackingNo } : {}),
      ...(typeof body.url === 'string' ? { link: body.url } : {}),
    });
    const status = options.receipts?.(body.touser) === 'failed' ? 'failed:user block' : 'success';
    push(
      `<xml><ToUserName><![CDATA[${accountId}]]></ToUserName>` +
        `<FromUserName><![CDATA[${body.touser}]]></FromUserName>` +
        `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime>` +
        '<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>' +
        `<MsgID>${msgId}</MsgID><Status><![CDATA[${status}]]></Status></xml>`,
    );
    // Written by hand: JSON.stringify cannot write a number past 2^53, and WeChat's msgid is one.
    return `{"errcode":0,"errmsg":"ok","msgid":${msgId}}`;
  }

  function customSend(body: Answer): Answer {
    const text = (body.text as { content?: unknown } | undefined)?.content;
    if (typeof body.touser !== 'string' || !OPENID.test(body.touser)) {
      return { errcode: 40003, errmsg: 'invalid openid' };
    }
    if (body.msgtype !== 'text' || typeof text !== 'string' || text === '') {
      return { errcode: 40008, errmsg: 'invalid message type' };
    }
    const failure = failures.shift();
    if (failure === 'transient') return { errcode: -1, errmsg: 'system error' };
    if (failure === 'permanent') {
      return { errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' };
    }
    const trackingNo = TRACKING_NO.exec(text)?.[0];
    const link = /https?:\/\/\S+/.exec(text)?.[0];
    record({
      at: new Date().toISOString(),
      provider: 'wechat',
      via: 'wechat_custom',
      to: maskOpenId(body.touser),
      // WeChat gives a customer-service message no id (the sender makes a cs-… id of its own).
      messageId: '',
      text,
      ...(trackingNo ? { trackingNo } : {}),
      ...(link ? { link } : {}),
    });
    return { errcode: 0, errmsg: 'ok' };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'POST') {
      req.resume();
      return reply(res, { errcode: 43002, errmsg: 'require POST method' });
    }
    const body = await readJson(req);
    if (!body) return reply(res, { errcode: 47001, errmsg: 'data format error' });
    switch (url.pathname) {
      case '/cgi-bin/stable_token':
        return reply(res, stableToken(body));
      case '/cgi-bin/message/template/send':
      case '/cgi-bin/message/custom/send':
        if (!tokenValid(url)) {
          return reply(res, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid' });
        }
        return reply(res, url.pathname.endsWith('template/send') ? templateSend(body) : customSend(body));
      default:
        return reply(res, { errcode: 40066, errmsg: 'invalid url' });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  const listening = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${listening.port}`,
    close: () => {
      pending.cancel();
      return listening.close();
    },
    failNext(count, mode) {
      for (let i = 0; i < count; i++) failures.push(mode);
    },
    sent: () => [...entries],
    busy: () => pending.busy(),
    expireToken() {
      token = undefined;
    },
    tokensIssued: () => issued,
    idle: () => pending.settled(),
  };
}
