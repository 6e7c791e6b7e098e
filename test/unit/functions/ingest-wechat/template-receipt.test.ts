import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../../functions/ingest-wechat/handler.js';
import { directoryItems } from '../../../../shared/adapters/directory-store.js';
import { noticeOfMessage, recordNoticeEvent } from '../../../../shared/adapters/notice-events.js';
import { SEED_DIRECTORY } from '../../../../shared/seed/directory.js';
import { testContext } from '../../fixtures/lambda.js';
import { CITIZEN, WECHAT_TEST_ENV, wechatPost, wechatXml } from '../../fixtures/wechat.js';

// The template message's delivery report (TEMPLATESENDJOBFINISH) on the account's webhook.

vi.mock('../../../../shared/adapters/notice-events.js', () => ({
  noticeOfMessage: vi.fn(),
  recordNoticeEvent: vi.fn(),
}));

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const NOTICE = { caseId: 'wxcase0000000000000000000', noticeId: 'completion#2026-11-25T07:00:00.000Z' };
const CREATED = 1_764_057_600; // 2025-11-25T08:00:00Z

function receipt(status: string, overrides: Record<string, string | number> = {}): string {
  return wechatXml({
    ToUserName: 'gh_test',
    FromUserName: CITIZEN,
    CreateTime: CREATED,
    MsgType: 'event',
    Event: 'TEMPLATESENDJOBFINISH',
    MsgID: '3147355296836763649',
    Status: status,
    ...overrides,
  });
}

async function call(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return (await handler(event, testContext('ingest-wechat'))) as APIGatewayProxyStructuredResultV2;
}

describe('Function: ingest-wechat, template message receipts', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(WECHAT_TEST_ENV)) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake((input) => ({
      Items: directoryItems(SEED_DIRECTORY).filter(
        (item) => item.pk === input.ExpressionAttributeValues?.[':pk'],
      ),
    }));
    vi.mocked(noticeOfMessage).mockResolvedValue(NOTICE);
    vi.mocked(recordNoticeEvent).mockResolvedValue('updated');
  });

  afterEach(() => {
    ddb.reset();
    sqs.reset();
    vi.mocked(noticeOfMessage).mockReset();
    vi.mocked(recordNoticeEvent).mockReset();
  });

  it('records a success as delivered and answers success', async () => {
    // Act
    const result = await call(wechatPost(receipt('success'), 'safe'));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.body).toBe('success');
    expect(noticeOfMessage).toHaveBeenCalledWith('wechat', '3147355296836763649');
    expect(recordNoticeEvent).toHaveBeenCalledWith(NOTICE.caseId, NOTICE.noticeId, {
      type: 'receipt',
      at: '2025-11-25T08:00:00.000Z',
      delivered: true,
      messageId: '3147355296836763649',
    });
    expect(sqs.calls()).toHaveLength(0);
  });

  it('records a user block as not delivered, with its reason', async () => {
    // Act
    const result = await call(wechatPost(receipt('failed:user block'), 'safe'));

    // Assess
    expect(result.body).toBe('success');
    expect(recordNoticeEvent).toHaveBeenCalledWith(NOTICE.caseId, NOTICE.noticeId, {
      type: 'receipt',
      at: '2025-11-25T08:00:00.000Z',
      delivered: false,
      messageId: '3147355296836763649',
      reason: 'wechat_user_block',
    });
  });

  it('records a system failure as not delivered', async () => {
    // Act
    await call(wechatPost(receipt('failed: system failed'), 'safe'));

    // Assess
    expect(recordNoticeEvent).toHaveBeenCalledWith(
      NOTICE.caseId,
      NOTICE.noticeId,
      expect.objectContaining({ delivered: false, reason: 'wechat_system_failed' }),
    );
  });

  it('answers success to a msgid no notice claims, and records nothing', async () => {
    // Prepare
    vi.mocked(noticeOfMessage).mockResolvedValue(undefined);

    // Act
    const result = await call(wechatPost(receipt('success'), 'safe'));

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.body).toBe('success');
    expect(recordNoticeEvent).not.toHaveBeenCalled();
    expect(sqs.calls()).toHaveLength(0);
  });

  it('answers a replayed receipt with success and changes nothing more', async () => {
    // Prepare
    vi.mocked(recordNoticeEvent).mockResolvedValueOnce('updated').mockResolvedValueOnce('unchanged');
    const event = wechatPost(receipt('success'), 'safe');

    // Act
    const first = await call(event);
    const second = await call(event);

    // Assess
    expect([first.body, second.body]).toEqual(['success', 'success']);
    expect(vi.mocked(recordNoticeEvent).mock.calls[1]).toEqual(vi.mocked(recordNoticeEvent).mock.calls[0]);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('answers 5xx when the store fails, so WeChat posts it again', async () => {
    // Prepare
    vi.mocked(recordNoticeEvent).mockRejectedValue(new Error('DynamoDB is down'));

    // Act
    const result = await call(wechatPost(receipt('success'), 'safe'));

    // Assess
    expect(result.statusCode).toBeGreaterThanOrEqual(500);
  });

  it('answers 5xx when the message mark cannot be read', async () => {
    // Prepare
    vi.mocked(noticeOfMessage).mockRejectedValue(new Error('DynamoDB is down'));

    // Act
    const result = await call(wechatPost(receipt('success'), 'safe'));

    // Assess
    expect(result.statusCode).toBeGreaterThanOrEqual(500);
    expect(recordNoticeEvent).not.toHaveBeenCalled();
  });

  it.each([
    ['no MsgID', { MsgID: '' }],
    ['a MsgID that is not a number', { MsgID: '12a' }],
    ['no Status', { Status: '' }],
  ])('refuses a receipt with %s as 400 invalid_message', async (_what, overrides) => {
    // Act
    const result = await call(wechatPost(receipt('success', overrides), 'safe'));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body as string).error.code).toBe('invalid_message');
    expect(recordNoticeEvent).not.toHaveBeenCalled();
  });

  it('refuses a plain-mode receipt without its Status before marking its nonce', async () => {
    // Prepare: the input the fuzz suite found (test/fuzz/ingest-wechat.fuzz.test.ts, seed 20261225)
    const event = wechatPost(receipt('success', { Status: '' }), 'plain');

    // Act
    const result = await call(event);

    // Assess
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body as string).error.code).toBe('invalid_message');
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('refuses a receipt whose signature does not hold, before reading it', async () => {
    // Prepare
    const event = wechatPost(receipt('success'), 'plain');
    event.queryStringParameters = { ...event.queryStringParameters, signature: 'a'.repeat(40) };

    // Act
    const result = await call(event);

    // Assess
    expect(result.statusCode).toBe(401);
    expect(noticeOfMessage).not.toHaveBeenCalled();
  });
});
