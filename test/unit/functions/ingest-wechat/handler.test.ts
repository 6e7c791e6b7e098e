import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../../functions/ingest-wechat/handler.js';
import { openReply, trackingNoIn } from '../../../../scripts/wechat-client.js';
import { toItem } from '../../../../shared/adapters/case-item.js';
import { resetConfig } from '../../../../shared/adapters/config.js';
import { directoryItems } from '../../../../shared/adapters/directory-store.js';
import { bodyHashOf } from '../../../../shared/adapters/request-marks.js';
import { sha1Signature } from '../../../../shared/channels/wechat-crypto.js';
import {
  type AppealMessage,
  buildDirectory,
  createCase,
  deriveCaseId,
  hashPhone,
  intakeCase,
  WEEKENDS_ONLY,
} from '../../../../shared/domain/index.js';
import { SEED_DIRECTORY } from '../../../../shared/seed/directory.js';
import { httpEvent, testContext } from '../../fixtures/lambda.js';
import {
  CITIZEN,
  PREVIOUS_AES_KEY,
  textMessage,
  WECHAT_SECRETS,
  WECHAT_TEST_ENV,
  wechatPost,
  wechatXml,
} from '../../fixtures/wechat.js';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const WATER = '鼓楼区东街12号小区从昨晚开始停水，至今没有通知';

async function call(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return (await handler(event, testContext('ingest-wechat'))) as APIGatewayProxyStructuredResultV2;
}

function replyText(result: APIGatewayProxyStructuredResultV2): string {
  return openReply(result.body as string, WECHAT_SECRETS).content;
}

function errorCode(result: APIGatewayProxyStructuredResultV2): string {
  return JSON.parse(result.body as string).error.code;
}

function queued(): AppealMessage[] {
  return sqs
    .commandCalls(SendMessageCommand)
    .map((c) => JSON.parse(c.args[0].input.MessageBody as string) as AppealMessage);
}

/** A case the citizen made earlier, stored under its tracking number. */
const ownCase = createCase(
  {
    caseId: deriveCaseId('wechat', '1'),
    trackingNo: '261122-K7M3-9XQ2',
    channel: 'wechat',
    sourceId: '1',
    receivedAt: '2026-11-20T02:00:00.000Z',
    type: 'help',
    urgency: 'normal',
    category: 'water-supply',
    district: 'gulou',
    content: WATER,
    contact: { openIdHash: hashPhone(CITIZEN, WECHAT_TEST_ENV.CONTACT_HASH_KEY) },
    attachments: [],
  },
  {
    directory: buildDirectory(SEED_DIRECTORY),
    calendar: WEEKENDS_ONLY,
    now: new Date('2026-11-20T02:00:00Z'),
  },
);

/** The same citizen's second appeal, merged at intake into `ownCase`; it keeps its own number. */
const mergedCase = intakeCase(
  {
    caseId: deriveCaseId('wechat', '2'),
    trackingNo: '261122-M4RG-ED22',
    channel: 'wechat',
    sourceId: '2',
    receivedAt: '2026-11-20T04:00:00.000Z',
    type: 'help',
    urgency: 'normal',
    category: 'water-supply',
    district: 'gulou',
    content: WATER,
    contact: { openIdHash: hashPhone(CITIZEN, WECHAT_TEST_ENV.CONTACT_HASH_KEY) },
    attachments: [],
  },
  {
    directory: buildDirectory(SEED_DIRECTORY),
    calendar: WEEKENDS_ONLY,
    now: new Date('2026-11-20T04:00:00Z'),
  },
  { repeatOf: ownCase.caseId, mergeInto: ownCase },
);

function tablesQuery(input: QueryCommandInput) {
  if (input.IndexName === 'by-tracking-no') {
    const found = [ownCase, mergedCase].filter(
      (c) => c.trackingNo === input.ExpressionAttributeValues?.[':t'],
    );
    return { Items: found.map((kase) => toItem(kase)) };
  }
  const pk = input.ExpressionAttributeValues?.[':pk'];
  return { Items: directoryItems(SEED_DIRECTORY).filter((item) => item.pk === pk) };
}

const SENDER_LIMIT_ENV = ['SENDER_LIMIT_PER_WINDOW', 'SENDER_LIMIT_WINDOW_MINUTES', 'SENDER_LIMIT_PER_DAY'];

describe('Function: ingest-wechat', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(WECHAT_TEST_ENV)) vi.stubEnv(k, v);
    // The default sender limits, whatever the worker inherited (the integration stack raises them).
    for (const k of SENDER_LIMIT_ENV) vi.stubEnv(k, undefined);
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(tablesQuery);
    ddb.on(GetCommand).callsFake((input) => ({
      Item: input.Key?.pk === `CASE#${ownCase.caseId}` ? toItem(ownCase) : undefined,
    }));
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterEach(() => {
    ddb.reset();
    sqs.reset();
  });

  describe('GET verification', () => {
    function verification(overrides: Record<string, string> = {}) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const query = {
        signature: sha1Signature([WECHAT_SECRETS.token, timestamp, '42']),
        timestamp,
        nonce: '42',
        echostr: '5838479218127813673',
        ...overrides,
      };
      return httpEvent({ method: 'GET', path: '/v1/channels/wechat', query });
    }

    it('echoes echostr as text when the signature holds', async () => {
      // Act
      const result = await call(verification());

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.body).toBe('5838479218127813673');
      expect(result.headers?.['content-type']).toMatch(/^text\/plain/);
    });

    it.each([
      ['a wrong signature', { signature: 'a'.repeat(40) }, 401, 'invalid_signature'],
      ['a stale timestamp', { timestamp: '1409659813' }, 401, 'stale_timestamp'],
      ['a missing echostr', { echostr: '' }, 400, 'invalid_query'],
      ['an echostr with markup', { echostr: '<script>' }, 400, 'invalid_query'],
    ])('refuses %s with %i %s', async (_what, overrides, status, code) => {
      // Act
      const result = await call(verification(overrides));

      // Assess
      expect(result.statusCode).toBe(status);
      expect(errorCode(result)).toBe(code);
    });
  });

  describe('messages', () => {
    it('queues a plain-mode text as an appeal and replies with its tracking number', async () => {
      // Act
      const result = await call(wechatPost(textMessage(WATER), 'plain'));

      // Assess
      expect(result.statusCode).toBe(200);
      const content = replyText(result);
      const trackingNo = trackingNoIn(content);
      expect(content).toBe(`您的诉求已受理，工单号 ${trackingNo}，可回复"查询 ${trackingNo}"查看进度`);
      const [message] = queued();
      expect(message?.appeal).toMatchObject({
        caseId: deriveCaseId('wechat', '24600000000000001'),
        trackingNo,
        channel: 'wechat',
        category: 'water-supply',
        district: 'gulou',
        type: 'help',
        // The openid comes from WeChat itself: an identity that may merge at intake.
        contact: {
          openIdHash: hashPhone(CITIZEN, WECHAT_TEST_ENV.CONTACT_HASH_KEY),
          verifiedBy: 'wechat_openid',
        },
      });
      // The openid is in the raw archive copy only, never in the normalised appeal.
      expect(JSON.stringify(message?.appeal)).not.toContain(CITIZEN);
      expect(message?.raw).toMatchObject({ contentType: 'text/xml' });
    });

    it('decrypts a safe-mode message and encrypts the reply', async () => {
      // Act
      const result = await call(wechatPost(textMessage(WATER), 'safe'));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.body).toContain('<Encrypt>');
      expect(result.body).not.toContain('工单号');
      expect(trackingNoIn(replyText(result))).toBe(queued()[0]?.appeal.trackingNo);
      expect(queued()[0]?.raw.headers).toEqual({ 'x-wechat-encrypt-type': 'aes' });
    });

    it('accepts the previous EncodingAESKey and replies under it', async () => {
      // Prepare
      const previous = { ...WECHAT_SECRETS, encodingAesKey: PREVIOUS_AES_KEY };

      // Act
      const result = await call(wechatPost(textMessage(WATER), 'safe', { secrets: previous }));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(trackingNoIn(openReply(result.body as string, previous).content)).toBeDefined();
    });

    it('answers the three deliveries of one MsgId with the same tracking number and case', async () => {
      // Prepare
      const xml = textMessage(WATER, { MsgId: '24600000000000077' });

      // Act
      const replies = [];
      for (let i = 0; i < 3; i++) replies.push(replyText(await call(wechatPost(xml, 'safe'))));

      // Assess
      expect(new Set(replies).size).toBe(1);
      expect(new Set(queued().map((m) => m.appeal.caseId))).toEqual(
        new Set([deriveCaseId('wechat', '24600000000000077')]),
      );
    });

    it.each([
      [
        'an image, with its MediaId and PicUrl',
        { MsgType: 'image', PicUrl: 'https://mmbiz.qpic.cn/x/0', MediaId: 'media-1' },
        { attachments: ['wechat-media:media-1', 'https://mmbiz.qpic.cn/x/0'] },
      ],
      [
        'a voice message, with its recognition text',
        { MsgType: 'voice', MediaId: 'media-2', Format: 'amr', Recognition: '工地晚上施工噪音太大' },
        { category: 'noise', attachments: ['wechat-media:media-2'] },
      ],
      [
        'a location, with its label as the address',
        {
          MsgType: 'location',
          Location_X: '26.07',
          Location_Y: '119.29',
          Scale: '15',
          Label: '鼓楼区东街路口，路灯不亮',
        },
        { category: 'street-lighting', district: 'gulou', address: '鼓楼区东街路口，路灯不亮' },
      ],
    ])('turns %s into an appeal', async (_what, fields, expected) => {
      // Prepare
      const xml = wechatXml({
        ToUserName: 'gh_test',
        FromUserName: CITIZEN,
        CreateTime: Math.floor(Date.now() / 1000),
        ...fields,
        MsgId: '24600000000000009',
      });

      // Act
      const result = await call(wechatPost(xml, 'plain'));

      // Assess
      expect(trackingNoIn(replyText(result))).toBeDefined();
      expect(queued()[0]?.appeal).toMatchObject(expected);
    });

    it('falls back to other and an unknown district when nothing matches', async () => {
      // Act
      await call(wechatPost(textMessage('我有一件事情想反映一下'), 'plain'));

      // Assess
      expect(queued()[0]?.appeal).toMatchObject({ category: 'other', district: 'unknown' });
    });

    it('welcomes a new follower and writes nothing', async () => {
      // Prepare
      const xml = wechatXml({
        ToUserName: 'gh_test',
        FromUserName: CITIZEN,
        CreateTime: Math.floor(Date.now() / 1000),
        MsgType: 'event',
        Event: 'subscribe',
      });

      // Act
      const result = await call(wechatPost(xml, 'safe'));

      // Assess
      expect(replyText(result)).toContain('欢迎关注');
      expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    });

    it.each([
      ['another event', { MsgType: 'event', Event: 'unsubscribe' }],
      ['a video', { MsgType: 'video', MediaId: 'm', MsgId: '1' }],
      ['an unknown type', { MsgType: 'hologram', MsgId: '2' }],
    ])('acknowledges %s with success and writes nothing', async (_what, fields) => {
      // Prepare
      const xml = wechatXml({
        ToUserName: 'gh_test',
        FromUserName: CITIZEN,
        CreateTime: Math.floor(Date.now() / 1000),
        ...fields,
      });

      // Act
      const result = await call(wechatPost(xml, 'plain'));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.body).toBe('success');
      expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    });

    it('answers a greeting with a hint instead of a case', async () => {
      // Act
      const result = await call(wechatPost(textMessage('你好'), 'plain'));

      // Assess
      expect(replyText(result)).toContain('请用一段话');
      expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    });

    it.each([
      '我想依申请公开本区老旧小区改造的立项批复',
      '申请政府信息公开：2025年区财政预算',
      '我要申请公开鼓楼区2025年征收补偿方案文件',
    ])('points a request for 政府信息公开 (%s) to the form and records nothing', async (text) => {
      // Prepare
      vi.stubEnv('PUBLIC_BASE_URL', 'https://12345.example.gov.cn');
      resetConfig();

      // Act
      const result = await call(wechatPost(textMessage(text), 'safe'));
      vi.stubEnv('PUBLIC_BASE_URL', undefined);
      resetConfig();

      // Assess
      const content = replyText(result);
      expect(content).toContain('政府信息公开申请');
      expect(content).toContain('请勿在微信中发送证件号码');
      expect(content).toContain('https://12345.example.gov.cn/#disclosure');
      expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    });

    it('takes a complaint that merely mentions 信息公开 as an ordinary appeal', async () => {
      // Act
      const result = await call(wechatPost(textMessage('投诉某街道办政务信息公开栏长期不更新'), 'safe'));

      // Assess
      expect(trackingNoIn(replyText(result))).toBeDefined();
      expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    });
  });

  describe('查询', () => {
    it("shows the citizen's own case: status, department and deadline", async () => {
      // Act
      const result = await call(wechatPost(textMessage('查询 261122k7m39xq2'), 'safe'));

      // Assess
      const content = replyText(result);
      expect(content).toContain('工单 261122-K7M3-9XQ2');
      expect(content).toContain('状态：已派单');
      expect(content).toContain('承办单位：江城水务集团');
      expect(content).toMatch(/办理时限：\d{4}-\d{2}-\d{2} 23:59/);
      expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    });

    it('answers for a case merged at intake with its own number and status only, never its master', async () => {
      // Act
      const content = replyText(await call(wechatPost(textMessage('查询 261122-M4RG-ED22'), 'plain')));

      // Assess
      expect(mergedCase.status).toBe('merged');
      expect(content).toContain('工单 261122-M4RG-ED22');
      expect(content).toContain('状态：已并入其他工单');
      expect(content).toContain('并单办理');
      expect(content).not.toContain('261122-K7M3-9XQ2');
      expect(content).not.toContain('承办单位');
      expect(content).not.toContain('办理时限');
    });

    it("answers someone else's case exactly as a case that does not exist", async () => {
      // Act
      const other = replyText(
        await call(wechatPost(textMessage('查询 261122-K7M3-9XQ2', { FromUserName: 'oStranger' }), 'plain')),
      );
      const missing = replyText(
        await call(wechatPost(textMessage('查询 261122-K7M3-9XQ3', { FromUserName: 'oStranger' }), 'plain')),
      );

      // Assess
      expect(other).toBe('未找到工单 261122-K7M3-9XQ2。请核对工单号；只能查询本微信号提交的诉求。');
      expect(missing.replace('9XQ3', '9XQ2')).toBe(other);
    });

    it('explains the format of a tracking number it cannot read', async () => {
      // Act
      const content = replyText(await call(wechatPost(textMessage('查询 12345'), 'plain')));

      // Assess
      expect(content).toContain('工单号格式有误');
    });
  });

  describe('refusals', () => {
    it.each([
      [
        'a wrong signature',
        () => withQuery(wechatPost(textMessage(WATER), 'plain'), { signature: 'b'.repeat(40) }),
        401,
        'invalid_signature',
      ],
      [
        'a wrong msg_signature',
        () => withQuery(wechatPost(textMessage(WATER), 'safe'), { msg_signature: 'c'.repeat(40) }),
        401,
        'invalid_signature',
      ],
      [
        'a stale timestamp',
        () => wechatPost(textMessage(WATER), 'plain', { timestamp: '1409659813' }),
        401,
        'stale_timestamp',
      ],
      [
        'a missing nonce',
        () => withQuery(wechatPost(textMessage(WATER), 'plain'), { nonce: '' }),
        400,
        'invalid_query',
      ],
      [
        'a message for another AppId',
        () =>
          wechatPost(textMessage(WATER), 'safe', {
            secrets: { ...WECHAT_SECRETS, appId: 'wx0000000000000000' },
          }),
        401,
        'app_id_mismatch',
      ],
      [
        'a message under an unknown key',
        () =>
          wechatPost(textMessage(WATER), 'safe', {
            secrets: { ...WECHAT_SECRETS, encodingAesKey: 'Z'.repeat(43) },
          }),
        400,
        'decrypt_failed',
      ],
      [
        'a signed DOCTYPE',
        () => signedPlain('<!DOCTYPE xml [<!ENTITY a "b">]><xml><a>&a;</a></xml>'),
        400,
        'xml_doctype_refused',
      ],
      ['signed malformed XML', () => signedPlain('<xml><MsgType>text</xml>'), 400, 'malformed_xml'],
      [
        'a message without its fields',
        () => signedPlain('<xml><MsgType>text</MsgType></xml>'),
        400,
        'invalid_message',
      ],
      ['a body over 64 KB', () => signedPlain(textMessage('水'.repeat(30_000))), 413, 'payload_too_large'],
    ])('refuses %s with %i %s and writes nothing', async (_what, make, status, code) => {
      // Act
      const result = await call(make());

      // Assess
      expect(result.statusCode).toBe(status);
      expect(errorCode(result)).toBe(code);
      expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    });

    it('answers 503 when the queue fails, so WeChat retries', async () => {
      // Catches: a reply with a tracking number for an appeal no queue holds, or no Retry-After.
      // Prepare
      sqs
        .on(SendMessageCommand)
        .rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException', $metadata: {} }));

      // Act
      const result = await call(wechatPost(textMessage(WATER), 'safe'));

      // Assess: nothing acknowledged that is not durable
      expect(result.statusCode).toBe(503);
      expect(errorCode(result)).toBe('service_unavailable');
      expect(result.headers?.['retry-after']).toBe('5');
      expect(result.body).not.toMatch(/trackingNo|工单号|\d{6}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    });
  });

  describe('a flood from one sender', () => {
    const SENDER_HASH = hashPhone(CITIZEN, WECHAT_TEST_ENV.CONTACT_HASH_KEY);
    const CASE_ID = deriveCaseId('wechat', '24600000000000001');

    /** The sender's count as DynamoDB returns it when the conditional update is refused. */
    function countRefused(item: { ids: string[]; n: number; window: number }) {
      ddb.on(UpdateCommand).callsFake((input) => {
        throw new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
          Item: marshall({
            ...input.Key,
            ids: new Set(item.ids),
            n: item.n,
            [input.ExpressionAttributeNames['#w']]: item.window,
          }),
        });
      });
    }

    it("counts an appeal under the sender's keyed hash and its case id before queueing it", async () => {
      // Act
      const result = await call(wechatPost(textMessage(WATER), 'safe'));

      // Assess
      expect(trackingNoIn(replyText(result))).toBeDefined();
      expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
      const update = ddb.commandCalls(UpdateCommand)[0]?.args[0].input;
      expect(update).toMatchObject({
        TableName: 'request-marks',
        Key: {
          pk: expect.stringMatching(new RegExp(`^SENDER#wechat#${SENDER_HASH}#\\d{4}-\\d{2}-\\d{2}$`)),
          sk: 'SENDER',
        },
        ExpressionAttributeValues: expect.objectContaining({
          ':id': CASE_ID,
          ':perWindow': 10,
          ':perDay': 30,
        }),
      });
      // The openid itself is never written.
      expect(JSON.stringify(update)).not.toContain(CITIZEN);
      expect(queued()).toHaveLength(1);
    });

    it('answers an appeal over the limit with the friendly refusal and queues nothing', async () => {
      // Prepare
      countRefused({ ids: ['wxOTHER'], n: 10, window: 10 });

      // Act
      const result = await call(wechatPost(textMessage(WATER), 'safe'));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(replyText(result)).toContain('您的留言较多，我们已收到前面的诉求，请稍后再提交新的诉求');
      expect(trackingNoIn(replyText(result))).toBeUndefined();
      expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    });

    it("queues WeChat's retry of an admitted MsgId again, with the same tracking number, while the window is full", async () => {
      // Prepare
      const first = replyText(await call(wechatPost(textMessage(WATER), 'safe')));
      countRefused({ ids: [CASE_ID], n: 10, window: 10 });

      // Act
      const retry = replyText(await call(wechatPost(textMessage(WATER), 'safe')));

      // Assess
      expect(retry).toBe(first);
      expect(new Set(queued().map((m) => m.appeal.caseId))).toEqual(new Set([CASE_ID]));
    });

    it.each([
      [
        'a 查询',
        () => textMessage('查询 261122-K7M3-9XQ2', { MsgId: '24600000000000002' }),
        '工单 261122-K7M3-9XQ2',
      ],
      [
        'a follow',
        () =>
          wechatXml({
            ToUserName: 'gh_test',
            FromUserName: CITIZEN,
            CreateTime: Math.floor(Date.now() / 1000),
            MsgType: 'event',
            Event: 'subscribe',
          }),
        '欢迎关注',
      ],
      ['a greeting', () => textMessage('你好'), '请用一段话'],
    ])('answers %s from a sender over the limit, uncounted', async (_what, xml, expected) => {
      // Prepare
      countRefused({ ids: ['wxOTHER'], n: 30, window: 10 });

      // Act
      const result = await call(wechatPost(xml(), 'safe'));

      // Assess
      expect(replyText(result)).toContain(expected);
      expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
    });

    it('admits the appeal when the count cannot be reached, so no appeal is lost to it', async () => {
      // Prepare
      ddb
        .on(UpdateCommand)
        .rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException', $metadata: {} }));

      // Act
      const result = await call(wechatPost(textMessage(WATER), 'safe'));

      // Assess
      expect(trackingNoIn(replyText(result))).toBeDefined();
      expect(queued()).toHaveLength(1);
    });
    it("counts an appeal once when its queueing failed and WeChat's retry is queued", async () => {
      // Catches: the sender's count raised again by the retry of an appeal that was never queued
      // (a citizen refused for appeals that count twice), or the retry refused as over the limit.
      // Prepare: the count as DynamoDB keeps it; the queue fails the first delivery only
      const counted = { ids: new Set<string>(), n: 0 };
      ddb.on(UpdateCommand).callsFake((input) => {
        const id = input.ExpressionAttributeValues[':id'];
        if (counted.ids.has(id)) {
          throw new ConditionalCheckFailedException({
            message: 'The conditional request failed',
            $metadata: {},
            Item: marshall({
              ...input.Key,
              ids: new Set(counted.ids),
              n: counted.n,
              [input.ExpressionAttributeNames['#w']]: counted.n,
            }),
          });
        }
        counted.ids.add(id);
        counted.n += 1;
        return {};
      });
      sqs
        .on(SendMessageCommand)
        .rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException', $metadata: {} }))
        .resolves({ MessageId: 'm-2' });

      // Act
      const first = await call(wechatPost(textMessage(WATER), 'safe'));
      const retry = await call(wechatPost(textMessage(WATER), 'safe'));

      // Assess
      expect(first.statusCode).toBe(503);
      expect(trackingNoIn(replyText(retry))).toBeDefined();
      expect(counted).toEqual({ ids: new Set([CASE_ID]), n: 1 });
      expect(queued().map((m) => m.appeal.caseId)).toEqual([CASE_ID, CASE_ID]);
    });
  });

  describe('plain mode', () => {
    it('refuses a plain-mode message with 403 safe_mode_required when an EncodingAESKey is set', async () => {
      // Prepare: the default, with no WECHAT_REQUIRE_SAFE_MODE.
      vi.stubEnv('WECHAT_REQUIRE_SAFE_MODE', '');

      // Act
      const plain = await call(wechatPost(textMessage(WATER), 'plain'));
      const safe = await call(wechatPost(textMessage(WATER, { MsgId: '24600000000000002' }), 'safe'));

      // Assess
      expect(plain.statusCode).toBe(403);
      expect(errorCode(plain)).toBe('safe_mode_required');
      expect(safe.statusCode).toBe(200);
      expect(queued()).toHaveLength(1);
      vi.stubEnv('WECHAT_REQUIRE_SAFE_MODE', 'false');
    });

    it('takes plain mode from an account without an EncodingAESKey', async () => {
      // Prepare
      vi.stubEnv('WECHAT_REQUIRE_SAFE_MODE', '');
      vi.stubEnv('WECHAT_ENCODING_AES_KEY', '');
      vi.stubEnv('WECHAT_PREVIOUS_ENCODING_AES_KEY', '');

      // Act
      const result = await call(wechatPost(textMessage(WATER), 'plain'));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(queued()).toHaveLength(1);
      vi.stubEnv('WECHAT_REQUIRE_SAFE_MODE', 'false');
      vi.stubEnv('WECHAT_ENCODING_AES_KEY', WECHAT_SECRETS.encodingAesKey as string);
      vi.stubEnv('WECHAT_PREVIOUS_ENCODING_AES_KEY', PREVIOUS_AES_KEY);
    });

    it('marks the timestamp and nonce once, until the window has passed', async () => {
      // Prepare
      const timestamp = String(Math.floor(Date.now() / 1000));
      const event = wechatPost(textMessage(WATER), 'plain', { timestamp });

      // Act
      await call(event);

      // Assess
      expect(ddb).toHaveReceivedCommandWith(PutCommand, {
        TableName: 'request-marks',
        Item: expect.objectContaining({
          pk: `NONCE#${timestamp}#${event.queryStringParameters?.nonce}`,
          bodyHash: bodyHashOf(event.body as string, WECHAT_TEST_ENV.CONTACT_HASH_KEY),
          expiresAt: Number(timestamp) + 300 + 60,
        }),
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      });
    });

    it.each([
      ['the same body (WeChat retrying)', 'same', 200],
      ['another body (a replay)', 'other', 401],
    ])('answers a timestamp and nonce seen before with %s with %i', async (_what, body, status) => {
      // Prepare
      const event = wechatPost(textMessage(WATER), 'plain');
      const seen = bodyHashOf(body === 'same' ? (event.body as string) : '<xml/>', 'unit-test-contact-key');
      ddb.on(PutCommand).rejects(
        new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
          Item: marshall({ pk: 'NONCE#1#2', sk: 'MARK', bodyHash: seen, expiresAt: 1 }),
        }),
      );

      // Act
      const result = await call(event);

      // Assess
      expect(result.statusCode).toBe(status);
      if (status === 401) {
        expect(errorCode(result)).toBe('replayed_nonce');
        expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
      } else {
        expect(trackingNoIn(replyText(result))).toBe(queued()[0]?.appeal.trackingNo);
      }
    });

    it.each([
      ['XML that does not parse', 'attribute_exists(pk)', 'malformed_xml'],
      ['a message without its fields', '<xml><Content>x</Content></xml>', 'invalid_message'],
    ])('marks no nonce for a signed plain-mode body of %s, which it refuses', async (_what, body, code) => {
      // Prepare: the input the fuzz suite found (test/fuzz/ingest-wechat.fuzz.test.ts, seed 20261225)
      const event = wechatPost(textMessage(WATER), 'plain', { body });

      // Act
      const result = await call(event);

      // Assess
      expect(result.statusCode).toBe(400);
      expect(errorCode(result)).toBe(code);
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
    });

    it('marks no nonce in safe mode, whose signature covers the body', async () => {
      // Act
      await call(wechatPost(textMessage(WATER), 'safe'));

      // Assess
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
    });
  });
});

function withQuery(event: APIGatewayProxyEventV2, overrides: Record<string, string>): APIGatewayProxyEventV2 {
  return { ...event, queryStringParameters: { ...event.queryStringParameters, ...overrides } };
}

function signedPlain(body: string): APIGatewayProxyEventV2 {
  return wechatPost(textMessage(WATER), 'plain', { body });
}
