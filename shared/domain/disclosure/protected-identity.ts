import { createHmac } from 'node:crypto';
import type { ProtectedIdentity } from './masked-identity.js';

// How an applicant's identity number is kept (issue 14: "stored encrypted or as a keyed hash plus
// the last four — never in clear in logs, metrics or the public view"). 《个人信息保护法》 第二十八条
// counts an identity number as sensitive personal information; the 条例 (2019 第二十九条) asks for a
// 身份证明 to identify the applicant, which a keyed hash still does: the office can tell whether a new
// request comes from the same person (第三十五条 requests beyond a reasonable number, 第三十六条第（六）项
// repeats) by hashing the number it is shown again, without ever storing it.

// The display form lives in masked-identity.ts (no Node import, so the console shares it).
export { MASKED_IDENTITY_LENGTHS, maskIdentity, type ProtectedIdentity } from './masked-identity.js';

/**
 * Protects a checked identity number (pass the normalised value a check returned, so `x` and `X`
 * hash alike). The kind is part of what is hashed, so a passport and an identity card that share
 * characters never collide. Like `hashPhone`, the key comes from the adapter (configuration), never
 * from here.
 *
 * @example
 * protectIdentity('resident_id_card', '11010519491231002X', key)
 * // { kind: 'resident_id_card', hash: '3f…(64 hex)', last4: '002X' }
 */
export function protectIdentity(
  kind: ProtectedIdentity['kind'],
  number: string,
  key: string,
): ProtectedIdentity {
  const hash = createHmac('sha256', key).update(`${kind}\n${number}`).digest('hex');
  return { kind, hash, last4: number.slice(-4) };
}
