import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { correctionTextOf } from '../../../../functions/ingest-wechat/correction-answer.js';
import { handler } from '../../../../functions/ingest-wechat/handler.js';
import { openReply } from '../../../../scripts/wechat-client.js';
import { toItem } from '../../../../shared/adapters/case-item.js';
import { directoryItems } from '../../../../shared/adapters/directory-store.js';
import {
  type Actor,
  applyAction,
  buildDirectory,
  type Case,
  createCase,
  deriveCaseId,
  hashPhone,
  type LifecycleAction,
  WEEKENDS_ONLY,
} from '../../../../shared/domain/index.js';
import { SEED_DIRECTORY } from '../../../../shared/seed/directory.js';
import { testContext } from '../../fixtures/lambda.js';
import { CITIZEN, textMessage, WECHAT_SECRETS, WECHAT_TEST_ENV, wechatPost } from '../../fixtures/wechat.js';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

function wechatCase(sourceId: string, receivedAt: string, trackingNo: string): Case {
  return createCase(
    {
      caseId: deriveCaseId('wechat', sourceId),
      trackingNo,
      channel: 'wechat',
      sourceId,
      receivedAt,
      type: 'help',
      urgency: 'normal',
      category: 'water-supply',
      district: 'gulou',
      content: '鼓楼区东街停水，至今没有通知',
      contact: { openIdHash: hashPhone(CITIZEN, WECHAT_TEST_ENV.CONTACT_HASH_KEY) },
      attachments: [],
    },
    { directory: buildDirectory(SEED_DIRECTORY), calendar: WEEKENDS_ONLY, now: new Date(receivedAt) },
  );
}

function step(kase: Case, action: LifecycleAction, at: string): Case {
  const actor: Actor = { role: 'department', id: 'u-1', departmentId: kase.departmentId as string };
  const result = applyAction(kase, action, actor, { now: new Date(at), calendar: WEEKENDS_ONLY });
  if (!result.ok) throw new Error(result.refusal.code);
  return result.case;
}

/** The citizen's case with a 补正 request open, asked a minute ago. */
function requestedCase(): Case {
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  const kase = wechatCase('1', at(120), '261122-K7M3-9XQ2');
  const acknowledged = step(kase, { action: 'acknowledge' }, at(60));
  return step(acknowledged, { action: 'request_correction', question: '请补充门牌号' }, at(1));
}

let byCaller: Case[];

function tablesQuery(input: QueryCommandInput) {
  if (input.IndexName === 'by-caller') return { Items: byCaller.map((kase) => toItem(kase)) };
  const pk = input.ExpressionAttributeValues?.[':pk'];
  return { Items: directoryItems(SEED_DIRECTORY).filter((item) => item.pk === pk) };
}

async function send(content: string): Promise<string> {
  const result = (await handler(
    wechatPost(textMessage(content), 'safe'),
    testContext('ingest-wechat'),
  )) as APIGatewayProxyStructuredResultV2;
  return openReply(result.body as string, WECHAT_SECRETS).content;
}

function writtenCases(): Record<string, unknown>[] {
  return ddb
    .commandCalls(PutCommand)
    .map((c) => c.args[0].input.Item as Record<string, unknown>)
    .filter((item) => String(item.pk).startsWith('CASE#'));
}

describe('Function: ingest-wechat (补正 by WeChat)', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(WECHAT_TEST_ENV)) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    byCaller = [];
    ddb.on(QueryCommand).callsFake(tablesQuery);
    ddb.on(PutCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterEach(() => {
    ddb.reset();
    sqs.reset();
  });

  it('reads the answer after 补正 and any separator, and nothing from another message', () => {
    // Act & Assess
    expect(correctionTextOf({ MsgType: 'text', Content: '补正 门牌号是12号' } as never)).toBe('门牌号是12号');
    expect(correctionTextOf({ MsgType: 'text', Content: '补正：门牌号是12号' } as never)).toBe(
      '门牌号是12号',
    );
    expect(correctionTextOf({ MsgType: 'text', Content: '补正' } as never)).toBe('');
    expect(correctionTextOf({ MsgType: 'text', Content: '我要补正' } as never)).toBeUndefined();
    expect(correctionTextOf({ MsgType: 'image', Content: '补正 1' } as never)).toBeUndefined();
  });

  it('answers the open request of the sender’s latest case, resuming the clock, in one query and one write', async () => {
    // Prepare
    byCaller = [requestedCase()];

    // Act
    const reply = await send('补正 门牌号是12号');

    // Assess
    expect(reply).toContain('已收到您对工单 261122-K7M3-9XQ2 的补正');
    const [written] = writtenCases();
    expect(written?.correction).toMatchObject({ answer: '门牌号是12号', answeredVia: 'wechat' });
    expect(written).not.toHaveProperty('pausedSince');
    expect(
      ddb.commandCalls(QueryCommand).filter((c) => c.args[0].input.IndexName === 'by-caller'),
    ).toHaveLength(1);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, { IndexName: 'by-caller', ScanIndexForward: false });
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('gives WeChat’s retry of a recorded answer the same reply, not a new appeal', async () => {
    // Prepare
    const answered = applyAction(
      requestedCase(),
      { action: 'answer_correction', answer: '门牌号是12号', via: 'wechat' },
      { role: 'citizen', id: 'wechat' },
      { now: new Date(), calendar: WEEKENDS_ONLY },
    );
    if (!answered.ok) throw new Error(answered.refusal.code);
    byCaller = [answered.case];

    // Act
    const reply = await send('补正 门牌号是12号');

    // Assess
    expect(reply).toContain('261122-K7M3-9XQ2');
    expect(writtenCases()).toHaveLength(0);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('takes 补正 as an ordinary appeal when no request is open, and asks for the text when it is empty', async () => {
    // Prepare
    byCaller = [wechatCase('1', new Date(Date.now() - 3_600_000).toISOString(), '261122-K7M3-9XQ2')];

    // Act
    const appeal = await send('补正 鼓楼区东街12号门口路灯不亮');
    byCaller = [requestedCase()];
    const empty = await send('补正');

    // Assess
    expect(appeal).toContain('您的诉求已受理');
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    expect(empty).toContain('请在"补正"后写明');
    expect(writtenCases()).toHaveLength(0);
  });

  it('never answers another sender’s case the index returned', async () => {
    // Prepare
    byCaller = [{ ...requestedCase(), contact: { openIdHash: hashPhone('oStranger', 'other-key') } }];

    // Act
    const reply = await send('补正 门牌号是12号');

    // Assess
    expect(reply).toContain('您的诉求已受理');
    expect(writtenCases()).toHaveLength(0);
  });
});
