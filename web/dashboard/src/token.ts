// The analyst's token: the page signs in with a JWT pasted into its form, or handed over once in the
// address fragment (`/dashboard#token=…`, which never reaches a server: the console's menu and the
// local stack's printed URL open the page that way). It is kept in this tab's sessionStorage only.

const TOKEN_KEY = 'hotline12345.analyst-token';

/** The claims the page reads to say who is signed in and until when. */
export interface TokenClaims {
  readonly sub?: string;
  readonly exp?: number;
  readonly role?: string;
  readonly 'custom:role'?: string;
}

/**
 * A JWT's payload, decoded without verifying it: the API verifies every call; the page only shows
 * who the token names and refuses one that is plainly broken or expired. null when unreadable.
 */
export function claimsOf(jwt: string): TokenClaims | null {
  try {
    let part = (jwt.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    while (part.length % 4) part += '=';
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === 'object' ? (claims as TokenClaims) : null;
  } catch {
    return null;
  }
}

/** A token as pasted: trimmed, with any `Bearer ` prefix dropped. */
export function cleanToken(candidate: string): string {
  return candidate.trim().replace(/^Bearer\s+/i, '');
}

/**
 * Why a pasted token cannot be used, in Chinese, or '' when it can. `now` is injectable for tests.
 *
 * @example
 * tokenProblem('abc', Date.now()) // '令牌格式不正确：请粘贴完整的 JWT（三段，以“.”分隔）'
 */
export function tokenProblem(token: string, now: number = Date.now()): string {
  const claims = token ? claimsOf(token) : null;
  if (!claims) return '令牌格式不正确：请粘贴完整的 JWT（三段，以“.”分隔）';
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= now) return '令牌已过期，请重新获取';
  return '';
}

/** Who is signed in, as the header says it: subject, role and expiry. */
export function whoText(claims: TokenClaims): string {
  const role = claims.role ?? claims['custom:role'];
  const until =
    typeof claims.exp === 'number'
      ? new Date(claims.exp * 1000).toLocaleString('zh-CN', { hour12: false })
      : '未知';
  const roleText = role === 'analyst' ? '分析员' : `角色：${role || '无'}`;
  return `${claims.sub || '未知用户'}（${roleText}，有效至 ${until}）`;
}

/** Moves a `#token=` of the address into the session store, and out of the address bar and history. */
export function takeFragmentToken(): void {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!m?.[1]) return;
  try {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
  } catch {
    // Private mode without storage: the token is lost, and the form asks for it.
  }
  // At once: a copied link or a shared screen must not carry it.
  history.replaceState(null, '', location.pathname + location.search);
}

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function keepToken(token: string): void {
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Kept in memory only (the caller holds it).
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Nothing was kept.
  }
}
