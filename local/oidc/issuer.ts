import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STAFF_ROLES, type StaffRole } from '../../shared/domain/staff-roles.js';
import { readBoundedBody } from '../fakes/fake-server.js';
import type { LocalPages } from '../gateway.js';
import { type DevJwt, type DevTokenClaims, LOCAL_JWT_ISSUER } from '../jwt.js';
import {
  type AuthorizeRequest,
  authorizePage,
  authorizePageCsp,
  MESSAGE_PAGE_CSP,
  messagePage,
  type PageChoice,
} from './authorize-page.js';

// The local stack's development OIDC issuer at /local/oidc/ (local only: never in
// infra/functions.ts). The console signs in here exactly as it does against Cognito — authorization
// code with PKCE S256 — and the tokens are signed with the dev key of local/jwt.ts, so the gateway's
// authorizer accepts them unchanged.

export const LOCAL_OIDC_PATH = '/local/oidc';
/** The console's client id locally (CONSOLE_OIDC_CLIENT_ID). */
export const LOCAL_CONSOLE_CLIENT_ID = 'hotline12345-console-local';
const CODE_TTL_MS = 60_000;
const TOKEN_TTL = '1h';
const TOKEN_TTL_SECONDS = 3600;
/** One working shift, as the Cognito client's refresh tokens. */
const REFRESH_TTL_MS = 12 * 3600_000;
const MAX_FORM_BYTES = 16 * 1024;

interface IssuedCode {
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly nonce: string;
  readonly claims: DevTokenClaims;
  readonly expiresAt: number;
}

/**
 * @param origins the origins the stack's pages are served from (pageOrigins): redirect and
 *   post-logout URIs must be one of them, with the console's path; the token endpoint answers
 *   their scripts (CORS).
 */
export function localOidcIssuer(o: {
  devJwt: DevJwt;
  origins: readonly string[];
  departments: readonly { id: string; name: string }[];
  now?: () => number;
}): LocalPages {
  const now = o.now ?? Date.now;
  // In memory only: a restarted stack forgets its codes and refresh tokens; the console signs in again.
  const codes = new Map<string, IssuedCode>();
  const refreshTokens = new Map<string, { claims: DevTokenClaims; expiresAt: number }>();

  const redirectAllowed = (uri: string) => allowedConsoleUri(uri, o.origins, '/console/callback');

  async function tokens(claims: DevTokenClaims, nonce?: string) {
    const idToken = await o.devJwt.issue(
      { ...claims, token_use: 'id', ...(nonce ? { nonce } : {}) },
      { ttl: TOKEN_TTL },
    );
    const accessToken = await o.devJwt.issue({ ...claims, token_use: 'access' }, { ttl: TOKEN_TTL });
    return {
      id_token: idToken,
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: TOKEN_TTL_SECONDS,
    };
  }

  function sweep(): void {
    const t = now();
    for (const [code, issued] of codes) if (issued.expiresAt <= t) codes.delete(code);
    for (const [token, held] of refreshTokens) if (held.expiresAt <= t) refreshTokens.delete(token);
  }

  async function authorize(req: IncomingMessage, res: ServerResponse, query: string): Promise<void> {
    const form = req.method === 'POST' ? await readForm(req) : new URLSearchParams(query);
    if (!form) return sendHtml(res, 413, messagePage('请求过大', '表单超过长度上限。'));
    const request = authorizeRequestOf(form);
    // Never redirect to an unchecked URI: a wrong client or redirect_uri gets a page, not a 302.
    if (request.client_id !== LOCAL_CONSOLE_CLIENT_ID)
      return sendHtml(
        res,
        400,
        messagePage('无法登录', `未知的 client_id：${request.client_id || '（空）'}`),
      );
    if (!redirectAllowed(request.redirect_uri))
      return sendHtml(res, 400, messagePage('无法登录', 'redirect_uri 不是本系统工作台的回调地址。'));
    const back = new URL(request.redirect_uri);
    const fail = (error: string, description: string) => {
      back.searchParams.set('error', error);
      back.searchParams.set('error_description', description);
      if (request.state) back.searchParams.set('state', request.state);
      return redirect(res, back.toString());
    };
    if (form.get('response_type') !== 'code' && req.method === 'GET')
      return fail('unsupported_response_type', 'only response_type=code');
    if (request.code_challenge_method !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(request.code_challenge))
      return fail('invalid_request', 'PKCE with code_challenge_method=S256 is required');
    if (!request.nonce) return fail('invalid_request', 'nonce is required');
    const csp = authorizePageCsp(back.origin);
    if (req.method === 'GET')
      return sendHtml(res, 200, authorizePage({ request, departments: o.departments }), csp);

    const { choice, error } = choiceOf(form, o.departments);
    if (error || !choice.role)
      return sendHtml(res, 400, authorizePage({ request, departments: o.departments, choice, error }), csp);
    sweep();
    const code = randomToken();
    codes.set(code, {
      redirectUri: request.redirect_uri,
      codeChallenge: request.code_challenge,
      nonce: request.nonce,
      claims: claimsOf(choice),
      expiresAt: now() + CODE_TTL_MS,
    });
    back.searchParams.set('code', code);
    if (request.state) back.searchParams.set('state', request.state);
    return redirect(res, back.toString());
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cors = corsOf(req, o.origins);
    const refuse = (error: string, description: string, status = 400) =>
      sendJson(res, status, { error, error_description: description }, cors);
    if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
      req.resume();
      return refuse('invalid_request', 'the body must be application/x-www-form-urlencoded');
    }
    const form = await readForm(req);
    if (!form) return refuse('invalid_request', 'the body is too large');
    if (form.get('client_id') !== LOCAL_CONSOLE_CLIENT_ID)
      return refuse('invalid_client', 'unknown client_id', 401);
    sweep();
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      const issued = codes.get(code);
      // Single use, whatever the outcome: a guessed verifier gets no second try.
      codes.delete(code);
      if (!issued || issued.expiresAt <= now())
        return refuse('invalid_grant', 'the code is unknown, used or expired');
      if (form.get('redirect_uri') !== issued.redirectUri)
        return refuse('invalid_grant', 'redirect_uri differs from the authorization request');
      if (!sameText(challengeOf(form.get('code_verifier') ?? ''), issued.codeChallenge))
        return refuse('invalid_grant', 'the code_verifier does not match the code_challenge');
      const refreshToken = randomToken();
      refreshTokens.set(refreshToken, { claims: issued.claims, expiresAt: now() + REFRESH_TTL_MS });
      return sendJson(
        res,
        200,
        { ...(await tokens(issued.claims, issued.nonce)), refresh_token: refreshToken },
        cors,
      );
    }
    if (grant === 'refresh_token') {
      const held = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!held || held.expiresAt <= now())
        return refuse('invalid_grant', 'the refresh token is unknown or expired');
      // No rotation, as Cognito: the same refresh token serves until it expires.
      return sendJson(res, 200, await tokens(held.claims), cors);
    }
    return refuse('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  }

  function logout(res: ServerResponse, query: string): void {
    const params = new URLSearchParams(query);
    const target = params.get('post_logout_redirect_uri') ?? params.get('logout_uri');
    // Only back to the console itself: an open redirect here would lend the stack's name to phishing.
    if (!target) sendHtml(res, 200, messagePage('已退出', '您已退出本地开发登录。'));
    else if (!allowedConsoleUri(target, o.origins, '/console/'))
      sendHtml(res, 400, messagePage('无法跳转', '退出后的跳转地址不是本系统的工作台。'));
    else redirect(res, target);
  }

  return async (req, res, path, query) => {
    if (!path.startsWith(`${LOCAL_OIDC_PATH}/`)) return false;
    const route = `${req.method} ${path.slice(LOCAL_OIDC_PATH.length)}`;
    const base = `${originOf(req, o.origins)}${LOCAL_OIDC_PATH}`;
    switch (route) {
      case 'GET /.well-known/openid-configuration':
        sendJson(res, 200, discovery(base));
        return true;
      case 'GET /jwks.json':
        sendJson(res, 200, { keys: [o.devJwt.publicJwk] });
        return true;
      case 'GET /authorize':
      case 'POST /authorize':
        await authorize(req, res, query);
        return true;
      case 'POST /token':
        await token(req, res);
        return true;
      case 'GET /logout':
        logout(res, query);
        return true;
      default:
        req.resume();
        sendJson(res, 404, {
          error: 'not_found',
          error_description: `no ${route} on the development issuer`,
        });
        return true;
    }
  };
}

function discovery(base: string) {
  return {
    // The tokens' `iss`, as the gateway's authorizer checks it; the endpoints are below `base`.
    issuer: LOCAL_JWT_ISSUER,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/token`,
    jwks_uri: `${base}/jwks.json`,
    end_session_endpoint: `${base}/logout`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['ES256'],
    scopes_supported: ['openid', 'profile', 'email'],
    token_endpoint_auth_methods_supported: ['none'],
    claims_supported: ['sub', 'name', 'role', 'departmentId', 'agentId', 'nonce'],
  };
}

function authorizeRequestOf(form: URLSearchParams): AuthorizeRequest {
  const text = (name: string) => form.get(name) ?? '';
  return {
    client_id: text('client_id'),
    redirect_uri: text('redirect_uri'),
    scope: text('scope') || 'openid',
    state: text('state'),
    nonce: text('nonce'),
    code_challenge: text('code_challenge'),
    code_challenge_method: text('code_challenge_method'),
  };
}

/** The person picked on the page, or why it cannot sign in (in Chinese, shown on the page). */
function choiceOf(
  form: URLSearchParams,
  departments: readonly { id: string; name: string }[],
): { choice: PageChoice; error?: string } {
  const roleText = form.get('role') ?? '';
  const role = (STAFF_ROLES as readonly string[]).includes(roleText) ? (roleText as StaffRole) : undefined;
  const departmentId = (form.get('departmentId') ?? '').trim();
  const agentId = (form.get('agentId') ?? '').trim();
  const name = (form.get('name') ?? '').trim().slice(0, 40);
  const choice: PageChoice = {
    ...(role ? { role } : {}),
    ...(departmentId ? { departmentId } : {}),
    ...(agentId ? { agentId } : {}),
    ...(name ? { name } : {}),
  };
  if (!role) return { choice, error: '请选择一个角色。' };
  if (role === 'department' && !departments.some((d) => d.id === departmentId))
    return { choice, error: '承办人须选择承办单位。' };
  if (role === 'agent' && !/^[A-Za-z0-9_-]{1,32}$/.test(agentId))
    return { choice, error: '话务员须填写工号（字母、数字、- 或 _，至多 32 位）。' };
  return { choice };
}

/** A stable `sub` per picked identity, so the case history names the same actor across sign-ins. */
function claimsOf(choice: PageChoice): DevTokenClaims {
  const role = choice.role as StaffRole;
  const departmentId = role === 'department' ? choice.departmentId : undefined;
  const agentId = role === 'agent' ? choice.agentId : undefined;
  const sub = ['local', role, departmentId ?? agentId].filter(Boolean).join('-');
  return {
    sub,
    name: choice.name ?? `本地${role}`,
    role,
    ...(departmentId ? { departmentId } : {}),
    ...(agentId ? { agentId } : {}),
  };
}

/** `uri` is one of the stack's origins with exactly `path` and no query or fragment. */
function allowedConsoleUri(uri: string, origins: readonly string[], path: string): boolean {
  if (!URL.canParse(uri)) return false;
  const url = new URL(uri);
  return origins.includes(url.origin) && url.pathname === path && !url.search && !url.hash && !url.username;
}

/** The request's own origin when it is one of the stack's (the discovery document's endpoints). */
function originOf(req: IncomingMessage, origins: readonly string[]): string {
  const own = `http://${req.headers.host ?? ''}`;
  return origins.includes(own) ? own : (origins[0] ?? own);
}

function corsOf(req: IncomingMessage, origins: readonly string[]): Record<string, string> {
  const origin = req.headers.origin;
  return origin && origins.includes(origin) ? { 'access-control-allow-origin': origin, vary: 'origin' } : {};
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const body = await readBoundedBody(req, MAX_FORM_BYTES);
  return body ? new URLSearchParams(body.toString('utf8')) : undefined;
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

function challengeOf(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'cache-control': 'no-store', 'content-length': 0 });
  res.end();
}

function sendHtml(res: ServerResponse, status: number, html: string, csp = MESSAGE_PAGE_CSP): void {
  const body = Buffer.from(html);
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': csp,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-length': body.length,
  });
  res.end(body);
}

function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'cache-control': 'no-store',
    pragma: 'no-cache',
    'content-length': body.length,
  });
  res.end(body);
}
