import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/ingest-webform/handler.js';
import { ANSWER_EARLY_MS } from '../../../shared/http/http-handler.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

// A call to AWS that hangs ends in a 503 the function sends itself, before Lambda kills it (which
// API Gateway would answer with a bare 500), and never in a 202 for an appeal SQS may not hold.

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
const hang = () => new Promise<never>(() => undefined);

/** The function with 50 ms left before its early answer: the timer fires in 50 ms, not seconds. */
function nearTimeout(): Context {
  return { ...testContext('ingest-webform'), getRemainingTimeInMillis: () => ANSWER_EARLY_MS + 50 };
}

function post(headers: Record<string, string> = {}) {
  return handler(
    httpEvent({
      method: 'POST',
      path: '/v1/channels/webform',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(VALID),
    }),
    nearTimeout(),
  ) as Promise<APIGatewayProxyStructuredResultV2>;
}

describe('Function: ingest-webform near its timeout', () => {
  beforeAll(() => {
    // No cached directory: every case reads it, so a hanging read is always met.
    vi.stubEnv('DIRECTORY_CACHE_SECONDS', '0');
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

  it('answers 503 with Retry-After and writes nothing when the directory read hangs', async () => {
    // Prepare
    ddb.on(QueryCommand).callsFake(hang);

    // Act
    const result = await post();

    // Assess
    expect(result.statusCode).toBe(503);
    expect(result.headers).toMatchObject({ 'retry-after': '5', 'cache-control': 'no-store' });
    expect(JSON.parse(result.body as string).error.code).toBe('service_unavailable');
    expect(ddb).toHaveReceivedCommand(QueryCommand);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('answers 503 with Retry-After, not 202, while SendMessage has not returned', async () => {
    // Prepare
    sqs.on(SendMessageCommand).callsFake(hang);

    // Act
    const result = await post({ 'idempotency-key': 'timeout-key-0001' });

    // Assess: no tracking number promised; the retry with the same key derives the same case.
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe('5');
    expect(JSON.parse(result.body as string)).not.toHaveProperty('trackingNo');
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
  });

  it('answers 202 when SendMessage returns before the timer', async () => {
    // Act
    const result = await post();

    // Assess
    expect(result.statusCode).toBe(202);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
  });
});
