import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeHandler, type VerificationDeps } from '../../../functions/request-verification/handler.js';
import type {
  CitizenAddress,
  CitizenNotifier,
  SendOutcome,
} from '../../../shared/adapters/notifiers/port.js';
import type { PhoneVerifications, SendAdmission } from '../../../shared/adapters/phone-verifications.js';
import { hashPhone } from '../../../shared/domain/index.js';
import type { NoticeMessage } from '../../../shared/domain/notices/index.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

const KEY = 'unit-test-contact-key';
const NOW = new Date('2026-11-24T02:00:00Z');

/** The port as a test steers it: what it was asked to send, and what it answers. */
class FakeNotifier implements CitizenNotifier {
  readonly provider = 'tencent' as const;
  readonly sent: { to: CitizenAddress; message: NoticeMessage }[] = [];
  answer: () => Promise<SendOutcome> = async () => ({
    outcome: 'accepted',
    provider: 'tencent',
    via: 'sms',
    messageId: 'serial-1',
  });
  async send(to: CitizenAddress, message: NoticeMessage): Promise<SendOutcome> {
    this.sent.push({ to, message });
    return this.answer();
  }
}

/** Records what the handler stores and counts; admits unless a test says otherwise. */
class FakeVerifications implements PhoneVerifications {
  admission: SendAdmission = { kind: 'admitted' };
  readonly admitted: { phoneHash: string; sourceHash: string }[] = [];
  readonly created: { verificationId: string; phoneHash: string; code: string }[] = [];
  async admitSend(phoneHash: string, sourceHash: string): Promise<SendAdmission> {
    this.admitted.push({ phoneHash, sourceHash });
    return this.admission;
  }
  async create(verificationId: string, phoneHash: string, code: string): Promise<void> {
    this.created.push({ verificationId, phoneHash, code });
  }
  async check(): Promise<never> {
    throw new Error('not used by the sender');
  }
}

let notifier: FakeNotifier | undefined;
let verifications: FakeVerifications;

const deps: VerificationDeps = {
  notifier: async () => notifier,
  hashKey: async () => KEY,
  verifications: () => verifications,
  now: () => NOW,
};
const handler = makeHandler(deps);

async function request(body: unknown, sourceIp = '203.0.113.7') {
  const event = httpEvent({
    method: 'POST',
    path: '/v1/channels/webform/verifications',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  event.requestContext.http.sourceIp = sourceIp;
  const result = (await handler(
    event,
    testContext('request-verification'),
  )) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    body: JSON.parse(result.body as string),
    headers: result.headers ?? {},
  };
}

describe('Function: request-verification', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    notifier = new FakeNotifier();
    verifications = new FakeVerifications();
  });

  it('sends a 6-digit code to the phone and answers 202 with the verification id only', async () => {
    // Act
    const { status, body, headers } = await request({ phone: '+86 139-1234-5678' });

    // Assess
    expect(status).toBe(202);
    expect(body).toEqual({ verificationId: expect.stringMatching(/^[\w-]{22}$/), expiresInSeconds: 300 });
    expect(headers['cache-control']).toBe('no-store');
    const [stored] = verifications.created;
    expect(stored).toMatchObject({
      verificationId: body.verificationId,
      phoneHash: hashPhone('13912345678', KEY),
    });
    expect(stored?.code).toMatch(/^\d{6}$/);
    expect(notifier?.sent).toEqual([
      {
        to: { kind: 'sms', phone: '13912345678' },
        message: expect.objectContaining({
          kind: 'verification_code',
          params: { code: stored?.code, minutes: '5' },
        }),
      },
    ]);
    // The code reaches the phone only: never the answer.
    expect(JSON.stringify(body)).not.toContain(stored?.code as string);
  });

  it('draws a fresh code and id each time', async () => {
    // Act
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push((await request({ phone: '13912345678' })).body.verificationId);

    // Assess
    expect(new Set(answers).size).toBe(20);
    expect(new Set(verifications.created.map((c) => c.code)).size).toBeGreaterThan(15);
  });

  it('counts the source address as the gateway saw it, hashed, not a header', async () => {
    // Act
    const event = await request({ phone: '13912345678' }, '198.51.100.1');
    await request({ phone: '13912345678' }, '198.51.100.2');

    // Assess
    expect(event.status).toBe(202);
    const [first, second] = verifications.admitted;
    expect(first?.sourceHash).not.toBe(second?.sourceHash);
    expect(first?.sourceHash).not.toContain('198.51.100.1');
  });

  it('refuses a malformed phone with 400 invalid_phone and sends nothing', async () => {
    // Act
    const results = [
      await request({ phone: '12345' }),
      await request({ phone: '1391234567８' }),
      await request({ phone: '13912345678<script>' }),
      await request({ phone: '' }),
    ];

    // Assess
    expect(results.map((r) => [r.status, r.body.error.code])).toEqual(Array(4).fill([400, 'invalid_phone']));
    expect(notifier?.sent).toEqual([]);
    expect(verifications.admitted).toEqual([]);
  });

  it('refuses odd bodies before anything is counted', async () => {
    // Act
    const results = [
      await request({ phone: 13912345678 }),
      await request({ phone: '13912345678', extra: 1 }),
      await request('not json'),
      await request({ phone: '1'.repeat(2000) }),
    ];

    // Assess
    expect(results.map((r) => r.status)).toEqual([422, 422, 400, 413]);
    expect(verifications.admitted).toEqual([]);
  });

  it('answers 429 too_many_codes with Retry-After when the number or the client is over its limit', async () => {
    // Prepare
    verifications.admission = { kind: 'limited', by: 'number', retryAfterSeconds: 42 };

    // Act
    const byNumber = await request({ phone: '13912345678' });
    verifications.admission = { kind: 'limited', by: 'source', retryAfterSeconds: 1800 };
    const bySource = await request({ phone: '13912345678' });

    // Assess
    expect([byNumber.status, byNumber.body.error.code, byNumber.headers['retry-after']]).toEqual([
      429,
      'too_many_codes',
      '42',
    ]);
    expect(byNumber.body.error.message).toContain('42 秒');
    expect([bySource.status, bySource.headers['retry-after']]).toEqual([429, '1800']);
    expect(bySource.body.error.message).toContain('30 分钟');
    expect(verifications.created).toEqual([]);
    expect(notifier?.sent).toEqual([]);
  });

  it('answers 422 phone_unreachable when the provider says the number cannot receive it', async () => {
    // Prepare
    (notifier as FakeNotifier).answer = async () => ({
      outcome: 'undeliverable',
      provider: 'tencent',
      reason: 'invalid_phone',
    });

    // Act
    const { status, body } = await request({ phone: '13912345678' });

    // Assess
    expect([status, body.error.code]).toEqual([422, 'phone_unreachable']);
  });

  it('answers 503 with Retry-After when the provider fails, so the citizen may ask again', async () => {
    // Prepare
    (notifier as FakeNotifier).answer = async () => {
      throw new Error('InternalError');
    };

    // Act
    const { status, body, headers } = await request({ phone: '13912345678' });

    // Assess
    expect([status, body.error.code]).toEqual([503, 'sms_unavailable']);
    expect(headers['retry-after']).toBe('30');
  });

  it('answers 404 verification_disabled where no SMS provider is configured', async () => {
    // Prepare
    notifier = undefined;

    // Act
    const { status, body } = await request({ phone: '13912345678' });

    // Assess
    expect([status, body.error.code]).toEqual([404, 'verification_disabled']);
    expect(verifications.admitted).toEqual([]);
  });
});
