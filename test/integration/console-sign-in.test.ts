import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LOCAL_CONSOLE_CLIENT_ID } from '../../local/oidc/issuer.js';
import { consoleSignInEnv } from '../../local/phases/environment.js';
import { stack } from './helpers.js';

// The development issuer's protocol over HTTP, as the console speaks it (web/console/src/auth/oidc.ts):
// discovery, the authorize form, the code exchange with PKCE, refresh and logout. No browser: the
// form POST is what the page's 登录 button sends.

const ISSUER = `${stack.url}/local/oidc`;
const CLIENT_ID = LOCAL_CONSOLE_CLIENT_ID;
const REDIRECT_URI = `${stack.url}/console/callback`;

interface Pkce {
  verifier: string;
  challenge: string;
}

function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeForm(p: Pkce, overrides: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email',
    state: 'state-1',
    nonce: 'nonce-1',
    code_challenge: p.challenge,
    code_challenge_method: 'S256',
    role: 'dispatcher',
    departmentId: '',
    agentId: 'A001',
    name: '王派单',
    ...overrides,
  });
}

/** The page's form POST: the 302's Location. */
async function authorize(form: URLSearchParams): Promise<Response> {
  return fetch(`${ISSUER}/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    redirect: 'manual',
  });
}

async function codeFor(p: Pkce, overrides: Record<string, string> = {}): Promise<string> {
  const response = await authorize(authorizeForm(p, overrides));
  return new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
}

async function token(
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(`${ISSUER}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: CLIENT_ID, ...form }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

function exchange(code: string, verifier: string) {
  return token({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
}

function claimsOf(jwt: string): Record<string, string> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

describe('Local development issuer (console sign-in)', () => {
  it('tells the console where it is through the stack env and the discovery document', async () => {
    // Act
    const response = await fetch(`${ISSUER}/.well-known/openid-configuration`);
    const discovery = (await response.json()) as Record<string, unknown>;
    const jwks = (await (await fetch(`${ISSUER}/jwks.json`)).json()) as { keys: Record<string, string>[] };

    // Assess
    expect(response.status).toBe(200);
    expect(discovery).toMatchObject({
      issuer: 'hotline12345-local',
      authorization_endpoint: `${ISSUER}/authorize`,
      token_endpoint: `${ISSUER}/token`,
      end_session_endpoint: `${ISSUER}/logout`,
      code_challenge_methods_supported: ['S256'],
    });
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]?.d).toBeUndefined();
    // What serve-web turns into /console/config.json names the same endpoints.
    expect(consoleSignInEnv(stack.url)).toMatchObject({
      CONSOLE_OIDC_AUTHORIZATION_ENDPOINT: discovery.authorization_endpoint,
      CONSOLE_OIDC_TOKEN_ENDPOINT: discovery.token_endpoint,
      CONSOLE_OIDC_END_SESSION_ENDPOINT: discovery.end_session_endpoint,
      CONSOLE_OIDC_LOGOUT_STYLE: 'oidc',
      CONSOLE_OIDC_CLIENT_ID: CLIENT_ID,
    });
  });

  it('shows a Chinese sign-in page with every role, under a CSP without unsafe-inline', async () => {
    // Prepare
    const query = authorizeForm(pkce());
    query.set('response_type', 'code');

    // Act
    const response = await fetch(`${ISSUER}/authorize?${query}`);
    const html = await response.text();

    // Assess
    expect(response.status).toBe(200);
    expect(html).toContain('lang="zh-CN"');
    for (const label of ['话务员', '派单员', '承办人', '督办', '数据分析', '系统管理员'])
      expect(html).toContain(label);
    expect(html).toContain('江城水务集团');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('issues a code that buys tokens the API accepts, carrying the nonce and the picked role', async () => {
    // Prepare
    const p = pkce();

    // Act
    const response = await authorize(authorizeForm(p));
    const location = new URL(response.headers.get('location') ?? '');
    const { status, body } = await exchange(location.searchParams.get('code') ?? '', p.verifier);
    const cases = await fetch(`${stack.url}/v1/dispatch/cases`, {
      headers: { authorization: `Bearer ${body.id_token}` },
    });

    // Assess
    expect(response.status).toBe(302);
    expect(location.origin + location.pathname).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('state-1');
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(claimsOf(body.id_token ?? '')).toMatchObject({
      iss: 'hotline12345-local',
      aud: 'hotline12345-staff',
      role: 'dispatcher',
      name: '王派单',
      nonce: 'nonce-1',
    });
    expect(claimsOf(body.id_token ?? '').agentId).toBeUndefined();
    expect(cases.status).toBe(200);
  });

  it('puts departmentId and agentId in the tokens of the roles that have them', async () => {
    // Prepare
    const department = pkce();
    const agent = pkce();

    // Act
    const d = await exchange(
      await codeFor(department, { role: 'department', departmentId: 'water-group' }),
      department.verifier,
    );
    const a = await exchange(await codeFor(agent, { role: 'agent', agentId: 'A007' }), agent.verifier);

    // Assess
    expect(claimsOf(d.body.id_token ?? '')).toMatchObject({
      role: 'department',
      departmentId: 'water-group',
    });
    expect(claimsOf(a.body.id_token ?? '')).toMatchObject({ role: 'agent', agentId: 'A007' });
  });

  it('refuses a wrong verifier and a used code with invalid_grant', async () => {
    // Prepare
    const p = pkce();
    const first = await codeFor(p);
    const second = await codeFor(p);

    // Act
    const wrong = await exchange(first, pkce().verifier);
    const retried = await exchange(first, p.verifier);
    const good = await exchange(second, p.verifier);
    const reused = await exchange(second, p.verifier);

    // Assess
    expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(wrong.body.error_description).toBeTruthy();
    expect(retried).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(good.status).toBe(200);
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('refuses a foreign redirect_uri without redirecting, and bad sign-in input on the page', async () => {
    // Act
    const foreign = await authorize(
      authorizeForm(pkce(), { redirect_uri: 'https://evil.example/console/callback' }),
    );
    const noDepartment = await authorize(authorizeForm(pkce(), { role: 'department', departmentId: '' }));
    const noPkce = await authorize(authorizeForm(pkce(), { code_challenge: '' }));

    // Assess
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('location')).toBeNull();
    expect(noDepartment.status).toBe(400);
    expect(await noDepartment.text()).toContain('承办人须选择承办单位');
    expect(new URL(noPkce.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_request');
  });

  it('refreshes without rotating the refresh token, and refuses an unknown one and another grant', async () => {
    // Prepare
    const p = pkce();
    const { body } = await exchange(await codeFor(p), p.verifier);

    // Act
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: body.refresh_token ?? '' });
    const again = await token({ grant_type: 'refresh_token', refresh_token: body.refresh_token ?? '' });
    const unknown = await token({ grant_type: 'refresh_token', refresh_token: 'nope' });
    const password = await token({ grant_type: 'password' });

    // Assess
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeUndefined();
    expect(claimsOf(refreshed.body.id_token ?? '')).toMatchObject({
      role: 'dispatcher',
      sub: claimsOf(body.id_token ?? '').sub,
    });
    expect(again.status).toBe(200);
    expect(unknown).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(password).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
  });

  it('signs out back to the console only, never to a foreign address', async () => {
    // Act
    const home = await fetch(
      `${ISSUER}/logout?client_id=${CLIENT_ID}&post_logout_redirect_uri=${encodeURIComponent(`${stack.url}/console/`)}`,
      { redirect: 'manual' },
    );
    const foreign = await fetch(
      `${ISSUER}/logout?post_logout_redirect_uri=${encodeURIComponent('https://evil.example/console/')}`,
      { redirect: 'manual' },
    );

    // Assess
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe(`${stack.url}/console/`);
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('location')).toBeNull();
  });
});
