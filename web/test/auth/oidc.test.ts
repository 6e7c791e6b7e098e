import { describe, expect, it } from 'vitest';
import {
  type Browser,
  beginSignIn,
  type ConsoleConfig,
  completeSignIn,
  refreshTokens,
  signOutUrl,
  userOf,
} from '../../console/src/auth/oidc';

const CONFIG: ConsoleConfig = {
  issuer: 'https://issuer.example',
  authorizationEndpoint: 'https://issuer.example/authorize',
  tokenEndpoint: 'https://issuer.example/token',
  endSessionEndpoint: 'https://issuer.example/logout',
  logoutStyle: 'cognito',
  clientId: 'console',
  scope: 'openid profile email',
  redirectUri: 'https://api.example/console/callback',
  postLogoutRedirectUri: 'https://api.example/console/',
};

/** An unsigned JWT with these claims: the console reads claims, the API checks signatures. */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => base64url(new TextEncoder().encode(JSON.stringify(value)));
  return `${part({ alg: 'none' })}.${part(claims)}.sig`;
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

interface FakeBrowser extends Browser {
  readonly stored: Map<string, string>;
  /** Every value written, kept after completeSignIn removes it. */
  readonly written: string[];
  readonly visited: string[];
  readonly requests: { url: string; body: URLSearchParams }[];
}

function fakeBrowser(answer: (form: URLSearchParams) => { status: number; body: unknown }): FakeBrowser {
  const stored = new Map<string, string>();
  const written: string[] = [];
  const visited: string[] = [];
  const requests: { url: string; body: URLSearchParams }[] = [];
  return {
    stored,
    written,
    visited,
    requests,
    storage: {
      getItem: (key) => stored.get(key) ?? null,
      setItem: (key, value) => {
        written.push(value);
        stored.set(key, value);
      },
      removeItem: (key) => void stored.delete(key),
    },
    navigate: (url) => void visited.push(url),
    fetch: async (url, init) => {
      const body = new URLSearchParams(String(init?.body));
      requests.push({ url: String(url), body });
      const reply = answer(body);
      return new Response(JSON.stringify(reply.body), { status: reply.status });
    },
    now: () => 1_000_000,
  };
}

/** Starts a sign-in and returns what the issuer was sent. */
async function begin(b: FakeBrowser, returnTo = '/console/dispatch'): Promise<URL> {
  await beginSignIn(CONFIG, returnTo, b);
  return new URL(b.visited[0] ?? '');
}

describe('beginSignIn', () => {
  it('sends the browser to the issuer with an S256 challenge, state and nonce', async () => {
    // Prepare
    const b = fakeBrowser(() => ({ status: 500, body: {} }));

    // Act
    const url = await begin(b);

    // Assess
    expect(url.origin + url.pathname).toBe(CONFIG.authorizationEndpoint);
    const p = url.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('client_id')).toBe('console');
    expect(p.get('redirect_uri')).toBe(CONFIG.redirectUri);
    expect(p.get('scope')).toBe('openid profile email');
    expect(p.get('code_challenge_method')).toBe('S256');
    const pending = JSON.parse([...b.stored.values()][0] ?? '{}');
    expect(p.get('state')).toBe(pending.state);
    expect(p.get('nonce')).toBe(pending.nonce);
    expect(pending.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier));
    expect(p.get('code_challenge')).toBe(base64url(new Uint8Array(digest)));
  });

  it.each([
    ['/dispatch', '/dispatch'],
    ['/console/cases/c1?tab=history', '/cases/c1?tab=history'],
    ['/console', '/'],
    ['//evil.example/console/', '/'],
    ['https://evil.example/', '/'],
    ['/\\evil.example', '/'],
  ])('keeps returnTo %s inside the console as the route %s', async (given, kept) => {
    // Prepare
    const b = fakeBrowser(() => ({ status: 500, body: {} }));

    // Act
    await begin(b, given);

    // Assess
    expect(JSON.parse([...b.stored.values()][0] ?? '{}').returnTo).toBe(kept);
  });
});

describe('completeSignIn', () => {
  it('exchanges the code with the verifier and returns the tokens and where to go', async () => {
    // Prepare
    let nonce = '';
    const b = fakeBrowser(() => ({
      status: 200,
      body: {
        id_token: jwt({ sub: 'u1', role: 'dispatcher', nonce, exp: 2_000 }),
        access_token: 'access',
        refresh_token: 'refresh',
        expires_in: 3600,
      },
    }));
    const sent = await begin(b);
    nonce = sent.searchParams.get('nonce') ?? '';
    const callback = new URL(`${CONFIG.redirectUri}?code=c1&state=${sent.searchParams.get('state')}`);

    // Act
    const { tokens, returnTo } = await completeSignIn(CONFIG, callback, b);

    // Assess
    expect(returnTo).toBe('/dispatch');
    expect(tokens).toMatchObject({ accessToken: 'access', refreshToken: 'refresh', expiresAt: 2_000_000 });
    const request = b.requests[0];
    expect(request?.url).toBe(CONFIG.tokenEndpoint);
    expect(Object.fromEntries(request?.body ?? [])).toEqual({
      grant_type: 'authorization_code',
      code: 'c1',
      redirect_uri: CONFIG.redirectUri,
      client_id: 'console',
      code_verifier: JSON.parse(b.written.at(-1) ?? '{}').verifier,
    });
    expect(b.stored.size).toBe(0);
  });

  it('refuses a callback whose state is not the one sent, without asking for tokens', async () => {
    // Prepare
    const b = fakeBrowser(() => ({ status: 200, body: {} }));
    await begin(b);
    const callback = new URL(`${CONFIG.redirectUri}?code=c1&state=forged`);

    // Act & Assess
    await expect(completeSignIn(CONFIG, callback, b)).rejects.toMatchObject({ code: 'state_mismatch' });
    expect(b.requests).toEqual([]);
  });

  it('refuses an ID token whose nonce is not this sign-in’s', async () => {
    // Prepare
    const b = fakeBrowser(() => ({
      status: 200,
      body: { id_token: jwt({ sub: 'u1', role: 'agent', nonce: 'other' }), access_token: 'a' },
    }));
    const sent = await begin(b);
    const callback = new URL(`${CONFIG.redirectUri}?code=c1&state=${sent.searchParams.get('state')}`);

    // Act & Assess
    await expect(completeSignIn(CONFIG, callback, b)).rejects.toMatchObject({ code: 'nonce_mismatch' });
  });

  it('reports the issuer’s error and a refused code exchange', async () => {
    // Prepare
    const b = fakeBrowser(() => ({ status: 400, body: { error: 'invalid_grant' } }));
    const sent = await begin(b);
    const state = sent.searchParams.get('state');

    // Act & Assess
    await expect(
      completeSignIn(CONFIG, new URL(`${CONFIG.redirectUri}?error=access_denied&state=${state}`), b),
    ).rejects.toMatchObject({ code: 'issuer_error' });
    await begin(b);
    const again = new URL(b.visited[1] ?? '').searchParams.get('state');
    await expect(
      completeSignIn(CONFIG, new URL(`${CONFIG.redirectUri}?code=c&state=${again}`), b),
    ).rejects.toMatchObject({
      code: 'token_request_failed',
      message: expect.stringContaining('invalid_grant'),
    });
  });

  it('refuses a callback when no sign-in was started in this tab', async () => {
    // Prepare
    const b = fakeBrowser(() => ({ status: 200, body: {} }));

    // Act & Assess
    await expect(
      completeSignIn(CONFIG, new URL(`${CONFIG.redirectUri}?code=c&state=s`), b),
    ).rejects.toMatchObject({ code: 'no_pending_sign_in' });
  });
});

describe('refreshTokens', () => {
  it('keeps the refresh token when the issuer answers none (Cognito)', async () => {
    // Prepare
    const b = fakeBrowser(() => ({
      status: 200,
      body: { id_token: jwt({ sub: 'u1', role: 'agent' }), access_token: 'a2', expires_in: 3600 },
    }));

    // Act
    const tokens = await refreshTokens(CONFIG, 'r1', b);

    // Assess
    expect(tokens).toMatchObject({ accessToken: 'a2', refreshToken: 'r1', expiresAt: 1_000_000 + 3_600_000 });
    expect(Object.fromEntries(b.requests[0]?.body ?? [])).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'r1',
      client_id: 'console',
    });
  });
});

describe('userOf', () => {
  it('reads Cognito’s custom: claims and its user name', () => {
    // Act
    const user = userOf(
      jwt({
        sub: 'u1',
        'cognito:username': 'zhang.san',
        'custom:role': 'department',
        'custom:departmentId': 'water-group',
        'custom:agentId': '',
      }),
    );

    // Assess
    expect(user).toEqual({ sub: 'u1', name: 'zhang.san', role: 'department', departmentId: 'water-group' });
  });

  it('reads plain claims and prefers name', () => {
    // Act
    const user = userOf(jwt({ sub: 'u2', name: '李四', email: 'li@x', role: 'agent', agentId: 'A001' }));

    // Assess
    expect(user).toEqual({ sub: 'u2', name: '李四', role: 'agent', agentId: 'A001' });
  });

  it('refuses a token without a staff role', () => {
    // Act & Assess
    expect(() => userOf(jwt({ sub: 'u3', role: 'root' }))).toThrow(/staff role/);
  });
});

describe('signOutUrl', () => {
  it('builds Cognito’s logout and RP-initiated OIDC logout, nothing without an endpoint', () => {
    // Act
    const cognito = new URL(signOutUrl(CONFIG, 'id') ?? '');
    const oidc = new URL(signOutUrl({ ...CONFIG, logoutStyle: 'oidc' }, 'id') ?? '');
    const none = signOutUrl({ ...CONFIG, endSessionEndpoint: undefined }, 'id');

    // Assess
    expect(Object.fromEntries(cognito.searchParams)).toEqual({
      client_id: 'console',
      logout_uri: CONFIG.postLogoutRedirectUri,
    });
    expect(Object.fromEntries(oidc.searchParams)).toEqual({
      id_token_hint: 'id',
      post_logout_redirect_uri: CONFIG.postLogoutRedirectUri,
      client_id: 'console',
    });
    expect(none).toBeUndefined();
  });
});
