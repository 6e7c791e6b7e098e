import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { DynamoLetterNumbers } from '../../../shared/adapters/letter-numbers.js';

const ddb = mockClient(DynamoDBDocumentClient);
const numbers = new DynamoLetterNumbers(DynamoDBDocumentClient.from(new DynamoDBClient({})), 'directory');
const request = { departmentId: 'housing-bureau', year: 2026, caseId: 'wf1', revision: 2 };

describe('Adapter: DynamoLetterNumbers', () => {
  afterEach(() => {
    ddb.reset();
  });

  it('draws the next number of the body and year and marks it for the draft', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({});
    ddb.on(UpdateCommand).resolves({ Attributes: { next: 17 } });
    ddb.on(PutCommand).resolves({});

    // Act
    const n = await numbers.allocate(request);

    // Assess
    expect(n).toBe(17);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: 'LETTERNO#housing-bureau#2026', sk: 'COUNTER' },
      UpdateExpression: 'ADD #n :one',
    });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: 'LETTERNO#housing-bureau#2026', sk: 'CASE#wf1#2', letterNo: 17 }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('reuses the number a retry of the same draft was given, drawing none', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({ Item: { letterNo: 9 } });

    // Act
    const n = await numbers.allocate(request);

    // Assess
    expect(n).toBe(9);
    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 0);
  });

  it('takes the winner’s number when a racing approval marked the draft first (a gap in the sequence)', async () => {
    // Prepare
    ddb
      .on(GetCommand)
      .resolvesOnce({})
      .resolvesOnce({ Item: { letterNo: 4 } });
    ddb.on(UpdateCommand).resolves({ Attributes: { next: 5 } });
    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));

    // Act
    const n = await numbers.allocate(request);

    // Assess
    expect(n).toBe(4);
  });
});
