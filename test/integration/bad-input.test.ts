import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { caseKeyOf } from '../../functions/ingest-webform/webform.js';
import { bodyHashOf } from '../../shared/adapters/request-marks.js';
import { deriveCaseId } from '../../shared/domain/index.js';
import {
  ddb,
  eventually,
  getStatus,
  idempotencyKey,
  idle,
  invocations,
  postWebform,
  s3,
  stack,
  webform,
} from './helpers.js';

/** Sends a refused request and proves nothing was written: no message, no case, no raw payload. */
async function refusedWithoutWrites(body: unknown, headers: Record<string, string> = {}) {
  await idle();
  const dispatchesBefore = (await invocations())['dispatch-appeal'];
  const key = idempotencyKey();
  const response = await postWebform(body, { 'idempotency-key': key, ...headers });
  await idle();
  // A keyed submission's case id comes from the key and its body's keyed hash (the dev contact key).
  const { CONTACT_HASH_KEY } = JSON.parse(readFileSync(join(stack.dataDir, 'dev-secrets.json'), 'utf8'));
  const rawBody = typeof body === 'string' ? body : JSON.stringify(body);
  const caseId = deriveCaseId('webform', caseKeyOf(key, bodyHashOf(rawBody, CONTACT_HASH_KEY)));
  const item = await ddb.send(
    new GetCommand({ TableName: stack.resources.casesTable, Key: { pk: `CASE#${caseId}`, sk: 'CASE' } }),
  );
  const objects = await s3.send(
    new ListObjectsV2Command({ Bucket: stack.resources.archiveBucket, Prefix: 'raw/' }),
  );
  return {
    response,
    queued: (await invocations())['dispatch-appeal'] !== dispatchesBefore,
    caseWritten: item.Item !== undefined,
    archived: (objects.Contents ?? []).some((o) => o.Key?.includes(caseId)),
  };
}

const NOTHING_WRITTEN = { queued: false, caseWritten: false, archived: false };

interface BadRequest {
  name: string;
  body: unknown;
  headers: Record<string, string>;
  status: number;
  code: string;
}

describe('bad input to the web form', () => {
  it.each<BadRequest>([
    { name: 'malformed JSON', body: '{"type":', headers: {}, status: 400, code: 'malformed_json' },
    {
      name: 'a wrong content type',
      body: 'type=complaint',
      headers: { 'content-type': 'text/plain' },
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'a body over 64 KB',
      body: webform({ content: '噪'.repeat(30_000) }),
      headers: {},
      status: 413,
      code: 'payload_too_large',
    },
    {
      name: 'an unknown category',
      body: webform({ category: 'no-such-category' }),
      headers: {},
      status: 422,
      code: 'unknown_category',
    },
    {
      name: 'a missing field',
      body: { ...webform(), phone: undefined },
      headers: {},
      status: 422,
      code: 'validation_failed',
    },
    {
      name: 'U+FFFF in the content (SQS refuses it)',
      body: webform({ content: `夜间施工噪音扰民${String.fromCharCode(0xffff)}已持续一周` }),
      headers: {},
      status: 422,
      code: 'invalid_characters',
    },
    {
      name: 'a lone surrogate in the content',
      body: webform({ content: `夜间施工噪音扰民${String.fromCharCode(0xd83d)}已持续一周` }),
      headers: {},
      status: 422,
      code: 'invalid_characters',
    },
  ])('refuses $name with $status $code and writes nothing', async ({ body, headers, status, code }) => {
    // Prepare
    const request = { body, headers };

    // Act
    const result = await refusedWithoutWrites(request.body, request.headers);

    // Assess
    expect(result.response.status).toBe(status);
    expect(result.response.json).toMatchObject({ error: { code, message: expect.any(String) } });
    expect(result).toMatchObject(NOTHING_WRITTEN);
  });
});

describe('the status lookup', () => {
  it('answers 404 case_not_found when the last four digits do not match', async () => {
    // Prepare
    const posted = await postWebform(webform());
    const trackingNo = posted.json.trackingNo as string;
    await eventually(async () => ((await getStatus(trackingNo, '5678')).status === 200 ? true : undefined));

    // Act
    const wrong = await getStatus(trackingNo, '1234');

    // Assess
    expect(wrong.status).toBe(404);
    expect(wrong.json).toEqual({ error: { code: 'case_not_found', message: expect.any(String) } });
  });

  it('answers 404 route_not_found for a path no function serves', async () => {
    // Prepare
    const url = `${stack.url}/v1/no-such-thing`;

    // Act
    const res = await fetch(url);

    // Assess
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'route_not_found', message: expect.any(String) } });
  });
});
