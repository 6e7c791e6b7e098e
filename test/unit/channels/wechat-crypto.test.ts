import { describe, expect, it } from 'vitest';
import {
  aesKeyOf,
  decryptMessage,
  encryptMessage,
  sha1Signature,
  signatureMatches,
} from '../../../shared/channels/wechat-crypto.js';

// The sample of Tencent's WXBizMsgCrypt (token, EncodingAESKey, AppID, a signed encrypted message),
// as published with the official message-encryption SDKs: an implementation that opens it speaks
// the protocol, not only to itself.
const OFFICIAL = {
  token: 'QDG6eK',
  appId: 'wx5823bf96d3bd56c7',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
  timestamp: '1409659813',
  nonce: '1372623149',
  encrypt:
    'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
};

const KEY = aesKeyOf(OFFICIAL.encodingAesKey);
const OTHER_KEY = aesKeyOf('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG');
const XML = '<xml><Content><![CDATA[小区停水两天了]]></Content></xml>';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('Module: wechat-crypto', () => {
  it('verifies the official sample message signature', () => {
    // Act
    const signature = sha1Signature([OFFICIAL.token, OFFICIAL.timestamp, OFFICIAL.nonce, OFFICIAL.encrypt]);

    // Assess
    expect(signature).toBe(OFFICIAL.msgSignature);
    expect(signatureMatches(signature, OFFICIAL.msgSignature.toUpperCase())).toBe(true);
  });

  it('decrypts the official sample message', () => {
    // Act
    const { xml } = decryptMessage(OFFICIAL.encrypt, [KEY], OFFICIAL.appId);

    // Assess
    expect(xml).toContain('<Content><![CDATA[hello]]></Content>');
    expect(xml).toContain('<MsgId>4561255354251345929</MsgId>');
  });

  it('round-trips a message, multi-byte text included', () => {
    // Act
    const encrypt = encryptMessage(XML, KEY, OFFICIAL.appId);
    const { xml, key } = decryptMessage(encrypt, [KEY], OFFICIAL.appId);

    // Assess
    expect(xml).toBe(XML);
    expect(key.equals(KEY)).toBe(true);
    expect(Buffer.from(encrypt, 'base64').length % 32).toBe(0);
  });

  it('pads a frame that fills whole blocks with a full block of 32', () => {
    // Prepare: 16 random + 4 length + 10 XML + 2 AppId = 32 bytes.
    const encrypt = encryptMessage('<xml>12345', KEY, 'wx', Buffer.alloc(16));

    // Act
    const { xml } = decryptMessage(encrypt, [KEY], 'wx');

    // Assess
    expect(Buffer.from(encrypt, 'base64').length).toBe(64);
    expect(xml).toBe('<xml>12345');
  });

  it('accepts the previous EncodingAESKey during a rotation and says which key opened it', () => {
    // Prepare
    const encrypt = encryptMessage(XML, OTHER_KEY, OFFICIAL.appId);

    // Act
    const { xml, key } = decryptMessage(encrypt, [KEY, OTHER_KEY], OFFICIAL.appId);

    // Assess
    expect(xml).toBe(XML);
    expect(key.equals(OTHER_KEY)).toBe(true);
  });

  it('refuses a message under a key it does not hold', () => {
    // Prepare
    const encrypt = encryptMessage(XML, OTHER_KEY, OFFICIAL.appId);

    // Act & Assess
    expect(codeOf(() => decryptMessage(encrypt, [KEY], OFFICIAL.appId))).toBe('decrypt_failed');
  });

  it('refuses a message for another AppId', () => {
    // Prepare
    const encrypt = encryptMessage(XML, KEY, 'wx0000000000000000');

    // Act & Assess
    expect(codeOf(() => decryptMessage(encrypt, [KEY], OFFICIAL.appId))).toBe('app_id_mismatch');
  });

  it.each([
    ['bad padding', () => tamperLastBlock(encryptMessage(XML, KEY, OFFICIAL.appId))],
    ['a truncated ciphertext', () => encryptMessage(XML, KEY, OFFICIAL.appId).slice(0, 24)],
    ['a ciphertext of a partial block', () => Buffer.alloc(40).toString('base64')],
    ['text that is not Base64', () => '这不是密文'],
    ['an empty string', () => ''],
  ])('refuses %s', (_what, make) => {
    // Act & Assess
    expect(codeOf(() => decryptMessage(make(), [KEY], OFFICIAL.appId))).toBe('decrypt_failed');
  });

  it('refuses an EncodingAESKey that is not 43 characters', () => {
    // Act & Assess
    expect(codeOf(() => aesKeyOf('short'))).toBe('invalid_aes_key');
  });

  it('compares signatures of another length as different', () => {
    // Act & Assess
    expect(signatureMatches(OFFICIAL.msgSignature, undefined)).toBe(false);
    expect(signatureMatches(OFFICIAL.msgSignature, OFFICIAL.msgSignature.slice(1))).toBe(false);
    expect(signatureMatches(OFFICIAL.msgSignature, `${OFFICIAL.msgSignature.slice(0, 39)}0`)).toBe(false);
  });
});

/** Flips a byte of the second-to-last block, which garbles the padding of the last one. */
function tamperLastBlock(encrypt: string): string {
  const bytes = Buffer.from(encrypt, 'base64');
  const i = bytes.length - 17;
  bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
  return bytes.toString('base64');
}
