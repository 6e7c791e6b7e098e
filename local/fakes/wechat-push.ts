import { randomBytes } from 'node:crypto';
import type { WechatSecrets } from '../../shared/adapters/wechat-secrets.js';
import { aesKeyOf, encryptMessage, sha1Signature } from '../../shared/channels/wechat-crypto.js';

// What WeChat's servers do when they push a message or an event to the account's webhook: sign it
// and, when the account has an EncodingAESKey (safe mode), encrypt it. The local WeChat fake pushes
// TEMPLATESENDJOBFINISH through this.

/** The query string and body WeChat would post for this XML. */
export function signedWechatRequest(
  secrets: Pick<WechatSecrets, 'token' | 'encodingAesKey' | 'appId'>,
  xml: string,
  options: { timestamp?: string; nonce?: string } = {},
): { query: URLSearchParams; body: string } {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? String(randomBytes(4).readUInt32BE(0));
  const openid = /<FromUserName><!\[CDATA\[([^\]]*)\]\]>/.exec(xml)?.[1] ?? '';
  const query = new URLSearchParams({
    signature: sha1Signature([secrets.token, timestamp, nonce]),
    timestamp,
    nonce,
    openid,
  });
  if (!secrets.encodingAesKey) return { query, body: xml };
  const toUser = /<ToUserName><!\[CDATA\[([^\]]*)\]\]>/.exec(xml)?.[1] ?? '';
  const encrypt = encryptMessage(xml, aesKeyOf(secrets.encodingAesKey), secrets.appId);
  query.set('encrypt_type', 'aes');
  query.set('msg_signature', sha1Signature([secrets.token, timestamp, nonce, encrypt]));
  return {
    query,
    body: `<xml><ToUserName><![CDATA[${toUser}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
  };
}

/**
 * POSTs the XML to `<baseUrl>/v1/channels/wechat` as WeChat would, and throws unless it was
 * answered with 200 (WeChat then retries).
 *
 * @example
 * await signedWechatPush('http://127.0.0.1:3000', secrets, receiptXml);
 */
export async function signedWechatPush(
  baseUrl: string,
  secrets: Pick<WechatSecrets, 'token' | 'encodingAesKey' | 'appId'>,
  xml: string,
): Promise<void> {
  const { query, body } = signedWechatRequest(secrets, xml);
  const response = await fetch(`${baseUrl.replace(/\/+$/, '')}/v1/channels/wechat?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body,
    signal: AbortSignal.timeout(5_000),
  });
  await response.text();
  if (response.status !== 200) throw new Error(`the webhook answered HTTP ${response.status}`);
}
