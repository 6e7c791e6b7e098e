import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/ingest-hotline/handler.js';
import { phoneVault } from '../../../shared/adapters/phone-vault.js';
import { sign } from '../../../shared/channels/hotline-signature.js';
import { type IntakeMessage, IntakeMessageSchema } from '../../../shared/domain/appeal.js';
import type { SealedNumber } from '../../../shared/domain/callbacks/index.js';
import { deriveCaseId } from '../../../shared/domain/identity.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { abandonedCall, callRecord, HOTLINE_SECRET, signedHeaders } from '../fixtures/hotline.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

function post(
  body: unknown,
  options: { headers?: Record<string, string>; path?: string; sign?: boolean } = {},
): Promise<APIGatewayProxyStructuredResultV2> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const path = options.path ?? '/v1/channels/hotline/calls';
  return handler(
    httpEvent({
      method: 'POST',
      path,
      headers: {
        'content-type': 'application/json',
        ...(options.sign === false ? {} : signedHeaders(text)),
        ...options.headers,
      },
      body: text,
    }),
    testContext('ingest-hotline'),
  ) as Promise<APIGatewayProxyStructuredResultV2>;
}

const bodyOf = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body as string);

/** The one message the function queued. */
function queued(): IntakeMessage {
  expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
  const body = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string;
  return IntakeMessageSchema.parse(JSON.parse(body));
}

describe('Function: ingest-hotline', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries({ ...TEST_ENV, HOTLINE_HMAC_SECRET: HOTLINE_SECRET }))
      vi.stubEnv(k, v);
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(directoryQuery);
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterEach(() => {
    ddb.reset();
    sqs.reset();
  });

  it('queues the call record with its appeal as one message and answers 202 with the tracking number', async () => {
    // Act
    const result = await post(callRecord());

    // Assess
    expect(result.statusCode).toBe(202);
    const body = bodyOf(result);
    expect(body).toEqual({
      callId: 'cti-unit-0001',
      trackingNo: expect.any(String),
      statusUrl: `/v1/cases/${body.trackingNo}`,
    });
    const message = queued();
    expect(message).toMatchObject({
      kind: 'call',
      call: {
        pk: 'CALL#cti-unit-0001',
        sk: 'CALL',
        recordedAt: '2026-11-23T01:19:13.000Z',
        caseId: deriveCaseId('hotline', 'cti-unit-0001'),
      },
      appeal: {
        caseId: deriveCaseId('hotline', 'cti-unit-0001'),
        trackingNo: body.trackingNo,
        channel: 'hotline',
        contact: { phoneMasked: '139****5678' },
      },
    });
    expect(message.raw?.headers).toHaveProperty('x-signature');
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, {
      MessageAttributes: expect.objectContaining({
        callId: { DataType: 'String', StringValue: 'cti-unit-0001' },
        caseId: { DataType: 'String', StringValue: deriveCaseId('hotline', 'cti-unit-0001') },
      }),
    });
  });

  it('writes nothing to the table: the queue is its only write', async () => {
    // Act
    const result = await post(callRecord());

    // Assess
    expect(result.statusCode).toBe(202);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('never puts the caller number in clear into the call, the appeal or the response', async () => {
    // Act
    const result = await post(callRecord({ caller: '13912345678' }));

    // Assess
    const message = queued();
    const call = message.kind === 'call' ? message.call : undefined;
    expect(call).toMatchObject({ callerMasked: '139****5678', callerHash: expect.any(String) });
    for (const text of [JSON.stringify(call), JSON.stringify(message.appeal), result.body]) {
      expect(text).not.toContain('13912345678');
    }
  });

  it('queues an abandoned call without an appeal or a raw payload', async () => {
    // Act
    const result = await post(abandonedCall());

    // Assess
    expect(result.statusCode).toBe(202);
    expect(bodyOf(result)).toEqual({ callId: 'cti-unit-0002' });
    const message = queued();
    expect(message).toMatchObject({
      kind: 'call',
      call: { pk: 'CALL#cti-unit-0002', disposition: 'abandoned', day: '2026-11-23' },
    });
    expect(message.appeal).toBeUndefined();
    expect(message.raw).toBeUndefined();
  });

  describe('漏接回拨: the caller number of a missed call', () => {
    const sealedOf = (message: IntakeMessage) => (message.kind === 'call' ? message.callerSealed : undefined);

    it('seals the number of an abandoned call for its callback, bound to the call id', async () => {
      // Act
      const result = await post(abandonedCall());

      // Assess
      expect(result.statusCode).toBe(202);
      const message = queued();
      const sealed = sealedOf(message);
      expect(sealed?.callId).toBe('cti-unit-0002');
      expect(JSON.stringify(message)).not.toContain('12345678');
      expect(await phoneVault().open(sealed as SealedNumber)).toBe('13812345678');
    });

    it('seals the number of an IVR-only call the record says missed an agent', async () => {
      // Prepare
      const record = abandonedCall({
        queuedAt: undefined,
        startedAt: '2026-11-23T09:40:26+08:00',
        disposition: 'ivr_only',
        missed: 'after_hours',
      });

      // Act
      await post(record);

      // Assess
      const message = queued();
      expect(message.kind === 'call' && message.call.missedReason).toBe('after_hours');
      expect(sealedOf(message)?.callId).toBe('cti-unit-0002');
    });

    it('keeps no number of an answered call, an IVR-only call the menu served, or a withheld number', async () => {
      // Prepare
      const records = [
        callRecord(),
        abandonedCall({
          queuedAt: undefined,
          startedAt: '2026-11-23T09:40:26+08:00',
          disposition: 'ivr_only',
        }),
        abandonedCall({ caller: undefined }),
      ];

      // Act
      for (const record of records) await post(record);

      // Assess
      const messages = sqs
        .commandCalls(SendMessageCommand)
        .map((c) => IntakeMessageSchema.parse(JSON.parse(c.args[0].input.MessageBody as string)));
      expect(messages.map(sealedOf)).toEqual([undefined, undefined, undefined]);
    });

    it('refuses missed on a call that is not IVR-only (422)', async () => {
      // Act
      const result = await post(abandonedCall({ missed: 'agent_requested' }));

      // Assess
      expect(result.statusCode).toBe(422);
      expect(bodyOf(result).error.code).toBe('validation_failed');
      expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    });
  });

  it('queues a resend again, since only the dispatcher can tell whether it is newer', async () => {
    // Act
    const first = await post(callRecord());
    const resend = await post(callRecord());

    // Assess
    expect([first.statusCode, resend.statusCode]).toEqual([202, 202]);
    expect(bodyOf(resend)).toEqual(bodyOf(first));
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 2);
  });

  it('queues a direct answer with its resolution, so the case is created completed', async () => {
    // Prepare
    const appeal = {
      ...(callRecord().appeal as object),
      type: 'consultation',
      answeredDirectly: true,
      reply: '已答复',
    };

    // Act
    const result = await post(callRecord({ appeal }));

    // Assess
    expect(result.statusCode).toBe(202);
    expect(queued().appeal?.resolution).toEqual({
      at: '2026-11-23T01:19:12.000Z',
      by: 'agent:a-017',
      reply: '已答复',
    });
  });

  it('accepts an Amazon Connect CTR on /connect-ctr', async () => {
    // Prepare
    const ctr = JSON.parse(
      readFileSync(new URL('../../../events/hotline/connect-ctr.json', import.meta.url), 'utf8'),
    );
    ctr.Attributes = { ...ctr.Attributes, category: 'noise', district: 'gulou' };

    // Act
    const result = await post(ctr, { path: '/v1/channels/hotline/connect-ctr' });

    // Assess
    expect(result.statusCode).toBe(202);
    expect(queued()).toMatchObject({
      call: { pk: `CALL#${ctr.ContactId}`, disposition: 'answered' },
      appeal: { channel: 'hotline' },
    });
  });

  it("reads an Amazon Connect CTR's category and district against the catalogue like a call record's", async () => {
    // Prepare
    const ctr = JSON.parse(
      readFileSync(new URL('../../../events/hotline/connect-ctr.json', import.meta.url), 'utf8'),
    );
    ctr.Attributes = { ...ctr.Attributes, category: '噪音扰民', district: '不知道哪个区' };

    // Act
    const result = await post(ctr, { path: '/v1/channels/hotline/connect-ctr' });

    // Assess
    expect(result.statusCode).toBe(202);
    expect(queued().appeal).toMatchObject({
      category: 'noise',
      district: 'unknown',
      typedDistrict: '不知道哪个区',
    });
  });

  it('acknowledges an outbound CTR without writing anything', async () => {
    // Prepare
    const ctr = JSON.parse(
      readFileSync(new URL('../../../events/hotline/connect-ctr.json', import.meta.url), 'utf8'),
    );

    // Act
    const result = await post(
      { ...ctr, InitiationMethod: 'OUTBOUND' },
      { path: '/v1/channels/hotline/connect-ctr' },
    );

    // Assess
    expect(result.statusCode).toBe(202);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it.each([
    ['missing_signature', { sign: false }],
    ['invalid_signature', { headers: { 'x-signature': `sha256=${'0'.repeat(64)}` } }],
    ['stale_timestamp', { headers: signedHeaders(JSON.stringify(callRecord()), Date.now() - 301_000) }],
  ])('answers 401 %s and writes nothing', async (code, options) => {
    // Act
    const result = await post(callRecord(), options);

    // Assess
    expect(result.statusCode).toBe(401);
    expect(bodyOf(result).error.code).toBe(code);
    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(sqs).not.toHaveReceivedAnyCommand();
  });

  it('refuses a body signed with another secret', async () => {
    // Prepare
    const text = JSON.stringify(callRecord());

    // Act
    const result = await post(text, { headers: signedHeaders(text, Date.now(), 'another-secret') });

    // Assess
    expect(result.statusCode).toBe(401);
    expect(bodyOf(result).error.code).toBe('invalid_signature');
  });

  it.each([
    ['malformed_json', 400, '{"callId":'],
    ['validation_failed', 422, callRecord({ disposition: 'lost' })],
    ['payload_too_large', 413, { ...callRecord(), pad: 'x'.repeat(70_000) }],
  ])('answers %s (%i) and writes nothing', async (code, status, body) => {
    // Act
    const result = await post(body);

    // Assess
    expect(result.statusCode).toBe(status);
    expect(bodyOf(result).error.code).toBe(code);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(sqs).not.toHaveReceivedAnyCommand();
  });

  describe('what the appeal says never refuses the call', () => {
    const withAppeal = (fields: Record<string, unknown>) =>
      callRecord({ appeal: { ...(callRecord().appeal as object), ...fields } });

    it('rewrites a category and district given by name, in full-width or padded, to their codes', async () => {
      // Act
      const result = await post(withAppeal({ category: ' 供水 ', district: '鼓楼' }));

      // Assess
      expect(result.statusCode).toBe(202);
      const { appeal } = queued();
      expect(appeal).toMatchObject({ category: 'water-supply', district: 'gulou' });
      expect(appeal).not.toHaveProperty('typedCategory');
      expect(appeal).not.toHaveProperty('typedDistrict');
    });

    it('resolves a code typed in full-width capitals', async () => {
      // Act
      const result = await post(withAppeal({ category: 'ＷＡＴＥＲ－ＳＵＰＰＬＹ' }));

      // Assess
      expect(result.statusCode).toBe(202);
      expect(queued().appeal).toMatchObject({ category: 'water-supply' });
    });

    it.each([
      [
        'category',
        { category: '井盖被偷了' },
        { category: 'other', district: 'gulou', typedCategory: '井盖被偷了' },
      ],
      [
        'district',
        { district: '火星区' },
        { category: 'water-supply', district: 'unknown', typedDistrict: '火星区' },
      ],
      [
        'category and district',
        { category: 'nope', district: 'nope' },
        { category: 'other', district: 'unknown', typedCategory: 'nope', typedDistrict: 'nope' },
      ],
    ])(
      'queues the call with an unresolved %s kept as typed, answering 202',
      async (_what, fields, expected) => {
        // Act
        const result = await post(withAppeal(fields));

        // Assess
        expect(result.statusCode).toBe(202);
        expect(bodyOf(result)).toMatchObject({ callId: 'cti-unit-0001', trackingNo: expect.any(String) });
        const message = queued();
        expect(message.kind).toBe('call');
        expect(message.appeal).toMatchObject(expected);
        // The archive keeps what the CTI sent, as it sent it.
        expect(JSON.parse(message.raw?.body as string).appeal).toMatchObject(fields);
      },
    );

    it('never keeps an identity number an agent typed into the category in clear in the appeal', async () => {
      // Act
      const result = await post(withAppeal({ category: '身份证11010519491231002X' }));

      // Assess
      expect(result.statusCode).toBe(202);
      const { appeal } = queued();
      expect(appeal?.typedCategory).toBe('身份证[已隐去，尾号 002X]');
    });
  });

  describe('signature version 2 and the encoding of the body', () => {
    function postSigned(options: {
      path: string;
      signedPath?: string;
      body: string | Buffer;
      version?: '2';
    }): Promise<APIGatewayProxyStructuredResultV2> {
      const bytes = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body;
      const timestamp = String(Math.floor(Date.now() / 1000));
      const request = options.version
        ? { method: 'POST', path: options.signedPath ?? options.path }
        : undefined;
      const event = httpEvent({
        method: 'POST',
        path: options.path,
        headers: {
          'content-type': 'application/json',
          'x-timestamp': timestamp,
          'x-signature': sign(HOTLINE_SECRET, timestamp, bytes, request),
          ...(options.version ? { 'x-signature-version': options.version } : {}),
        },
      });
      // As API Gateway sends a body it does not take for text: base64 of the bytes.
      const withBody = { ...event, body: bytes.toString('base64'), isBase64Encoded: true };
      return handler(withBody, testContext('ingest-hotline')) as Promise<APIGatewayProxyStructuredResultV2>;
    }

    it('accepts a version 2 signature over method, path and body', async () => {
      // Act
      const result = await postSigned({
        path: '/v1/channels/hotline/calls',
        body: JSON.stringify(callRecord()),
        version: '2',
      });

      // Assess
      expect(result.statusCode).toBe(202);
      expect(bodyOf(result).callId).toBe('cti-unit-0001');
      expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    });

    it('refuses a version 2 signature made for /calls on /connect-ctr with 401 and writes nothing', async () => {
      // Act
      const result = await postSigned({
        path: '/v1/channels/hotline/connect-ctr',
        signedPath: '/v1/channels/hotline/calls',
        body: JSON.stringify(callRecord()),
        version: '2',
      });

      // Assess
      expect(result.statusCode).toBe(401);
      expect(bodyOf(result).error.code).toBe('invalid_signature');
      expect(sqs).not.toHaveReceivedAnyCommand();
    });

    it.each([undefined, '2' as const])(
      'answers a correctly signed body that is not UTF-8 with 400 invalid_encoding (version %s)',
      async (version) => {
        // Prepare: JSON around a lone 0xFF byte.
        const bytes = Buffer.concat([Buffer.from('{"callId":"'), Buffer.from([0xff]), Buffer.from('"}')]);

        // Act
        const result = await postSigned({
          path: '/v1/channels/hotline/calls',
          body: bytes,
          ...(version ? { version } : {}),
        });

        // Assess
        expect(result.statusCode).toBe(400);
        expect(bodyOf(result).error.code).toBe('invalid_encoding');
        expect(sqs).not.toHaveReceivedAnyCommand();
      },
    );

    it('answers a body the gateway could only decode with replacement characters with 400 invalid_encoding', async () => {
      // Prepare: signed over the bytes, delivered as text with U+FFFD where the byte was.
      const bytes = Buffer.concat([Buffer.from('{"callId":"'), Buffer.from([0xff]), Buffer.from('"}')]);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const event = httpEvent({
        method: 'POST',
        path: '/v1/channels/hotline/calls',
        headers: {
          'content-type': 'application/json',
          'x-timestamp': timestamp,
          'x-signature': sign(HOTLINE_SECRET, timestamp, bytes),
        },
        body: bytes.toString('utf8'),
      });

      // Act
      const result = (await handler(
        event,
        testContext('ingest-hotline'),
      )) as APIGatewayProxyStructuredResultV2;

      // Assess
      expect(result.statusCode).toBe(400);
      expect(bodyOf(result).error.code).toBe('invalid_encoding');
    });
  });

  it('answers 415 to a body that is not JSON, after the signature', async () => {
    // Act
    const result = await post(callRecord(), { headers: { 'content-type': 'text/plain' } });

    // Assess
    expect(result.statusCode).toBe(415);
  });

  it('answers 503 when the queue is unavailable, so the CTI resends', async () => {
    // Catches: a tracking number handed out for a call no queue holds, or a 5xx without Retry-After.
    // Prepare
    sqs
      .on(SendMessageCommand)
      .rejects(Object.assign(new Error('down'), { $metadata: { httpStatusCode: 500 } }));

    // Act
    const result = await post(callRecord());

    // Assess: nothing acknowledged that is not durable
    expect(result.statusCode).toBe(503);
    expect(result.headers?.['retry-after']).toBe('5');
    expect(result.body).not.toMatch(/trackingNo|\d{6}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
  });
});
