import { createHash, createHmac } from 'node:crypto';
import type { Channel } from './appeal.js';
import { shanghaiDate } from './working-days.js';

/**
 * Digits and letters a citizen can read over the phone without confusion: no 0/O, 1/I/L, U.
 * 30 symbols, so 8 of them carry just over 39 bits.
 */
export const TRACKING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

const CASE_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function encode(bytes: Uint8Array, alphabet: string, length: number): string {
  // Big-endian base-N over the digest: enough entropy for the lengths used here.
  let out = '';
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  const base = BigInt(alphabet.length);
  for (let i = 0; i < length; i++) {
    out = alphabet[Number(value % base)] + out;
    value /= base;
  }
  return out;
}

/** A case id names its channel, so an operator reading one knows where to look (of: 来信来访, staff entry). */
const CASE_ID_PREFIX: Readonly<Record<Channel, string>> = {
  webform: 'wf',
  hotline: 'ht',
  wechat: 'wx',
  office: 'of',
};

/**
 * The case id is a pure function of where the appeal came from, so a retried delivery (WeChat's
 * three tries, a CTI resend, a web form with the same Idempotency-Key) lands on the same item.
 *
 * @example deriveCaseId('webform', 'key-123') // 'wf' + 24 base32 characters
 */
export function deriveCaseId(channel: Channel, sourceId: string): string {
  const digest = createHash('sha256').update(`${channel}\n${sourceId}`).digest();
  const prefix = CASE_ID_PREFIX[channel];
  return prefix + encode(digest, CASE_ID_ALPHABET, 24);
}

/**
 * The public tracking number: the receipt date in Asia/Shanghai (YYMMDD) and eight symbols from
 * the case id's digest, grouped for reading aloud: `261122-K7M3-9XQ2`.
 */
export function deriveTrackingNo(caseId: string, receivedAt: Date): string {
  const date = shanghaiDate(receivedAt).replaceAll('-', '').slice(2);
  const digest = createHash('sha256').update(`tracking\n${caseId}`).digest();
  const tail = encode(digest, TRACKING_ALPHABET, 8);
  return `${date}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

/** Accepts what a citizen types (lower case, spaces, missing dashes) and returns the canonical form. */
export function normaliseTrackingNo(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  if (!/^\d{6}[2-9A-HJKMNP-TV-Z]{8}$/.test(compact)) return undefined;
  return `${compact.slice(0, 6)}-${compact.slice(6, 10)}-${compact.slice(10)}`;
}

/** A keyed hash of a phone number: stable for repeat detection, useless without the key. */
export function hashPhone(phone: string, key: string): string {
  return createHmac('sha256', key).update(phone).digest('hex');
}

/** 13812345678 → 138****5678, the only form of the number that may appear in a record or a log. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
