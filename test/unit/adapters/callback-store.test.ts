import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoCallbackStore } from '../../../shared/adapters/callback-store.js';
import { InvalidCursorError } from '../../../shared/adapters/case-store.js';
import { resetConfig } from '../../../shared/adapters/config.js';
import { encodeIndexCursor } from '../../../shared/adapters/index-cursor.js';
import { callbackStore } from '../../../shared/adapters/stores.js';
import { eraseCallbackNumber } from '../../../shared/domain/callbacks/index.js';
import { AGENT, at, attempted, callerRef, openTask, takenBy } from '../domain/callbacks/fixtures.js';
import { TEST_ENV } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const store = new DynamoCallbackStore(ddb as unknown as DynamoDBDocumentClient, 'cases');
const conflict = () => new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });

function putItem(n = 0): Record<string, unknown> {
  return ddb.commandCalls(PutCommand)[n]?.args[0].input.Item ?? {};
}

describe('Class: DynamoCallbackStore', () => {
  afterEach(() => {
    ddb.reset();
  });

  it('creates a round on the agents’ list, by its callback deadline, only if the key is free', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});
    const task = openTask();

    // Act
    const outcome = await store.create(task);

    // Assess
    expect(outcome).toBe('created');
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'cases',
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { ...task, deptQueue: 'CALLBACKS#open', dueAt: task.callbackDueAt },
    });
  });

  it('answers exists when another writer took the round first', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(conflict());

    // Act
    const outcome = await store.create(openTask());

    // Assess
    expect(outcome).toBe('exists');
  });

  it('writes version + 1 under the version it read', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});
    const task = takenBy(AGENT, 2);

    // Act
    const outcome = await store.update(task, 1);

    // Assess
    expect(outcome).toBe('updated');
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': 1 },
    });
    expect(putItem()).toMatchObject({ version: 2, deptQueue: 'CALLBACKS#open' });
  });

  it('answers conflict when another write landed first', async () => {
    // Prepare
    ddb.on(PutCommand).rejects(conflict());

    // Act
    const outcome = await store.update(openTask(), 1);

    // Assess
    expect(outcome).toBe('conflict');
  });

  it('moves a closed task with its number to the erasure list, by eraseAfter', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});
    const closed = attempted(takenBy(AGENT, 2), 'reached', 3);

    // Act
    await store.update(closed, 2);

    // Assess
    expect(putItem()).toMatchObject({ deptQueue: 'CALLBACKS#erase', dueAt: closed.eraseAfter });
  });

  it('takes an erased task off every list', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});
    const closed = attempted(takenBy(AGENT, 2), 'reached', 3);
    const erased = eraseCallbackNumber(closed, at(100_000));
    if (!erased) throw new Error('not erased');

    // Act
    await store.update(erased, 3);

    // Assess
    expect(putItem()).not.toHaveProperty('deptQueue');
    expect(putItem()).not.toHaveProperty('dueAt');
    expect(putItem()).not.toHaveProperty('number');
  });

  it('reads a task without the index keys', async () => {
    // Prepare
    const task = openTask();
    ddb
      .on(GetCommand)
      .resolves({ Item: { ...task, deptQueue: 'CALLBACKS#open', dueAt: task.callbackDueAt } });

    // Act
    const read = await store.get(task.taskId);

    // Assess
    expect(read).toEqual(task);
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      Key: { pk: task.pk, sk: task.sk },
      ConsistentRead: true,
    });
  });

  it('answers undefined for a malformed task id without asking DynamoDB', async () => {
    // Prepare
    const id = 'CASE#x';

    // Act
    const read = await store.get(id);

    // Assess
    expect(read).toBeUndefined();
    expect(ddb).not.toHaveReceivedCommand(GetCommand);
  });

  it("lists the caller's rounds newest first, consistently", async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [openTask()] });

    // Act
    const rounds = await store.listRounds(callerRef, 2);

    // Assess
    expect(rounds).toHaveLength(1);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :task)',
      ExpressionAttributeValues: { ':pk': `CALLBACK#${callerRef}`, ':task': 'TASK#' },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: 2,
    });
  });

  it('lists open tasks oldest deadline first, bounded in the key condition, with a cursor', async () => {
    // Prepare
    const task = openTask();
    const last = { pk: task.pk, sk: task.sk, deptQueue: 'CALLBACKS#open', dueAt: task.callbackDueAt };
    ddb.on(QueryCommand).resolves({ Items: [{ ...task, ...last }], LastEvaluatedKey: last });

    // Act
    const page = await store.listOpen({ limit: 1, dueBefore: at(120) });
    await store.listOpen({ limit: 1, dueBefore: at(120), cursor: page.nextCursor });

    // Assess
    expect(page.items).toEqual([task]);
    expect(ddb).toHaveReceivedNthCommandWith(QueryCommand, 1, {
      IndexName: 'by-department-queue',
      KeyConditionExpression: 'deptQueue = :q AND dueAt < :bound',
      ExpressionAttributeValues: { ':q': 'CALLBACKS#open', ':bound': at(120).toISOString() },
      ScanIndexForward: true,
      Limit: 1,
    });
    expect(ddb).toHaveReceivedNthCommandWith(QueryCommand, 2, { ExclusiveStartKey: last });
  });

  it('lists the numbers due for erasure up to now, inclusively', async () => {
    // Prepare
    ddb.on(QueryCommand).resolves({ Items: [] });

    // Act
    const page = await store.listEraseDue(at(0), { limit: 25 });

    // Assess
    expect(page).toEqual({ items: [] });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      KeyConditionExpression: 'deptQueue = :q AND dueAt <= :bound',
      ExpressionAttributeValues: { ':q': 'CALLBACKS#erase', ':bound': at(0).toISOString() },
    });
  });

  it('refuses a cursor of another index partition, shape or item kind', async () => {
    // Prepare
    const base = {
      pk: 'CALLBACK#x',
      sk: 'TASK#000001',
      deptQueue: 'CALLBACKS#open',
      dueAt: at(0).toISOString(),
    };
    const cursors = [
      'not json',
      encodeIndexCursor({ ...base, deptQueue: 'CALLBACKS#erase' }),
      encodeIndexCursor({ ...base, pk: 'CASE#c-1' }),
      encodeIndexCursor({ ...base, extra: 'x' }),
      encodeIndexCursor({ ...base, dueAt: 7 }),
    ];

    // Act
    const results = await Promise.allSettled(cursors.map((cursor) => store.listOpen({ limit: 5, cursor })));

    // Assess
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(InvalidCursorError);
    }
    expect(ddb).not.toHaveReceivedCommand(QueryCommand);
  });

  it('answers an empty page for a cursor already past the bound', async () => {
    // Prepare
    const cursor = encodeIndexCursor({
      pk: 'CALLBACK#x',
      sk: 'TASK#000001',
      deptQueue: 'CALLBACKS#open',
      dueAt: at(200).toISOString(),
    });

    // Act
    const page = await store.listOpen({ limit: 5, cursor, dueBefore: at(100) });

    // Assess
    expect(page).toEqual({ items: [] });
    expect(ddb).not.toHaveReceivedCommand(QueryCommand);
  });
});

describe('Factory: callbackStore', () => {
  beforeEach(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    resetConfig();
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    resetConfig();
  });

  it('makes one store per container on the cases table', () => {
    // Prepare
    const first = callbackStore();

    // Act
    const again = callbackStore();

    // Assess
    expect(again).toBe(first);
  });
});
