import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// The WeChat Official Account message protocol (消息加解密): SHA-1 signatures over sorted strings,
// and AES-256-CBC with the key's first 16 bytes as IV, PKCS#7 padded to 32-byte blocks, over
// 16 random bytes + 4-byte big-endian length + XML + AppId.

/** A refusal of the crypto layer; `code` is the machine-readable error code the channel sees. */
export class WechatCryptoError extends Error {
  readonly code: 'invalid_aes_key' | 'decrypt_failed' | 'app_id_mismatch';
  constructor(code: WechatCryptoError['code'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WechatCryptoError';
    this.code = code;
  }
}

/** WeChat pads to 32 bytes, not to AES's 16, so the padding is stripped here rather than by OpenSSL. */
const BLOCK = 32;

/**
 * `sha1(sort(parts).join(''))` in hex: the GET signature over (token, timestamp, nonce) and the
 * safe-mode `msg_signature` over (token, timestamp, nonce, Encrypt).
 *
 * @example sha1Signature(['token', '1409659813', '1372623149'])
 */
export function sha1Signature(parts: readonly string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** Constant-time comparison of an expected hex digest with what the request claims. */
export function signatureMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected, 'latin1'), Buffer.from(given.toLowerCase(), 'latin1'));
}

/** The AES key behind an EncodingAESKey: 43 Base64 characters, 32 bytes once `=` is appended. */
export function aesKeyOf(encodingAesKey: string): Buffer {
  if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) {
    throw new WechatCryptoError('invalid_aes_key', 'EncodingAESKey must be 43 Base64 characters');
  }
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

/** Strict Base64 of whole AES blocks: anything else is refused before OpenSSL sees it. */
const CIPHERTEXT = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The XML inside a safe-mode `Encrypt`, tried with each key in turn (the current EncodingAESKey,
 * then the previous one during a rotation), and only if its AppId is ours. Returns the key that
 * opened it too: the reply is encrypted with the key WeChat is using, whichever side changed first.
 */
export function decryptMessage(
  encrypt: string,
  keys: readonly Buffer[],
  appId: string,
): { xml: string; key: Buffer } {
  if (encrypt.length > 200_000 || !CIPHERTEXT.test(encrypt)) {
    throw new WechatCryptoError('decrypt_failed', 'the Encrypt field is not Base64');
  }
  const ciphertext = Buffer.from(encrypt, 'base64');
  if (ciphertext.length < BLOCK || ciphertext.length % 16 !== 0) {
    throw new WechatCryptoError('decrypt_failed', 'the ciphertext is not a whole number of AES blocks');
  }
  let appIdMismatch = false;
  for (const key of keys) {
    const opened = openWith(ciphertext, key);
    if (!opened) continue;
    if (constantTimeEqual(opened.appId, appId)) return { xml: opened.xml, key };
    appIdMismatch = true;
  }
  throw appIdMismatch
    ? new WechatCryptoError('app_id_mismatch', 'the message is for another AppId')
    : new WechatCryptoError('decrypt_failed', 'no EncodingAESKey opens the message');
}

/** The frame under one key, or undefined when the padding or the length field does not hold. */
function openWith(ciphertext: Buffer, key: Buffer): { xml: string; appId: string } | undefined {
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || pad > plain.length) return undefined;
  for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) return undefined;
  const frame = plain.subarray(16, plain.length - pad);
  if (frame.length < 4) return undefined;
  const length = frame.readUInt32BE(0);
  if (4 + length > frame.length) return undefined;
  return {
    xml: frame.subarray(4, 4 + length).toString('utf8'),
    appId: frame.subarray(4 + length).toString('utf8'),
  };
}

/**
 * The safe-mode `Encrypt` of a reply. `random` is the 16-byte prefix (tests pass a fixed one).
 *
 * @example encryptMessage('<xml>…</xml>', aesKeyOf(encodingAesKey), 'wx5823bf96d3bd56c7')
 */
export function encryptMessage(xml: string, key: Buffer, appId: string, random = randomBytes(16)): string {
  const body = Buffer.from(xml, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const frame = Buffer.concat([random, length, body, Buffer.from(appId, 'utf8')]);
  const pad = BLOCK - (frame.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([frame, Buffer.alloc(pad, pad)])),
    cipher.final(),
  ]).toString('base64');
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
