// Conditional GET for staff reads: a strong ETag from the body, 304 when the client already has it.
import { createHash } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * The strong ETag of a body: the first 128 bits of its SHA-256, base64url, quoted. Strong because
 * the same bytes give the same tag, whatever route or version produced them.
 *
 * @example
 * etagOf('{"items":[]}') // '"…22 characters…"'
 */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body, 'utf8').digest().subarray(0, 16).toString('base64url')}"`;
}

/**
 * Does `If-None-Match` name `tag`? A list of tags, each maybe weak (`W/"…"`), or `*`: RFC 9110
 * §13.1.2 compares weakly for this header, so a tag a proxy weakened still matches.
 */
export function noneMatchHits(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  const wanted = tag.replace(/^W\//, '');
  return header
    .split(',')
    .map((t) => t.trim())
    .some((t) => t === '*' || t.replace(/^W\//, '') === wanted);
}

/**
 * After the handler: a 200 answer to a GET gets `etag` (the body's hash); when the request's
 * `If-None-Match` names it, the answer becomes a 304 without a body that keeps the other headers
 * (`cache-control: no-store` included: the console revalidates every time, no cache keeps the
 * case). Errors and other methods pass untouched. Use it after `jsonErrors`, so its `after` runs
 * first and the 304 still gets the security headers.
 *
 * @example
 * middy().use(jsonErrors({ logger })).use(when([ROUTES.queue, ROUTES.getCase], conditionalGet()))
 */
export function conditionalGet(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const conditionalGetAfter: MiddlewareObj<
    APIGatewayProxyEventV2,
    APIGatewayProxyStructuredResultV2
  >['after'] = (request) => {
    const response = request.response;
    const method = request.event.requestContext?.http?.method ?? request.event.routeKey?.split(' ')[0];
    if (!response || method !== 'GET' || response.statusCode !== 200 || typeof response.body !== 'string')
      return;
    const tag = etagOf(response.body);
    const headers: Record<string, string | number | boolean> = { ...response.headers, etag: tag };
    if (!noneMatchHits(request.event.headers?.['if-none-match'], tag)) {
      request.response = { ...response, headers };
      return;
    }
    // A 304 describes the representation the client holds: no body, so no content type either.
    const { 'content-type': _type, 'content-length': _length, ...kept } = headers;
    request.response = { statusCode: 304, headers: kept };
  };
  return { after: conditionalGetAfter };
}
