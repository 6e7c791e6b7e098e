import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/ingest-hotline/handler.js';
import { ANSWER_EARLY_MS } from '../../../shared/http/http-handler.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { callRecord, HOTLINE_SECRET, signedHeaders } from '../fixtures/hotline.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

// A call to AWS that hangs ends in a 503 the function sends itself, before Lambda kills it (which
// API Gateway would answer with a bare 500): the CTI retries it, and the retry derives the same case
// from the same call id.

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const hang = () => new Promise<never>(() => undefined);

/** The function with 50 ms left before its early answer: the timer fires in 50 ms, not seconds. */
function nearTimeout(): Context {
  return { ...testContext('ingest-hotline'), getRemainingTimeInMillis: () => ANSWER_EARLY_MS + 50 };
}

function post(): Promise<APIGatewayProxyStructuredResultV2> {
  const text = JSON.stringify(callRecord());
  return handler(
    httpEvent({
      method: 'POST',
      path: '/v1/channels/hotline/calls',
      headers: { 'content-type': 'application/json', ...signedHeaders(text) },
      body: text,
    }),
    nearTimeout(),
  ) as Promise<APIGatewayProxyStructuredResultV2>;
}

describe('Function: ingest-hotline near its timeout', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries({ ...TEST_ENV, HOTLINE_HMAC_SECRET: HOTLINE_SECRET }))
      vi.stubEnv(k, v);
    // No cached directory: every case reads it, so a hanging read is always met.
    vi.stubEnv('DIRECTORY_CACHE_SECONDS', '0');
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(directoryQuery);
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
    const result = await post();

    // Assess
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
