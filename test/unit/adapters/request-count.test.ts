import { DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { DeleteMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { MiddlewareStack } from '@smithy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addCapacity,
  COUNT_AWS_REQUESTS,
  capacityByTable,
  counted,
  countRequests,
  requestCounts,
  resetRequestCounts,
} from '../../../shared/adapters/request-count.js';

// The clients answer from a middleware in place of the network: what the counting middleware sees
// of a call (its input, the output) without a socket.

const seen: Record<string, unknown>[] = [];

function offline<C extends DynamoDBClient | SQSClient>(client: C, output: Record<string, unknown>): C {
  (client.middlewareStack as unknown as MiddlewareStack<object, object>).add(
    () => async (args) => {
      seen.push({ ...(args.input as Record<string, unknown>) });
      return { output: { $metadata: {}, ...output }, response: {} };
    },
    { step: 'serialize', name: 'offlineAnswer', priority: 'high' },
  );
  return client;
}

const config = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

beforeEach(() => {
  resetRequestCounts();
  seen.length = 0;
});

afterEach(() => {
  delete process.env[COUNT_AWS_REQUESTS];
});

describe('Function: countRequests', () => {
  it('counts calls by service and operation and adds the consumed capacity DynamoDB reports', async () => {
    // Prepare
    const ddb = offline(new DynamoDBClient(config), {
      ConsumedCapacity: { TableName: 'cases', CapacityUnits: 3 },
    });
    const sqs = offline(new SQSClient(config), {});
    countRequests(ddb.middlewareStack);
    countRequests(sqs.middlewareStack);

    // Act
    await ddb.send(new PutItemCommand({ TableName: 'cases', Item: { pk: { S: 'a' } } }));
    await ddb.send(new PutItemCommand({ TableName: 'cases', Item: { pk: { S: 'b' } } }));
    await ddb.send(new QueryCommand({ TableName: 'cases', KeyConditionExpression: 'pk = :p' }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl: 'https://q', ReceiptHandle: 'x' }));

    // Assess
    expect(requestCounts()).toEqual({
      DynamoDB: {
        PutItem: { calls: 2, readUnits: 0, writeUnits: 6 },
        Query: { calls: 1, readUnits: 3, writeUnits: 0 },
      },
      SQS: { DeleteMessage: { calls: 1, readUnits: 0, writeUnits: 0 } },
    });
    expect(capacityByTable()).toEqual({ cases: { readUnits: 3, writeUnits: 6 } });
    expect(seen.slice(0, 3).every((input) => input.ReturnConsumedCapacity === 'INDEXES')).toBe(true);
    expect(seen[3]?.ReturnConsumedCapacity).toBeUndefined();
  });
});

describe('Function: addCapacity', () => {
  it('splits a report by index into the base table and each index, and keeps the table total', () => {
    // Prepare
    const count = { calls: 1, readUnits: 0, writeUnits: 0 };
    const byTable = {};
    const byIndex = {};

    // Act
    addCapacity(
      count,
      {
        TableName: 'cases',
        CapacityUnits: 9,
        Table: { CapacityUnits: 4 },
        GlobalSecondaryIndexes: {
          'by-department-queue': { CapacityUnits: 4 },
          'by-caller': { CapacityUnits: 1 },
        },
      },
      true,
      byTable,
      byIndex,
    );
    addCapacity(count, { TableName: 'metrics', CapacityUnits: 2 }, true, byTable, byIndex);

    // Assess
    expect(count.writeUnits).toBe(11);
    expect(byTable).toEqual({
      cases: { readUnits: 0, writeUnits: 9 },
      metrics: { readUnits: 0, writeUnits: 2 },
    });
    expect(byIndex).toEqual({
      cases: { readUnits: 0, writeUnits: 4 },
      'cases/by-department-queue': { readUnits: 0, writeUnits: 4 },
      'cases/by-caller': { readUnits: 0, writeUnits: 1 },
      metrics: { readUnits: 0, writeUnits: 2 },
    });
  });
});

describe('Function: counted', () => {
  it('adds no middleware unless COUNT_AWS_REQUESTS is true', async () => {
    // Prepare
    const plain = counted(offline(new SQSClient(config), {}));
    process.env[COUNT_AWS_REQUESTS] = 'true';
    const counting = counted(offline(new SQSClient(config), {}));

    // Act
    await plain.send(new DeleteMessageCommand({ QueueUrl: 'https://q', ReceiptHandle: 'x' }));
    await counting.send(new DeleteMessageCommand({ QueueUrl: 'https://q', ReceiptHandle: 'y' }));

    // Assess
    expect(requestCounts()).toEqual({ SQS: { DeleteMessage: { calls: 1, readUnits: 0, writeUnits: 0 } } });
  });
});

describe('Function: addCapacity', () => {
  it('takes the read/write split of a transaction list when the service gives one', () => {
    // Prepare
    const count = { calls: 1, readUnits: 0, writeUnits: 0 };

    // Act
    addCapacity(
      count,
      [
        { TableName: 'cases', CapacityUnits: 6, ReadCapacityUnits: 2, WriteCapacityUnits: 4 },
        { TableName: 'marks', CapacityUnits: 2 },
      ],
      true,
    );

    // Assess
    expect(count).toEqual({ calls: 1, readUnits: 2, writeUnits: 6 });
  });
});
