import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../functions/ingest-wechat/handler.js';
import {
  LOCAL_TEMPLATE_ID,
  LOCAL_WECHAT_TEMPLATES,
  startWechatApiFake,
  type WechatApiFake,
} from '../../local/fakes/wechat-api.js';
import { signedWechatPush } from '../../local/fakes/wechat-push.js';
import { noticeOfMessage, recordNoticeEvent } from '../../shared/adapters/notice-events.js';
import { WechatApiError } from '../../shared/adapters/notifiers/wechat-api.js';
import {
  parseWechatTemplates,
  WechatTemplateNotifier,
  type WechatTemplates,
} from '../../shared/adapters/notifiers/wechat-template.js';
import { completionMessage, correctionRequestMessage } from '../../shared/domain/notices/index.js';
import { httpEvent, testContext } from '../unit/fixtures/lambda.js';

// The WeChat notifier against the local fake of WeChat's server API (no stack needed): the real
// adapter, the fake checking the token and the template as WeChat does, and the fake's
// TEMPLATESENDJOBFINISH push opened by the real ingest-wechat handler (signature, decryption).

vi.mock('../../shared/adapters/notice-events.js', () => ({
  noticeOfMessage: vi.fn(),
  recordNoticeEvent: vi.fn(),
}));

const credentials = { appId: 'wxlocal0123456789', appSecret: 'localsecret0123456789' };
const secrets = {
  token: 'LocalToken123',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  appId: credentials.appId,
};
const WEBHOOK_ENV = {
  WECHAT_TOKEN: secrets.token,
  WECHAT_ENCODING_AES_KEY: secrets.encodingAesKey,
  WECHAT_APP_ID: secrets.appId,
  WECHAT_REQUIRE_SAFE_MODE: 'true',
  CONTACT_HASH_KEY: 'local-contact-hash-key-0123456789',
};
const templates: WechatTemplates = parseWechatTemplates(
  JSON.stringify({
    completion: {
      templateId: LOCAL_TEMPLATE_ID,
      data: { character_string1: 'trackingNo', thing2: { text: '已办结，请查看答复并评价' } },
    },
    correction_request: {
      templateId: 'NotOnTheAccount000000000000000000000000000',
      data: { thing1: 'days' },
    },
  }),
);
const message = completionMessage(
  { caseId: 'wxcase', trackingNo: '261122-K7M3-9XQ2', completedAt: '2026-11-25T07:00:00.000Z' },
  { link: 'https://12345.example.gov.cn/n/Ab3dE5gH7k' },
);
const CITIZEN = 'oLocalCitizen00000000000001';
const BLOCKED = 'oLocalCitizen00000000000000';

/** The account's webhook: each POST becomes the event API Gateway gives the real handler. */
let webhook: Server;
let webhookUrl: string;
const answered: APIGatewayProxyStructuredResultV2[] = [];
let fake: WechatApiFake;

function notifier(over: Partial<ConstructorParameters<typeof WechatTemplateNotifier>[0]> = {}) {
  return new WechatTemplateNotifier({
    credentials: async () => credentials,
    templates,
    baseUrl: fake.url,
    ...over,
  });
}

function lastHour(): string {
  return new Date(Date.now() - 3_600_000).toISOString();
}

describe('Integration: WeChat notices against the local WeChat API fake', () => {
  beforeAll(async () => {
    for (const [k, v] of Object.entries(WEBHOOK_ENV)) vi.stubEnv(k, v);
    webhook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const result = (await handler(
          httpEvent({
            method: 'POST',
            path: url.pathname,
            headers: { 'content-type': String(req.headers['content-type']) },
            query: Object.fromEntries(url.searchParams),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
          testContext('ingest-wechat'),
        )) as APIGatewayProxyStructuredResultV2;
        answered.push(result);
        res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
        res.end(result.body);
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}`;
    fake = await startWechatApiFake({
      ...credentials,
      pushEvent: (xml) => signedWechatPush(webhookUrl, secrets, xml),
      receipts: (openId) => (openId === BLOCKED ? 'failed' : 'delivered'),
      pushDelayMs: 10,
    });
  });

  afterAll(async () => {
    await fake.close();
    await new Promise((resolve) => webhook.close(resolve));
    vi.unstubAllEnvs();
  });

  afterEach(async () => {
    await fake.idle();
    vi.mocked(noticeOfMessage).mockReset();
    vi.mocked(recordNoticeEvent).mockReset();
    answered.length = 0;
  });

  it('sends a template message the fake accepts, under the msgid the fake gave in full', async () => {
    // Act
    const outcome = await notifier().send({ kind: 'wechat', openId: CITIZEN }, message);

    // Assess
    const entry = fake.sent().at(-1);
    expect(outcome).toEqual({
      outcome: 'accepted',
      provider: 'wechat',
      via: 'wechat_template',
      messageId: entry?.messageId,
    });
    // Past 2^53: a client that rounds it would never match its receipt.
    expect(BigInt(entry?.messageId ?? '0') > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(entry).toMatchObject({
      provider: 'wechat',
      via: 'wechat_template',
      templateId: LOCAL_TEMPLATE_ID,
      params: { character_string1: '261122-K7M3-9XQ2', thing2: '已办结，请查看答复并评价' },
      trackingNo: '261122-K7M3-9XQ2',
      link: 'https://12345.example.gov.cn/n/Ab3dE5gH7k',
      to: 'oLoc****0001',
    });
  });

  it('pushes TEMPLATESENDJOBFINISH, which the webhook opens and records as delivered', async () => {
    // Prepare
    vi.mocked(noticeOfMessage).mockResolvedValue({ caseId: 'wxcase', noticeId: message.noticeId });
    vi.mocked(recordNoticeEvent).mockResolvedValue('updated');

    // Act
    const outcome = await notifier().send({ kind: 'wechat', openId: CITIZEN }, message);
    await vi.waitFor(() => expect(recordNoticeEvent).toHaveBeenCalled(), { timeout: 5_000 });

    // Assess
    const messageId = outcome.outcome === 'accepted' ? outcome.messageId : '';
    expect(noticeOfMessage).toHaveBeenCalledWith('wechat', messageId);
    expect(recordNoticeEvent).toHaveBeenCalledWith('wxcase', message.noticeId, {
      type: 'receipt',
      at: expect.any(String),
      delivered: true,
      messageId,
    });
    await fake.idle();
    expect(answered.map((a) => [a.statusCode, a.body])).toEqual([[200, 'success']]);
  });

  it('pushes a user block as not delivered', async () => {
    // Prepare
    vi.mocked(noticeOfMessage).mockResolvedValue({ caseId: 'wxcase', noticeId: message.noticeId });
    vi.mocked(recordNoticeEvent).mockResolvedValue('updated');

    // Act
    await notifier().send({ kind: 'wechat', openId: BLOCKED }, message);
    await vi.waitFor(() => expect(recordNoticeEvent).toHaveBeenCalled(), { timeout: 5_000 });

    // Assess
    expect(recordNoticeEvent).toHaveBeenCalledWith(
      'wxcase',
      message.noticeId,
      expect.objectContaining({ delivered: false, reason: 'wechat_user_block' }),
    );
  });

  it('pushes again when the webhook fails, as WeChat retries', async () => {
    // Prepare
    vi.mocked(noticeOfMessage).mockRejectedValueOnce(new Error('store down')).mockResolvedValue(undefined);

    // Act
    await notifier().send({ kind: 'wechat', openId: CITIZEN }, message);
    await vi.waitFor(() => expect(answered).toHaveLength(2), { timeout: 5_000 });

    // Assess
    expect(answered.map((a) => a.statusCode)).toEqual([500, 200]);
  });

  it('refuses a wrong access token with 40001, as WeChat does', async () => {
    // Act
    const response = await fetch(`${fake.url}/cgi-bin/message/template/send?access_token=guessed`, {
      method: 'POST',
      body: JSON.stringify({ touser: CITIZEN, template_id: LOCAL_TEMPLATE_ID, data: {} }),
    });

    // Assess
    expect(await response.json()).toMatchObject({ errcode: 40001 });
  });

  it('fetches a token again when the fake voids it, and sends', async () => {
    // Prepare
    const sender = notifier();
    await sender.send({ kind: 'wechat', openId: CITIZEN }, message);
    const before = fake.tokensIssued();
    fake.expireToken();

    // Act
    const outcome = await sender.send({ kind: 'wechat', openId: CITIZEN }, message);

    // Assess
    expect(outcome).toMatchObject({ outcome: 'accepted', via: 'wechat_template' });
    expect(fake.tokensIssued()).toBe(before + 1);
  });

  it('throws when the AppSecret is wrong', async () => {
    // Act
    const sending = notifier({
      credentials: async () => ({ ...credentials, appSecret: 'wrong0123456789abc' }),
    }).send({ kind: 'wechat', openId: CITIZEN }, message);

    // Assess
    await expect(sending).rejects.toMatchObject({ name: 'WechatApiError', errcode: 40125 });
  });

  it('falls back to the customer-service message when the user refused templates, inside 48 hours', async () => {
    // Prepare
    fake.failNext(1, 'permanent');

    // Act
    const outcome = await notifier().send(
      { kind: 'wechat', openId: CITIZEN, lastMessageAt: lastHour() },
      message,
    );

    // Assess
    expect(outcome).toMatchObject({ outcome: 'accepted', via: 'wechat_custom' });
    expect(fake.sent().at(-1)).toMatchObject({
      via: 'wechat_custom',
      text: message.text.replace('【12345】', ''),
      trackingNo: '261122-K7M3-9XQ2',
    });
  });

  it('is undeliverable when the user refused templates and has not written for 48 hours', async () => {
    // Prepare
    fake.failNext(1, 'permanent');
    const count = fake.sent().length;

    // Act
    const outcome = await notifier().send({ kind: 'wechat', openId: CITIZEN }, message);

    // Assess
    expect(outcome).toEqual({
      outcome: 'undeliverable',
      provider: 'wechat',
      reason: 'wechat_template_refused',
    });
    expect(fake.sent()).toHaveLength(count);
  });

  it('falls back when the template is not on the account (40037)', async () => {
    // Prepare
    const correction = correctionRequestMessage(
      { caseId: 'wxcase', trackingNo: '261122-K7M3-9XQ2' },
      { requestedAt: '2026-11-25T07:00:00.000Z', link: 'https://12345.example.gov.cn/n/Cd3dE5gH7k', days: 5 },
    );

    // Act
    const inside = await notifier().send(
      { kind: 'wechat', openId: CITIZEN, lastMessageAt: lastHour() },
      correction,
    );
    const outside = await notifier().send({ kind: 'wechat', openId: CITIZEN }, correction);

    // Assess
    expect(inside).toMatchObject({ outcome: 'accepted', via: 'wechat_custom' });
    expect(outside).toMatchObject({ outcome: 'undeliverable', reason: 'wechat_template_invalid' });
  });

  it("sends each kind the local stack configures with the fake's own templates", async () => {
    // Prepare
    const local = parseWechatTemplates(LOCAL_WECHAT_TEMPLATES);
    const correction = correctionRequestMessage(
      { caseId: 'wxcase', trackingNo: '261122-K7M3-9XQ2' },
      { requestedAt: '2026-11-25T07:00:00.000Z', link: 'https://12345.example.gov.cn/n/Cd3dE5gH7k', days: 5 },
    );

    // Act
    const outcomes = [
      await notifier({ templates: local }).send({ kind: 'wechat', openId: CITIZEN }, message),
      await notifier({ templates: local }).send({ kind: 'wechat', openId: CITIZEN }, correction),
    ];

    // Assess
    expect(outcomes).toMatchObject([
      { outcome: 'accepted', via: 'wechat_template' },
      { outcome: 'accepted', via: 'wechat_template' },
    ]);
    expect(fake.sent().at(-1)?.params).toEqual({
      character_string1: '261122-K7M3-9XQ2',
      number2: '5',
      thing3: '需补充材料，请点击查看',
    });
  });

  it('throws on a transient failure, and the retry is accepted', async () => {
    // Prepare
    fake.failNext(1, 'transient');
    const sender = notifier();

    // Act
    const first = sender.send({ kind: 'wechat', openId: CITIZEN }, message);
    await expect(first).rejects.toBeInstanceOf(WechatApiError);
    const retry = await sender.send({ kind: 'wechat', openId: CITIZEN }, message);

    // Assess
    expect(retry).toMatchObject({ outcome: 'accepted', via: 'wechat_template' });
  });
});
