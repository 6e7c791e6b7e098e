import { createHash } from 'node:crypto';

/** A strong ETag: the SHA-256 of the exact body, so equal bytes and only equal bytes share it. */
export function strongEtag(body: string): string {
  return `"${createHash('sha256').update(body, 'utf8').digest('base64url')}"`;
}

/**
 * Does If-None-Match name this ETag? RFC 9110 §13.1.2 compares weakly here (a `W/` prefix is
 * ignored) and `*` matches any current representation.
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}
