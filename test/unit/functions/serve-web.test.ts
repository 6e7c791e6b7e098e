import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/serve-web/handler.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

async function getPage() {
  const result = (await handler(
    httpEvent({ method: 'GET', path: '/' }),
    testContext('serve-web'),
  )) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, body: result.body as string, headers: result.headers ?? {} };
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('Function: serve-web', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    // `npm test` runs the integration stack in the same parent process: its endpoint must not leak in.
    vi.stubEnv('AWS_ENDPOINT_URL_S3', undefined);
    vi.stubEnv('S3_FORCE_PATH_STYLE', undefined);
  });

  it('serves a Chinese HTML page', async () => {
    // Act
    const { status, body, headers } = await getPage();

    // Assess
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    expect(body).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  it('holds the appeal form with a label for every field, and the lookup form', async () => {
    // Act
    const { body } = await getPage();

    // Assess
    expect(body).toContain('<form id="appeal-form"');
    for (const id of ['type', 'category', 'district', 'address', 'content', 'phone', 'name', 'attachments']) {
      expect(body).toContain(`<label for="${id}">`);
      expect(body).toContain(`id="${id}"`);
    }
    expect(body).toContain('<form id="lookup-form"');
    expect(body).toContain('<label for="lookup-no">工单号</label>');
    expect(body).toContain('<label for="lookup-last4">手机号后四位</label>');
    expect(body).toContain('accept="image/jpeg,image/png,image/webp,image/heic"');
  });

  it('loads nothing from another site', async () => {
    // Act
    const { body } = await getPage();

    // Assess
    expect(body).not.toMatch(/<(script|link|img)[^>]+(src|href)="(?!data:)/);
  });

  it('runs only its own hashed script and style under the CSP', async () => {
    // Prepare
    const { body, headers } = await getPage();
    const script = /<script>([\s\S]*?)<\/script>/.exec(body)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(body)?.[1] ?? '';

    // Act
    const csp = headers['content-security-policy'] ?? '';

    // Assess
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src ${sha256(script)}`);
    expect(csp).toContain(`style-src ${sha256(style)}`);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('allows connections to its own origin and to the upload bucket only', async () => {
    // Act
    const { headers } = await getPage();

    // Assess
    const connect = /connect-src ([^;]+)/.exec(String(headers['content-security-policy'] ?? ''))?.[1];
    expect(connect).toMatch(/^'self' https:\/\/uploads-staging\.s3\.[a-z0-9-]+\.amazonaws\.com$/);
  });

  it('sets nosniff, no-referrer and refuses framing', async () => {
    // Act
    const { headers } = await getPage();

    // Assess
    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    });
  });
});
