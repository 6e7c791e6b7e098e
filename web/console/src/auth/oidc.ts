// The console's sign-in: OAuth 2.0 authorization code with PKCE (RFC 7636, S256) against the
// deployment's issuer — Cognito's hosted sign-in, a city's OIDC provider in the China regions, or
// the local stack's development issuer — so the same code runs in all three. The browser is a
// public client: no secret; the verifier proves the code was asked for by this tab.
import type { ConsoleConfig } from '../../../../shared/adapters/console-config';
import { STAFF_ROLES, type StaffRole } from '../../../../shared/domain/staff-roles';

/** What GET /console/config.json answers (serve-web): one shape, written where it is served. */
export type { ConsoleConfig };

/** Tokens, kept in memory only (never localStorage): a reload signs in again through the issuer. */
export interface TokenSet {
  /** Sent to the API as `Authorization: Bearer`: it carries role and departmentId (Cognito: custom:). */
  readonly idToken: string;
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** Epoch milliseconds when the ID token expires. */
  readonly expiresAt: number;
}

/** Who is signed in, read from the ID token's claims (the API checks the signature, not the console). */
export interface StaffUser {
  readonly sub: string;
  readonly name: string;
  readonly role: StaffRole;
  readonly departmentId?: string;
  /** The call centre's agent id (CTI), for agents: which answered calls are theirs. */
  readonly agentId?: string;
}

/**
 * What the sign-in needs of the browser, as one seam: the unit tests (node, no DOM) give fakes.
 * Every function takes it last and optional; the console passes nothing.
 */
export interface Browser {
  /** Only for the round trip to the issuer (state, verifier, nonce, returnTo), then removed. */
  readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  readonly navigate: (url: string) => void;
  readonly fetch: typeof fetch;
  readonly now: () => number;
}

/** Why a sign-in did not complete; `code` for the console's message, never shown raw. */
export class SignInError extends Error {
  public constructor(
    public readonly code:
      | 'issuer_error'
      | 'state_mismatch'
      | 'no_pending_sign_in'
      | 'token_request_failed'
      | 'nonce_mismatch'
      | 'invalid_token'
      | 'not_configured',
    message: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

const PENDING_KEY = 'hotline12345.console.sign-in';

interface PendingSignIn {
  readonly state: string;
  readonly verifier: string;
  readonly nonce: string;
  readonly returnTo: string;
}

function browser(): Browser {
  return {
    storage: globalThis.sessionStorage,
    navigate: (url) => globalThis.location.assign(url),
    fetch: (...args) => globalThis.fetch(...args),
    now: () => Date.now(),
  };
}

export async function loadConsoleConfig(fetchImpl: typeof fetch = fetch): Promise<ConsoleConfig> {
  const response = await fetchImpl('/console/config.json', {
    headers: { accept: 'application/json' },
    cache: 'no-store',
  });
  if (!response.ok)
    throw new SignInError('not_configured', `GET /console/config.json answered ${response.status}`);
  return (await response.json()) as ConsoleConfig;
}

/**
 * Stores state and the PKCE verifier in sessionStorage and navigates to the issuer. `returnTo` is
 * the console route to come back to (see safeReturnTo); completeSignIn answers it.
 */
export async function beginSignIn(
  config: ConsoleConfig,
  returnTo: string,
  b: Browser = browser(),
): Promise<void> {
  const pending: PendingSignIn = {
    state: randomToken(),
    verifier: randomToken(),
    nonce: randomToken(),
    returnTo: safeReturnTo(returnTo),
  };
  b.storage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(config.authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: config.scope,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await challengeOf(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  b.navigate(url.toString());
}

/** On `/console/callback`: checks state, exchanges the code with the verifier. */
export async function completeSignIn(
  config: ConsoleConfig,
  callback: URL,
  b: Browser = browser(),
): Promise<{ tokens: TokenSet; returnTo: string }> {
  const raw = b.storage.getItem(PENDING_KEY);
  // One use: a reloaded or replayed callback finds nothing and starts over.
  b.storage.removeItem(PENDING_KEY);
  const params = callback.searchParams;
  const issuerError = params.get('error');
  if (issuerError)
    throw new SignInError('issuer_error', `${issuerError}: ${params.get('error_description') ?? ''}`);
  if (!raw) throw new SignInError('no_pending_sign_in', 'no sign-in was started in this tab');
  const pending = JSON.parse(raw) as PendingSignIn;
  // Equal state: the code answers the request this tab made, not one an attacker started (CSRF).
  if (!params.get('state') || params.get('state') !== pending.state)
    throw new SignInError('state_mismatch', 'the callback state is not the one sent');
  const code = params.get('code');
  if (!code) throw new SignInError('issuer_error', 'the callback carries no code');
  const tokens = await tokenRequest(
    config,
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: config.redirectUri,
      client_id: config.clientId,
      code_verifier: pending.verifier,
    },
    b,
  );
  // The nonce ties the ID token to this sign-in: a token replayed from another one is refused.
  if (claimsOf(tokens.idToken).nonce !== pending.nonce)
    throw new SignInError('nonce_mismatch', 'the ID token was not issued for this sign-in');
  return { tokens, returnTo: pending.returnTo };
}

export async function refreshTokens(
  config: ConsoleConfig,
  refreshToken: string,
  b: Browser = browser(),
): Promise<TokenSet> {
  const tokens = await tokenRequest(
    config,
    { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: config.clientId },
    b,
  );
  // Cognito answers no new refresh token: the one we have stays valid until its own expiry.
  return tokens.refreshToken ? tokens : { ...tokens, refreshToken };
}

export function userOf(idToken: string): StaffUser {
  const claims = claimsOf(idToken);
  const text = (name: string): string | undefined => {
    const value = claims[name] ?? claims[`custom:${name}`];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const role = text('role');
  if (!role || !(STAFF_ROLES as readonly string[]).includes(role))
    throw new SignInError('invalid_token', `the ID token names no staff role (${role ?? 'none'})`);
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  const name =
    [claims.name, claims.preferred_username, claims['cognito:username'], claims.email].find(
      (v): v is string => typeof v === 'string' && v !== '',
    ) ?? sub;
  const departmentId = text('departmentId');
  const agentId = text('agentId');
  return {
    sub,
    name,
    role: role as StaffRole,
    ...(departmentId ? { departmentId } : {}),
    ...(agentId ? { agentId } : {}),
  };
}

/** Where to send the browser to end the issuer's session too (undefined: nothing to visit). */
export function signOutUrl(config: ConsoleConfig, idToken: string): string | undefined {
  if (!config.endSessionEndpoint) return undefined;
  const url = new URL(config.endSessionEndpoint);
  const params =
    config.logoutStyle === 'cognito'
      ? { client_id: config.clientId, logout_uri: config.postLogoutRedirectUri }
      : {
          id_token_hint: idToken,
          post_logout_redirect_uri: config.postLogoutRedirectUri,
          client_id: config.clientId,
        };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

async function tokenRequest(
  config: ConsoleConfig,
  form: Record<string, string>,
  b: Browser,
): Promise<TokenSet> {
  const response = await b.fetch(config.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form).toString(),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.id_token !== 'string' || typeof body.access_token !== 'string') {
    const reason = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    throw new SignInError('token_request_failed', `the token endpoint refused: ${reason}`);
  }
  const exp = claimsOf(body.id_token).exp;
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600;
  return {
    idToken: body.id_token,
    accessToken: body.access_token,
    ...(typeof body.refresh_token === 'string' ? { refreshToken: body.refresh_token } : {}),
    expiresAt: typeof exp === 'number' ? exp * 1000 : b.now() + expiresIn * 1000,
  };
}

/** The payload of a JWT, unverified: the API checks the signature; the console only reads it. */
function claimsOf(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1];
  if (!payload) throw new SignInError('invalid_token', 'not a JWT');
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    throw new SignInError('invalid_token', 'the JWT payload is not JSON');
  }
}

/**
 * The console route to come back to, as the router names it (`/dispatch`): a location path
 * (`/console/dispatch?x`) is taken as the same route. Anything that could leave the console — an
 * absolute or protocol-relative URL, a backslash — becomes `/`: a crafted returnTo must not send a
 * signed-in user elsewhere.
 */
function safeReturnTo(returnTo: string): string {
  if (!returnTo.startsWith('/') || returnTo.startsWith('//') || /[\\\s]/.test(returnTo)) return '/';
  if (returnTo === '/console') return '/';
  return returnTo.startsWith('/console/') ? returnTo.slice('/console'.length) : returnTo;
}

/** 32 random bytes, base64url: 43 characters, as RFC 7636 asks of a verifier. */
function randomToken(): string {
  return base64url(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}

async function challengeOf(verifier: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
