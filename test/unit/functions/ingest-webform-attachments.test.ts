import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/ingest-webform/handler.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const GRANTED = 'uploads/2026/12/03/0b7e5a52-3c1a-4b8e-9a55-6a1f0f3b2c11.png';
const FORGED = 'uploads/2026/12/03/9b7e5a52-3c1a-4b8e-9a55-6a1f0f3b2c11.png';
const SHA = 'n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=';

const VALID = {
  type: 'help',
  category: 'water-supply',
  district: 'gulou',
  content: '小区门口的路灯坏了一个星期，晚上很黑。',
  phone: '139 1234 5678',
};

function post(body: unknown) {
  return handler(
    httpEvent({
      method: 'POST',
      path: '/v1/channels/webform',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    testContext('ingest-webform'),
  ) as Promise<APIGatewayProxyStructuredResultV2>;
}

const refused = () => new ConditionalCheckFailedException({ message: 'refused', $metadata: {} });

describe('Function: ingest-webform, attachments', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('REQUEST_MARKS_TABLE_NAME', 'request-marks');
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(directoryQuery);
    ddb.on(GetCommand).resolves({});
    ddb.on(UpdateCommand).rejects(refused());
    ddb
      .on(UpdateCommand, {
        Key: { pk: `UPLOAD#${GRANTED}`, sk: 'MARK' },
        UpdateExpression: 'SET claimedBy = :owner',
      })
      .resolves({ Attributes: { pk: `UPLOAD#${GRANTED}`, sha256: SHA } });
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterEach(() => {
    ddb.reset();
    sqs.reset();
  });

  it('claims a granted photo for this submission and queues the checksum its grant signed', async () => {
    // Act
    const result = await post({ ...VALID, attachments: [GRANTED] });

    // Assess
    expect(result.statusCode).toBe(202);
    const message = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string);
    expect(message.appeal.attachments).toEqual([GRANTED]);
    expect(message.attachmentChecksums).toEqual({ [GRANTED]: SHA });
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      TableName: 'request-marks',
      Key: { pk: `UPLOAD#${GRANTED}`, sk: 'MARK' },
      ExpressionAttributeValues: expect.objectContaining({ ':owner': message.appeal.caseId }),
    });
  });

  it('refuses with 422 invalid_attachment a key never granted (or another submission’s), queues nothing and gives the other claims back', async () => {
    // Act
    const result = await post({ ...VALID, attachments: [GRANTED, FORGED] });

    // Assess
    expect(result.statusCode).toBe(422);
    const error = JSON.parse(result.body as string).error;
    expect(error).toMatchObject({
      code: 'invalid_attachment',
      details: [{ path: 'attachments.1', message: expect.stringMatching(/[\u4e00-\u9fff]/) }],
    });
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    expect(ddb).toHaveReceivedCommandWith(UpdateCommand, {
      Key: { pk: `UPLOAD#${GRANTED}`, sk: 'MARK' },
      UpdateExpression: 'REMOVE claimedBy',
    });
  });

  it('claims nothing for a submission without photos', async () => {
    // Act
    const result = await post(VALID);

    // Assess
    expect(result.statusCode).toBe(202);
    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
  });
});
