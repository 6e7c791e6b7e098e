import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenApiUtil } from '@alicloud/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALIYUN_FAKE_CREDENTIALS,
  ALIYUN_FAKE_SIGN_NAME,
  ALIYUN_FAKE_TEMPLATE_CONFIG,
  type AliyunSmsFake,
  startAliyunSmsFake,
} from '../../local/fakes/aliyun-sms.js';
import type { OutboxEntry } from '../../local/fakes/outbox-entry.js';
import { ALIYUN_RECEIPT_ACK, parseAliyunReceipts } from '../../shared/adapters/notifiers/aliyun-receipts.js';
import { AliyunSmsNotifier } from '../../shared/adapters/notifiers/aliyun-sms.js';
import type { SmsTemplates } from '../../shared/adapters/notifiers/templates.js';
import { completionMessage, type NoticeMessage } from '../../shared/domain/index.js';

// The real adapter and Alibaba's official SDK against the local fake, which checks what Alibaba
// checks. Needs no local stack: the fake and a receipt endpoint start here.

const templates = ALIYUN_FAKE_TEMPLATE_CONFIG as unknown as SmsTemplates;
const phone = '13812345678';

function completion(trackingNo = '261203-K7M3-9XQ2'): NoticeMessage {
  return completionMessage(
    { caseId: 'wfabc', trackingNo, completedAt: '2026-12-03T02:00:00.000Z' },
    { link: 'https://api.example.gov.cn/n/Ab3dE5gH7k' },
  );
}

function notifier(
  fake: AliyunSmsFake,
  more: { accessKeySecret?: string; signName?: string; templates?: SmsTemplates } = {},
) {
  return new AliyunSmsNotifier({
    credentials: async () => ({
      accessKeyId: ALIYUN_FAKE_CREDENTIALS.accessKeyId,
      accessKeySecret: more.accessKeySecret ?? ALIYUN_FAKE_CREDENTIALS.accessKeySecret,
    }),
    signName: more.signName ?? ALIYUN_FAKE_SIGN_NAME,
    templates: more.templates ?? templates,
    endpoint: fake.url,
  });
}

/** A SendSms request made by hand and signed with the SDK's own signer, sent as given. */
async function handMade(
  fake: AliyunSmsFake,
  options: { nonce: string; date: string; action?: string; accessKeyId?: string; body?: Buffer },
): Promise<{ status: number; body: Record<string, string> }> {
  const { host } = new URL(fake.url);
  const query = {
    PhoneNumbers: phone,
    SignName: ALIYUN_FAKE_SIGN_NAME,
    TemplateCode: 'SMS_465000003',
    TemplateParam: JSON.stringify({ code: '123456', minutes: '5' }),
  };
  const headers: Record<string, string> = {
    host,
    'x-acs-action': options.action ?? 'SendSms',
    'x-acs-version': '2017-05-25',
    'x-acs-date': options.date,
    'x-acs-signature-nonce': options.nonce,
    'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  };
  headers.authorization = OpenApiUtil.getAuthorization(
    { method: 'POST', pathname: '/', query, headers } as never,
    'ACS3-HMAC-SHA256',
    headers['x-acs-content-sha256'] as string,
    options.accessKeyId ?? ALIYUN_FAKE_CREDENTIALS.accessKeyId,
    ALIYUN_FAKE_CREDENTIALS.accessKeySecret,
  );
  const path = `/?${new URLSearchParams(query).toString().replace(/\+/g, '%20')}`;
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${fake.url}${path}`, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
      );
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Alibaba's x-acs-date form. */
function acsDate(at: Date): string {
  return `${at.toISOString().slice(0, 19)}Z`;
}

async function until<T>(probe: () => T | undefined, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('waited in vain');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('Alibaba Cloud SMS: the adapter and the official SDK against the local fake', () => {
  let fake: AliyunSmsFake;
  let receiptServer: Server;
  let receiptUrl: string | undefined;
  const pushes: unknown[] = [];
  let refuseNextPush = false;
  const outbox: OutboxEntry[] = [];

  beforeAll(async () => {
    receiptServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        // The first push of a test may be refused, so the fake's retry is seen.
        if (refuseNextPush) {
          refuseNextPush = false;
          res.writeHead(503).end();
          return;
        }
        pushes.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ALIYUN_RECEIPT_ACK));
      });
    });
    await new Promise<void>((resolve) => receiptServer.listen(0, '127.0.0.1', resolve));
    const { port } = receiptServer.address() as AddressInfo;
    fake = await startAliyunSmsFake({
      receiptUrl: () => receiptUrl,
      onMessage: (entry) => outbox.push(entry),
      receiptDelayMs: 20,
    });
    receiptUrl = `http://127.0.0.1:${port}/v1/notices/receipts/aliyun/test-key`;
  });

  afterAll(async () => {
    await fake.close();
    receiptServer.closeAllConnections();
    await new Promise((resolve) => receiptServer.close(resolve));
  });

  it('is accepted with a BizId, and the fake saw the template, its params, the sign and the OutId', async () => {
    // Act
    const outcome = await notifier(fake).send({ kind: 'sms', phone }, completion());

    // Assess
    expect(outcome).toMatchObject({ outcome: 'accepted', provider: 'aliyun', via: 'sms' });
    const messageId = outcome.outcome === 'accepted' ? outcome.messageId : '';
    expect(messageId).toMatch(/^\d+\^0$/);
    const seen = fake.sent().find((m) => m.messageId === messageId);
    expect(seen).toMatchObject({
      provider: 'aliyun',
      to: '138****5678',
      templateId: 'SMS_465000001',
      signName: ALIYUN_FAKE_SIGN_NAME,
      outId: 'completion#2026-12-03T02:00:00.000Z',
      params: { trackingNo: '261203-K7M3-9XQ2', link: 'https://api.example.gov.cn/n/Ab3dE5gH7k' },
      text: '【某市12345】您的诉求（工单号261203-K7M3-9XQ2）已办结，查看答复并评价：https://api.example.gov.cn/n/Ab3dE5gH7k',
      trackingNo: '261203-K7M3-9XQ2',
    });
    expect(outbox.some((entry) => entry.messageId === messageId && !entry.to.includes(phone))).toBe(true);
  });

  it('pushes the receipts, retried after a refusal, and they parse to delivered and failed', async () => {
    // Prepare
    refuseNextPush = true;
    const before = pushes.length;

    // Act
    const delivered = await notifier(fake).send({ kind: 'sms', phone: '13912345678' }, completion());
    const failed = await notifier(fake).send({ kind: 'sms', phone: '13900000000' }, completion());

    // Assess
    const ids = [delivered, failed].map((o) => (o.outcome === 'accepted' ? o.messageId : ''));
    const receipts = await until(() => {
      const all = pushes.slice(before).flatMap((body) => parseAliyunReceipts(body));
      return ids.every((id) => all.some((r) => r.messageId === id)) ? all : undefined;
    });
    expect(receipts.find((r) => r.messageId === ids[0])).toMatchObject({
      provider: 'aliyun',
      delivered: true,
    });
    expect(receipts.find((r) => r.messageId === ids[1])).toMatchObject({
      delivered: false,
      reason: 'MN:0001',
    });
    expect(receipts.every((r) => Math.abs(Date.parse(r.at) - Date.now()) < 60_000)).toBe(true);
  });

  it('is refused for a wrong secret (SignatureDoesNotMatch) and the adapter throws', async () => {
    // Prepare
    const count = fake.sent().length;

    // Act
    const sending = notifier(fake, { accessKeySecret: 'not-the-secret' }).send(
      { kind: 'sms', phone },
      completion(),
    );

    // Assess
    await expect(sending).rejects.toMatchObject({
      name: 'AliyunSmsError',
      code: 'SignatureDoesNotMatch',
      statusCode: 400,
    });
    expect(fake.sent()).toHaveLength(count);
  });

  it('refuses a replayed nonce and a stale timestamp', async () => {
    // Prepare
    const nonce = randomUUID();
    const now = acsDate(new Date());

    // Act
    const first = await handMade(fake, { nonce, date: now });
    const replay = await handMade(fake, { nonce, date: now });
    const stale = await handMade(fake, {
      nonce: randomUUID(),
      date: acsDate(new Date(Date.now() - 16 * 60_000)),
    });

    // Assess
    expect(first).toMatchObject({ status: 200, body: { Code: 'OK' } });
    expect(replay).toMatchObject({ status: 400, body: { Code: 'SignatureNonceUsed' } });
    expect(stale).toMatchObject({ status: 400, body: { Code: 'InvalidTimeStamp.Expired' } });
    expect(replay.body.RequestId).toBeTruthy();
  });

  it("refuses an unknown AccessKey, another action and an oversized body, in Alibaba's shapes", async () => {
    // Act
    const date = acsDate(new Date());
    const key = await handMade(fake, { nonce: randomUUID(), date, accessKeyId: 'LTAI-nobody' });
    const action = await handMade(fake, { nonce: randomUUID(), date, action: 'SendBatchSms' });
    const big = await handMade(fake, { nonce: randomUUID(), date, body: Buffer.alloc(65 * 1024, 'a') }).catch(
      (error: unknown) => ({ status: 0, body: { Code: String(error) } }),
    );

    // Assess
    expect(key).toMatchObject({ status: 404, body: { Code: 'InvalidAccessKeyId.NotFound' } });
    expect(action).toMatchObject({ status: 404, body: { Code: 'InvalidAction.NotFound' } });
    expect(big).toMatchObject({ status: 413 });
  });

  it('throws on flow control and a 5xx, never accepted, then is accepted', async () => {
    // Prepare
    const count = fake.sent().length;
    fake.failNext(2, 'transient');

    // Act
    const first = notifier(fake).send({ kind: 'sms', phone }, completion());
    await expect(first).rejects.toMatchObject({ code: 'ServiceUnavailable', statusCode: 503 });
    const second = notifier(fake).send({ kind: 'sms', phone }, completion());
    await expect(second).rejects.toMatchObject({ code: 'isv.BUSINESS_LIMIT_CONTROL' });
    const third = await notifier(fake).send({ kind: 'sms', phone }, completion());

    // Assess
    expect(third.outcome).toBe('accepted');
    expect(fake.sent()).toHaveLength(count + 1);
  });

  it('is undeliverable when the number is refused for good', async () => {
    // Prepare
    fake.failNext(1, 'permanent');

    // Act
    const outcome = await notifier(fake).send({ kind: 'sms', phone }, completion());

    // Assess
    expect(outcome).toEqual({ outcome: 'undeliverable', provider: 'aliyun', reason: 'invalid_phone' });
  });

  it.each([
    [
      'an unknown template',
      { templates: { completion: { templateId: 'SMS_999', params: ['trackingNo', 'link'] } } },
      'template_rejected',
    ],
    [
      'params the template has not',
      { templates: { completion: { templateId: 'SMS_465000001', params: ['trackingNo'] } } },
      'template_params_rejected',
    ],
    ['another sign name', { signName: '别的签名' }, 'signature_rejected'],
  ] as const)('is undeliverable for %s, as the fake checks it', async (_name, more, reason) => {
    // Act
    const outcome = await notifier(fake, more as never).send({ kind: 'sms', phone }, completion());

    // Assess
    expect(outcome).toEqual({ outcome: 'undeliverable', provider: 'aliyun', reason });
  });
});
