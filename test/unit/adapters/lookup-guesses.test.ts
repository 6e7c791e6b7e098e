import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoLookupGuesses } from '../../../shared/adapters/lookup-guesses.js';

const ddb = mockClient(DynamoDBDocumentClient);
const POLICY = { limit: 5, windowMinutes: 15, lockMinutes: 60 } as const;
const NOW = new Date('2026-11-24T02:00:00.000Z');
const T = NOW.getTime();
const KEY = { pk: 'GUESS#261124-ABCD-EFGH', sk: 'GUESS' };
const TRACKING_NO = '261124-ABCD-EFGH';

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'condition', $metadata: {} });
const guesses = () => new DynamoLookupGuesses(ddb as unknown as DynamoDBDocumentClient, 'cases', POLICY);

describe('Adapter: DynamoLookupGuesses', () => {
  afterEach(() => {
    ddb.reset();
  });

  it('counts an attempt in the open window with a conditional update, under the limit only', async () => {
    // Prepare
    ddb
      .on(UpdateCommand)
      .resolves({ Attributes: { ...KEY, misses: 3, since: T - 60_000, until: T + 840_000 } });

    // Act
    const reservation = await guesses().reserve(TRACKING_NO, NOW);

    // Assess
    expect(reservation).toEqual({ kind: 'reserved', since: T - 60_000, misses: 3 });
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      TableName: 'cases',
      Key: KEY,
      UpdateExpression: 'ADD #misses :one',
      ConditionExpression: '#until > :now AND #misses < :limit',
      ExpressionAttributeValues: { ':one': 1, ':now': T, ':limit': 5 },
      ReturnValues: 'ALL_NEW',
    });
  });

  it('opens a fresh window with its TTL when there is none or the last one has passed', async () => {
    // Prepare
    ddb
      .on(UpdateCommand, { ConditionExpression: '#until > :now AND #misses < :limit' })
      .rejects(conditionFailed());
    ddb.on(UpdateCommand, { ConditionExpression: 'attribute_not_exists(pk) OR #until <= :now' }).resolves({});

    // Act
    const reservation = await guesses().reserve(TRACKING_NO, NOW);

    // Assess
    expect(reservation).toEqual({ kind: 'reserved', since: T, misses: 1 });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: KEY,
      UpdateExpression: 'SET #misses = :one, #since = :now, #until = :until, #expiresAt = :expiresAt',
      // An expired item that TTL has not deleted yet is treated as absent by the condition itself.
      ConditionExpression: 'attribute_not_exists(pk) OR #until <= :now',
      ExpressionAttributeValues: {
        ':one': 1,
        ':now': T,
        ':until': T + 15 * 60_000,
        ':expiresAt': Math.ceil((T + 15 * 60_000) / 1000),
      },
    });
  });

  it('answers locked, with the end of the lock, when the window is open and its attempts are spent', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { ...KEY, misses: 5, since: T - 60_000, until: T + 3_600_000 } });

    // Act
    const reservation = await guesses().reserve(TRACKING_NO, NOW);

    // Assess
    expect(reservation).toEqual({ kind: 'locked', until: T + 3_600_000 });
    expect(ddb).toHaveReceivedCommandWith(GetCommand, { Key: KEY, ConsistentRead: true });
  });

  it('fails closed for a moment when the window keeps changing under it', async () => {
    // Prepare: both updates refused, yet the item read back has attempts left (another request won).
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { ...KEY, misses: 2, since: T, until: T + 900_000 } });

    // Act
    const reservation = await guesses().reserve(TRACKING_NO, NOW);

    // Assess
    expect(reservation).toEqual({ kind: 'locked', until: T + 1_000 });
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 4);
  });

  it('lets an AWS failure through, so the lookup answers 503 and counts nothing it did not write', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(Object.assign(new Error('throttled'), { $metadata: {} }));

    // Act & Assess
    await expect(guesses().reserve(TRACKING_NO, NOW)).rejects.toThrow('throttled');
  });

  it('locks the number from now when the last allowed attempt was wrong, only extending its window', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});

    // Act
    const after = await guesses().miss(TRACKING_NO, { kind: 'reserved', since: T - 60_000, misses: 5 }, NOW);

    // Assess
    expect(after).toEqual({ locked: true, until: T + 3_600_000 });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: KEY,
      UpdateExpression: 'SET #until = :until, #expiresAt = :expiresAt',
      ConditionExpression: '#since = :since AND #until < :until',
      ExpressionAttributeValues: {
        ':since': T - 60_000,
        ':until': T + 3_600_000,
        ':expiresAt': Math.ceil((T + 3_600_000) / 1000),
      },
    });
  });

  it('writes nothing more for a wrong answer under the limit: the reservation is the count', async () => {
    // Act
    const after = await guesses().miss(TRACKING_NO, { kind: 'reserved', since: T, misses: 2 }, NOW);

    // Assess
    expect(after).toEqual({ locked: false });
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });

  it('gives a right answer its attempt back in the same window only', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(conditionFailed());

    // Act
    await guesses().refund(TRACKING_NO, { kind: 'reserved', since: T, misses: 2 });

    // Assess
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: KEY,
      UpdateExpression: 'ADD #misses :minusOne',
      ConditionExpression: '#since = :since AND #misses > :zero',
      ExpressionAttributeValues: { ':minusOne': -1, ':since': T, ':zero': 0 },
    });
  });
});
