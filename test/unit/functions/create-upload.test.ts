import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
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

/** A photo's SHA-256 as the page sends it: base64 of the 32-byte digest. */
const SHA = createHash('sha256').update('门口的照片').digest('base64');

const ddb = mockClient(DynamoDBDocumentClient);

describe('Function: create-upload', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('REQUEST_MARKS_TABLE_NAME', 'request-marks');
  });

  beforeEach(() => {
    ddb.reset();
    ddb.on(PutCommand).resolves({});
  });

  it('returns a presigned POST for a key under uploads/ of the documented shape', async () => {
    // Act
    const { status, body, headers } = await requestUpload({
      contentType: 'image/png',
      size: 1234,
      sha256: SHA,
      fileName: '门口.png',
    });

    // Assess
    expect(status).toBe(201);
    expect(headers['cache-control']).toBe('no-store');
    expect(body.key).toMatch(ATTACHMENT_KEY);
    expect(body.key).toMatch(/\.png$/);
    expect(body.url).toContain('uploads-staging');
    expect(body.fields).toMatchObject({ key: body.key, 'Content-Type': 'image/png' });
    expect(body.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('signs a policy for one file into the staging bucket: the exact size, type, key and checksum', async () => {
    // Act
    const { body } = await requestUpload({ contentType: 'image/jpeg', size: 4096, sha256: SHA });

    // Assess
    const policy = policyOf(body.fields);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 4096, 4096],
        ['eq', '$Content-Type', 'image/jpeg'],
        ['eq', '$x-amz-checksum-sha256', SHA],
        { bucket: 'uploads-staging' },
        { key: body.key },
      ]),
    );
    expect(JSON.stringify(policy.conditions)).not.toContain('"archive"');
    expect(body.key).toMatch(/\.jpg$/);
  });

  it('marks the grant (UPLOAD# key) with its type, size and checksum for a day', async () => {
    // Prepare
    const before = Math.floor(Date.now() / 1000);

    // Act
    const { status, body } = await requestUpload({ contentType: 'image/png', size: 1234, sha256: SHA });

    // Assess
    expect(status).toBe(201);
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'request-marks',
      Item: expect.objectContaining({
        pk: `UPLOAD#${body.key}`,
        sk: 'MARK',
        contentType: 'image/png',
        size: 1234,
        sha256: SHA,
      }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    const item = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item as { expiresAt: number };
    expect(item.expiresAt - before).toBeGreaterThanOrEqual(24 * 3600 - 5);
    expect(item.expiresAt - before).toBeLessThanOrEqual(24 * 3600 + 5);
  });

  it('answers 503 and hands out no grant when the mark cannot be written', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));

    // Act
    const { status, body } = await requestUpload({ contentType: 'image/png', size: 10, sha256: SHA });

    // Assess
    expect(status).toBeGreaterThanOrEqual(500);
    expect(body.url).toBeUndefined();
  });

  it('lets the policy expire within ten minutes', async () => {
    // Prepare
    const before = Date.now();

    // Act
    const { body } = await requestUpload({ contentType: 'image/webp', size: 10, sha256: SHA });

    // Assess
    const expiresAt = Date.parse(policyOf(body.fields).expiration);
    expect(expiresAt - before).toBeGreaterThan(0);
    expect(expiresAt - before).toBeLessThanOrEqual(600_000 + 5_000);
  });

  it('gives every upload its own key', async () => {
    // Act
    const [a, b] = await Promise.all([
      requestUpload({ contentType: 'image/heic', size: 10, sha256: SHA }),
      requestUpload({ contentType: 'image/heic', size: 10, sha256: SHA }),
    ]);

    // Assess
    expect(a.body.key).not.toBe(b.body.key);
  });

  it("signs the photo's SHA-256 into the policy and the fields, so S3 stores only those bytes", async () => {
    // Act
    const { status, body } = await requestUpload({ contentType: 'image/png', size: 1234, sha256: SHA });

    // Assess
    expect(status).toBe(201);
    expect(body.fields).toMatchObject({ 'x-amz-checksum-algorithm': 'SHA256', 'x-amz-checksum-sha256': SHA });
    expect(policyOf(body.fields).conditions).toEqual(
      expect.arrayContaining([
        ['eq', '$x-amz-checksum-algorithm', 'SHA256'],
        ['eq', '$x-amz-checksum-sha256', SHA],
      ]),
    );
  });

  it('returns 422 validation_failed naming sha256 when the checksum is missing', async () => {
    // Act
    const result = await requestUpload({ contentType: 'image/png', size: 10 });

    // Assess
    expect(result.status).toBe(422);
    expect(result.body.error.code).toBe('validation_failed');
    expect(result.body.error.details).toEqual([expect.objectContaining({ path: 'sha256' })]);
  });

  it.each([
    ['hex instead of base64', createHash('sha256').update('x').digest('hex')],
    ['an MD5 (16 bytes)', createHash('md5').update('x').digest('base64')],
    ['no padding', SHA.slice(0, 43)],
    // In canonical base64 the 43rd character's last two bits are zero: 'B' (000001) sets one.
    ['a non-canonical last character', `${SHA.slice(0, 42)}B=`],
    ['base64url', `-${SHA.slice(1)}`],
    ['an empty string', ''],
  ])('returns 422 validation_failed with a Chinese detail for a checksum that is %s', async (_, sha256) => {
    // Act
    const result = await requestUpload({ contentType: 'image/png', size: 10, sha256 });

    // Assess
    expect(result.status).toBe(422);
    expect(result.body.error.code).toBe('validation_failed');
    expect(result.body.error.details).toEqual([
      { path: 'sha256', message: expect.stringMatching(/SHA-256.*44 个字符/) },
    ]);
  });

  it.each([
    [{ contentType: 'application/pdf', size: 10, sha256: SHA }, 415, 'unsupported_file_type'],
    [{ contentType: 'image/svg+xml', size: 10, sha256: SHA }, 415, 'unsupported_file_type'],
    [{ contentType: 'image/png', size: MAX_ATTACHMENT_BYTES + 1, sha256: SHA }, 413, 'file_too_large'],
    [{ contentType: 'image/png', size: 0, sha256: SHA }, 422, 'empty_file'],
    [{ contentType: 'image/png', size: 1.5, sha256: SHA }, 422, 'validation_failed'],
    [{ contentType: 'image/png', sha256: SHA }, 422, 'validation_failed'],
    [{ contentType: 'image/png', size: 10, sha256: SHA, bucket: 'other' }, 422, 'validation_failed'],
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
