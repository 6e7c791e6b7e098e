import { CallerNumberSchema } from '../domain/call-record.js';
import { ConnectCtrSchema, fromConnectCtr } from '../domain/connect-ctr.js';
import { type Case, hashPhone, MainlandMobileSchema } from '../domain/index.js';
import type { CitizenAddress } from './notifiers/port.js';
import type { StoredRawPayload } from './raw-archive.js';

// The case keeps the caller only as keyed hashes and a mask; the clear openid or phone is in the
// channel's original payload. It is read from there for the notice and checked against the case's
// own hash, so a notice can only ever go to the person the case was recorded for.

/** FromUserName of a WeChat message, CDATA or plain (the archive keeps the decrypted XML). */
const FROM_USER = /<FromUserName>\s*(?:<!\[CDATA\[([^\]]+)\]\]>|([^<\s]+))\s*<\/FromUserName>/;

function jsonOf(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** A call record's numbers, callback first. Read loosely: each candidate is checked by its hash. */
function callRecordPhones(value: unknown): unknown[] {
  const record = value as { caller?: unknown; appeal?: { callbackPhone?: unknown } } | undefined;
  return [record?.appeal?.callbackPhone, record?.caller];
}

/** The numbers a hotline payload names: the documented call record, or an Amazon Connect CTR. */
function hotlinePhones(body: string): unknown[] {
  const value = jsonOf(body);
  const ctr = ConnectCtrSchema.safeParse(value);
  const mapped = ctr.success ? fromConnectCtr(ctr.data) : undefined;
  return callRecordPhones(mapped?.kind === 'call' ? mapped.record : value);
}

function webformPhones(body: string): unknown[] {
  const value = jsonOf(body) as { phone?: unknown } | undefined;
  const phone = MainlandMobileSchema.safeParse(value?.phone);
  return phone.success ? [phone.data] : [];
}

function sameHash(stored: string | undefined, candidate: string, key: string): boolean {
  return stored !== undefined && hashPhone(candidate, key) === stored;
}

/**
 * The clear address to send the case's notice to, read from its raw payload; `undefined` when the
 * payload names none that matches the case's keyed hash (the notice then cannot be sent).
 *
 * @example
 * addressOf(kase, await reader.get(kase.rawKey), key) // { kind: 'wechat', openId: 'o…' }
 */
export function addressOf(
  kase: Case,
  raw: StoredRawPayload,
  contactHashKey: string,
): CitizenAddress | undefined {
  if (kase.channel === 'wechat') {
    const match = FROM_USER.exec(raw.body);
    const openId = match?.[1] ?? match?.[2];
    if (openId && sameHash(kase.contact.openIdHash, openId, contactHashKey))
      return { kind: 'wechat', openId };
    return undefined;
  }
  const candidates = kase.channel === 'hotline' ? hotlinePhones(raw.body) : webformPhones(raw.body);
  const phone = candidates
    .map((p) => CallerNumberSchema.safeParse(p))
    .flatMap((p) => (p.success ? [p.data] : []))
    .find((p) => sameHash(kase.contact.phoneHash, p, contactHashKey));
  return phone ? { kind: 'sms', phone } : undefined;
}
