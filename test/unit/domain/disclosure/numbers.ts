// Test numbers made with the standards' algorithms, written here apart from the code under test
// (weights derived as powers, not copied), so a wrong table in the code cannot agree with itself.
// None is a real person's or organisation's number.

/** A 公民身份号码 with its GB 11643 check character: weights 2^(17−i) mod 11, check (12 − Σ mod 11) mod 11. */
export function makeIdNumber(region: string, birth: string, sequence: string): string {
  const first17 = `${region}${birth}${sequence}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (2 ** (17 - i) % 11);
  const check = (12 - (sum % 11)) % 11;
  return first17 + (check === 10 ? 'X' : String(check));
}

const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A 统一社会信用代码 with its GB 32100 check character: weights 3^i mod 31, check 31 − Σ mod 31 (31 → 0). */
export function makeCreditCode(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC.indexOf(first17.charAt(i)) * (3 ** i % 31);
  return first17 + USCC.charAt((31 - (sum % 31)) % 31);
}

/** Replaces the last character by another valid one, so only the check character is wrong. */
export function wrongCheck(n: string, alphabet: string): string {
  const last = n.charAt(n.length - 1);
  const other = [...alphabet].find((c) => c !== last) as string;
  return n.slice(0, -1) + other;
}
