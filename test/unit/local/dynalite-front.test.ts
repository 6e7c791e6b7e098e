import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite } from '../../../local/dynalite.js';
import type { DynamoDbLocal } from '../../../local/dynamodb-local.js';

const TABLE = 'front-test';
const KEY = { pk: { S: 'CASE#1' }, sk: { S: 'META' } };

/** The exception a write failed with, or undefined when it succeeded. */
async function failure(write: () => Promise<unknown>): Promise<unknown> {
  try {
    await write();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('Module: dynalite behind its front (ReturnValuesOnConditionCheckFailure)', () => {
  let dynamo: DynamoDbLocal;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dynamo = await startDynalite();
    client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    await client.send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    );
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { ...KEY, version: { N: '3' } } }));
  });

  afterAll(async () => {
    client.destroy();
    await dynamo.stop();
  });

  it('returns the item a create-only put failed against, found by the table key of the put item', async () => {
    // Act
    const error = await failure(() =>
      client.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: { ...KEY, version: { N: '1' } },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect((error as ConditionalCheckFailedException).Item).toEqual({ ...KEY, version: { N: '3' } });
  });

  it('returns the item a versioned update failed against', async () => {
    // Act
    const error = await failure(() =>
      client.send(
        new UpdateItemCommand({
          TableName: TABLE,
          Key: KEY,
          UpdateExpression: 'SET version = :next',
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':next': { N: '2' }, ':expected': { N: '1' } },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );

    // Assess
    expect((error as ConditionalCheckFailedException).Item?.version).toEqual({ N: '3' });
  });

  it('returns no item when the write did not ask for one, or when there is none', async () => {
    // Act
    const unasked = await failure(() =>
      client.send(
        new PutItemCommand({ TableName: TABLE, Item: KEY, ConditionExpression: 'attribute_not_exists(pk)' }),
      ),
    );
    const absent = await failure(() =>
      client.send(
        new DeleteItemCommand({
          TableName: TABLE,
          Key: { pk: { S: 'CASE#2' }, sk: { S: 'META' } },
          ConditionExpression: 'attribute_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );

    // Assess
    expect(unasked).toBeInstanceOf(ConditionalCheckFailedException);
    expect((unasked as ConditionalCheckFailedException).Item).toBeUndefined();
    expect(absent).toBeInstanceOf(ConditionalCheckFailedException);
    expect((absent as ConditionalCheckFailedException).Item).toBeUndefined();
  });

  it('forwards a write that succeeds unchanged', async () => {
    // Act
    const out = await client.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: { pk: { S: 'CASE#3' }, sk: { S: 'META' } },
        UpdateExpression: 'SET version = :one',
        ConditionExpression: 'attribute_not_exists(pk)',
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );

    // Assess
    expect(out.Attributes?.version).toEqual({ N: '1' });
  });
});
