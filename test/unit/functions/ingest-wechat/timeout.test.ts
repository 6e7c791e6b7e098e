import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler, WECHAT_ANSWER_EARLY_MS } from '../../../../functions/ingest-wechat/handler.js';
import { directoryQuery } from '../../fixtures/directory-mock.js';
import { testContext } from '../../fixtures/lambda.js';
import { textMessage, WECHAT_TEST_ENV, wechatPost } from '../../fixtures/wechat.js';

// WeChat waits 5 s for the reply, and so does the function (timeoutSeconds 5): a call to AWS that
// hangs must end in a 503 the function sends itself, before Lambda kills it, and never in an ack.

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const WATER = '鼓楼区东街12号小区从昨晚开始停水，至今没有通知';
const hang = () => new Promise<never>(() => undefined);

/** The function with 50 ms left before its early answer: the timer fires in 50 ms, not seconds. */
function nearTimeout(): Context {
  return { ...testContext('ingest-wechat'), getRemainingTimeInMillis: () => WECHAT_ANSWER_EARLY_MS + 50 };
}

async function call(
  event: APIGatewayProxyEventV2,
  context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  return (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
}

describe('Function: ingest-wechat near its timeout', () => {
  beforeAll(() => {
    // No cached directory: every case reads it, so a hanging read is always met.
    vi.stubEnv('DIRECTORY_CACHE_SECONDS', '0');
    for (const [k, v] of Object.entries(WECHAT_TEST_ENV)) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(directoryQuery);
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterEach(() => {
    ddb.reset();
    sqs.reset();
  });

  it('answers 503 with Retry-After and queues nothing when a table read hangs', async () => {
    // Prepare: safe mode, so no replay mark is written before the reads
    ddb.on(QueryCommand).callsFake(hang);

    // Act
    const result = await call(wechatPost(textMessage(WATER), 'safe'), nearTimeout());

    // Assess
    expect(result.statusCode).toBe(503);
    expect(result.headers).toMatchObject({ 'retry-after': '5', 'cache-control': 'no-store' });
    expect(JSON.parse(result.body as string).error.code).toBe('service_unavailable');
    expect(ddb).toHaveReceivedCommand(QueryCommand);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('answers 503 with Retry-After, not the tracking number, while SendMessage has not returned', async () => {
    // Prepare
    sqs.on(SendMessageCommand).callsFake(hang);

    // Act
    const result = await call(wechatPost(textMessage(WATER), 'safe'), nearTimeout());

    // Assess: the appeal is not known to be in SQS, so no reply may promise it; WeChat's retry of
    // the same MsgId derives the same case, so a send that did land is not doubled.
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe('5');
    expect(result.body).not.toContain('工单号');
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
  });

  it('acks with the tracking number when SendMessage returns before the timer', async () => {
    // Act
    const result = await call(wechatPost(textMessage(WATER), 'plain'), nearTimeout());

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.body).toContain('工单号');
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
  });
});
