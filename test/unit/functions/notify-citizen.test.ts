import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/notify-citizen/handler.js';
import { toItem } from '../../../shared/adapters/case-item.js';
import { verifyFeedbackToken } from '../../../shared/adapters/feedback-token.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { hashPhone } from '../../../shared/domain/identity.js';
import { type Actor, applyAction, type LifecycleAction } from '../../../shared/domain/lifecycle/index.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { TEST_ENV, testContext } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);

const CONTACT_KEY = TEST_ENV.CONTACT_HASH_KEY;
const FEEDBACK_KEY = 'unit-test-feedback-key';
const PHONE = '13912345678';
const OPENID = 'oUser-openid-0001';
const RAW_KEY = 'raw/2026/11/20/case.json';
const water: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };

/** The fake WeChat API and the SMS outbox, one local server (no network). */
let server: Server;
let requests: { path: string; body: Record<string, unknown> }[];
let wechatSendAnswer: Record<string, unknown>;

function act(kase: Case, action: LifecycleAction): Case {
  const result = applyAction(kase, action, water, {
    now: new Date('2026-11-23T02:00:00Z'),
    calendar: WEEKENDS_ONLY,
  });
  if (!result.ok) throw new Error(result.refusal.code);
  return result.case;
}

function acknowledged(overrides: Parameters<typeof testAppeal>[0] = {}): Case {
  const kase = createCase(
    testAppeal({
      contact: { phoneHash: hashPhone(PHONE, CONTACT_KEY), phoneMasked: '139****5678' },
      ...overrides,
    }),
    {
      directory: TEST_DIRECTORY,
      calendar: WEEKENDS_ONLY,
      now: new Date('2026-11-20T02:00:05Z'),
      rawKey: RAW_KEY,
    },
  );
  return act(kase, { action: 'acknowledge' });
}

function completed(before: Case): Case {
  return act(before, { action: 'complete', reply: '管道已修复，供水恢复' });
}

function image(c: Case | Record<string, unknown>) {
  const item = 'pk' in c ? c : toItem(c as Case);
  return marshall(item, { removeUndefinedValues: true }) as never;
}

function record(
  seq: string,
  before: Case | undefined,
  after: Case | Record<string, unknown>,
): DynamoDBRecord {
  return {
    eventID: seq,
    eventName: before ? 'MODIFY' : 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      ...(before ? { OldImage: image(before) } : {}),
      NewImage: image(after),
      SequenceNumber: seq,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

function rawPayload(channel: string, body: string) {
  const text = JSON.stringify({ caseId: 'c', channel, contentType: 'application/json', body });
  return { Body: { transformToString: async () => text } as never };
}

async function run(...records: DynamoDBRecord[]): Promise<DynamoDBBatchResponse> {
  return (await handler({ Records: records }, testContext('notify-citizen'))) as DynamoDBBatchResponse;
}

function settled() {
  return ddb
    .commandCalls(PutCommand)
    .map((c) => c.args[0].input.Item as Record<string, unknown>)
    .filter((item) => item.state !== 'claimed');
}

describe('Function: notify-citizen', () => {
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = new URL(req.url ?? '/', 'http://localhost').pathname;
        requests.push({ path, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.setHeader('content-type', 'application/json');
        if (path === '/cgi-bin/stable_token')
          res.end(JSON.stringify({ access_token: 'tok', expires_in: 7200 }));
        else if (path === '/cgi-bin/message/custom/send') res.end(JSON.stringify(wechatSendAnswer));
        else res.end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('FEEDBACK_TOKEN_KEY', FEEDBACK_KEY);
    vi.stubEnv('PUBLIC_BASE_URL', 'https://12345.example.gov.cn');
    vi.stubEnv('LOCAL_NOTIFICATION_OUTBOX_URL', `${base}/outbox`);
    vi.stubEnv('WECHAT_API_BASE_URL', base);
    vi.stubEnv('WECHAT_TOKEN', 'unittesttoken');
    vi.stubEnv('WECHAT_ENCODING_AES_KEY', 'a'.repeat(43));
    vi.stubEnv('WECHAT_APP_ID', 'wx0123456789abcdef');
    vi.stubEnv('WECHAT_APP_SECRET', 'secret0123456789');
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    requests = [];
    wechatSendAnswer = { errcode: 0, errmsg: 'ok' };
    ddb.on(PutCommand).resolves({});
    s3.on(GetObjectCommand).resolves(rawPayload('webform', JSON.stringify({ phone: PHONE })));
  });

  afterEach(() => {
    ddb.reset();
    s3.reset();
  });

  it('tells the citizen of a completion with a token that verifies, once the notice is claimed', async () => {
    // Prepare
    const before = acknowledged();
    const after = completed(before);

    // Act
    const result = await run(record('1', before, after));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(ddb).toReceiveNthCommandWith(PutCommand, 1, {
      Item: expect.objectContaining({
        pk: `NOTICE#${after.caseId}`,
        sk: after.completedAt,
        state: 'claimed',
      }),
      ConditionExpression: 'attribute_not_exists(pk) OR #state = :claimed',
    });
    expect(s3).toReceiveCommandWith(GetObjectCommand, { Key: RAW_KEY });
    const [sms] = requests;
    expect(sms?.path).toBe('/outbox');
    expect(sms?.body).toMatchObject({ via: 'sms', to: '139****5678', trackingNo: after.trackingNo });
    const token = new URL(sms?.body.feedbackUrl as string).searchParams.get('token') as string;
    expect(verifyFeedbackToken(token, after, FEEDBACK_KEY)).toBe(true);
    expect(JSON.stringify(requests)).not.toContain(PHONE);
    expect(settled()).toEqual([expect.objectContaining({ state: 'sent', via: 'sms' })]);
  });

  it('does nothing for a notice already settled (a replayed record)', async () => {
    // Prepare
    const before = acknowledged();
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'settled', $metadata: {} }));

    // Act
    const result = await run(record('2', before, completed(before)));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(s3).not.toReceiveCommand(GetObjectCommand);
    expect(requests).toEqual([]);
  });

  it('ignores changes that are not a move into completed, and notice marks', async () => {
    // Prepare
    const done = completed(acknowledged());
    const closed = { ...done, status: 'closed' as const, version: done.version + 1 };
    const mark = { pk: `NOTICE#${done.caseId}`, sk: done.completedAt as string, state: 'sent' };

    // Act
    const result = await run(
      record('3', done, { ...done, version: done.version + 1 }),
      record('4', done, closed),
      record('5', undefined, mark),
    );

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(ddb).not.toReceiveCommand(PutCommand);
    expect(requests).toEqual([]);
  });

  it('notifies a hotline case resolved at intake on its callback number', async () => {
    // Prepare
    const callback = '13800001111';
    const kase: Case = {
      ...completed(acknowledged()),
      channel: 'hotline',
      contact: { phoneHash: hashPhone(callback, CONTACT_KEY), phoneMasked: '138****1111' },
    };
    const callRecord = {
      callId: 'call-1',
      line: '12345',
      disposition: 'answered',
      recordedAt: '2026-11-23T02:00:00Z',
      caller: '+86 139 1234 5678',
      appeal: {
        type: 'consultation',
        category: 'water-supply',
        district: 'gulou',
        content: '咨询',
        callbackPhone: callback,
      },
    };
    s3.on(GetObjectCommand).resolves(rawPayload('hotline', JSON.stringify(callRecord)));

    // Act
    const result = await run(record('6', undefined, kase));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(requests.map((r) => [r.path, r.body.to])).toEqual([['/outbox', '138****1111']]);
  });

  it('sends a WeChat case a customer-service message, and records 45015 as undeliverable', async () => {
    // Prepare
    const before = acknowledged({
      channel: 'wechat',
      contact: { openIdHash: hashPhone(OPENID, CONTACT_KEY) },
    });
    const xml = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[${OPENID}]]></FromUserName><MsgType><![CDATA[text]]></MsgType></xml>`;
    s3.on(GetObjectCommand).resolves(rawPayload('wechat', xml));
    wechatSendAnswer = { errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' };

    // Act
    const result = await run(record('7', before, completed(before)));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const send = requests.find((r) => r.path === '/cgi-bin/message/custom/send');
    expect(send?.body).toMatchObject({ touser: OPENID, msgtype: 'text' });
    expect((send?.body.text as { content: string } | undefined)?.content).toContain('feedback?token=');
    expect(settled()).toEqual([
      expect.objectContaining({ state: 'undeliverable', via: 'wechat', reason: 'wechat_48h_window_closed' }),
    ]);
  });

  it('records a notice as undeliverable when the raw payload names nobody matching the case', async () => {
    // Prepare
    const before = acknowledged();
    s3.on(GetObjectCommand).resolves(rawPayload('webform', JSON.stringify({ phone: '13700000000' })));

    // Act
    const result = await run(record('8', before, completed(before)));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(requests).toEqual([]);
    expect(settled()).toEqual([
      expect.objectContaining({ state: 'undeliverable', reason: 'no_verified_address' }),
    ]);
  });

  it('fails the record (to be retried) when the raw payload cannot be read, leaving the claim open', async () => {
    // Prepare
    const before = acknowledged();
    s3.on(GetObjectCommand).rejects(new Error('S3 unavailable'));

    const done = completed(before);

    // Act
    const result = await run(
      record('9', before, done),
      record('10', done, { ...done, version: done.version + 1 }),
    );

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '9' }]);
    expect(settled()).toEqual([]);
  });
});
