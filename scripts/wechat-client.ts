import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WECHAT_ENV, type WechatSecrets } from '../shared/adapters/wechat-secrets.js';
import { aesKeyOf, decryptMessage, encryptMessage, sha1Signature } from '../shared/channels/wechat-crypto.js';
import { parseFlatXml } from '../shared/channels/wechat-xml.js';

// What WeChat's servers do, for the sender script, the demo, the bench and the integration tests:
// sign (and in safe mode encrypt) a message, and open the account's reply.

export type WechatMode = 'plain' | 'safe';

/** The dev secrets of a local stack: the environment first, then `<dataDir>/dev-secrets.json`. */
export function localWechatSecrets(dataDir: string): WechatSecrets {
  const file = join(dataDir, 'dev-secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const read = (name: string) => process.env[name] || stored[name];
  const token = read(WECHAT_ENV.token);
  const encodingAesKey = read(WECHAT_ENV.encodingAesKey);
  const appId = read(WECHAT_ENV.appId);
  if (!token || !encodingAesKey || !appId) {
    throw new Error(`no WeChat dev secrets in the environment or ${file}: start the stack first (npm start)`);
  }
  return { token, encodingAesKey, appId, requireSafeMode: read(WECHAT_ENV.requireSafeMode) === 'true' };
}

/** The AES key safe mode encrypts with; an account without one has plain mode only. */
export function aesKeyFor(secrets: WechatSecrets): Buffer {
  if (!secrets.encodingAesKey) throw new Error('safe mode needs an EncodingAESKey in the WeChat secrets');
  return aesKeyOf(secrets.encodingAesKey);
}

/** A sample with today's time and, unless given, a fresh MsgId, so each send is a new message. */
export function freshMessage(
  sampleXml: string,
  overrides: { msgId?: string; from?: string; content?: string; createTime?: number } = {},
): string {
  const createTime = overrides.createTime ?? Math.floor(Date.now() / 1000);
  const msgId = overrides.msgId ?? String(BigInt(`0x${randomBytes(7).toString('hex')}`));
  let xml = sampleXml
    .replace(/<CreateTime>\d+<\/CreateTime>/, `<CreateTime>${createTime}</CreateTime>`)
    .replace(/<MsgId>\d+<\/MsgId>/, `<MsgId>${msgId}</MsgId>`);
  if (overrides.from) {
    xml = xml.replace(
      /<FromUserName>[\s\S]*?<\/FromUserName>/,
      `<FromUserName><![CDATA[${overrides.from}]]></FromUserName>`,
    );
  }
  if (overrides.content !== undefined) {
    xml = xml.replace(/<Content>[\s\S]*?<\/Content>/, `<Content><![CDATA[${overrides.content}]]></Content>`);
  }
  return xml;
}

/** The query string and body WeChat would post for this message. */
export function signedRequest(
  xml: string,
  secrets: WechatSecrets,
  mode: WechatMode,
  options: { timestamp?: string; nonce?: string } = {},
): { query: string; body: string } {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? String(randomBytes(4).readUInt32BE(0));
  const signature = sha1Signature([secrets.token, timestamp, nonce]);
  const openid = /<FromUserName>(?:<!\[CDATA\[)?([^<\]]*)/.exec(xml)?.[1] ?? '';
  const params = new URLSearchParams({ signature, timestamp, nonce, openid });
  if (mode === 'plain') return { query: params.toString(), body: xml };
  const toUser = /<ToUserName>(?:<!\[CDATA\[)?([^<\]]*)/.exec(xml)?.[1] ?? '';
  const encrypt = encryptMessage(xml, aesKeyFor(secrets), secrets.appId);
  params.set('encrypt_type', 'aes');
  params.set('msg_signature', sha1Signature([secrets.token, timestamp, nonce, encrypt]));
  return {
    query: params.toString(),
    body: `<xml><ToUserName><![CDATA[${toUser}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
  };
}

/** The reply's text: `success`, or the Content of the (decrypted, signature-checked) text reply. */
export function openReply(body: string, secrets: WechatSecrets): { content: string; xml: string } {
  if (!body.startsWith('<xml>')) return { content: body, xml: body };
  const outer = parseFlatXml(body);
  if (!outer.Encrypt) return { content: outer.Content ?? '', xml: body };
  const expected = sha1Signature([secrets.token, outer.TimeStamp ?? '', outer.Nonce ?? '', outer.Encrypt]);
  if (expected !== outer.MsgSignature) throw new Error('the reply MsgSignature does not verify');
  const { xml } = decryptMessage(outer.Encrypt, [aesKeyFor(secrets)], secrets.appId);
  return { content: parseFlatXml(xml).Content ?? '', xml };
}

/** Posts one message to a running stack and opens the reply. */
export async function sendWechat(
  url: string,
  xml: string,
  secrets: WechatSecrets,
  mode: WechatMode,
  options: { timestamp?: string; nonce?: string } = {},
): Promise<{ status: number; body: string; content: string | undefined }> {
  const { query, body } = signedRequest(xml, secrets, mode, options);
  const res = await fetch(`${url}/v1/channels/wechat?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text, content: res.ok ? openReply(text, secrets).content : undefined };
}

/** The tracking number in an "accepted" reply. */
export function trackingNoIn(content: string | undefined): string | undefined {
  return /工单号 (\d{6}-[2-9A-Z]{4}-[2-9A-Z]{4})/.exec(content ?? '')?.[1];
}
