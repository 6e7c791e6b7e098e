import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The secrets the functions read from the environment locally; AWS has Secrets Manager instead. */
export const DEV_SECRET_NAMES = [
  'CONTACT_HASH_KEY',
  // 依申请公开: the HMAC key of applicants' identity numbers (toKeptRequest).
  'DISCLOSURE_IDENTITY_KEY',
  'WECHAT_TOKEN',
  'WECHAT_ENCODING_AES_KEY',
  'WECHAT_APP_ID',
  // The AppSecret of the server API (completion notices); the local fake WeChat API checks it.
  'WECHAT_APP_SECRET',
  // The call centre's HMAC signing secret (scripts/sign-hotline.ts reads it from here).
  'HOTLINE_HMAC_SECRET',
  // The HMAC key of the one-time feedback tokens in completion notices.
  'FEEDBACK_TOKEN_KEY',
  // The key in the SMS providers' receipt callback address; the local fakes post to it.
  'NOTICE_RECEIPT_KEY',
  // 漏接回拨: the raw AES key (32 bytes, base64) that seals callers' numbers locally; AWS uses KMS.
  'CALLBACK_RAW_KEY',
] as const;
export type DevSecrets = Record<(typeof DEV_SECRET_NAMES)[number], string>;

/** Letters and digits only, which every WeChat setting accepts. */
function alphanumeric(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

/**
 * Values in the shape the WeChat console expects (a 3–32 character token, a 43-character
 * EncodingAESKey, a wx… AppID), so a developer can paste them into a test account as they are.
 * WECHAT_PREVIOUS_ENCODING_AES_KEY is never generated: it exists only during a key change.
 */
const GENERATORS: Partial<Record<(typeof DEV_SECRET_NAMES)[number], () => string>> = {
  WECHAT_TOKEN: () => alphanumeric(32),
  WECHAT_ENCODING_AES_KEY: () => alphanumeric(43),
  WECHAT_APP_ID: () => `wx${randomBytes(8).toString('hex')}`,
  WECHAT_APP_SECRET: () => randomBytes(16).toString('hex'),
  CALLBACK_RAW_KEY: () => randomBytes(32).toString('base64'),
};

/**
 * Generated once and kept in the data dir: a new key on every start would change every caller's
 * keyed hash and break repeat detection across restarts. Variables set in the environment win.
 */
export function loadDevSecrets(file: string): DevSecrets {
  let stored: Partial<DevSecrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>;
  let changed = false;
  for (const name of DEV_SECRET_NAMES) {
    if (!stored[name]) {
      stored[name] = GENERATORS[name]?.() ?? randomBytes(32).toString('base64url');
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  }
  const secrets = { ...stored } as DevSecrets;
  for (const name of DEV_SECRET_NAMES) {
    const override = process.env[name];
    if (override) secrets[name] = override;
  }
  return secrets;
}
