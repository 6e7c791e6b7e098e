import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as hotline } from '../../../functions/ingest-hotline/handler.js';
import { handler as webform } from '../../../functions/ingest-webform/handler.js';
import { WECHAT_ANSWER_EARLY_MS, handler as wechat } from '../../../functions/ingest-wechat/handler.js';
import { ANSWER_EARLY_MS } from '../../../shared/http/http-handler.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { callRecord, HOTLINE_SECRET, signedHeaders } from '../fixtures/hotline.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';
import { textMessage, WECHAT_TEST_ENV, wechatPost } from '../fixtures/wechat.js';

// A call to AWS that hangs ends in a 503 the function sends itself, before Lambda kills it (which
// API Gateway would answer with a bare 500), and never in an ack for an appeal SQS may not hold:
// the channel retries, and the retry derives the same case from the same source id (the web form's
// Idempotency-Key, the CTI's call id, WeChat's MsgId), so a send that did land is not doubled.
// WeChat waits 5 s for its reply, as long as the function runs: it answers earlier than the others.

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const hang = () => new Promise<never>(() => undefined);
type Answer = APIGatewayProxyStructuredResultV2;

/** The function with 50 ms left before its early answer: the timer fires in 50 ms, not seconds. */
function nearTimeout(name: string, answerEarlyMs: number): Context {
  return { ...testContext(name), getRemainingTimeInMillis: () => answerEarlyMs + 50 };
}

const WEB_FORM = {
  type: 'help',
  category: 'water-supply',
  district: 'gulou',
  address: '鼓楼区东街 12 号',
  content: '小区从昨天晚上开始停水，至今没有通知何时恢复。',
  phone: '139 1234 5678',
};
const WATER = '鼓楼区东街12号小区从昨晚开始停水，至今没有通知';

interface Channel {
  readonly name: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Posts one appeal near the function's timeout; `safe` asks WeChat's safe mode (no mark first). */
  post(safe: boolean): Promise<Answer>;
  /** The ack's status, and what in its body promises the appeal. */
  readonly ack: { status: number; promise: (body: string) => boolean };
}

const CHANNELS: Channel[] = [
  {
    name: 'ingest-webform',
    env: { ...TEST_ENV, REQUEST_MARKS_TABLE_NAME: 'request-marks' },
    post: () =>
      webform(
        httpEvent({
          method: 'POST',
          path: '/v1/channels/webform',
          headers: { 'content-type': 'application/json', 'idempotency-key': 'timeout-key-0001' },
          body: JSON.stringify(WEB_FORM),
        }),
        nearTimeout('ingest-webform', ANSWER_EARLY_MS),
      ) as Promise<Answer>,
    ack: { status: 202, promise: (body) => 'trackingNo' in JSON.parse(body) },
  },
  {
    name: 'ingest-hotline',
    env: { ...TEST_ENV, HOTLINE_HMAC_SECRET: HOTLINE_SECRET },
    post: () => {
      const text = JSON.stringify(callRecord());
      return hotline(
        httpEvent({
          method: 'POST',
          path: '/v1/channels/hotline/calls',
          headers: { 'content-type': 'application/json', ...signedHeaders(text) },
          body: text,
        }),
        nearTimeout('ingest-hotline', ANSWER_EARLY_MS),
      ) as Promise<Answer>;
    },
    ack: { status: 202, promise: (body) => 'trackingNo' in JSON.parse(body) },
  },
  {
    name: 'ingest-wechat',
    env: WECHAT_TEST_ENV,
    post: (safe) =>
      wechat(
        wechatPost(textMessage(WATER), safe ? 'safe' : 'plain'),
        nearTimeout('ingest-wechat', WECHAT_ANSWER_EARLY_MS),
      ) as Promise<Answer>,
    ack: { status: 200, promise: (body) => body.includes('工单号') },
  },
];

describe.each(CHANNELS)('Function: $name near its timeout', (channel) => {
  beforeEach(() => {
    // No cached directory: every case reads it, so a hanging read is always met.
    vi.stubEnv('DIRECTORY_CACHE_SECONDS', '0');
    for (const [k, v] of Object.entries(channel.env)) if (v !== undefined) vi.stubEnv(k, v);
    ddb.on(QueryCommand).callsFake(directoryQuery);
    ddb.on(GetCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterEach(() => {
    ddb.reset();
    sqs.reset();
    vi.unstubAllEnvs();
  });

  it('answers 503 with Retry-After and writes nothing when the directory read hangs', async () => {
    // Prepare
    ddb.on(QueryCommand).callsFake(hang);

    // Act
    const result = await channel.post(true);

    // Assess
    expect(result.statusCode).toBe(503);
    expect(result.headers).toMatchObject({ 'retry-after': '5', 'cache-control': 'no-store' });
    expect(JSON.parse(result.body as string).error.code).toBe('service_unavailable');
    expect(ddb).toHaveReceivedCommand(QueryCommand);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('answers 503 with Retry-After, and promises nothing, while SendMessage has not returned', async () => {
    // Prepare
    sqs.on(SendMessageCommand).callsFake(hang);

    // Act
    const result = await channel.post(true);

    // Assess
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe('5');
    expect(channel.ack.promise(result.body as string)).toBe(false);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
  });

  it('acks when SendMessage returns before the timer', async () => {
    // Act
    const result = await channel.post(false);

    // Assess
    expect(result.statusCode).toBe(channel.ack.status);
    expect(channel.ack.promise(result.body as string)).toBe(true);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
  });
});
