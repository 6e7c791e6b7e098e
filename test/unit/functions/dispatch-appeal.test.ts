import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { sqsRecord } from '../fixtures/sqs.js';
import 'aws-sdk-client-mock-vitest/extend';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatchAppeal } from '../../../functions/dispatch-appeal/dispatch.js';
import { handler } from '../../../functions/dispatch-appeal/handler.js';
import type { AppealMessage, CallMessage } from '../../../shared/domain/appeal.js';
import { CallRecordSchema, toAppealFromCall, toCallItem } from '../../../shared/domain/call-record.js';
import { DEFAULT_CALLBACK_POLICY } from '../../../shared/domain/callbacks/index.js';
import { createCase } from '../../../shared/domain/case.js';
import { deriveCaseId, deriveTrackingNo } from '../../../shared/domain/identity.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { logger } from '../../../shared/logger.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { abandonedCall, callRecord } from '../fixtures/hotline.js';
import { TEST_ENV, testContext } from '../fixtures/lambda.js';
import { MemoryCallbackStore } from '../fixtures/memory-callback-store.js';

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);

function message(sourceId: string, overrides: Parameters<typeof testAppeal>[0] = {}): AppealMessage {
  const caseId = deriveCaseId('webform', sourceId);
  return {
    appeal: testAppeal({
      caseId,
      sourceId,
      trackingNo: deriveTrackingNo(caseId, new Date('2026-11-20T02:00:00Z')),
      ...overrides,
    }),
    raw: { contentType: 'application/json', body: '{"phone":"13912345678"}' },
  };
}

/** What ingest-hotline queues for a call: the record, and its appeal with the raw payload if any. */
function callMessage(overrides: Record<string, unknown> = {}): CallMessage {
  const body = JSON.stringify(callRecord(overrides));
  const parsed = CallRecordSchema.parse(JSON.parse(body));
  const appeal = toAppealFromCall(parsed, 'unit-hash-key');
  return {
    kind: 'call',
    call: toCallItem(parsed, 'unit-hash-key'),
    ...(appeal ? { appeal, raw: { contentType: 'application/json', body } } : {}),
  };
}

const callPut = { ConditionExpression: 'attribute_not_exists(pk) OR recordedAt < :new' };
const casePut = { ConditionExpression: 'attribute_not_exists(pk)' };
const conditionFailed = (message: string) => new ConditionalCheckFailedException({ message, $metadata: {} });

const record = sqsRecord;

function batch(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

describe('Function: dispatch-appeal', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(directoryQuery);
    ddb.on(PutCommand).resolves({});
    s3.on(PutObjectCommand).resolves({});
  });

  afterEach(() => {
    ddb.reset();
    s3.reset();
  });

  it('archives the raw payload, then creates the routed case with a conditional put', async () => {
    // Prepare
    const msg = message('src-1');

    // Act
    const result = await handler(batch(record('m1', JSON.stringify(msg))), testContext('dispatch-appeal'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'archive',
      Key: `raw/2026/11/20/${msg.appeal.caseId}.json`,
    });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'cases',
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: expect.objectContaining({
        pk: `CASE#${msg.appeal.caseId}`,
        status: 'dispatched',
        departmentId: 'water-group',
        deptQueue: 'DEPT#water-group#open',
        rawKey: `raw/2026/11/20/${msg.appeal.caseId}.json`,
        version: 1,
      }),
    });
  });

  it('treats an appeal that is already a case as done, not as a failure', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));

    // Act
    const result = await handler(batch(record('m1', JSON.stringify(message('src-2')))), testContext());

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' });
  });

  it('reports what a losing write found, so a retry across midnight is visible', async () => {
    // Prepare: the stored case carries yesterday's tracking number
    const msg = message('src-2b');
    const stored = { ...msg.appeal, trackingNo: '261119-AAAA-BBBB' };
    const storedCase = createCase(stored, {
      directory: TEST_DIRECTORY,
      calendar: WEEKENDS_ONLY,
      now: new Date(),
    });

    // Act
    const outcome = await dispatchAppeal(msg, {
      archive: { put: async () => 'raw/key.json' },
      attachments: { copy: async () => 'archived' },
      calls: { put: async () => 'stored' },
      callbacks: new MemoryCallbackStore(),
      callbackPolicy: DEFAULT_CALLBACK_POLICY,
      cases: {
        create: async () => ({ outcome: 'exists', existing: storedCase }),
        getById: async () => storedCase,
        getByTrackingNo: async () => undefined,
        listByCaller: async () => [],
        putDuplicateLink: async () => 'linked',
      },
      directory: async () => TEST_DIRECTORY,
      calendar: async () => WEEKENDS_ONLY,
      now: () => new Date(),
    });

    // Assess
    expect(outcome).toMatchObject({
      outcome: 'exists',
      trackingNo: msg.appeal.trackingNo,
      storedTrackingNo: '261119-AAAA-BBBB',
    });
  });

  it('copies the photos before the case is created, lists the archived ones and notes the missing one', async () => {
    // Prepare
    const ok = 'uploads/2026/11/20/0b7e5a52-3c1a-4b8e-9a55-6a1f0f3b2c11.png';
    const gone = 'uploads/2026/11/20/1b7e5a52-3c1a-4b8e-9a55-6a1f0f3b2c11.png';
    const msg = {
      ...message('src-photos', { attachments: [ok, gone] }),
      attachmentChecksums: { [ok]: 'sha-ok' },
    };
    const steps: string[] = [];
    let created: Record<string, unknown> | undefined;

    // Act
    const outcome = await dispatchAppeal(msg, {
      archive: { put: async () => 'raw/key.json' },
      attachments: {
        copy: async (key, expected) => {
          steps.push(`copy ${key === ok ? 'ok' : 'gone'} ${expected ?? '-'}`);
          return key === ok ? 'archived' : 'missing';
        },
      },
      calls: { put: async () => 'stored' },
      callbacks: new MemoryCallbackStore(),
      callbackPolicy: DEFAULT_CALLBACK_POLICY,
      cases: {
        create: async (kase) => {
          steps.push('create');
          created = kase as unknown as Record<string, unknown>;
          return { outcome: 'created' };
        },
        getById: async () => undefined,
        getByTrackingNo: async () => undefined,
        listByCaller: async () => [],
        putDuplicateLink: async () => 'linked',
      },
      directory: async () => TEST_DIRECTORY,
      calendar: async () => WEEKENDS_ONLY,
      now: () => new Date(),
    });

    // Assess
    expect(steps).toEqual(['copy ok sha-ok', 'copy gone -', 'create']);
    expect(created).toMatchObject({
      attachments: [ok],
      missingAttachments: [{ key: gone, reason: 'not_uploaded' }],
    });
    expect(outcome).toMatchObject({
      outcome: 'created',
      missingAttachments: [{ key: gone, reason: 'not_uploaded' }],
    });
  });

  it('reports only the records that failed, so SQS retries those alone', async () => {
    // Prepare
    const good = message('src-3');
    const unlucky = message('src-4');
    ddb.on(PutCommand).callsFake((input) => {
      if (input.Item.caseId === unlucky.appeal.caseId) {
        throw Object.assign(new Error('throttled'), { $metadata: { httpStatusCode: 400 } });
      }
      return {};
    });

    // Act
    const result = await handler(
      batch(
        record('good', JSON.stringify(good)),
        record('poison', '{not json'),
        record('unlucky', JSON.stringify(unlucky)),
      ),
      testContext(),
    );

    // Assess
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['poison', 'unlucky']);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ caseId: good.appeal.caseId }),
    });
  });

  it('refuses a message that does not match the intake schema', async () => {
    // Prepare
    const bad = {
      appeal: { ...message('src-5').appeal, channel: 'fax' },
      raw: { contentType: 'x', body: '' },
    };

    const good = message('src-5b');

    // Act
    const result = await handler(
      batch(record('bad', JSON.stringify(bad)), record('good', JSON.stringify(good))),
      testContext(),
    );

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 1);
  });

  it('logs each failed record with its messageId, so a dead letter can be traced to its first error', async () => {
    // Prepare
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);

    // Act
    const result = await handler(
      batch(record('not-json', '{oops'), record('fine', JSON.stringify(message('src-log')))),
      testContext(),
    );

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'not-json' }]);
    expect(errors).toHaveBeenCalledWith(
      'intake message failed',
      expect.objectContaining({ messageId: 'not-json', receiveCount: 1, error: expect.any(SyntaxError) }),
    );
    errors.mockRestore();
  });

  it('archives before it creates, so no case exists without its original', async () => {
    // Prepare
    s3.on(PutObjectCommand).rejects(
      Object.assign(new Error('s3 down'), { $metadata: { httpStatusCode: 503 } }),
    );

    // Act
    const outcome = handler(batch(record('m1', JSON.stringify(message('src-6')))), testContext());

    // Assess: a batch in which every record failed fails whole, and Lambda retries all of it
    await expect(outcome).rejects.toThrow('All records failed processing');
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  describe('a queued hotline call', () => {
    it('stores the call record with the latest-wins conditional put, and makes no case without an appeal', async () => {
      // Prepare
      const msg: CallMessage = {
        kind: 'call',
        call: toCallItem(CallRecordSchema.parse(abandonedCall()), 'k'),
      };

      // Act
      const result = await handler(batch(record('m1', JSON.stringify(msg))), testContext());

      // Assess
      expect(result).toEqual({ batchItemFailures: [] });
      expect(ddb).toHaveReceivedCommandTimes(PutCommand, 1);
      expect(ddb).toHaveReceivedCommandWith(PutCommand, {
        TableName: 'cases',
        ...callPut,
        ExpressionAttributeValues: { ':new': '2026-11-23T01:41:49.000Z' },
        Item: expect.objectContaining({ pk: 'CALL#cti-unit-0002', sk: 'CALL', disposition: 'abandoned' }),
      });
      expect(s3).not.toHaveReceivedAnyCommand();
    });

    it("stores the record, archives the raw payload and creates the call's one case", async () => {
      // Prepare
      const msg = callMessage();
      const caseId = deriveCaseId('hotline', 'cti-unit-0001');

      // Act
      const result = await handler(batch(record('m1', JSON.stringify(msg))), testContext());

      // Assess
      expect(result).toEqual({ batchItemFailures: [] });
      expect(ddb).toHaveReceivedCommandWith(PutCommand, {
        ...callPut,
        Item: expect.objectContaining({ pk: 'CALL#cti-unit-0001', caseId }),
      });
      expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: `raw/2026/11/23/${caseId}.json` });
      expect(ddb).toHaveReceivedCommandWith(PutCommand, {
        ...casePut,
        Item: expect.objectContaining({ pk: `CASE#${caseId}`, channel: 'hotline', status: 'dispatched' }),
      });
    });

    it('creates a completed case from an appeal answered on the call', async () => {
      // Prepare
      const appeal = {
        ...(callRecord().appeal as object),
        type: 'consultation',
        answeredDirectly: true,
        reply: '已答复',
      };
      const msg = callMessage({ appeal });

      // Act
      const result = await handler(batch(record('m1', JSON.stringify(msg))), testContext());

      // Assess
      expect(result).toEqual({ batchItemFailures: [] });
      expect(ddb).toHaveReceivedCommandWith(PutCommand, {
        ...casePut,
        Item: expect.objectContaining({ status: 'completed', resolvedAtIntake: true }),
      });
    });

    it('treats an older or equal version as a no-op, and still makes sure the case exists', async () => {
      // Prepare
      ddb.on(PutCommand, callPut).rejects(conditionFailed('newer call'));
      ddb.on(PutCommand, casePut).rejects(conditionFailed('exists'));

      // Act
      const result = await handler(batch(record('m1', JSON.stringify(callMessage()))), testContext());

      // Assess: a redelivery after a failed case step must reach the case's conditional put
      expect(result).toEqual({ batchItemFailures: [] });
      expect(ddb).toHaveReceivedCommandWith(PutCommand, casePut);
    });

    it('reports a call whose record could not be stored, and only that one', async () => {
      // Prepare
      const good = callMessage({ callId: 'cti-unit-0003' });
      const unlucky = callMessage({ callId: 'cti-unit-0004' });
      ddb.on(PutCommand).callsFake((input) => {
        if (input.Item.pk === 'CALL#cti-unit-0004') {
          throw Object.assign(new Error('throttled'), { $metadata: { httpStatusCode: 400 } });
        }
        return {};
      });

      // Act
      const result = await handler(
        batch(record('good', JSON.stringify(good)), record('unlucky', JSON.stringify(unlucky))),
        testContext(),
      );

      // Assess: the case step is not reached, so the retry finds everything still to do
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'unlucky' }]);
      expect(ddb).not.toHaveReceivedCommandWith(PutCommand, {
        Item: expect.objectContaining({ pk: `CASE#${deriveCaseId('hotline', 'cti-unit-0004')}` }),
      });
    });

    it('reports a call whose case could not be created, and only that one', async () => {
      // Prepare
      const good = callMessage({ callId: 'cti-unit-0005' });
      const unlucky = callMessage({ callId: 'cti-unit-0006' });
      ddb.on(PutCommand).callsFake((input) => {
        if (input.Item.pk === `CASE#${deriveCaseId('hotline', 'cti-unit-0006')}`) {
          throw Object.assign(new Error('throttled'), { $metadata: { httpStatusCode: 400 } });
        }
        return {};
      });

      // Act
      const result = await handler(
        batch(record('good', JSON.stringify(good)), record('unlucky', JSON.stringify(unlucky))),
        testContext(),
      );

      // Assess
      expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'unlucky' }]);
    });

    it.each([
      [
        'a caller number in clear',
        (m: CallMessage) => ({ ...m, call: { ...m.call, caller: '13912345678' } }),
      ],
      ["a key that is not the call's own", (m: CallMessage) => ({ ...m, call: { ...m.call, pk: 'CASE#x' } })],
      ['an appeal without its raw payload', (m: CallMessage) => ({ ...m, raw: undefined })],
      ["another call's appeal", (m: CallMessage) => ({ ...m, call: { ...m.call, caseId: 'hotline-other' } })],
    ])('refuses a call message with %s and writes nothing', async (_, mutate) => {
      // Prepare
      const bad = mutate(callMessage());

      // Act
      const outcome = handler(batch(record('bad', JSON.stringify(bad))), testContext());

      // Assess
      await expect(outcome).rejects.toThrow('All records failed processing');
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
      expect(s3).not.toHaveReceivedAnyCommand();
    });
  });
});
