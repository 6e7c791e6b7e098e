import { describe, expect, it } from 'vitest';
import { stack } from './helpers.js';

// The pages of the Vite build through the local gateway, as a browser fetches them: the routes of
// infra/functions.ts (the greedy /console/{path+} included), the CSP, and the hashed assets' caching
// and pre-compressed encodings. The local stack built web/dist at start when it was missing or stale.

function csp(response: Response): Record<string, string> {
  return Object.fromEntries(
    (response.headers.get('content-security-policy') ?? '').split('; ').map((d) => {
      const [name = '', ...values] = d.split(' ');
      return [name, values.join(' ')];
    }),
  );
}

/** The first hashed script a page loads, from its own HTML. */
async function entryScript(path: string): Promise<string> {
  const html = await (await fetch(`${stack.url}${path}`)).text();
  const src = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"><\/script>/.exec(html)?.[1];
  if (!src) throw new Error(`no module script in ${path}`);
  return src;
}

describe('Web pages and assets (serve-web, local stack)', () => {
  it.each([
    ['/', '12345 网上诉求'],
    ['/dashboard', '12345 热线数据分析'],
    ['/console', '12345 工作台'],
    ['/console/', '12345 工作台'],
    ['/console/cases/CASE-01', '12345 工作台'],
  ])('serves %s as a page whose scripts come only from its own origin', async (path, title) => {
    // Act
    const response = await fetch(`${stack.url}${path}`);
    const html = await response.text();

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toContain(`<title>${title}`);
    const policy = csp(response);
    expect(policy['script-src']).toBe("'self'");
    expect(policy['style-src']).toBe("'self'");
    expect(policy['frame-ancestors']).toBe("'none'");
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe');
    // Vite's HTML loads scripts and styles by URL only: no inline code the CSP would block.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style[\s>]/);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it("lets the citizen page post photos to the upload bucket's origin", async () => {
    // Act
    const response = await fetch(`${stack.url}/`);

    // Assess
    expect(csp(response)['connect-src']).toMatch(/^'self' http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves a hashed script immutable, brotli or gzip as asked, and 304 for its ETag', async () => {
    // Prepare
    const src = await entryScript('/console');

    // Act
    const plain = await fetch(`${stack.url}${src}`, { headers: { 'accept-encoding': 'identity' } });
    const br = await fetch(`${stack.url}${src}`, { headers: { 'accept-encoding': 'br' } });
    const gzip = await fetch(`${stack.url}${src}`, { headers: { 'accept-encoding': 'gzip' } });
    const again = await fetch(`${stack.url}${src}`, {
      headers: { 'accept-encoding': 'br', 'if-none-match': br.headers.get('etag') ?? '' },
    });

    // Assess
    const text = await plain.text();
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff');
    expect(plain.headers.get('vary')).toBe('accept-encoding');
    // fetch decodes both encodings: the same script arrives either way.
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(await br.text()).toBe(text);
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(await gzip.text()).toBe(text);
    expect(again.status).toBe(304);
  });

  it('answers 404 not_found for a file the build does not have, however it is spelt', async () => {
    // Act
    const answers = await Promise.all(
      [
        'missing-AbC.js',
        '..%2f..%2fpackage.json',
        '..%2fcitizen%2findex.html',
        'x%00.js',
        'a'.repeat(300),
      ].map(async (name) => {
        const response = await fetch(`${stack.url}/assets/${name}`);
        return { status: response.status, body: (await response.json()) as { error: { code: string } } };
      }),
    );

    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
  });

  it('answers /console/config.json uncached: the sign-in settings, or 503 console_not_configured', async () => {
    // Act
    const response = await fetch(`${stack.url}/console/config.json`);
    const body = (await response.json()) as { redirectUri?: string; error?: { code: string } };

    // Assess
    expect(response.headers.get('cache-control')).toBe('no-store');
    if (response.status === 200) {
      expect(body.redirectUri).toBe(`${stack.url}/console/callback`);
    } else {
      expect(response.status).toBe(503);
      expect(body.error?.code).toBe('console_not_configured');
    }
  });
});
