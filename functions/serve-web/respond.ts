import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { StaticFile } from './dist.js';
import { chooseCoding } from './encoding.js';

// One answer for a file of the build, a page or an asset: the encoding the client takes, its ETag,
// and 304 when the client holds it already.

const CODING_SUFFIX = { br: '-br', gzip: '-gz', identity: '' } as const;

/** Whether If-None-Match names any representation of `file` (or is `*`); weak or strong alike. */
function holds(ifNoneMatch: string | undefined, file: StaticFile): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const value = tag.trim().replace(/^W\//, '');
    return value === '*' || new RegExp(`^"${file.hash}(-br|-gz)?"$`).test(value);
  });
}

/**
 * `file` as the request wants it. Every variant carries `vary: accept-encoding` and its own ETag,
 * so a shared cache never hands brotli to a client that asked for gzip.
 *
 * @example
 * serveFile(event, dist.asset(name), { 'cache-control': 'public, max-age=31536000, immutable' })
 */
export function serveFile(
  event: APIGatewayProxyEventV2,
  file: StaticFile,
  headers: Record<string, string>,
): APIGatewayProxyStructuredResultV2 {
  const coding = chooseCoding(event.headers['accept-encoding'], {
    br: file.br !== undefined,
    gzip: file.gzip !== undefined,
  });
  const common = {
    'content-type': file.contentType,
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
    ...headers,
    etag: `"${file.hash}${CODING_SUFFIX[coding]}"`,
  };
  if (holds(event.headers['if-none-match'], file)) return { statusCode: 304, headers: common };
  const body = coding === 'br' ? file.br : coding === 'gzip' ? file.gzip : file.raw;
  return {
    statusCode: 200,
    headers: coding === 'identity' ? common : { ...common, 'content-encoding': coding },
    body: (body ?? file.raw).toString('base64'),
    isBase64Encoded: true,
  };
}
