import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { FunctionTimeoutError, type LocalFunctions } from './functions.js';
import { httpApiEvent } from './http-event.js';
import { type RateLimit, TokenBuckets } from './rate-limit.js';
import { httpRoutes, matchRoute, type Route } from './routes.js';

/**
 * A request the HTTP parser gives up on (a request line or headers past Node's 16 KB, malformed
 * syntax) gets a JSON error, as API Gateway answers one, instead of Node's default: a bare 431 or
 * 400 and the socket destroyed while the client may still be sending, which the client sees as a
 * reset connection rather than an answer. What the client still sends is read and dropped, so it
 * gets to read the answer.
 */
function answerUnparsableRequests(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const body = JSON.stringify({
      error: tooLarge
        ? { code: 'request_too_large', message: '请求行或请求头过大' }
        : { code: 'bad_request', message: '无法解析的 HTTP 请求' },
    });
    socket.on('error', () => socket.destroy());
    socket.resume();
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

/** API Gateway's payload limit for HTTP APIs. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * The check on staff routes (DESIGN §9; local/jwt.ts has the local one). It returns a refusal to
 * send, or undefined to let the request through (and may add `requestContext.authorizer` to the event).
 */
export type Authorizer = (route: Route, event: APIGatewayProxyEventV2) => Promise<ErrorReply | undefined>;

export interface ErrorReply {
  status: number;
  code: string;
  message: string;
}

/** A gateway started without an authorizer fails closed on staff routes rather than run them open. */
const refuseJwtRoutes: Authorizer = async () => ({
  status: 401,
  code: 'unauthorized',
  message: 'this gateway has no JWT authorizer',
});

/** Local-only endpoints under /_local/ for scripts and tests that run in another process. */
export type AdminHandler = (
  method: string,
  path: string,
) => Promise<{ status: number; body: unknown } | undefined>;

/**
 * Local-only pages under /local/ that speak raw HTTP (HTML, forms, redirects): the development
 * OIDC issuer. True when it answered; false lets the request go on to the routes.
 */
export type LocalPages = (
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  rawQueryString: string,
) => Promise<boolean>;

export interface Gateway {
  url: string;
  port: number;
  /** Stops accepting connections and waits for in-flight requests to finish. */
  close(): Promise<void>;
}

export async function startGateway(options: {
  port: number;
  functions: LocalFunctions;
  authorizer?: Authorizer;
  admin?: AdminHandler;
  local?: LocalPages;
  /** Per source address on public routes; none when undefined (tests, the benchmark). */
  rateLimit?: RateLimit;
  /** Default: the routes of infra/functions.ts; tests may add a route of their own. */
  routes?: readonly Route[];
  log: (line: string) => void;
}): Promise<Gateway> {
  const routes = options.routes ?? httpRoutes();
  const authorizer = options.authorizer ?? refuseJwtRoutes;
  const limiter = options.rateLimit ? new TokenBuckets(options.rateLimit) : undefined;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log(`gateway: ${(error as Error).stack ?? error}`);
      if (!res.headersSent)
        sendError(res, randomUUID(), {
          status: 500,
          code: 'internal_error',
          message: 'Internal Server Error',
        });
      else res.destroy();
    });
  });
  // Keep-alive clients (the benchmark) reuse connections; stop() still ends idle ones.
  server.keepAliveTimeout = 5_000;
  answerUnparsableRequests(server);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const rawQueryString = q === -1 ? '' : rawUrl.slice(q + 1);
    const method = req.method ?? 'GET';

    if (path.startsWith('/_local/') && options.admin) {
      const reply = await options.admin(method, path);
      if (reply) return sendJson(res, requestId, reply.status, reply.body);
    }
    if (path.startsWith('/local/') && options.local && (await options.local(req, res, path, rawQueryString)))
      return;
    const matched = matchRoute(routes, method, path);
    if (!matched) {
      req.resume();
      return sendError(res, requestId, {
        status: 404,
        code: 'route_not_found',
        message: `no route for ${method} ${path}`,
      });
    }
    if (limiter && matched.route.auth === 'public') {
      // The socket's address, not X-Forwarded-For: a client must not pick its own bucket.
      const decision = limiter.take(req.socket.remoteAddress ?? 'unknown');
      if (!decision.allowed) {
        req.resume();
        res.setHeader('retry-after', String(decision.retryAfterSeconds));
        return sendError(res, requestId, {
          status: 429,
          code: 'rate_limited',
          message: '请求过于频繁，请稍后再试',
        });
      }
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      return sendError(res, requestId, tooLarge());
    }
    const body = await readBody(req);
    if (!body) return sendError(res, requestId, tooLarge());

    const event = httpApiEvent({
      req,
      route: matched.route,
      path,
      rawQueryString,
      pathParameters: matched.pathParameters,
      body,
      requestId,
      host: req.headers.host ?? 'localhost',
    });
    if (matched.route.auth === 'jwt') {
      const refusal = await authorizer(matched.route, event);
      if (refusal) return sendError(res, requestId, refusal);
    }
    let result: unknown;
    try {
      result = await options.functions.invoke(matched.route.functionName, event, requestId);
    } catch (error) {
      // What API Gateway answers when the Lambda integration fails: a handler that threw, or one
      // Lambda killed at its timeout (Lambda reports both as a function error, and the function's
      // timeout ends it well before the HTTP API's 30 s integration timeout). The HTTP API then
      // answers 500 with its own body, `{"message":"Internal Server Error"}`, not the app's error
      // envelope (AWS, API Gateway developer guide: "Troubleshooting issues with HTTP API Lambda
      // integrations"). A function that wants the caller to retry answers 503 itself before its
      // timeout (shared/http/http-handler.ts). The cause goes to the log only.
      const what = error instanceof FunctionTimeoutError ? 'timed out' : 'failed';
      options.log(`${matched.route.functionName} ${what}: ${(error as Error).stack ?? error}`);
      return sendJson(res, requestId, 500, { message: 'Internal Server Error' });
    }
    sendResult(res, requestId, result);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, port, close: () => close(server) };
}

function tooLarge(): ErrorReply {
  return {
    status: 413,
    code: 'payload_too_large',
    message: `the request body exceeds ${MAX_BODY_BYTES} bytes`,
  };
}

/** The whole body, or undefined once it passes the limit (the rest is then drained unread). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Maps a handler's result the way API Gateway does for payload 2.0: a structured result is taken
 * as it is; anything else becomes a 200 JSON body.
 */
function sendResult(res: ServerResponse, requestId: string, result: unknown): void {
  const structured =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? (result as APIGatewayProxyStructuredResultV2)
      : undefined;
  if (!structured) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    sendJson(res, requestId, 200, undefined, body);
    return;
  }
  const headers: Record<string, string | number | string[]> = { 'apigw-requestid': requestId };
  for (const [name, value] of Object.entries(structured.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const body =
    structured.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8');
  headers['content-length'] = body.length;
  headers['content-type'] ??= 'application/json';
  res.writeHead(structured.statusCode ?? 200, headers);
  res.end(body);
}

function sendError(res: ServerResponse, requestId: string, error: ErrorReply): void {
  sendJson(res, requestId, error.status, { error: { code: error.code, message: error.message } });
}

function sendJson(
  res: ServerResponse,
  requestId: string,
  status: number,
  value: unknown,
  text?: string,
): void {
  const body = Buffer.from(text ?? JSON.stringify(value));
  res.writeHead(status, {
    'apigw-requestid': requestId,
    'content-type': 'application/json',
    'content-length': body.length,
  });
  res.end(body);
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    // Requests in progress finish; idle keep-alive sockets are dropped now, not after their timeout.
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
