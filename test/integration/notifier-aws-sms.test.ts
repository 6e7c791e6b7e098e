import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AwsSmsFake, startAwsSmsFake } from '../../local/fakes/aws-sms.js';
import { parseAwsReceipts } from '../../shared/adapters/notifiers/aws-receipts.js';
import { AwsSmsNotifier } from '../../shared/adapters/notifiers/aws-sms.js';
import { completionMessage } from '../../shared/domain/notices/index.js';

// The AWS SMS notifier with the official SDK against the local fake of End User Messaging SMS (no
// stack needed): SigV4 checked, the service's exceptions, and the delivery event over "SNS".

const credentials = { accessKeyId: 'LOCALKEY0000000000', secretAccessKey: 'local-secret-0123456789' };
const message = completionMessage(
  { caseId: 'webcase', trackingNo: '261122-K7M3-9XQ2', completedAt: '2026-11-25T07:00:00.000Z' },
  { link: 'https://12345.example.gov.cn/n/Ab3dE5gH7k' },
);

let fake: AwsSmsFake;
let receiver: Server;
let receiverUrl: string;
const posted: { headers: IncomingHttpHeaders; body: string }[] = [];

function client(over: { secretAccessKey?: string; region?: string; maxAttempts?: number } = {}) {
  return new PinpointSMSVoiceV2Client({
    endpoint: fake.url,
    region: over.region ?? 'us-east-1',
    credentials: {
      ...credentials,
      ...(over.secretAccessKey ? { secretAccessKey: over.secretAccessKey } : {}),
    },
    ...(over.maxAttempts ? { maxAttempts: over.maxAttempts } : {}),
  });
}

function notifier(over: Parameters<typeof client>[0] = {}) {
  return new AwsSmsNotifier({
    client: client(over),
    originationIdentity: 'pool-local',
    configurationSetName: 'notices',
  });
}

describe('Integration: AWS SMS notices against the local End User Messaging SMS fake', () => {
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        posted.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    fake = await startAwsSmsFake({
      credentials,
      originationIdentities: ['pool-local'],
      configurationSets: ['notices'],
      optedOut: (phone) => phone === '+8613900000001',
      receiptUrl: () => receiverUrl,
      receiptDelayMs: 10,
    });
  });

  afterAll(async () => {
    await fake.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  afterEach(async () => {
    await fake.idle();
    posted.length = 0;
  });

  it('sends through the SDK, signed, and the fake keeps the message', async () => {
    // Act
    const outcome = await notifier().send({ kind: 'sms', phone: '13800138000' }, message);

    // Assess
    const entry = fake.sent().at(-1);
    expect(outcome).toEqual({
      outcome: 'accepted',
      provider: 'aws',
      via: 'sms',
      messageId: entry?.messageId,
    });
    expect(entry).toMatchObject({
      provider: 'aws',
      via: 'sms',
      to: '+86138****8000',
      text: message.text,
      trackingNo: '261122-K7M3-9XQ2',
      link: 'https://12345.example.gov.cn/n/Ab3dE5gH7k',
    });
  });

  it('posts the delivery event as an SNS notification, which parseAwsReceipts reads', async () => {
    // Act
    const delivered = await notifier().send({ kind: 'sms', phone: '13800138000' }, message);
    const failed = await notifier().send({ kind: 'sms', phone: '13800000000' }, message);
    await fake.idle();

    // Assess
    expect(posted.map((p) => p.headers['x-amz-sns-message-type'])).toEqual(['Notification', 'Notification']);
    const receipts = posted.flatMap((p) => parseAwsReceipts(p.body));
    const id = (o: typeof delivered) => (o.outcome === 'accepted' ? o.messageId : '');
    expect(receipts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ provider: 'aws', messageId: id(delivered), delivered: true }),
        expect.objectContaining({ messageId: id(failed), delivered: false, reason: 'TEXT_UNREACHABLE' }),
      ]),
    );
    const event = JSON.parse(JSON.parse(posted[0]?.body ?? '{}').Message);
    expect(event.context).toEqual({ noticeId: message.noticeId });
  });

  it('refuses a request signed with the wrong secret', async () => {
    // Act
    const sending = notifier({ secretAccessKey: 'not-the-secret' }).send(
      { kind: 'sms', phone: '13800138000' },
      message,
    );

    // Assess
    await expect(sending).rejects.toMatchObject({ name: 'InvalidSignatureException' });
  });

  it('refuses a signature scoped to another region', async () => {
    // Act
    const sending = notifier({ region: 'eu-west-1' }).send({ kind: 'sms', phone: '13800138000' }, message);

    // Assess
    await expect(sending).rejects.toMatchObject({ name: 'InvalidSignatureException' });
  });

  it('refuses a signed request whose body was changed on the way', async () => {
    // Prepare: one request as the SDK signs it, caught before the fake.
    let caught: { headers: IncomingHttpHeaders; body: string } | undefined;
    const catcher = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        caught = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end('{"MessageId":"caught"}');
      });
    });
    await new Promise<void>((resolve) => catcher.listen(0, '127.0.0.1', resolve));
    const port = (catcher.address() as AddressInfo).port;
    await new PinpointSMSVoiceV2Client({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials,
    }).send(new SendTextMessageCommand({ DestinationPhoneNumber: '+8613800138000', MessageBody: 'hello' }));
    await new Promise((resolve) => catcher.close(resolve));
    // The signed Host names the catcher; the replay keeps it, as a relay on the way would.
    const replay = (body: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const headers = { ...caught?.headers } as Record<string, string>;
        headers['content-length'] = String(Buffer.byteLength(body));
        const req = request(fake.url, { method: 'POST', headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
        });
        req.on('error', reject);
        req.end(body);
      });

    // Act
    const untouched = await replay(caught?.body ?? '');
    const tampered = await replay((caught?.body ?? '').replace('hello', 'HELLO'));

    // Assess
    expect(untouched.status).toBe(200);
    expect(tampered.status).toBe(403);
    expect(JSON.parse(tampered.body)).toMatchObject({ __type: 'InvalidSignatureException' });
  });

  it('is undeliverable for an opted-out number', async () => {
    // Act
    const outcome = await notifier().send({ kind: 'sms', phone: '13900000001' }, message);

    // Assess
    expect(outcome).toEqual({ outcome: 'undeliverable', provider: 'aws', reason: 'opted_out' });
  });

  it('answers an invalid number with ValidationException naming the field', async () => {
    // Act
    const sending = client().send(
      new SendTextMessageCommand({ DestinationPhoneNumber: '+0', MessageBody: 'x' }),
    );

    // Assess
    await expect(sending).rejects.toBeInstanceOf(ValidationException);
    await expect(sending).rejects.toMatchObject({ Fields: [{ Name: 'DestinationPhoneNumber' }] });
  });

  it('throws on throttling the SDK gives up on, and the retry is accepted', async () => {
    // Prepare
    fake.failNext(1, 'transient');
    const sender = notifier({ maxAttempts: 1 });

    // Act
    const first = sender.send({ kind: 'sms', phone: '13800138000' }, message);
    await expect(first).rejects.toMatchObject({ name: 'ThrottlingException' });
    const retry = await sender.send({ kind: 'sms', phone: '13800138000' }, message);

    // Assess
    expect(retry).toMatchObject({ outcome: 'accepted' });
  });

  it('is undeliverable when the fake is told the next number opted out', async () => {
    // Prepare
    fake.failNext(1, 'permanent');

    // Act
    const outcome = await notifier().send({ kind: 'sms', phone: '13800138000' }, message);

    // Assess
    expect(outcome).toMatchObject({ outcome: 'undeliverable', reason: 'opted_out' });
  });
});
