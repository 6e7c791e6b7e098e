import { randomUUID } from 'node:crypto';
import { hotlinePath, randomCallRecord, signedHeaders } from '../scripts/hotline-client.js';
import { openReply, signedRequest, trackingNoIn } from '../scripts/wechat-client.js';
import type { WechatSecrets } from '../shared/adapters/wechat-secrets.js';
import { buildDirectory, route } from '../shared/domain/index.js';
import { type Random, randomWebformBody } from '../shared/seed/appeals.js';
import { SEED_DIRECTORY } from '../shared/seed/directory.js';
import type { Channel } from './report.js';

// The citizens of the load test: each request is built when it is sent, since the hotline's HMAC
// and WeChat's signature cover a timestamp and the web form wants an Idempotency-Key of its own.
// Every request comes from a citizen of its own (a phone, an openid), as a city's traffic does:
// one sender sending thousands is a flood the sender limits refuse, and two appeals of one caller
// of one category and district would be merged (并单) into one case.

export interface LoadRequest {
  readonly channel: Channel;
  readonly method: 'POST';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** A web-form appeal the directory routes: the department that will find it in its queue. */
  readonly departmentId?: string;
}

const DIRECTORY = buildDirectory(SEED_DIRECTORY);

export class Citizens {
  private next = 0;

  constructor(
    private readonly rng: Random,
    private readonly secrets: { hotline: string; wechat: WechatSecrets },
    /** Tells two runs' citizens apart when they share a stack (--url). */
    private readonly run: string,
  ) {}

  /** A mobile number no other request of the run uses (1 + 3..9 + nine digits). */
  private phone(): string {
    const n = this.next++;
    return `1${3 + (Math.floor(n / 1e8) % 7)}${String(n % 1e8).padStart(8, '0')}${this.run.slice(-1)}`;
  }

  webform(): LoadRequest {
    const body = { ...randomWebformBody(this.rng), phone: this.phone() };
    const departmentId = route(DIRECTORY, body.category, body.district)?.departmentId;
    return {
      channel: 'webform',
      method: 'POST',
      path: '/v1/channels/webform',
      headers: { 'content-type': 'application/json', 'idempotency-key': `load-${randomUUID()}` },
      body: JSON.stringify(body),
      ...(departmentId ? { departmentId } : {}),
    };
  }

  /** A text message in safe mode (encrypted, msg_signature), from an openid of its own. */
  wechat(): LoadRequest {
    const n = this.next++;
    const from = `oLoad${this.run}${String(n).padStart(23 - this.run.length, '0')}`;
    const content = randomWebformBody(this.rng).content;
    const xml =
      `<xml><ToUserName><![CDATA[gh_load]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName>` +
      `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
      `<Content><![CDATA[${content}]]></Content><MsgId>${Date.now()}${String(n).padStart(6, '0')}</MsgId></xml>`;
    const { query, body } = signedRequest(xml, this.secrets.wechat, 'safe');
    return {
      channel: 'wechat',
      method: 'POST',
      path: `/v1/channels/wechat?${query}`,
      headers: { 'content-type': 'text/xml' },
      body,
    };
  }

  /** A signed call record of a realistic mix: about two in three carry an appeal, the rest none. */
  hotline(): LoadRequest {
    const n = this.next;
    const record = { ...randomCallRecord(this.rng, `load-${this.run}-${n}`), caller: this.phone() };
    const body = JSON.stringify(record);
    const path = hotlinePath(body);
    return {
      channel: 'hotline',
      method: 'POST',
      path,
      headers: signedHeaders(this.secrets.hotline, body, path),
      body,
    };
  }
}

/** The tracking number an accepted answer carries, if any (a call without an appeal has none). */
export function trackingNoOf(channel: Channel, body: string, wechat: WechatSecrets): string | undefined {
  if (channel === 'wechat') return trackingNoIn(openReply(body, wechat).content);
  try {
    const value = (JSON.parse(body) as { trackingNo?: unknown }).trackingNo;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The API's error code of a refusal (`{ error: { code } }`), if it gave one. */
export function errorCodeOf(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
