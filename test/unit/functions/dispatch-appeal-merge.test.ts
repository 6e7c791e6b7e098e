import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/dispatch-appeal/handler.js';
import { toItem } from '../../../shared/adapters/case-item.js';
import type { AppealMessage } from '../../../shared/domain/appeal.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { deriveCaseId, deriveTrackingNo } from '../../../shared/domain/identity.js';
import { INTAKE_MERGE_NOTE, intakeCase } from '../../../shared/domain/repeat.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { TEST_ENV, testContext } from '../fixtures/lambda.js';

// 并单 at intake: the caller's history through the by-caller index, the new case created merged,
// then the master's history linked under its version, once.

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);

const RECEIVED = '2026-11-20T02:00:00.000Z';

/** The fixture's caller as the hotline's network gives it: an identity that may merge at intake. */
const VERIFIED = {
  phoneHash: 'a'.repeat(64),
  phoneMasked: '139****5678',
  verifiedBy: 'network_caller',
} as const;

function appealMessage(
  sourceId: string,
  receivedAt: string,
  district = 'gulou',
  contact: AppealMessage['appeal']['contact'] = VERIFIED,
): AppealMessage {
  const caseId = deriveCaseId('webform', sourceId);
  return {
    appeal: testAppeal({
      caseId,
      sourceId,
      receivedAt,
      district,
      contact,
      trackingNo: deriveTrackingNo(caseId, new Date(receivedAt)),
    }),
    raw: { contentType: 'application/json', body: '{}' },
  };
}

const masterMessage = appealMessage('master-1', '2026-11-19T02:00:00.000Z');
const master: Case = createCase(masterMessage.appeal, {
  directory: TEST_DIRECTORY,
  calendar: WEEKENDS_ONLY,
  now: new Date('2026-11-19T02:00:00.000Z'),
});

function sqsEvent(message: AppealMessage): SQSEvent {
  return {
    Records: [
      {
        messageId: message.appeal.caseId,
        receiptHandle: 'rh',
        body: JSON.stringify(message),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '0',
          SenderId: 's',
          ApproximateFirstReceiveTimestamp: '0',
        },
        messageAttributes: {},
        md5OfBody: 'x',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws-cn:sqs:cn-north-1:123456789012:intake',
        awsRegion: 'cn-north-1',
      },
    ],
  };
}

const newCasePut = { ConditionExpression: 'attribute_not_exists(pk)' };
const versionedPut = { ConditionExpression: 'version = :expected' };

/** The caller-history query answers with `history`; the directory queries as usual. */
function answerQueries(history: Case[]) {
  ddb
    .on(QueryCommand)
    .callsFake((input) =>
      input.IndexName === 'by-caller'
        ? { Items: history.map((kase) => toItem(kase)) }
        : directoryQuery(input),
    );
}

function versionConflict(current: Case) {
  return new ConditionalCheckFailedException({
    message: 'version',
    $metadata: {},
    Item: marshall(toItem(current), { removeUndefinedValues: true }) as never,
  });
}

describe('Function: dispatch-appeal, repeat callers and 并单', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    ddb.on(PutCommand).resolves({});
    ddb.on(GetCommand).resolves({ Item: toItem(master) });
    s3.on(PutObjectCommand).resolves({});
  });

  afterEach(() => {
    ddb.reset();
    s3.reset();
  });

  it("queries the caller's last 7 days on the by-caller index, never a scan", async () => {
    // Prepare
    answerQueries([]);
    const message = appealMessage('first', RECEIVED);

    // Act
    await handler(sqsEvent(message), testContext('dispatch-appeal'));

    // Assess
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'by-caller',
      KeyConditionExpression: 'callerKey = :c AND receivedAt BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':c': `CALLER#${'a'.repeat(64)}`,
        ':from': '2026-11-13T02:00:00.000Z',
        ':to': RECEIVED,
      },
    });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      ...newCasePut,
      Item: expect.objectContaining({ status: 'dispatched' }),
    });
    expect(ddb).not.toHaveReceivedCommandWith(PutCommand, versionedPut);
  });

  it('creates a repeat on an unverified web-form phone as a case of its own, routed and flagged, and leaves the master alone', async () => {
    // Prepare: someone types the master's caller's number into the web form
    answerQueries([master]);
    const message = appealMessage('typed-1', RECEIVED, 'gulou', {
      phoneHash: 'a'.repeat(64),
      phoneMasked: '139****5678',
    });

    // Act
    const result = await handler(sqsEvent(message), testContext('dispatch-appeal'));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      ...newCasePut,
      Item: expect.objectContaining({
        caseId: message.appeal.caseId,
        status: 'dispatched',
        repeatOf: master.caseId,
        possibleDuplicateOf: master.caseId,
        history: expect.arrayContaining([expect.objectContaining({ action: 'flag_duplicate' })]),
      }),
    });
    const put = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item);
    expect(put.some((item) => item?.status === 'merged')).toBe(false);
    expect(put.some((item) => item?.caseId === master.caseId)).toBe(false);
  });

  it('creates the second appeal merged into the open master, then links it in an item of its own, never rewriting the master', async () => {
    // Prepare
    answerQueries([master]);
    const message = appealMessage('dup-1', RECEIVED);

    // Act
    const result = await handler(sqsEvent(message), testContext('dispatch-appeal'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => p.ConditionExpression)).toEqual([
      'attribute_not_exists(pk)',
      'attribute_not_exists(pk)',
    ]);
    expect(puts[0]?.Item).toMatchObject({
      caseId: message.appeal.caseId,
      trackingNo: message.appeal.trackingNo,
      status: 'merged',
      mergedInto: master.caseId,
      repeatOf: master.caseId,
    });
    expect(puts[0]?.Item).not.toHaveProperty('deptQueue');
    expect(puts[1]?.Item).toEqual({
      pk: `CASE#${master.caseId}`,
      sk: `DUP#${message.appeal.caseId}`,
      kind: 'duplicate_link',
      duplicateCaseId: message.appeal.caseId,
      duplicateTrackingNo: message.appeal.trackingNo,
      linkedAt: expect.any(String),
      actor: 'system',
      note: INTAKE_MERGE_NOTE,
    });
    // The link item is in no index: none of a case's index attributes.
    for (const attribute of ['trackingNo', 'callerKey', 'deptQueue', 'status', 'openShard', 'reviewQueue']) {
      expect(puts[1]?.Item).not.toHaveProperty(attribute);
    }
    expect(ddb).not.toHaveReceivedCommandWith(PutCommand, versionedPut);
  });

  it('marks an appeal in another district a repeat, but does not merge it', async () => {
    // Prepare
    answerQueries([master]);
    const message = appealMessage('elsewhere-1', RECEIVED, 'taijiang');

    // Act
    await handler(sqsEvent(message), testContext('dispatch-appeal'));

    // Assess
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      ...newCasePut,
      Item: expect.objectContaining({ status: 'dispatched', repeatOf: master.caseId }),
    });
    expect(ddb).not.toHaveReceivedCommandWith(PutCommand, versionedPut);
  });

  it('on a redelivery, adds no second link when the master has it in its history (linked before link items)', async () => {
    // Prepare: the merged case and the link were both written by the first delivery, the old way
    const message = appealMessage('dup-2', RECEIVED);
    const stored = intakeCase(
      message.appeal,
      { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: new Date(RECEIVED) },
      { repeatOf: master.caseId, mergeInto: master },
    );
    const linked: Case = {
      ...master,
      version: master.version + 1,
      history: [
        ...master.history,
        { at: RECEIVED, actor: 'system', action: 'link_duplicate', note: `${stored.caseId}: 自动并单` },
      ],
    };
    answerQueries([linked, stored]);
    ddb.on(GetCommand).resolves({ Item: toItem(linked) });
    ddb.on(PutCommand, newCasePut).rejects(versionConflict(stored));

    // Act
    const result = await handler(sqsEvent(message), testContext('dispatch-appeal'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(ddb).not.toHaveReceivedCommandWith(PutCommand, versionedPut);
    expect(ddb).not.toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ kind: 'duplicate_link' }),
    });
  });

  it('on a redelivery after the link failed, still links the master', async () => {
    // Prepare: the merged case exists, the master has no link yet
    const message = appealMessage('dup-3', RECEIVED);
    const stored = intakeCase(
      message.appeal,
      { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: new Date(RECEIVED) },
      { repeatOf: master.caseId, mergeInto: master },
    );
    answerQueries([master, stored]);
    ddb.on(PutCommand, newCasePut).rejects(versionConflict(stored));

    // Act
    await handler(sqsEvent(message), testContext('dispatch-appeal'));

    // Assess
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      ...newCasePut,
      Item: expect.objectContaining({ pk: `CASE#${master.caseId}`, sk: `DUP#${stored.caseId}` }),
    });
    expect(ddb).not.toHaveReceivedCommandWith(PutCommand, versionedPut);
  });

  it('on a redelivery after the link was written, puts nothing twice: the link item is there', async () => {
    // Prepare: the merged case and its link item exist (the first delivery failed after both)
    const message = appealMessage('dup-4', RECEIVED);
    const stored = intakeCase(
      message.appeal,
      { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: new Date(RECEIVED) },
      { repeatOf: master.caseId, mergeInto: master },
    );
    answerQueries([master, stored]);
    ddb.on(PutCommand, newCasePut).callsFake((input) => {
      throw input.Item?.sk === 'CASE'
        ? versionConflict(stored)
        : new ConditionalCheckFailedException({ message: 'exists', $metadata: {} });
    });

    // Act
    const result = await handler(sqsEvent(message), testContext('dispatch-appeal'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item?.sk)).toEqual([
      'CASE',
      `DUP#${stored.caseId}`,
    ]);
    expect(ddb).not.toHaveReceivedCommandWith(PutCommand, versionedPut);
  });

  it('links a duplicate without reading or writing more of the master as the flood grows', async () => {
    // Prepare: a master that 30 duplicates were linked to already
    answerQueries([master]);

    // Act
    for (let i = 0; i < 30; i++) {
      await handler(sqsEvent(appealMessage(`flood-${i}`, RECEIVED)), testContext('dispatch-appeal'));
    }

    // Assess: each link is one small put of its own; the master is never put
    const puts = ddb.commandCalls(PutCommand).map((c) => c.args[0].input.Item);
    expect(puts.filter((item) => item?.kind === 'duplicate_link')).toHaveLength(30);
    expect(puts.filter((item) => item?.caseId === master.caseId)).toHaveLength(0);
  });

  it('does not merge into a closed master: the appeal is a repeat, handled on its own', async () => {
    // Prepare
    answerQueries([{ ...master, status: 'closed' }]);

    // Act
    await handler(sqsEvent(appealMessage('dup-5', RECEIVED)), testContext('dispatch-appeal'));

    // Assess
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      ...newCasePut,
      Item: expect.objectContaining({ status: 'dispatched', repeatOf: master.caseId }),
    });
    expect(ddb).not.toHaveReceivedCommandWith(PutCommand, versionedPut);
  });

  it('decides two appeals of one caller in one batch one after the other, so the second merges', async () => {
    // Prepare: the index shows what has been put so far (as an up-to-date index would)
    const written: Case[] = [];
    ddb
      .on(QueryCommand)
      .callsFake((input) =>
        input.IndexName === 'by-caller'
          ? { Items: written.map((kase) => toItem(kase)) }
          : directoryQuery(input),
      );
    ddb.on(PutCommand).callsFake((input) => {
      if (input.Item?.sk === 'CASE') written.push({ ...(input.Item as Case) });
      return {};
    });
    ddb.on(GetCommand).callsFake((input) => ({
      Item: written.find((c) => `CASE#${c.caseId}` === input.Key.pk),
    }));
    const first = sqsEvent(appealMessage('batch-1', '2026-11-20T01:00:00.000Z'));
    const second = sqsEvent(appealMessage('batch-2', RECEIVED));

    // Act
    const result = await handler(
      { Records: [...first.Records, ...second.Records] },
      testContext('dispatch-appeal'),
    );

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const statuses = ddb
      .commandCalls(PutCommand, newCasePut)
      .filter((c) => c.args[0].input.Item?.sk === 'CASE')
      .map((c) => [c.args[0].input.Item?.sourceId, c.args[0].input.Item?.status]);
    expect(statuses).toEqual([
      ['batch-1', 'dispatched'],
      ['batch-2', 'merged'],
    ]);
  });
});
