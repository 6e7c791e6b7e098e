import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../../../functions/serve-web/handler.js';
import { resetConfig } from '../../../../shared/adapters/config.js';
import { httpEvent, TEST_ENV, testContext } from '../../fixtures/lambda.js';
import { FIXTURE_SCRIPT, fixtureDist } from './fixture-dist.js';

const OIDC_ENV = {
  CONSOLE_OIDC_ISSUER: 'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_Abc',
  CONSOLE_OIDC_AUTHORIZATION_ENDPOINT: 'https://staff.auth.cn-north-1.amazoncognito.com/oauth2/authorize',
  CONSOLE_OIDC_TOKEN_ENDPOINT: 'https://staff.auth.cn-north-1.amazoncognito.com/oauth2/token',
  CONSOLE_OIDC_END_SESSION_ENDPOINT: 'https://staff.auth.cn-north-1.amazoncognito.com/logout',
  CONSOLE_OIDC_LOGOUT_STYLE: 'cognito',
  CONSOLE_OIDC_CLIENT_ID: 'console-client',
};

let dist: string;
let handler: ReturnType<typeof createHandler>;

async function get(
  routeKey: string,
  path: string,
  o: { headers?: Record<string, string>; pathParameters?: Record<string, string> } = {},
) {
  const result = (await handler(
    httpEvent({
      method: 'GET',
      path,
      routeKey,
      headers: { host: 'hotline.example.cn', ...o.headers },
      ...(o.pathParameters ? { pathParameters: o.pathParameters } : {}),
    }),
    testContext('serve-web'),
  )) as APIGatewayProxyStructuredResultV2;
  const raw = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  const headers = (result.headers ?? {}) as Record<string, string>;
  const encoding = headers['content-encoding'];
  const body = encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw;
  return { status: result.statusCode, headers, raw, text: body.toString('utf8') };
}

const asset = (file: string, headers: Record<string, string> = {}) =>
  get('GET /assets/{file}', `/assets/${file}`, { pathParameters: { file }, headers });

function cspOf(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    (headers['content-security-policy'] ?? '').split('; ').map((d) => {
      const [name = '', ...values] = d.split(' ');
      return [name, values.join(' ')];
    }),
  );
}

describe('Function: serve-web', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    // `npm test` runs the integration stack in the same parent process: its endpoint must not leak in.
    vi.stubEnv('AWS_ENDPOINT_URL_S3', undefined);
    vi.stubEnv('S3_FORCE_PATH_STYLE', undefined);
    dist = fixtureDist();
    handler = createHandler({ distDir: dist });
  });

  afterEach(() => {
    for (const name of Object.keys(OIDC_ENV)) vi.stubEnv(name, undefined);
    resetConfig();
  });

  afterAll(() => {
    rmSync(dist, { recursive: true, force: true });
  });

  describe('the pages', () => {
    it('serves the citizen page at / with a CSP that runs only its own scripts and posts photos to the bucket', async () => {
      // Act
      const { status, headers, text } = await get('GET /', '/');

      // Assess
      expect(status).toBe(200);
      expect(text).toContain('<title>citizen</title>');
      expect(headers['content-type']).toBe('text/html; charset=utf-8');
      const csp = cspOf(headers);
      expect(csp['script-src']).toBe("'self'");
      expect(csp['style-src']).toBe("'self'");
      expect(csp['default-src']).toBe("'none'");
      expect(csp['frame-ancestors']).toBe("'none'");
      expect(csp['connect-src']).toMatch(/^'self' https:\/\/uploads-staging\.s3\.[a-z0-9.-]+$/);
      expect(headers['content-security-policy']).not.toContain('unsafe');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['strict-transport-security']).toBe('max-age=31536000');
      expect(headers['permissions-policy']).toContain('camera=()');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['cache-control']).toBe('public, max-age=60');
      expect(headers.etag).toMatch(/^"[\w-]+"$/);
    });

    it('serves the dashboard at /dashboard, connecting to its own origin only', async () => {
      // Act
      const { status, headers, text } = await get('GET /dashboard', '/dashboard');

      // Assess
      expect(status).toBe(200);
      expect(text).toContain('<title>dashboard</title>');
      expect(cspOf(headers)['connect-src']).toBe("'self'");
      expect(cspOf(headers)['script-src']).toBe("'self'");
    });

    it.each([
      ['GET /console', '/console', undefined],
      ['GET /console/{path+}', '/console/', { path: '' }],
      ['GET /console/{path+}', '/console/agent', { path: 'agent' }],
      ['GET /console/{path+}', '/console/cases/CASE-01', { path: 'cases/CASE-01' }],
    ])('answers %s %s with the console, a single-page app', async (routeKey, path, pathParameters) => {
      // Act
      const { status, headers, text } = await get(routeKey, path, pathParameters ? { pathParameters } : {});

      // Assess
      expect(status).toBe(200);
      expect(text).toContain('<title>console</title>');
      expect(cspOf(headers)['form-action']).toBe("'none'");
    });

    it("lets the console fetch from the issuer's token endpoint once sign-in is configured", async () => {
      // Prepare
      for (const [k, v] of Object.entries(OIDC_ENV)) vi.stubEnv(k, v);

      // Act
      const { headers } = await get('GET /console', '/console');

      // Assess
      expect(cspOf(headers)['connect-src']).toBe("'self' https://staff.auth.cn-north-1.amazoncognito.com");
    });

    it('sends a page brotli-compressed to a client that takes it, and 304 for the ETag it holds', async () => {
      // Prepare
      const first = await get('GET /', '/', { headers: { 'accept-encoding': 'gzip, deflate, br' } });

      // Act
      const again = await get('GET /', '/', { headers: { 'if-none-match': first.headers.etag ?? '' } });

      // Assess
      expect(first.headers['content-encoding']).toBe('br');
      expect(first.headers.vary).toBe('accept-encoding');
      expect(first.text).toContain('<title>citizen</title>');
      expect(again.status).toBe(304);
      expect(again.raw.length).toBe(0);
      expect(cspOf(again.headers)['script-src']).toBe("'self'");
    });
  });

  describe('GET /console/config.json', () => {
    it('answers 503 console_not_configured while CONSOLE_OIDC_ISSUER is unset', async () => {
      // Act
      const { status, headers, text } = await get('GET /console/config.json', '/console/config.json');

      // Assess
      expect(status).toBe(503);
      expect(JSON.parse(text).error.code).toBe('console_not_configured');
      expect(headers['cache-control']).toBe('no-store');
    });

    it('answers where to sign in, with the redirects on the origin the browser used, never cached', async () => {
      // Prepare
      for (const [k, v] of Object.entries(OIDC_ENV)) vi.stubEnv(k, v);

      // Act
      const { status, headers, text } = await get('GET /console/config.json', '/console/config.json', {
        headers: { 'x-forwarded-proto': 'https' },
      });

      // Assess
      expect(status).toBe(200);
      expect(headers['cache-control']).toBe('no-store');
      expect(headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(text)).toEqual({
        issuer: OIDC_ENV.CONSOLE_OIDC_ISSUER,
        authorizationEndpoint: OIDC_ENV.CONSOLE_OIDC_AUTHORIZATION_ENDPOINT,
        tokenEndpoint: OIDC_ENV.CONSOLE_OIDC_TOKEN_ENDPOINT,
        endSessionEndpoint: OIDC_ENV.CONSOLE_OIDC_END_SESSION_ENDPOINT,
        logoutStyle: 'cognito',
        clientId: 'console-client',
        scope: 'openid profile email',
        redirectUri: 'https://hotline.example.cn/console/callback',
        postLogoutRedirectUri: 'https://hotline.example.cn/console/',
      });
    });

    it('puts the redirects on the viewer’s host behind the CloudFront front (X-Forwarded-Host)', async () => {
      // Prepare
      for (const [k, v] of Object.entries(OIDC_ENV)) vi.stubEnv(k, v);

      // Act
      const { status, text } = await get('GET /console/config.json', '/console/config.json', {
        headers: {
          host: 'abc123.execute-api.us-east-1.amazonaws.com',
          'x-forwarded-host': 'd111.cloudfront.net',
        },
      });

      // Assess
      expect(status).toBe(200);
      expect(JSON.parse(text)).toMatchObject({
        redirectUri: 'https://d111.cloudfront.net/console/callback',
        postLogoutRedirectUri: 'https://d111.cloudfront.net/console/',
      });
    });

    it('answers the same through the greedy console route', async () => {
      // Prepare
      for (const [k, v] of Object.entries(OIDC_ENV)) vi.stubEnv(k, v);

      // Act
      const { status, text } = await get('GET /console/{path+}', '/console/config.json', {
        pathParameters: { path: 'config.json' },
      });

      // Assess
      expect(status).toBe(200);
      expect(JSON.parse(text).clientId).toBe('console-client');
    });

    it('answers 503 console_not_configured when the issuer is set but the rest is not', async () => {
      // Prepare
      vi.stubEnv('CONSOLE_OIDC_ISSUER', OIDC_ENV.CONSOLE_OIDC_ISSUER);

      // Act
      const { status, text } = await get('GET /console/config.json', '/console/config.json');

      // Assess
      expect(status).toBe(503);
      expect(JSON.parse(text).error.code).toBe('console_not_configured');
    });
  });

  describe('GET /assets/{file}', () => {
    it('serves a hashed script immutable, with its type, nosniff and an ETag', async () => {
      // Act
      const { status, headers, text } = await asset('console-AbC123.js');

      // Assess
      expect(status).toBe(200);
      expect(text).toBe(FIXTURE_SCRIPT);
      expect(headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers.vary).toBe('accept-encoding');
      expect(headers['content-encoding']).toBeUndefined();
      expect(headers.etag).toMatch(/^"[\w-]+"$/);
    });

    it.each([
      ['gzip, deflate, br', 'br'],
      ['br;q=0.5, gzip;q=0.8', 'gzip'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['*', 'br'],
      ['identity', undefined],
      ['gzip;q=0, br;q=0', undefined],
    ])(
      'for Accept-Encoding %j sends the variant the build wrote (content-encoding %s)',
      async (accept, expected) => {
        // Act
        const { headers, raw, text } = await asset('console-AbC123.js', { 'accept-encoding': accept });

        // Assess
        expect(headers['content-encoding']).toBe(expected);
        expect(text).toBe(FIXTURE_SCRIPT);
        if (expected) expect(raw.length).toBeLessThan(Buffer.byteLength(FIXTURE_SCRIPT));
        if (expected) expect(headers.etag).toMatch(expected === 'br' ? /-br"$/ : /-gz"$/);
      },
    );

    it('answers 304 to the ETag of any variant the client holds', async () => {
      // Prepare
      const gzip = await asset('console-AbC123.js', { 'accept-encoding': 'gzip' });

      // Act
      const again = await asset('console-AbC123.js', {
        'accept-encoding': 'gzip',
        'if-none-match': `"other", ${gzip.headers.etag}`,
      });
      const changed = await asset('console-AbC123.js', { 'if-none-match': '"not-this-one"' });

      // Assess
      expect(again.status).toBe(304);
      expect(again.raw.length).toBe(0);
      expect(again.headers.etag).toBe(gzip.headers.etag);
      expect(again.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(changed.status).toBe(200);
    });

    it('gives a stylesheet and an image their types, the image without an encoding', async () => {
      // Act
      const css = await asset('console-Zx9.css', { 'accept-encoding': 'br' });
      const png = await asset('logo-P0o9.png', { 'accept-encoding': 'br, gzip' });

      // Assess
      expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
      expect(css.headers['content-encoding']).toBe('br');
      expect(png.headers['content-type']).toBe('image/png');
      expect(png.headers['content-encoding']).toBeUndefined();
      expect([...png.raw]).toEqual([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    });

    it.each([
      ['an unknown file', 'missing-AbC123.js'],
      ['a pre-compressed variant by name', 'console-AbC123.js.br'],
      ['a parent directory', '../secret.txt'],
      ['an encoded parent directory', '..%2f..%2fsecret.txt'],
      ['a page beside the assets', '../citizen/index.html'],
      ['the build manifest', '../.vite/manifest.json'],
      ['a NUL byte', 'console-AbC123.js\u0000.png'],
      ['an encoded NUL byte', 'console-AbC123.js%00'],
      ['an absolute path', '/etc/passwd'],
      ['a very long name', `${'a'.repeat(5000)}.js`],
      ['an empty name', ''],
    ])('answers 404 not_found for %s, as JSON', async (_what, file) => {
      // Act
      const { status, headers, text } = await asset(file);

      // Assess
      expect(status).toBe(404);
      expect(headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(text).error.code).toBe('not_found');
      expect(text).not.toContain('not served');
    });
  });

  it('answers 404 not_found for a route it does not serve', async () => {
    // Act
    const { status, text } = await get('HEAD /', '/');

    // Assess
    expect(status).toBe(404);
    expect(JSON.parse(text).error.code).toBe('not_found');
  });

  it('serves a new build of web/dist at the next request once its stamp changes (the local stack)', async () => {
    // Prepare
    const local = fixtureDist();
    writeFileSync(join(local, '.source-stamp.json'), '{"hash":"a","inputs":[]}');
    utimesSync(join(local, '.source-stamp.json'), 1_000, 1_000);
    const serve = createHandler({ distDir: local });
    const fetchAsset = async (file: string) =>
      (
        (await serve(
          httpEvent({
            method: 'GET',
            path: `/assets/${file}`,
            routeKey: 'GET /assets/{file}',
            pathParameters: { file },
          }),
          testContext('serve-web'),
        )) as APIGatewayProxyStructuredResultV2
      ).statusCode;
    const before = await fetchAsset('console-New456.js');

    // Act: what `npm run build:web` does to a running stack's web/dist
    writeFileSync(join(local, 'assets', 'console-New456.js'), 'export{};');
    utimesSync(join(local, '.source-stamp.json'), 2_000, 2_000);
    const after = await fetchAsset('console-New456.js');

    // Assess
    expect(before).toBe(404);
    expect(after).toBe(200);
    rmSync(local, { recursive: true, force: true });
  });

  it('answers a bare 500 when the build is missing, naming no path', async () => {
    // Prepare
    const missing = createHandler({ distDir: `${dist}-missing` });

    // Act
    const result = (await missing(httpEvent({ method: 'GET', path: '/' }), testContext('serve-web'))) as {
      statusCode: number;
      body: string;
    };

    // Assess
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body).error.code).toBe('internal_error');
    expect(result.body).not.toContain(dist);
  });
});
