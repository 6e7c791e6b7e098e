import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { codeHashOf, DynamoPhoneVerifications } from '../../../shared/adapters/phone-verifications.js';

const ddb = mockClient(DynamoDBDocumentClient);
const KEY = 'unit-test-contact-key';
const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const NOW = new Date('2026-11-24T02:00:00Z');
const store = () =>
  new DynamoPhoneVerifications(ddb as unknown as DynamoDBDocumentClient, 'request-marks', KEY);

function refused(item?: Record<string, unknown>) {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item ? { Item: marshall(item) } : {}),
  });
}

describe('Adapter: DynamoPhoneVerifications', () => {
  afterEach(() => {
    ddb.reset();
  });

  it('keeps the code only as a hash bound to its verification id', async () => {
    // Prepare
    ddb.on(PutCommand).resolves({});

    // Act
    await store().create(ID, 'phone-hash', '123456', NOW);

    // Assess
    const item = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item ?? {};
    expect(JSON.stringify(item)).not.toContain('123456');
    expect(item).toMatchObject({
      pk: `VERIFY#CODE#${ID}`,
      codeHash: codeHashOf(ID, '123456', KEY),
      tries: 0,
      expiresAtMs: NOW.getTime() + 300_000,
    });
    expect(codeHashOf(ID, '123456', KEY)).not.toBe(codeHashOf('BBBBBBBBBBBBBBBBBBBBBB', '123456', KEY));
  });

  it('counts the try, then consumes the verification for the appeal when the code is right', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: { tries: 1, codeHash: codeHashOf(ID, '123456', KEY) } });

    // Act
    const result = await store().check(ID, 'phone-hash', '123456', 'case-1', NOW);

    // Assess
    expect(result).toEqual({ kind: 'verified' });
    const [count, consume] = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(count?.ConditionExpression).toContain('tries < :max');
    expect(count?.ExpressionAttributeValues).toMatchObject({
      ':max': 5,
      ':phone': 'phone-hash',
      ':appeal': 'case-1',
    });
    expect(consume).toMatchObject({
      UpdateExpression: 'SET consumedBy = :appeal',
      ConditionExpression: 'attribute_not_exists(consumedBy) OR consumedBy = :appeal',
    });
  });

  it('says how many tries are left after a wrong code, and consumes nothing', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({ Attributes: { tries: 4, codeHash: codeHashOf(ID, '123456', KEY) } });

    // Act
    const result = await store().check(ID, 'phone-hash', '654321', 'case-1', NOW);

    // Assess
    expect(result).toEqual({ kind: 'invalid', triesLeft: 1 });
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
  });

  it('tells another phone from a spent, expired, unknown or used code', async () => {
    // Prepare
    ddb
      .on(UpdateCommand)
      .rejectsOnce(refused({ phoneHash: 'another-phone', tries: 0 }))
      .rejectsOnce(refused({ phoneHash: 'phone-hash', tries: 5 }))
      .rejectsOnce(refused());

    // Act
    const otherPhone = await store().check(ID, 'phone-hash', '123456', 'case-1', NOW);
    const spent = await store().check(ID, 'phone-hash', '123456', 'case-1', NOW);
    const unknown = await store().check(ID, 'phone-hash', '123456', 'case-1', NOW);

    // Assess
    expect([otherPhone, spent, unknown]).toEqual([
      { kind: 'invalid', triesLeft: 0 },
      { kind: 'expired' },
      { kind: 'expired' },
    ]);
  });

  it('loses the race to consume to another appeal as code_expired', async () => {
    // Prepare
    ddb
      .on(UpdateCommand)
      .resolvesOnce({ Attributes: { tries: 1, codeHash: codeHashOf(ID, '123456', KEY) } })
      .rejectsOnce(refused());

    // Act
    const result = await store().check(ID, 'phone-hash', '123456', 'case-1', NOW);

    // Assess
    expect(result).toEqual({ kind: 'expired' });
  });

  it('counts the client before the number, and a refused client spends nothing of the number', async () => {
    // Prepare: the client's hour is full (10:00 in Shanghai is window 10)
    ddb.on(UpdateCommand).rejectsOnce(refused({ n: 10, h10: 10 }));

    // Act
    const result = await store().admitSend('phone-hash', 'source-hash', NOW);

    // Assess
    expect(result).toEqual({ kind: 'limited', by: 'source', retryAfterSeconds: 3600 });
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(ddb.commandCalls(UpdateCommand)[0]?.args[0].input.Key).toEqual({
      pk: 'VERIFY#IP#source-hash#2026-11-24',
      sk: 'VERIFY',
    });
  });

  it('waits out the number interval', async () => {
    // Prepare
    ddb
      .on(UpdateCommand)
      .resolvesOnce({})
      .rejectsOnce(refused({ n: 1, lastAt: NOW.getTime() - 15_000 }));

    // Act
    const result = await store().admitSend('phone-hash', 'source-hash', NOW);

    // Assess
    expect(result).toEqual({ kind: 'limited', by: 'number', retryAfterSeconds: 45 });
  });
});
