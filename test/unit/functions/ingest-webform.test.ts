import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/ingest-webform/handler.js';
import { caseKeyOf } from '../../../functions/ingest-webform/webform.js';
import { bodyHashOf } from '../../../shared/adapters/request-marks.js';
import { deriveCaseId, deriveTrackingNo } from '../../../shared/domain/identity.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const VALID = {
  type: 'help',
  category: 'water-supply',
  district: 'gulou',
  address: '鼓楼区东街 12 号',
  content: '小区从昨天晚上开始停水，至今没有通知何时恢复。',
  phone: '139 1234 5678',
};

function post(body: unknown, headers: Record<string, string> = {}) {
  return handler(
    httpEvent({
      method: 'POST',
      path: '/v1/channels/webform',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
    testContext('ingest-webform'),
  ) as Promise<APIGatewayProxyStructuredResultV2>;
}

function errorCode(result: APIGatewayProxyStructuredResultV2): string {
  return JSON.parse(result.body as string).error.code;
}

describe('Function: ingest-webform', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('REQUEST_MARKS_TABLE_NAME', 'request-marks');
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(directoryQuery);
    ddb.on(GetCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterEach(() => {
    ddb.reset();
    sqs.reset();
  });

  it('queues the appeal and answers 202 with a tracking number', async () => {
    // Act
    const result = await post(VALID);

    // Assess
    expect(result.statusCode).toBe(202);
    const body = JSON.parse(result.body as string);
    expect(body.trackingNo).toMatch(/^\d{6}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    const message = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string);
    expect(message.appeal).toMatchObject({
      trackingNo: body.trackingNo,
      channel: 'webform',
      category: 'water-supply',
      urgency: 'normal',
      contact: { phoneMasked: '139****5678' },
    });
    // The normalised appeal never carries the number in clear; only the raw archive copy does.
    expect(JSON.stringify(message.appeal)).not.toContain('13912345678');
    // Anyone may type anyone's number: a web-form phone is unverified, and never merges at intake.
    expect(message.appeal.contact).not.toHaveProperty('verifiedBy');
    expect(message.raw.contentType).toBe('application/json');
  });

  it('derives the same case from the same Idempotency-Key', async () => {
    // Act
    const first = await post(VALID, { 'idempotency-key': 'retry-key-0001' });
    const second = await post(VALID, { 'idempotency-key': 'retry-key-0001' });

    // Assess
    expect(JSON.parse(first.body as string).trackingNo).toBe(JSON.parse(second.body as string).trackingNo);
    const caseIds = sqs
      .commandCalls(SendMessageCommand)
      .map((c) => JSON.parse(c.args[0].input.MessageBody as string).appeal.caseId);
    // The key and its body's hash: the same key with another body can never land on this case.
    const bodyHash = bodyHashOf(JSON.stringify(VALID), TEST_ENV.CONTACT_HASH_KEY);
    expect(new Set(caseIds)).toEqual(
      new Set([deriveCaseId('webform', caseKeyOf('retry-key-0001', bodyHash))]),
    );
    // No read before the send: the dispatcher's conditional put is what makes the retry harmless.
    expect(ddb).not.toHaveReceivedCommand(GetCommand);
  });

  describe('the Idempotency-Key bound to its body', () => {
    /** The mark a first POST left: its body's keyed hash and when it was received. */
    function seen(body: string, receivedAt: string) {
      ddb.on(PutCommand).rejects(
        new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
          Item: marshall({
            pk: 'IDEMPOTENCY#retry-key-0001',
            sk: 'MARK',
            bodyHash: bodyHashOf(body, TEST_ENV.CONTACT_HASH_KEY),
            expiresAt: 1,
            details: { receivedAt },
          }),
        }),
      );
    }

    it('marks the key once with its body hash and first receipt, for two days', async () => {
      // Act
      const result = await post(VALID, { 'idempotency-key': 'retry-key-0001' });

      // Assess
      const { trackingNo } = JSON.parse(result.body as string);
      const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
      expect(put).toMatchObject({
        TableName: 'request-marks',
        Item: {
          pk: 'IDEMPOTENCY#retry-key-0001',
          bodyHash: bodyHashOf(JSON.stringify(VALID), TEST_ENV.CONTACT_HASH_KEY),
          details: { trackingNo, receivedAt: expect.any(String) },
        },
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      });
      const ttl = (put?.Item?.expiresAt as number) - Date.now() / 1000;
      expect(ttl).toBeGreaterThan(2 * 86_400 - 60);
      expect(ttl).toBeLessThanOrEqual(2 * 86_400);
    });

    it('marks nothing without a key', async () => {
      // Act
      await post(VALID);

      // Assess
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
    });

    it('refuses the key with another body with 422 idempotency_key_reused and queues nothing', async () => {
      // Prepare
      seen(JSON.stringify({ ...VALID, phone: '138 0000 5678' }), '2026-11-20T02:00:00.000Z');

      // Act
      const result = await post(VALID, { 'idempotency-key': 'retry-key-0001' });

      // Assess
      expect(result.statusCode).toBe(422);
      expect(errorCode(result)).toBe('idempotency_key_reused');
      expect(JSON.parse(result.body as string).trackingNo).toBeUndefined();
      expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    });

    it('answers a retry after midnight with the first tracking number, and queues the first appeal again', async () => {
      // Prepare: first received at 23:59:59 in Shanghai the day before.
      const first = '2026-11-19T15:59:59.000Z';
      seen(JSON.stringify(VALID), first);
      const caseKey = caseKeyOf(
        'retry-key-0001',
        bodyHashOf(JSON.stringify(VALID), TEST_ENV.CONTACT_HASH_KEY),
      );
      const expected = deriveTrackingNo(deriveCaseId('webform', caseKey), new Date(first));

      // Act
      const result = await post(VALID, { 'idempotency-key': 'retry-key-0001' });

      // Assess
      expect(result.statusCode).toBe(202);
      expect(JSON.parse(result.body as string).trackingNo).toBe(expected);
      const message = JSON.parse(
        sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string,
      );
      expect(message.appeal).toMatchObject({ trackingNo: expected, receivedAt: first });
    });
  });

  it('answers the retry of a POST the queue refused with the number its mark kept, for one case', async () => {
    // Catches: a retry after a 503 handed a second tracking number or a second case (another case id).
    // Prepare: the request-marks table as DynamoDB keeps it; the queue fails the first send only
    const marks = new Map<string, Record<string, unknown>>();
    ddb.on(PutCommand).callsFake((input) => {
      const existing = marks.get(input.Item.pk);
      if (existing) {
        throw new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
          Item: marshall(existing),
        });
      }
      marks.set(input.Item.pk, input.Item);
      return {};
    });
    sqs
      .on(SendMessageCommand)
      .rejectsOnce(Object.assign(new Error('service unavailable'), { $metadata: { httpStatusCode: 503 } }))
      .resolves({ MessageId: 'm-2' });

    // Act
    const first = await post(VALID, { 'idempotency-key': 'retry-key-0503' });
    const retry = await post(VALID, { 'idempotency-key': 'retry-key-0503' });

    // Assess
    expect(first.statusCode).toBe(503);
    expect(retry.statusCode).toBe(202);
    const kept = marks.get('IDEMPOTENCY#retry-key-0503')?.details as { trackingNo: string };
    expect(JSON.parse(retry.body as string).trackingNo).toBe(kept.trackingNo);
    const caseIds = sqs
      .commandCalls(SendMessageCommand)
      .map((c) => JSON.parse(c.args[0].input.MessageBody as string).appeal.caseId);
    expect(new Set(caseIds).size).toBe(1);
  });

  it.each([
    ['malformed JSON', '{"type": "help",', {}, 400, 'malformed_json'],
    [
      'a wrong content type',
      JSON.stringify(VALID),
      { 'content-type': 'text/plain' },
      415,
      'unsupported_media_type',
    ],
    [
      'a body over 64 KB',
      JSON.stringify({ ...VALID, content: '水'.repeat(30_000) }),
      {},
      413,
      'payload_too_large',
    ],
    ['a missing field', JSON.stringify({ ...VALID, content: undefined }), {}, 422, 'validation_failed'],
    ['a wrong-typed field', JSON.stringify({ ...VALID, district: 7 }), {}, 422, 'validation_failed'],
    ['an unknown field', JSON.stringify({ ...VALID, urgency: 'urgent' }), {}, 422, 'validation_failed'],
    [
      'a phone that is not a mainland mobile',
      JSON.stringify({ ...VALID, phone: '12345' }),
      {},
      422,
      'validation_failed',
    ],
    [
      'an unknown category',
      JSON.stringify({ ...VALID, category: 'ufo-sighting' }),
      {},
      422,
      'unknown_category',
    ],
    ['an unknown district', JSON.stringify({ ...VALID, district: 'atlantis' }), {}, 422, 'unknown_district'],
    [
      'a bad Idempotency-Key',
      JSON.stringify(VALID),
      { 'idempotency-key': 'x' },
      400,
      'invalid_idempotency_key',
    ],
  ])('refuses %s with %i %s and queues nothing', async (_what, body, headers, status, code) => {
    // Act
    const result = await post(body, headers as Record<string, string>);

    // Assess
    expect(result.statusCode).toBe(status);
    expect(errorCode(result)).toBe(code);
    expect(JSON.parse(result.body as string).error.message).toEqual(expect.any(String));
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('answers 503 when the queue is unavailable, so the channel retries', async () => {
    // Catches: a tracking number handed out for an appeal no queue holds, or a 5xx without Retry-After.
    // Prepare
    sqs
      .on(SendMessageCommand)
      .rejects(Object.assign(new Error('service unavailable'), { $metadata: { httpStatusCode: 503 } }));

    // Act
    const result = await post(VALID);

    // Assess: nothing acknowledged that is not durable
    expect(result.statusCode).toBe(503);
    expect(errorCode(result)).toBe('service_unavailable');
    expect(result.headers?.['retry-after']).toBe('5');
    expect(result.body).not.toMatch(/trackingNo|\d{6}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
  });
});
