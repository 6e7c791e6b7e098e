import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutboxEntry } from '../../local/fakes/outbox-entry.js';
import { startTencentSmsFake, type TencentSmsFake } from '../../local/fakes/tencent-sms.js';
import { tc3CanonicalRequest, tc3Date, tc3Signature } from '../../local/fakes/tencent-tc3.js';
import type { ProviderReceipt } from '../../shared/adapters/notifiers/port.js';
import type { SmsTemplates } from '../../shared/adapters/notifiers/templates.js';
import {
  parseTencentReceipts,
  TENCENT_RECEIPT_ACK,
} from '../../shared/adapters/notifiers/tencent-receipts.js';
import { TencentSmsNotifier } from '../../shared/adapters/notifiers/tencent-sms.js';
import {
  completionMessage,
  correctionRequestMessage,
  verificationCodeMessage,
} from '../../shared/domain/notices/index.js';

// The real adapter and Tencent's official SDK against the local fake of Tencent Cloud SMS, which
// checks the TC3-HMAC-SHA256 signature as Tencent does. Needs no stack: the fake starts here.

const secretId = 'AKIDlocalTest0000000000000000000000';
const secretKey = 'localTestSecretKey000000000000000';
const sdkAppId = '1400000001';
const signName = '某市12345';
const templates: SmsTemplates = {
  // Tencent takes no link as a parameter: the approved template holds it, the code fills it.
  completion: { templateId: '2001', params: ['trackingNo', 'linkCode'] },
  // Misconfigured on purpose: the whole link as a parameter, which Tencent refuses.
  correction_request: { templateId: '2002', params: ['trackingNo', 'days', 'link'] },
  // Misconfigured on purpose: one parameter fewer than the approved template takes.
  verification_code: { templateId: '2003', params: ['code'] },
};
const link = 'https://12345.example.gov.cn/n/Ab3dE5gH7k';
const kase = {
  caseId: 'wfcase0001',
  trackingNo: '261122-K7M3-9XQ2',
  completedAt: '2026-11-22T01:00:00.000Z',
};

let fake: TencentSmsFake;
let receiptServer: Server;
let receiptUrl: string;
/** Bodies the receipt callback received, and how many times it was called. */
let receiptBodies: unknown[];
let receiptCalls: number;
let receiptFailuresLeft: number;
/** Only the receipt test's messages push receipts, so a late one never lands in another test. */
let receiptsOn: boolean;
let entries: OutboxEntry[];

function notifier(key = secretKey): TencentSmsNotifier {
  return new TencentSmsNotifier({
    credentials: async () => ({ secretId, secretKey: key }),
    sdkAppId,
    signName,
    templates,
    endpoint: fake.url,
  });
}

/** A SendSms request made by hand, signed at `timestamp` (seconds), posted to the fake. */
async function handMade(timestamp: number): Promise<{ Response: Record<string, unknown> }> {
  const { port, host } = new URL(fake.url);
  const body = Buffer.from(
    JSON.stringify({
      PhoneNumberSet: ['+8613900139000'],
      SmsSdkAppId: sdkAppId,
      SignName: signName,
      TemplateId: '2001',
      TemplateParamSet: [kase.trackingNo, 'Ab3dE5gH7k'],
    }),
  );
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    host,
    'x-tc-action': 'SendSms',
    'x-tc-version': '2021-01-11',
    'x-tc-region': 'ap-guangzhou',
    'x-tc-timestamp': String(timestamp),
  };
  const canonicalRequest = tc3CanonicalRequest({ method: 'POST', path: '/', query: '', headers, body }, [
    'content-type',
    'host',
  ]) as string;
  const signature = tc3Signature({ secretKey, timestamp, service: 'sms', canonicalRequest });
  headers.authorization = `TC3-HMAC-SHA256 Credential=${secretId}/${tc3Date(timestamp)}/sms/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: Number(port), method: 'POST', path: '/', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function receiptsReceived(): ProviderReceipt[] {
  return receiptBodies.flatMap((body) => parseTencentReceipts(body));
}

describe('Tencent Cloud SMS: the adapter and the official SDK against the local fake', () => {
  beforeAll(async () => {
    receiptServer = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        receiptCalls++;
        res.setHeader('content-type', 'application/json');
        if (receiptFailuresLeft > 0) {
          receiptFailuresLeft--;
          res.writeHead(503).end('{}');
          return;
        }
        receiptBodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.end(JSON.stringify(TENCENT_RECEIPT_ACK));
      });
    });
    await new Promise<void>((resolve) => receiptServer.listen(0, '127.0.0.1', resolve));
    receiptUrl = `http://127.0.0.1:${(receiptServer.address() as AddressInfo).port}/v1/notices/receipts/tencent/k`;
    fake = await startTencentSmsFake({
      secretId,
      secretKey,
      sdkAppId,
      signName,
      templates: {
        '2001': { text: '您的诉求（工单号{1}）已办结，查看答复并评价：https://12345.example.gov.cn/n/{2}' },
        '2002': { text: '您的诉求（工单号{1}）需补充材料，请在{2}个工作日内补正：{3}' },
        '2003': { text: '您的验证码为{1}，{2}分钟内有效。', verificationCode: true },
      },
      receiptUrl: () => (receiptsOn ? receiptUrl : undefined),
      receiptDelayMs: 50,
      onMessage: (entry) => entries.push(entry),
    });
  });

  afterAll(async () => {
    await fake.close();
    await new Promise((resolve) => receiptServer.close(resolve));
  });

  beforeEach(() => {
    receiptBodies = [];
    receiptCalls = 0;
    receiptFailuresLeft = 0;
    receiptsOn = false;
    entries = [];
  });

  it('is accepted with a SerialNo, the fake having seen the sign, template and parameters', async () => {
    // Prepare
    const before = fake.sent().length;

    // Act
    const outcome = await notifier().send(
      { kind: 'sms', phone: '13800138000' },
      completionMessage(kase, { link }),
    );

    // Assess
    const seen = fake.sent().slice(before);
    expect(seen).toHaveLength(1);
    expect(outcome).toEqual({
      outcome: 'accepted',
      provider: 'tencent',
      via: 'sms',
      messageId: seen[0]?.messageId,
    });
    expect(seen[0]).toMatchObject({
      phoneNumber: '+8613800138000',
      sdkAppId,
      signName,
      templateId: '2001',
      templateParams: [kase.trackingNo, 'Ab3dE5gH7k'],
      sessionContext: 'completion#2026-11-22T01:00:00.000Z',
      secretId,
      text: `【某市12345】您的诉求（工单号${kase.trackingNo}）已办结，查看答复并评价：${link}`,
    });
    expect(entries).toEqual([
      expect.objectContaining({
        provider: 'tencent',
        via: 'sms',
        to: '138****8000',
        trackingNo: kase.trackingNo,
        link,
      }),
    ]);
  });

  it('pushes the documented receipt to the callback, again after a failed push, and it parses', async () => {
    // Prepare
    receiptsOn = true;
    receiptFailuresLeft = 1;

    // Act
    const ok = await notifier().send(
      { kind: 'sms', phone: '13800138000' },
      completionMessage(kase, { link }),
    );
    const lost = await notifier().send(
      { kind: 'sms', phone: '13800130000' },
      completionMessage(kase, { link }),
    );

    // Assess
    await vi.waitFor(() => expect(receiptBodies).toHaveLength(2), { timeout: 5_000, interval: 50 });
    expect(receiptCalls).toBe(3);
    expect(receiptBodies[0]).toEqual([
      {
        user_receive_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
        nationcode: '86',
        mobile: expect.stringMatching(/^1380013\d{4}$/),
        report_status: expect.stringMatching(/^(SUCCESS|FAIL)$/),
        errmsg: expect.any(String),
        description: expect.any(String),
        sid: expect.any(String),
      },
    ]);
    const receipts = receiptsReceived();
    const messageIds = [ok, lost].map((o) => (o.outcome === 'accepted' ? o.messageId : ''));
    expect(receipts.find((r) => r.messageId === messageIds[0])).toMatchObject({ delivered: true });
    expect(receipts.find((r) => r.messageId === messageIds[1])).toMatchObject({
      delivered: false,
      reason: '002',
    });
  });

  it('throws when the secret key is wrong: the fake refuses with AuthFailure.SignatureFailure', async () => {
    // Prepare
    const before = fake.sent().length;

    // Act
    const sending = notifier('notTheKey').send(
      { kind: 'sms', phone: '13800138000' },
      completionMessage(kase, { link }),
    );

    // Assess
    await expect(sending).rejects.toMatchObject({
      name: 'TencentSmsError',
      code: 'AuthFailure.SignatureFailure',
    });
    expect(fake.sent()).toHaveLength(before);
  });

  it('refuses a request signed more than five minutes ago, and takes the same request signed now', async () => {
    // Prepare
    const now = Math.floor(Date.now() / 1000);

    // Act
    const stale = await handMade(now - 6 * 60);
    const fresh = await handMade(now);

    // Assess
    expect(stale.Response.Error).toMatchObject({ Code: 'AuthFailure.SignatureExpire' });
    expect(fresh.Response.SendStatusSet).toEqual([expect.objectContaining({ Code: 'Ok', IsoCode: 'CN' })]);
  });

  it('throws on a transient failure (never accepted), then is accepted', async () => {
    // Prepare
    fake.failNext(1, 'transient');
    const before = fake.sent().length;

    // Act
    const failing = notifier().send({ kind: 'sms', phone: '13800138000' }, completionMessage(kase, { link }));
    await expect(failing).rejects.toMatchObject({ code: 'InternalError.Timeout' });
    const retried = await notifier().send(
      { kind: 'sms', phone: '13800138000' },
      completionMessage(kase, { link }),
    );

    // Assess
    expect(retried.outcome).toBe('accepted');
    expect(fake.sent()).toHaveLength(before + 1);
  });

  it('is undeliverable when the number is blacklisted (a permanent failure)', async () => {
    // Prepare
    fake.failNext(1, 'permanent');

    // Act
    const outcome = await notifier().send(
      { kind: 'sms', phone: '13800138000' },
      completionMessage(kase, { link }),
    );

    // Assess
    expect(outcome).toEqual({ outcome: 'undeliverable', provider: 'tencent', reason: 'phone_blacklisted' });
  });

  it('is undeliverable when a parameter is a link, which Tencent refuses', async () => {
    // Act
    const outcome = await notifier().send(
      { kind: 'sms', phone: '13800138000' },
      correctionRequestMessage(kase, { requestedAt: '2026-11-22T02:00:00.000Z', link, days: 5 }),
    );

    // Assess
    expect(outcome).toEqual({
      outcome: 'undeliverable',
      provider: 'tencent',
      reason: 'template_params_rejected',
    });
  });

  it('is undeliverable when the parameters are fewer than the approved template takes', async () => {
    // Act
    const outcome = await notifier().send(
      { kind: 'sms', phone: '13800138000' },
      verificationCodeMessage({ verificationId: 'v1', code: '123456', minutes: 5 }),
    );

    // Assess
    expect(outcome).toEqual({
      outcome: 'undeliverable',
      provider: 'tencent',
      reason: 'template_params_rejected',
    });
  });
});
