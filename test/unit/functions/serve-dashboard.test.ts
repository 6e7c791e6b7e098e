import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/serve-dashboard/handler.js';
import { PAGE_SCRIPT } from '../../../functions/serve-dashboard/page-script.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

const ECHARTS = readFileSync(createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'));

async function get(path: string, headers: Record<string, string> = {}) {
  const result = (await handler(
    httpEvent({ method: 'GET', path, headers }),
    testContext('serve-dashboard'),
  )) as APIGatewayProxyStructuredResultV2;
  const raw = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  return { status: result.statusCode, headers: result.headers ?? {}, raw, body: raw.toString('utf8') };
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('Function: serve-dashboard', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
  });

  it('serves the Chinese dashboard page with sign-in, filters, export and every chart', async () => {
    // Act
    const { status, headers, body } = await get('/dashboard');

    // Assess
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    expect(body).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    for (const id of ['signin-form', 'token', 'filters', 'from', 'to', 'department', 'export', 'headline']) {
      expect(body).toContain(`id="${id}"`);
    }
    for (const id of ['trend-chart', 'league', 'channel-chart', 'category-chart', 'overdue-chart']) {
      expect(body).toContain(`id="${id}"`);
    }
    expect(body).toContain('<label for="token">访问令牌（JWT）</label>');
    expect(body).toContain('npm run -s token -- --role analyst');
  });

  it('loads ECharts from its own origin only, pinned by the integrity of the package file', async () => {
    // Prepare
    const integrity = `sha384-${createHash('sha384').update(ECHARTS).digest('base64')}`;

    // Act
    const { body } = await get('/dashboard');

    // Assess
    const sources = [...body.matchAll(/<script src="([^"]+)" integrity="([^"]+)"><\/script>/g)];
    expect(sources).toHaveLength(1);
    expect(sources[0]?.[1]).toMatch(/^\/dashboard\/echarts\.min\.js\?v=[0-9a-f]{16}$/);
    expect(sources[0]?.[2]).toBe(integrity);
    expect(body).not.toMatch(/<(link|img)[^>]+(src|href)="(?!data:)/);
  });

  it('runs only its hashed inline script and style, and talks to its own origin only', async () => {
    // Prepare
    const { body, headers } = await get('/dashboard');
    const inline = /<script>([\s\S]*?)<\/script>/.exec(body)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(body)?.[1] ?? '';

    // Act
    const csp = headers['content-security-policy'] ?? '';

    // Assess
    expect(inline).toBe(PAGE_SCRIPT);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src 'self' ${sha256(inline)}`);
    expect(csp).toContain(`style-src ${sha256(style)}`);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-');
    expect(headers['referrer-policy']).toBe('no-referrer');
  });

  it('writes no style attribute and draws every chart tooltip on the canvas, as its CSP requires', async () => {
    // Prepare
    const { body } = await get('/dashboard');

    // Act: ECharts' HTML tooltip is markup with style="…", which style-src without unsafe-inline refuses
    const tooltips = PAGE_SCRIPT.match(/tooltip: \{/g) ?? [];
    const canvasTooltips = PAGE_SCRIPT.match(/tooltip: tooltip\(/g) ?? [];

    // Assess
    expect(body).not.toMatch(/\sstyle=/i);
    expect(PAGE_SCRIPT).not.toMatch(/style=|setAttribute\(\s*'style'|innerHTML|cssText/);
    expect(tooltips).toEqual([]);
    // One per chart: trend, channels, categories, overdue, satisfaction by way of rating
    expect(canvasTooltips.length).toBe(5);
    expect(PAGE_SCRIPT).toContain("options.renderMode = 'richText'");
  });

  it('has a 通知与回访 section for the delivery, follow-up and per-way satisfaction rates', async () => {
    // Act
    const { body } = await get('/dashboard');

    // Assess
    expect(body).toContain('<h2 id="reach-title">通知与回访</h2>');
    expect(body).toContain('<tbody id="reach-rates"></tbody>');
    expect(body).toContain('id="reach-chart"');
    expect(PAGE_SCRIPT).toContain(
      'var REACH = ["noticeDeliveryRate","followUpContactRate","satisfactionRateWeb","satisfactionRateWechat","satisfactionRatePhone"];',
    );
    expect(PAGE_SCRIPT).toContain('"noticeDeliveryRate":"通知送达率"');
  });

  it('ships a page script that parses', () => {
    // Act & Assess: a syntax error would make the page blank, caught here before a browser sees it.
    expect(() => new Function(PAGE_SCRIPT)).not.toThrow();
  });

  it('serves ECharts gzipped to a client that accepts gzip, cached for a year', async () => {
    // Act
    const { status, headers, raw } = await get('/dashboard/echarts.min.js', {
      'accept-encoding': 'gzip, deflate, br',
    });

    // Assess
    expect(status).toBe(200);
    expect(headers['content-encoding']).toBe('gzip');
    expect(headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(headers.vary).toBe('accept-encoding');
    expect(raw.length).toBeLessThan(ECHARTS.length / 2);
    expect(gunzipSync(raw).equals(ECHARTS)).toBe(true);
  });

  it.each([
    ['no Accept-Encoding', {}],
    ['gzip refused with q=0', { 'accept-encoding': 'gzip;q=0, identity' }],
  ])('serves ECharts uncompressed with %s', async (_, headers) => {
    // Act
    const result = await get('/dashboard/echarts.min.js', headers);

    // Assess
    expect(result.status).toBe(200);
    expect(result.headers['content-encoding']).toBeUndefined();
    expect(result.raw.equals(ECHARTS)).toBe(true);
  });

  it('answers 304 without a body when the browser holds the same version', async () => {
    // Prepare
    const first = await get('/dashboard/echarts.min.js', { 'accept-encoding': 'gzip' });
    const etag = String(first.headers.etag ?? '');

    // Act
    const again = await get('/dashboard/echarts.min.js', { 'if-none-match': etag });

    // Assess
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect(again.status).toBe(304);
    expect(again.raw.length).toBe(0);
  });
});
