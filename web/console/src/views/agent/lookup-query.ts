// 查询: a caller on the line asks about an earlier case by its tracking number or by their phone.

export type LookupMode = 'trackingNo' | 'phone';

/**
 * The query for GET /v1/cases/search, or a Chinese reason why the text cannot be one. A tracking
 * number is 6 digits and 8 letters or digits (dashes optional, 261203-7KQ2-M9XA); a phone 7–15 digits.
 *
 * @example lookupQuery('261203 7kq2 m9xa', 'trackingNo') // { query: { trackingNo: '261203-7KQ2-M9XA' } }
 */
export function lookupQuery(
  text: string,
  mode: LookupMode,
): { query: { trackingNo?: string; phone?: string } } | { error: string } {
  if (mode === 'trackingNo') {
    const compact = text.toUpperCase().replace(/[\s-]/g, '');
    if (!/^\d{6}[0-9A-Z]{8}$/.test(compact)) return { error: '受理编号为 14 位，如 261203-7KQ2-M9XA' };
    return { query: { trackingNo: `${compact.slice(0, 6)}-${compact.slice(6, 10)}-${compact.slice(10)}` } };
  }
  const phone = text.replace(/[\s()-]/g, '').replace(/^(\+86|0086)/, '');
  if (!/^\d{7,15}$/.test(phone)) return { error: '电话号码须为 7–15 位数字' };
  return { query: { phone } };
}

/** The mode the typed text most likely means: letters or dashes say tracking number; else a phone. */
export function guessMode(text: string): LookupMode | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (/[A-Za-z-]/.test(t.replace(/^\+86/, ''))) return 'trackingNo';
  const digits = t.replace(/[\s()+]/g, '');
  if (/^1[3-9]\d{9}$/.test(digits) || /^0\d{9,11}$/.test(digits)) return 'phone';
  return undefined;
}
