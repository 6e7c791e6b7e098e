import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/create-upload/handler.js';
import { ATTACHMENT_KEY, MAX_ATTACHMENT_BYTES } from '../../../shared/domain/attachment.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

async function requestUpload(body: unknown, contentType = 'application/json') {
  const result = (await handler(
    httpEvent({
      method: 'POST',
      path: '/v1/channels/webform/uploads',
      headers: { 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
    testContext('create-upload'),
  )) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    body: JSON.parse(result.body as string),
    headers: result.headers ?? {},
  };
}

/** The policy S3 will enforce, decoded from the form fields the page posts. */
function policyOf(fields: Record<string, string>) {
  return JSON.parse(Buffer.from(fields.Policy as string, 'base64').toString('utf8')) as {
    expiration: string;
    conditions: unknown[];
  };
}

describe('Function: create-upload', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
  });

  it('returns a presigned POST for a key under uploads/ of the documented shape', async () => {
    // Act
    const { status, body, headers } = await requestUpload({
      contentType: 'image/png',
      size: 1234,
      fileName: '门口.png',
    });

    // Assess
    expect(status).toBe(201);
    expect(headers['cache-control']).toBe('no-store');
    expect(body.key).toMatch(ATTACHMENT_KEY);
    expect(body.key).toMatch(/\.png$/);
    expect(body.url).toContain('archive');
    expect(body.fields).toMatchObject({ key: body.key, 'Content-Type': 'image/png' });
    expect(body.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('signs a policy that enforces 1 byte to 5 MB, the exact type, the bucket and the key', async () => {
    // Act
    const { body } = await requestUpload({ contentType: 'image/jpeg', size: 4096 });

    // Assess
    const policy = policyOf(body.fields);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, MAX_ATTACHMENT_BYTES],
        ['eq', '$Content-Type', 'image/jpeg'],
        { bucket: 'archive' },
        { key: body.key },
      ]),
    );
    expect(body.key).toMatch(/\.jpg$/);
  });

  it('lets the policy expire within ten minutes', async () => {
    // Prepare
    const before = Date.now();

    // Act
    const { body } = await requestUpload({ contentType: 'image/webp', size: 10 });

    // Assess
    const expiresAt = Date.parse(policyOf(body.fields).expiration);
    expect(expiresAt - before).toBeGreaterThan(0);
    expect(expiresAt - before).toBeLessThanOrEqual(600_000 + 5_000);
  });

  it('gives every upload its own key', async () => {
    // Act
    const [a, b] = await Promise.all([
      requestUpload({ contentType: 'image/heic', size: 10 }),
      requestUpload({ contentType: 'image/heic', size: 10 }),
    ]);

    // Assess
    expect(a.body.key).not.toBe(b.body.key);
  });

  it.each([
    [{ contentType: 'application/pdf', size: 10 }, 415, 'unsupported_file_type'],
    [{ contentType: 'image/svg+xml', size: 10 }, 415, 'unsupported_file_type'],
    [{ contentType: 'image/png', size: MAX_ATTACHMENT_BYTES + 1 }, 413, 'file_too_large'],
    [{ contentType: 'image/png', size: 0 }, 422, 'empty_file'],
    [{ contentType: 'image/png', size: 1.5 }, 422, 'validation_failed'],
    [{ contentType: 'image/png' }, 422, 'validation_failed'],
    [{ contentType: 'image/png', size: 10, bucket: 'other' }, 422, 'validation_failed'],
  ])('refuses %j with %i %s', async (request, status, code) => {
    // Act
    const result = await requestUpload(request);

    // Assess
    expect(result.status).toBe(status);
    expect(result.body.error.code).toBe(code);
    expect(result.body.error.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a body that is not JSON', async () => {
    // Act
    const result = await requestUpload('contentType=image/png', 'application/x-www-form-urlencoded');

    // Assess
    expect(result.status).toBe(415);
  });
});
