import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/ingest-hotline/handler.js';
import { deriveCaseId } from '../../../shared/domain/identity.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { abandonedCall, callRecord, HOTLINE_SECRET, signedHeaders } from '../fixtures/hotline.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

function post(
  body: unknown,
  options: { headers?: Record<string, string>; path?: string; sign?: boolean } = {},
): Promise<APIGatewayProxyStructuredResultV2> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const path = options.path ?? '/v1/channels/hotline/calls';
  return handler(
    httpEvent({
      method: 'POST',
      path,
      headers: {
        'content-type': 'application/json',
        ...(options.sign === false ? {} : signedHeaders(text)),
        ...options.headers,
      },
      body: text,
    }),
    testContext('ingest-hotline'),
  ) as Promise<APIGatewayProxyStructuredResultV2>;
}

const bodyOf = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body as string);
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

describe('Function: ingest-hotline', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries({ ...TEST_ENV, HOTLINE_HMAC_SECRET: HOTLINE_SECRET }))
      vi.stubEnv(k, v);
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(directoryQuery);
    ddb.on(PutCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterEach(() => {
    ddb.reset();
    sqs.reset();
  });

  it('stores the call record, queues its appeal and answers 202 with the tracking number', async () => {
    // Act
    const result = await post(callRecord());

    // Assess
    expect(result.statusCode).toBe(202);
    const body = bodyOf(result);
    expect(body).toMatchObject({ callId: 'cti-unit-0001', record: 'stored' });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'cases',
      ConditionExpression: 'attribute_not_exists(pk) OR recordedAt < :new',
      ExpressionAttributeValues: { ':new': '2026-11-23T01:19:13.000Z' },
    });
    const message = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string);
    expect(message.appeal).toMatchObject({
      caseId: deriveCaseId('hotline', 'cti-unit-0001'),
      trackingNo: body.trackingNo,
      channel: 'hotline',
      contact: { phoneMasked: '139****5678' },
    });
    expect(message.raw.headers).toHaveProperty('x-signature');
  });

  it('never puts the caller number in clear into the item, the queue or the response', async () => {
    // Act
    const result = await post(callRecord({ caller: '13912345678' }));

    // Assess
    const item = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item;
    const appeal = JSON.parse(
      sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string,
    ).appeal;
    for (const text of [JSON.stringify(item), JSON.stringify(appeal), result.body]) {
      expect(text).not.toContain('13912345678');
    }
  });

  it('stores an abandoned call and queues nothing', async () => {
    // Act
    const result = await post(abandonedCall());

    // Assess
    expect(result.statusCode).toBe(202);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        pk: 'CALL#cti-unit-0002',
        disposition: 'abandoned',
        day: '2026-11-23',
      }),
    });
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('answers 202 to an older or equal resend without changing the record, and queues the appeal again', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(conditionFailed());

    // Act
    const result = await post(callRecord());

    // Assess
    expect(result.statusCode).toBe(202);
    expect(bodyOf(result).record).toBe('stale');
    // The dispatcher's conditional put makes this a no-op; a resend after a failed send needs it.
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
  });

  it('queues a direct answer with its resolution, so the case is created completed', async () => {
    // Prepare
    const appeal = {
      ...(callRecord().appeal as object),
      type: 'consultation',
      answeredDirectly: true,
      reply: '已答复',
    };

    // Act
    const result = await post(callRecord({ appeal }));

    // Assess
    expect(result.statusCode).toBe(202);
    const message = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string);
    expect(message.appeal.resolution).toEqual({
      at: '2026-11-23T01:19:12.000Z',
      by: 'agent:a-017',
      reply: '已答复',
    });
  });

  it('accepts an Amazon Connect CTR on /connect-ctr', async () => {
    // Prepare
    const ctr = JSON.parse(
      readFileSync(new URL('../../../events/hotline/connect-ctr.json', import.meta.url), 'utf8'),
    );
    ctr.Attributes = { ...ctr.Attributes, category: 'noise', district: 'gulou' };

    // Act
    const result = await post(ctr, { path: '/v1/channels/hotline/connect-ctr' });

    // Assess
    expect(result.statusCode).toBe(202);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: `CALL#${ctr.ContactId}`, disposition: 'answered' }),
    });
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
  });

  it('acknowledges an outbound CTR without writing anything', async () => {
    // Prepare
    const ctr = JSON.parse(
      readFileSync(new URL('../../../events/hotline/connect-ctr.json', import.meta.url), 'utf8'),
    );

    // Act
    const result = await post(
      { ...ctr, InitiationMethod: 'OUTBOUND' },
      { path: '/v1/channels/hotline/connect-ctr' },
    );

    // Assess
    expect(result.statusCode).toBe(202);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it.each([
    ['missing_signature', { sign: false }],
    ['invalid_signature', { headers: { 'x-signature': `sha256=${'0'.repeat(64)}` } }],
    ['stale_timestamp', { headers: signedHeaders(JSON.stringify(callRecord()), Date.now() - 301_000) }],
  ])('answers 401 %s and writes nothing', async (code, options) => {
    // Act
    const result = await post(callRecord(), options);

    // Assess
    expect(result.statusCode).toBe(401);
    expect(bodyOf(result).error.code).toBe(code);
    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(sqs).not.toHaveReceivedAnyCommand();
  });

  it('refuses a body signed with another secret', async () => {
    // Prepare
    const text = JSON.stringify(callRecord());

    // Act
    const result = await post(text, { headers: signedHeaders(text, Date.now(), 'another-secret') });

    // Assess
    expect(result.statusCode).toBe(401);
    expect(bodyOf(result).error.code).toBe('invalid_signature');
  });

  it.each([
    ['malformed_json', 400, '{"callId":'],
    ['validation_failed', 422, callRecord({ disposition: 'lost' })],
    [
      'unknown_category',
      422,
      callRecord({ appeal: { ...(callRecord().appeal as object), category: 'nope' } }),
    ],
    [
      'unknown_district',
      422,
      callRecord({ appeal: { ...(callRecord().appeal as object), district: 'nope' } }),
    ],
    ['payload_too_large', 413, { ...callRecord(), pad: 'x'.repeat(70_000) }],
  ])('answers %s (%i) and writes nothing', async (code, status, body) => {
    // Act
    const result = await post(body);

    // Assess
    expect(result.statusCode).toBe(status);
    expect(bodyOf(result).error.code).toBe(code);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(sqs).not.toHaveReceivedAnyCommand();
  });

  it('answers 415 to a body that is not JSON, after the signature', async () => {
    // Act
    const result = await post(callRecord(), { headers: { 'content-type': 'text/plain' } });

    // Assess
    expect(result.statusCode).toBe(415);
  });

  it('answers 503 when the queue is unavailable, so the CTI resends', async () => {
    // Prepare
    sqs
      .on(SendMessageCommand)
      .rejects(Object.assign(new Error('down'), { $metadata: { httpStatusCode: 500 } }));

    // Act
    const result = await post(callRecord());

    // Assess
    expect(result.statusCode).toBe(503);
  });

  it('answers 503 when the table is unavailable', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(Object.assign(new Error('down'), { $metadata: { httpStatusCode: 500 } }));

    // Act
    const result = await post(abandonedCall());

    // Assess
    expect(result.statusCode).toBe(503);
  });
});
