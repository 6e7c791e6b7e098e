import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoCallStore } from '../../../shared/adapters/call-store.js';
import { CallRecordSchema, toCallItem } from '../../../shared/domain/call-record.js';
import { abandonedCall, callRecord } from '../fixtures/hotline.js';

const ddb = mockClient(DynamoDBDocumentClient);
const store = new DynamoCallStore(ddb as unknown as DynamoDBDocumentClient, 'cases');
const itemOf = (record: Record<string, unknown>) => toCallItem(CallRecordSchema.parse(record), 'key');

describe('Class: DynamoCallStore', () => {
  afterEach(() => {
    ddb.reset();
  });

  it("puts an answered call on its agent's list (AGENT#<agentId>, by answer time)", async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    await store.put(itemOf(callRecord()));

    // Assess
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ deptQueue: 'AGENT#a-017', dueAt: '2026-11-23T01:14:39.000Z' }),
    });
  });

  it('keeps an abandoned call off every list', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    await store.put(itemOf(abandonedCall()));

    // Assess
    const item = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item ?? {};
    expect(item).not.toHaveProperty('deptQueue');
    expect(item).not.toHaveProperty('dueAt');
  });

  it('tells a redelivery of the version held (current) from an older version (stale)', async () => {
    // Prepare
    const item = itemOf(abandonedCall());
    const failed = (recordedAt: string) =>
      new ConditionalCheckFailedException({
        message: 'failed',
        $metadata: {},
        Item: { recordedAt: { S: recordedAt } },
      });
    ddb.on(PutCommand).rejectsOnce(failed(item.recordedAt)).rejectsOnce(failed('2026-11-23T02:00:00.000Z'));

    // Act
    const outcomes = [await store.put(item), await store.put(item)];

    // Assess
    expect(outcomes).toEqual(['current', 'stale']);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' });
  });
});
