import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { senderLimitPolicy } from '../../../shared/adapters/config.js';
import { DynamoSenderLimit, senderWindowOf } from '../../../shared/adapters/sender-limit.js';

const ddb = mockClient(DynamoDBDocumentClient);
const POLICY = { perWindow: 10, windowMinutes: 10, perDay: 30 } as const;
// 10:27 in Shanghai on 24 November: the day's 62nd ten-minute window (index 62).
const NOW = new Date('2026-11-24T02:27:00.000Z');
const SENDER = 'a'.repeat(64);
const KEY = { pk: `SENDER#wechat#${SENDER}#2026-11-24`, sk: 'SENDER' };

const limit = () => new DynamoSenderLimit(ddb as unknown as DynamoDBDocumentClient, 'request-marks', POLICY);

/** The refusal DynamoDB gives, with the item as it was (ReturnValuesOnConditionCheckFailure). */
function refusedWith(item: Record<string, unknown>): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    Item: marshall({ ...KEY, ...item }),
  });
}

describe('Adapter: DynamoSenderLimit', () => {
  afterEach(() => {
    ddb.reset();
    vi.unstubAllEnvs();
  });

  it('counts an appeal in its day and window with one conditional update under both limits', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});

    // Act
    const admission = await limit().admit('wechat', SENDER, 'wxCASE1', NOW);

    // Assess
    expect(admission).toEqual({ kind: 'admitted' });
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      TableName: 'request-marks',
      Key: KEY,
      UpdateExpression: 'ADD #ids :idSet, #n :one, #w :one SET #expiresAt = :expiresAt',
      ConditionExpression:
        'NOT contains(#ids, :id) AND (attribute_not_exists(#n) OR #n < :perDay) AND ' +
        '(attribute_not_exists(#w) OR #w < :perWindow)',
      ExpressionAttributeNames: { '#ids': 'ids', '#n': 'n', '#w': 'w62', '#expiresAt': 'expiresAt' },
      ExpressionAttributeValues: {
        ':idSet': new Set(['wxCASE1']),
        ':id': 'wxCASE1',
        ':one': 1,
        ':perDay': 30,
        ':perWindow': 10,
        // Shanghai midnight after the day, plus an hour: 2026-11-24T17:00:00Z.
        ':expiresAt': Date.parse('2026-11-24T17:00:00.000Z') / 1000,
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  });

  it('lets an appeal it admitted before through again without counting it twice', async () => {
    // Prepare: the sender's window is full, but this very appeal was one of them
    ddb.on(UpdateCommand).rejects(refusedWith({ ids: new Set(['wxCASE1', 'wxCASE2']), n: 10, w62: 10 }));

    // Act
    const admission = await limit().admit('wechat', SENDER, 'wxCASE1', NOW);

    // Assess
    expect(admission).toEqual({ kind: 'repeat' });
  });

  it("refuses a new appeal over the window's limit until the window's end", async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(refusedWith({ ids: new Set(['wxCASE1']), n: 12, w62: 10 }));

    // Act
    const admission = await limit().admit('wechat', SENDER, 'wxCASE99', NOW);

    // Assess: 10:30 in Shanghai
    expect(admission).toEqual({
      kind: 'limited',
      limit: 'window',
      until: new Date('2026-11-24T02:30:00.000Z'),
    });
  });

  it("refuses a new appeal over the day's limit until Shanghai midnight", async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(refusedWith({ ids: new Set(['wxCASE1']), n: 30, w62: 2 }));

    // Act
    const admission = await limit().admit('wechat', SENDER, 'wxCASE99', NOW);

    // Assess
    expect(admission).toEqual({ kind: 'limited', limit: 'day', until: new Date('2026-11-24T16:00:00.000Z') });
  });

  it('lets a fault other than the condition through to the caller', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(new Error('ProvisionedThroughputExceededException'));

    // Act
    const admitting = limit().admit('wechat', SENDER, 'wxCASE1', NOW);

    // Assess
    await expect(admitting).rejects.toThrow('ProvisionedThroughputExceededException');
  });

  it.each([
    ['just before Shanghai midnight', '2026-11-24T15:59:59.000Z', '2026-11-24', 143],
    ['at Shanghai midnight', '2026-11-24T16:00:00.000Z', '2026-11-25', 0],
    ['at 08:00 in Shanghai (UTC midnight)', '2026-11-25T00:00:00.000Z', '2026-11-25', 48],
  ])('puts a moment %s in its Shanghai day and window', (_what, at, day, window) => {
    // Act
    const found = senderWindowOf(new Date(at), 10);

    // Assess
    expect(found).toMatchObject({ day, window });
  });

  it('reads its limits from the environment, with defaults, and refuses a window that does not divide a day', () => {
    // Prepare: none set, whatever the worker inherited (the integration stack raises them)
    for (const k of ['SENDER_LIMIT_PER_WINDOW', 'SENDER_LIMIT_WINDOW_MINUTES', 'SENDER_LIMIT_PER_DAY']) {
      vi.stubEnv(k, undefined);
    }

    // Act / Assess
    expect(senderLimitPolicy()).toEqual({ perWindow: 10, windowMinutes: 10, perDay: 30 });
    vi.stubEnv('SENDER_LIMIT_PER_WINDOW', '3');
    vi.stubEnv('SENDER_LIMIT_WINDOW_MINUTES', '15');
    vi.stubEnv('SENDER_LIMIT_PER_DAY', '8');
    expect(senderLimitPolicy()).toEqual({ perWindow: 3, windowMinutes: 15, perDay: 8 });
    vi.stubEnv('SENDER_LIMIT_WINDOW_MINUTES', '7');
    expect(() => senderLimitPolicy()).toThrow(/divide a day/);
  });
});
