import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/project-case-events/handler.js';
import { toItem } from '../../../shared/adapters/case-item.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { TEST_ENV, testContext } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);

/** Dispatched to water-group with gulou-gov co-handling (协办). */
const kase: Case = {
  ...createCase(testAppeal(), {
    directory: TEST_DIRECTORY,
    calendar: WEEKENDS_ONLY,
    now: new Date('2026-11-20T02:00:05Z'),
  }),
  coHandlers: ['gulou-gov'],
};

function record(seq: string, before: Case | undefined, after: Case): DynamoDBRecord {
  const image = (c: Case) => marshall(toItem(c), { removeUndefinedValues: true }) as never;
  return {
    eventID: `event-${seq}`,
    eventName: before ? 'MODIFY' : 'INSERT',
    dynamodb: {
      SequenceNumber: seq,
      ApproximateCreationDateTime: Date.parse('2026-11-20T02:00:06Z') / 1000,
      ...(before ? { OldImage: image(before) } : {}),
      NewImage: image(after),
    },
  };
}

describe('Function: project-case-events (co-handler links)', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    ddb.on(UpdateCommand).resolves({});
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});
  });

  afterEach(() => {
    ddb.reset();
  });

  it('puts the link of a new co-handled case, conditioned on the case version', async () => {
    // Act
    await handler({ Records: [record('1', undefined, kase)] }, testContext('project-case-events'));

    // Assess
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'cases',
      Item: expect.objectContaining({
        pk: `CASE#${kase.caseId}`,
        sk: 'CO#gulou-gov',
        deptQueue: 'CO#gulou-gov#open',
      }),
      ConditionExpression: 'attribute_not_exists(pk) OR version < :v',
      ExpressionAttributeValues: { ':v': 1 },
    });
  });

  it('writes no link for a change that leaves the co-handlers alone', async () => {
    // Act
    await handler(
      { Records: [record('2', kase, { ...kase, status: 'acknowledged', version: 2 })] },
      testContext('project-case-events'),
    );

    // Assess
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('takes a replayed record whose link is already newer without failing the batch', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'newer', $metadata: {} }));

    // Act
    const run = handler({ Records: [record('3', undefined, kase)] }, testContext('project-case-events'));

    // Assess
    await expect(run).resolves.toBeUndefined();
  });
});
