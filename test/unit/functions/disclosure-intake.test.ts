import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/disclosure-intake/handler.js';
import { caseKeyOf } from '../../../shared/adapters/first-receipt.js';
import { bodyHashOf } from '../../../shared/adapters/request-marks.js';
import { deriveCaseId, deriveTrackingNo } from '../../../shared/domain/identity.js';
import { logger } from '../../../shared/logger.js';
import { citizenRequest } from '../domain/disclosure/fixtures.js';
import { makeIdNumber } from '../domain/disclosure/numbers.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { httpEvent, TEST_ENV, testContext, withClaims } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const ID = makeIdNumber('110105', '19870615', '006');
/** A letter signed for at 10:00 on 2 December (Shanghai), addressed to a body of the test directory. */
const LETTER = citizenRequest({
  departmentId: 'housing-bureau',
  arrival: { way: 'post', signedForAt: '2026-12-02T02:00:00Z', postmarkedOn: '2026-11-28' },
});
const KEY = 'entry-key-0001';
const AGENT = { sub: 'u-7', role: 'agent', agentId: 'a-017' };

function post(
  body: unknown,
  options: { headers?: Record<string, string>; claims?: Record<string, string> } = {},
) {
  const event = httpEvent({
    method: 'POST',
    path: '/v1/disclosure/requests',
    headers: { 'content-type': 'application/json', 'idempotency-key': KEY, ...options.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return handler(
    withClaims(event, options.claims ?? AGENT),
    testContext('disclosure-intake'),
  ) as Promise<APIGatewayProxyStructuredResultV2>;
}

const bodyOf = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body as string);
const sent = () =>
  sqs.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody as string));

describe('Function: disclosure-intake', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('REQUEST_MARKS_TABLE_NAME', 'request-marks');
    vi.stubEnv('DISCLOSURE_IDENTITY_KEY', 'unit-test-identity-key');
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(directoryQuery);
    ddb.on(PutCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterEach(() => {
    ddb.reset();
    sqs.reset();
  });

  it('queues the office appeal and answers 202 with the tracking number, case id and receipt day', async () => {
    // Act
    const result = await post(LETTER);

    // Assess
    expect(result.statusCode).toBe(202);
    const body = bodyOf(result);
    const caseKey = caseKeyOf(KEY, bodyHashOf(JSON.stringify(LETTER), TEST_ENV.CONTACT_HASH_KEY));
    expect(body).toEqual({
      trackingNo: expect.stringMatching(/^\d{6}-[2-9A-Z]{4}-[2-9A-Z]{4}$/),
      caseId: deriveCaseId('office', caseKey),
      // 第三十一条第（二）项: the day the office signed for the letter.
      receivedOn: '2026-12-02',
    });
    const [message] = sent();
    expect(message.appeal).toMatchObject({
      caseId: body.caseId,
      trackingNo: body.trackingNo,
      channel: 'office',
      type: 'disclosure',
      category: 'gov-info-disclosure',
      disclosureRequest: {
        departmentId: 'housing-bureau',
        arrival: { way: 'post' },
        receivedOn: '2026-12-02',
      },
    });
    expect(message.raw.headers).toMatchObject({ 'x-entered-by': 'agent:u-7#a-017', 'idempotency-key': KEY });
  });

  it('holds no identity number in clear: neither the appeal nor the raw copy', async () => {
    // Act
    await post(LETTER);

    // Assess
    const text = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string;
    const decoded = JSON.stringify(JSON.parse(text));
    expect(decoded.toLowerCase()).not.toContain(ID.toLowerCase());
    expect(JSON.parse(sent()[0].raw.body).applicant.document.number).toBe('[已隐去，尾号 006x]');
  });

  it('logs the entry without the identity number (nor the body)', async () => {
    // Prepare: every call of the logger, with its attributes (the unit project logs nothing itself).
    const spies = (['debug', 'info', 'warn', 'error'] as const).map((level) => vi.spyOn(logger, level));

    // Act
    await post(LETTER);
    await post({ ...LETTER, form: { medium: 'paper', delivery: 'email' } });
    const text = JSON.stringify(spies.flatMap((spy) => spy.mock.calls));
    for (const spy of spies) spy.mockRestore();

    // Assess
    expect(text).toContain('disclosure request entered');
    expect(text.toLowerCase()).not.toContain(ID.toLowerCase());
  });

  it('answers 202 only after the queue took the message: a failed send is a 503 and no tracking number', async () => {
    // Prepare
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('throttled'), { $metadata: {} }));

    // Act
    const result = await post(LETTER);

    // Assess
    expect(result.statusCode).toBe(503);
    expect(bodyOf(result).trackingNo).toBeUndefined();
  });

  it('answers a retry with the same key and body with the first tracking number', async () => {
    // Prepare: the first entry was made at 23:59:59 in Shanghai the day before.
    const first = '2026-12-02T15:59:59.000Z';
    ddb.on(PutCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: marshall({
          pk: `IDEMPOTENCY#office:${KEY}`,
          sk: 'MARK',
          bodyHash: bodyHashOf(JSON.stringify(LETTER), TEST_ENV.CONTACT_HASH_KEY),
          expiresAt: 1,
          details: { receivedAt: first },
        }),
      }),
    );
    const caseId = deriveCaseId(
      'office',
      caseKeyOf(KEY, bodyHashOf(JSON.stringify(LETTER), TEST_ENV.CONTACT_HASH_KEY)),
    );

    // Act
    const result = await post(LETTER);

    // Assess
    expect(result.statusCode).toBe(202);
    expect(bodyOf(result).trackingNo).toBe(deriveTrackingNo(caseId, new Date(first)));
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item?.pk).toBe(`IDEMPOTENCY#office:${KEY}`);
  });

  it('refuses an entry without an Idempotency-Key with 400 idempotency_key_required and queues nothing', async () => {
    // Act
    const result = await post(LETTER, { headers: { 'idempotency-key': '' } });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result).error.code).toBe('idempotency_key_required');
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('names every problem of a bad request with 422 invalid_request and queues nothing', async () => {
    // Prepare
    const bad = {
      ...LETTER,
      applicant: {
        ...(LETTER.applicant as object),
        document: { kind: 'resident_id_card', number: `${ID.slice(0, 17)}1` },
      },
      form: { medium: 'paper', delivery: 'email' },
    };

    // Act
    const result = await post(bad);

    // Assess
    expect(result.statusCode).toBe(422);
    const { error } = bodyOf(result);
    expect(error.code).toBe('invalid_request');
    expect(error.problems.map((p: { path: string; code: string }) => [p.path, p.code])).toEqual([
      ['applicant.document.number', 'invalid_id_number'],
      ['form.delivery', 'invalid_field'],
    ]);
    expect(JSON.stringify(error)).not.toContain(ID.slice(0, 17));
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it.each([
    ['online', { way: 'online', confirmedAt: '2026-12-02T02:00:00Z' }],
    ['phone', { way: 'phone', confirmedAt: '2026-12-02T02:00:00Z' }],
  ])('refuses an arrival by %s (its channel dates it) with 422 arrival_not_office', async (_way, arrival) => {
    // Act
    const result = await post({ ...LETTER, arrival });

    // Assess
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result).error.problems).toEqual([
      expect.objectContaining({ path: 'arrival.way', code: 'arrival_not_office' }),
    ]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('refuses a body the directory does not hold with 422 unknown_department', async () => {
    // Act
    const result = await post({ ...LETTER, departmentId: 'no-such-body' });

    // Assess
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result).error.problems).toEqual([
      expect.objectContaining({ path: 'departmentId', code: 'unknown_department' }),
    ]);
  });

  it('refuses a dispatcher with 403 and an anonymous caller with 401, before reading the body', async () => {
    // Act
    const dispatcher = await post(LETTER, { claims: { sub: 'u-2', role: 'dispatcher' } });
    const anonymous = handler(
      httpEvent({ method: 'POST', path: '/v1/disclosure/requests', body: '{}' }),
      testContext('disclosure-intake'),
    ) as Promise<APIGatewayProxyStructuredResultV2>;

    // Assess
    expect(dispatcher.statusCode).toBe(403);
    expect((await anonymous).statusCode).toBe(401);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('lets a department enter requests addressed to itself only', async () => {
    // Act
    const own = await post(LETTER, {
      claims: { sub: 'u-3', role: 'department', departmentId: 'housing-bureau' },
    });
    const other = await post(LETTER, {
      claims: { sub: 'u-4', role: 'department', departmentId: 'water-group' },
    });

    // Assess
    expect(own.statusCode).toBe(202);
    expect(other.statusCode).toBe(403);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
  });
});
