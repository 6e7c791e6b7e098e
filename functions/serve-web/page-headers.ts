import type { PageName } from './dist.js';

// The security headers of the three pages. Since the Vite build, no page has inline script or style:
// `script-src 'self'` and `style-src 'self'` with no hash, no nonce, no unsafe-inline. Vue and
// Element Plus set styles through the CSSOM (element.style), which style-src does not govern.

export interface PageContext {
  /** The citizen page: where its photos are posted (the staging bucket), for connect-src. */
  readonly uploadOrigin?: string;
  /** The console: the issuer's token endpoint origin, which the console calls with fetch (PKCE). */
  readonly tokenOrigin?: string;
}

/** What each page may connect to and submit forms to, beside the common policy. */
function pagePolicy(page: PageName, context: PageContext): { connect: string[]; formAction: string } {
  switch (page) {
    case 'citizen':
      return {
        connect: ["'self'", ...(context.uploadOrigin ? [context.uploadOrigin] : [])],
        formAction: "'self'",
      };
    case 'dashboard':
    // 信息发布: reads the public releases API only.
    case 'releases':
      return { connect: ["'self'"], formAction: "'none'" };
    case 'console':
      // Sign-in and sign-out are navigations (not forms, not frames); only the code exchange and
      // the refresh are fetches, to the token endpoint.
      return {
        connect: ["'self'", ...(context.tokenOrigin ? [context.tokenOrigin] : [])],
        formAction: "'none'",
      };
  }
}

/** The Content-Security-Policy of `page`. */
export function contentSecurityPolicy(page: PageName, context: PageContext = {}): string {
  const { connect, formAction } = pagePolicy(page, context);
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${[...new Set(connect)].join(' ')}`,
    `form-action ${formAction}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Every header of a page but its encoding and validator.
 *
 * @example
 * pageHeaders('citizen', { uploadOrigin: 'https://staging.s3.cn-north-1.amazonaws.com.cn' })
 */
export function pageHeaders(page: PageName, context: PageContext = {}): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': contentSecurityPolicy(page, context),
    'x-content-type-options': 'nosniff',
    // The citizen's status lookup carries the phone's last four digits in its query, the console's
    // URLs case ids: no referrer leaves any page.
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    'strict-transport-security': 'max-age=31536000',
    // Short: the page names its assets by content hash, so a deploy reaches everyone within a
    // minute; revalidation after that is a 304 by ETag.
    'cache-control': 'public, max-age=60',
  };
}
