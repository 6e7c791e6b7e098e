import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/get-case-status/handler.js';
import { toItem } from '../../../shared/adapters/case-item.js';
import { createCase } from '../../../shared/domain/case.js';
import { deriveCaseId, deriveTrackingNo } from '../../../shared/domain/identity.js';
import { intakeCase } from '../../../shared/domain/repeat.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const kase = createCase(testAppeal(), {
  directory: TEST_DIRECTORY,
  calendar: WEEKENDS_ONLY,
  now: new Date(),
});
/** A second appeal of the same caller, merged at intake into `kase`; it keeps its own number. */
const mergedCaseId = deriveCaseId('webform', 'fixture-key-2');
const merged = intakeCase(
  testAppeal({
    caseId: mergedCaseId,
    sourceId: 'fixture-key-2',
    receivedAt: '2026-11-20T05:00:00.000Z',
    trackingNo: deriveTrackingNo(mergedCaseId, new Date('2026-11-20T05:00:00.000Z')),
  }),
  { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: new Date('2026-11-20T05:00:00.000Z') },
  { repeatOf: kase.caseId, mergeInto: kase },
);

async function lookup(trackingNo: string, query: Record<string, string>) {
  const result = (await handler(
    httpEvent({
      method: 'GET',
      path: `/v1/cases/${trackingNo}`,
      routeKey: 'GET /v1/cases/{trackingNo}',
      pathParameters: { trackingNo },
      query,
    }),
    testContext('get-case-status'),
  )) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    body: JSON.parse(result.body as string),
    headers: result.headers ?? {},
  };
}

describe('Function: get-case-status', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake((input) => {
      if (input.IndexName === 'by-tracking-no') {
        const found = [kase, merged].filter((c) => c.trackingNo === input.ExpressionAttributeValues[':t']);
        return { Items: found.map((kase) => toItem(kase)) };
      }
      return directoryQuery(input);
    });
    ddb.on(GetCommand).callsFake((input) => ({
      Item: input.Key.pk === `CASE#${kase.caseId}` ? toItem(kase) : undefined,
    }));
    // The guess counter: a first attempt in an open window, unless a test says otherwise.
    ddb
      .on(UpdateCommand)
      .resolves({ Attributes: { misses: 1, since: Date.now(), until: Date.now() + 900_000 } });
  });

  afterEach(() => {
    ddb.reset();
  });

  it('shows the status, the department and the deadline to the owner of the number', async () => {
    // Act
    const { status, body, headers } = await lookup(kase.trackingNo, { phoneLast4: '5678' });

    // Assess
    expect(status).toBe(200);
    expect(body).toMatchObject({
      trackingNo: kase.trackingNo,
      status: 'dispatched',
      statusText: '已派单',
      department: { id: 'water-group', name: '市水务集团' },
      category: { code: 'water-supply', name: '供水' },
      dueAt: kase.dueAt,
    });
    // Minimal data: no content, contact or history.
    expect(body).not.toHaveProperty('content');
    expect(body).not.toHaveProperty('contact');
    expect(body).not.toHaveProperty('history');
    expect(headers['cache-control']).toBe('no-store');
  });

  it('answers for a merged case with its own number and status only, never its master', async () => {
    // Act
    const { status, body } = await lookup(merged.trackingNo, { phoneLast4: '5678' });

    // Assess
    expect(merged.status).toBe('merged');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      trackingNo: merged.trackingNo,
      status: 'merged',
      statusText: '已并入其他工单',
      department: null,
      receivedAt: merged.receivedAt,
      note: expect.stringContaining(`工单号 ${merged.trackingNo}`),
    });
    expect(body.note).toContain('并单办理');
    expect(body).not.toHaveProperty('mergedFrom');
    expect(body).not.toHaveProperty('dueAt');
    const text = JSON.stringify(body);
    for (const field of [kase.trackingNo, kase.caseId, kase.dueAt, kase.receivedAt, 'water-group']) {
      expect(text).not.toContain(field);
    }
    expect(ddb).not.toHaveReceivedCommand(GetCommand);
  });

  it('checks the digits on the merged case itself', async () => {
    // Act
    const wrong = await lookup(merged.trackingNo, { phoneLast4: '0000' });

    // Assess
    expect(wrong.status).toBe(404);
    expect(ddb).not.toHaveReceivedCommand(GetCommand);
  });

  it('accepts the tracking number as a citizen types it', async () => {
    // Act
    const { status } = await lookup(kase.trackingNo.replaceAll('-', '').toLowerCase(), {
      phoneLast4: '5678',
    });

    // Assess
    expect(status).toBe(200);
  });

  it('answers wrong digits exactly as it answers an unknown number', async () => {
    // Act
    const wrongDigits = await lookup(kase.trackingNo, { phoneLast4: '0000' });
    const unknown = await lookup('261101-AAAA-BBBB', { phoneLast4: '5678' });

    // Assess
    expect(wrongDigits.status).toBe(404);
    expect(wrongDigits.body).toEqual(unknown.body);
    expect(wrongDigits.body.error.code).toBe('case_not_found');
  });

  it.each([
    ['no phoneLast4', {}, 'invalid_phone_last4'],
    ['letters in phoneLast4', { phoneLast4: '12ab' }, 'invalid_phone_last4'],
  ])('refuses %s with 400', async (_what, query, code) => {
    // Act
    const { status, body } = await lookup(kase.trackingNo, query as Record<string, string>);

    // Assess
    expect(status).toBe(400);
    expect(body.error.code).toBe(code);
  });

  it('refuses a malformed tracking number without querying', async () => {
    // Act
    const { status, body } = await lookup('not-a-number', { phoneLast4: '5678' });

    // Assess
    expect(status).toBe(400);
    expect(body.error.code).toBe('invalid_tracking_no');
    expect(ddb).not.toHaveReceivedCommandWith(QueryCommand, { IndexName: 'by-tracking-no' });
  });

  describe('guessing phoneLast4', () => {
    const spent = () => new ConditionalCheckFailedException({ message: 'condition', $metadata: {} });

    it('answers 429 lookup_locked with Retry-After even to the right digits once the number is locked', async () => {
      // Prepare
      const until = Date.now() + 3_600_000;
      ddb.on(UpdateCommand).rejects(spent());
      ddb.on(GetCommand, { Key: { pk: `GUESS#${kase.trackingNo}`, sk: 'GUESS' } }).resolves({
        Item: { misses: 5, since: Date.now() - 60_000, until },
      });

      // Act
      const { status, body, headers } = await lookup(kase.trackingNo, { phoneLast4: '5678' });

      // Assess
      expect(status).toBe(429);
      expect(body).toEqual({ error: { code: 'lookup_locked', message: expect.stringContaining('分钟') } });
      expect(Number(headers['retry-after'])).toBeGreaterThan(3_590);
      expect(Number(headers['retry-after'])).toBeLessThanOrEqual(3_600);
      expect(headers['cache-control']).toBe('no-store');
      expect(body).not.toHaveProperty('trackingNo');
    });

    it('locks the number on the wrong answer that spends the last attempt', async () => {
      // Prepare
      ddb
        .on(UpdateCommand, { UpdateExpression: 'ADD #misses :one' })
        .resolves({ Attributes: { misses: 5, since: Date.now() - 60_000, until: Date.now() + 840_000 } });

      // Act
      const { status, body, headers } = await lookup(kase.trackingNo, { phoneLast4: '0000' });

      // Assess
      expect(status).toBe(429);
      expect(body.error.code).toBe('lookup_locked');
      expect(Number(headers['retry-after'])).toBe(3_600);
      expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
        UpdateExpression: 'SET #until = :until, #expiresAt = :expiresAt',
      });
    });

    it('counts a wrong answer under the limit and answers it as an unknown number', async () => {
      // Act
      const wrong = await lookup(kase.trackingNo, { phoneLast4: '0000' });

      // Assess
      expect(wrong.status).toBe(404);
      expect(wrong.body.error.code).toBe('case_not_found');
      expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
        Key: { pk: `GUESS#${kase.trackingNo}`, sk: 'GUESS' },
        UpdateExpression: 'ADD #misses :one',
      });
      expect(ddb).not.toHaveReceivedCommandWith(UpdateCommand, { UpdateExpression: 'ADD #misses :minusOne' });
    });

    it('still answers the right digits when giving the attempt back fails', async () => {
      // Prepare
      ddb
        .on(UpdateCommand, { UpdateExpression: 'ADD #misses :minusOne' })
        .rejects(Object.assign(new Error('throttled'), { $metadata: {} }));

      // Act
      const { status, body } = await lookup(kase.trackingNo, { phoneLast4: '5678' });

      // Assess
      expect(status).toBe(200);
      expect(body.trackingNo).toBe(kase.trackingNo);
    });

    it('gives a right answer its own attempt back and never resets the count', async () => {
      // Act
      const { status } = await lookup(kase.trackingNo, { phoneLast4: '5678' });

      // Assess
      expect(status).toBe(200);
      expect(ddb).toHaveReceivedCommandWith(UpdateCommand, { UpdateExpression: 'ADD #misses :minusOne' });
      const writes = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input.UpdateExpression);
      expect(writes).toEqual(['ADD #misses :one', 'ADD #misses :minusOne']);
    });
  });

  describe('headers', () => {
    it('keeps found and not-found lookups out of every cache and forbids sniffing', async () => {
      // Act
      const found = await lookup(kase.trackingNo, { phoneLast4: '5678' });
      const notFound = await lookup('261101-AAAA-BBBB', { phoneLast4: '5678' });
      const bad = await lookup(kase.trackingNo, { phoneLast4: 'x' });

      // Assess
      for (const answer of [found, notFound, bad]) {
        expect(answer.headers['cache-control']).toBe('no-store');
        expect(answer.headers['x-content-type-options']).toBe('nosniff');
      }
      expect([found.status, notFound.status, bad.status]).toEqual([200, 404, 400]);
    });
  });
});
