import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { toItem } from '../../../shared/adapters/case-item.js';
import { reindexCases, staleIndexAttributes } from '../../../shared/adapters/case-reindex.js';
import { createCase } from '../../../shared/domain/case.js';
import { deriveCaseId } from '../../../shared/domain/identity.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

function storedCase(sourceId: string): Record<string, unknown> {
  const caseId = deriveCaseId('webform', sourceId);
  const kase = createCase(testAppeal({ caseId, sourceId }), {
    directory: TEST_DIRECTORY,
    calendar: WEEKENDS_ONLY,
    now: new Date('2026-11-20T02:00:05Z'),
  });
  return toItem(kase);
}

describe('Adapter: reindexCases', () => {
  afterEach(() => {
    ddb.reset();
  });

  it('names the index attributes a stored case lacks, and none for a current one', () => {
    // Prepare
    const current = storedCase('current');
    const { openShard: _o, nextCheckAt: _n, ...old } = current;

    // Act
    const staleOld = staleIndexAttributes(old);
    const staleCurrent = staleIndexAttributes(current);

    // Assess
    expect(staleOld).toEqual(['openShard', 'nextCheckAt']);
    expect(staleCurrent).toEqual([]);
  });

  it('rewrites only the stale case, conditioned on its own version, across scan pages', async () => {
    // Prepare
    const current = storedCase('current');
    const { openShard: _o, nextCheckAt: _n, ...old } = storedCase('old');
    ddb
      .on(ScanCommand)
      .resolvesOnce({ Items: [current], LastEvaluatedKey: { pk: current.pk, sk: 'CASE' } })
      .resolvesOnce({ Items: [old] });
    ddb.on(PutCommand).resolves({});

    // Act
    const counts = await reindexCases(client, 'cases');

    // Assess
    expect(counts).toEqual({ examined: 2, linked: 0, reindexed: 1, conflicts: 0 });
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'cases',
      Item: expect.objectContaining({ pk: old.pk, openShard: expect.stringMatching(/^OPEN#\d+$/) }),
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': old.version },
    });
    expect(ddb).toHaveReceivedCommandWith(ScanCommand, { ExclusiveStartKey: { pk: current.pk, sk: 'CASE' } });
  });

  it("scans for cases' own items only, not a master's duplicate links beside them", async () => {
    // Prepare
    ddb.on(ScanCommand).resolves({ Items: [] });

    // Act
    await reindexCases(client, 'cases');

    // Assess
    expect(ddb).toHaveReceivedCommandWith(ScanCommand, {
      FilterExpression: 'begins_with(pk, :case) AND sk = :sk',
      ExpressionAttributeValues: { ':case': 'CASE#', ':sk': 'CASE' },
    });
  });

  it('writes nothing in a dry run', async () => {
    // Prepare
    const { openShard: _o, nextCheckAt: _n, ...old } = storedCase('old');
    ddb.on(ScanCommand).resolves({ Items: [old] });

    // Act
    const counts = await reindexCases(client, 'cases', { dryRun: true });

    // Assess
    expect(counts.reindexed).toBe(1);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('writes the co-handler links of a co-handled case once, under the case version', async () => {
    // Prepare
    const item: Record<string, unknown> = { ...storedCase('co-handled'), coHandlers: ['gulou-gov'] };
    ddb.on(ScanCommand).resolves({ Items: [item] });
    ddb.on(PutCommand).resolves({});

    // Act
    const counts = await reindexCases(client, 'cases');

    // Assess
    expect(counts).toMatchObject({ examined: 1, linked: 1, reindexed: 0 });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        pk: item.pk,
        sk: 'CO#gulou-gov',
        deptQueue: 'CO#gulou-gov#open',
        dueAt: item.dueAt,
      }),
      ConditionExpression: 'attribute_not_exists(pk) OR version < :v',
      ExpressionAttributeValues: { ':v': item.version },
    });
  });
});
