import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalFunctions } from '../../../local/functions.js';
import { type Gateway, startGateway } from '../../../local/gateway.js';
import { type DevJwt, loadDevJwt } from '../../../local/jwt.js';
import { LOCAL_CONSOLE_CLIENT_ID, localOidcIssuer } from '../../../local/oidc/issuer.js';

// The development issuer on a gateway of its own on loopback, with a clock the test moves: codes
// expire after 60 s, the page escapes what the request carried, the token endpoint answers the
// console's origin only.

describe('Local development issuer', () => {
  let dataDir: string;
  let jwt: DevJwt;
  let gateway: Gateway;
  let now = 1_800_000_000_000;
  const origins: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-oidc-'));
    jwt = await loadDevJwt(dataDir);
    const issuer = localOidcIssuer({
      devJwt: jwt,
      origins,
      departments: [{ id: 'water-group', name: '江城水务集团' }],
      now: () => now,
    });
    gateway = await startGateway({
      port: 0,
      functions: {} as LocalFunctions,
      routes: [],
      local: issuer,
      log: () => undefined,
    });
    origins.push(gateway.url);
  });

  afterAll(async () => {
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function request(verifier: string, overrides: Record<string, string> = {}): URLSearchParams {
    return new URLSearchParams({
      client_id: LOCAL_CONSOLE_CLIENT_ID,
      redirect_uri: `${gateway.url}/console/callback`,
      state: 's',
      nonce: 'n',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      role: 'supervisor',
      ...overrides,
    });
  }

  async function code(verifier: string): Promise<string> {
    const response = await fetch(`${gateway.url}/local/oidc/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: request(verifier),
      redirect: 'manual',
    });
    return new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
  }

  function exchange(form: Record<string, string>, headers: Record<string, string> = {}) {
    return fetch(`${gateway.url}/local/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ client_id: LOCAL_CONSOLE_CLIENT_ID, ...form }),
    });
  }

  it('refuses a code older than 60 seconds', async () => {
    // Prepare
    const verifier = randomBytes(32).toString('base64url');
    const issued = await code(verifier);
    now += 60_001;

    // Act
    const response = await exchange({
      grant_type: 'authorization_code',
      code: issued,
      redirect_uri: `${gateway.url}/console/callback`,
      code_verifier: verifier,
    });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('signs tokens the dev key verifies, and answers CORS for the console’s origin only', async () => {
    // Prepare
    const verifier = randomBytes(32).toString('base64url');
    const issued = await code(verifier);

    // Act
    const response = await exchange(
      {
        grant_type: 'authorization_code',
        code: issued,
        redirect_uri: `${gateway.url}/console/callback`,
        code_verifier: verifier,
      },
      { origin: gateway.url },
    );
    const foreign = await exchange(
      { grant_type: 'refresh_token', refresh_token: 'x' },
      { origin: 'https://evil.example' },
    );
    const body = (await response.json()) as Record<string, string>;

    // Assess
    expect(response.headers.get('access-control-allow-origin')).toBe(gateway.url);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    // The stack's clock is real in jwt.verify; only the issuer's own clock is the test's.
    expect(await jwt.verify(body.id_token ?? '')).toMatchObject({
      role: 'supervisor',
      nonce: 'n',
      sub: 'local-supervisor',
    });
  });

  it('refuses a form body that is not form-encoded, and an unknown client', async () => {
    // Act
    const json = await fetch(`${gateway.url}/local/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const client = await exchange({ grant_type: 'refresh_token', client_id: 'other', refresh_token: 'x' });

    // Assess
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({
      error: 'invalid_request',
      error_description: expect.any(String),
    });
    expect(client.status).toBe(401);
    expect(await client.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('escapes what the request carries into the page', async () => {
    // Prepare
    const query = request('v'.repeat(43), { state: '"><script>alert(1)</script>' });

    // Act
    const html = await (
      await fetch(`${gateway.url}/local/oidc/authorize?${query}&response_type=code`)
    ).text();

    // Assess
    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('refuses a redirect_uri of the right origin but another path, with a page and no redirect', async () => {
    // Act
    const response = await fetch(
      `${gateway.url}/local/oidc/authorize?${request('v'.repeat(43), { redirect_uri: `${gateway.url}/console/other` })}`,
      { redirect: 'manual' },
    );

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
