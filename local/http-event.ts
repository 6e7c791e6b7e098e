import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { LOCAL_ACCOUNT } from './lambda-context.js';
import type { Route } from './routes.js';

/** API Gateway passes these bodies as text; any other content type arrives base64-encoded. */
const TEXT_TYPES =
  /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded|[\w.+-]+\+(json|xml))\b)/i;

export const LOCAL_API_ID = 'local';

/** An HTTP API payload format 2.0 event, field by field as API Gateway builds it. */
export function httpApiEvent(input: {
  req: IncomingMessage;
  route: Route;
  path: string;
  rawQueryString: string;
  pathParameters: Record<string, string> | undefined;
  body: Buffer;
  requestId: string;
  host: string;
}): APIGatewayProxyEventV2 {
  const { req, route, body } = input;
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  // rawHeaders keeps repeated headers apart; API Gateway joins them with commas, cookies aside.
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] as string).toLowerCase();
    const value = req.rawHeaders[i + 1] as string;
    if (name === 'cookie') {
      cookies = [...(cookies ?? []), ...value.split(/;\s*/).filter(Boolean)];
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${sourceIp}`
    : sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= String(req.socket.localPort ?? '');

  const now = new Date();
  const contentType = headers['content-type'] ?? '';
  const isBase64Encoded = body.length > 0 && !TEXT_TYPES.test(contentType);
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: input.path,
    rawQueryString: input.rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...queryParameters(input.rawQueryString),
    ...(input.pathParameters ? { pathParameters: input.pathParameters } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: LOCAL_API_ID,
      domainName: input.host,
      domainPrefix: input.host.split('.')[0] ?? input.host,
      http: {
        method: req.method ?? 'GET',
        path: input.path,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: input.requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded,
  };
  if (body.length > 0) event.body = isBase64Encoded ? body.toString('base64') : body.toString('utf8');
  return event;
}

/** Repeated parameters are joined with commas, as API Gateway does; absent when there are none. */
function queryParameters(raw: string): { queryStringParameters?: Record<string, string> } {
  if (!raw) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = out[key] === undefined ? value : `${out[key]},${value}`;
  }
  return { queryStringParameters: out };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the format of requestContext.time. */
function clfTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(
    d.getUTCMinutes(),
  )}:${p(d.getUTCSeconds())} +0000`;
}
