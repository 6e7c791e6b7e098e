import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/ingest-hotline/handler.js';
import { IntakeMessageSchema } from '../../../shared/domain/appeal.js';
import { citizenRequest } from '../domain/disclosure/fixtures.js';
import { makeIdNumber } from '../domain/disclosure/numbers.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { callRecord, HOTLINE_SECRET, signedHeaders } from '../fixtures/hotline.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const ID = makeIdNumber('110105', '19870615', '006');

/** The request the agent wrote down (no arrival: the channel dates it by the call). */
function typedRequest(overrides: Record<string, unknown> = {}) {
  const { arrival: _arrival, ...request } = citizenRequest({ departmentId: 'housing-bureau', ...overrides });
  return request;
}

function disclosureRecord(request: Record<string, unknown>) {
  return callRecord({
    appeal: {
      type: 'disclosure',
      category: 'other',
      district: 'gulou',
      content: '来电申请公开老旧小区改造立项批复',
      disclosureRequest: request,
    },
  });
}

function post(body: unknown): Promise<APIGatewayProxyStructuredResultV2> {
  const text = JSON.stringify(body);
  return handler(
    httpEvent({
      method: 'POST',
      path: '/v1/channels/hotline/calls',
      headers: { 'content-type': 'application/json', ...signedHeaders(text) },
      body: text,
    }),
    testContext('ingest-hotline'),
  ) as Promise<APIGatewayProxyStructuredResultV2>;
}

describe('Function: ingest-hotline (依申请公开 by telephone)', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries({ ...TEST_ENV, HOTLINE_HMAC_SECRET: HOTLINE_SECRET }))
      vi.stubEnv(k, v);
    vi.stubEnv('DISCLOSURE_IDENTITY_KEY', 'unit-test-identity-key');
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(directoryQuery);
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterEach(() => {
    ddb.reset();
    sqs.reset();
  });

  it('queues a disclosure appeal dated by the call, keyed on the calling number, with no identity number in clear', async () => {
    // Act
    const result = await post(disclosureRecord(typedRequest()));

    // Assess
    expect(result.statusCode).toBe(202);
    const text = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string;
    const message = IntakeMessageSchema.parse(JSON.parse(text));
    expect(message.appeal).toMatchObject({
      channel: 'hotline',
      type: 'disclosure',
      category: 'gov-info-disclosure',
      contact: { phoneMasked: '139****5678', verifiedBy: 'network_caller' },
      disclosureRequest: {
        arrival: { way: 'phone', callId: 'cti-unit-0001', confirmedAt: '2026-11-23T01:19:12.000Z' },
        receivedOn: '2026-11-23',
      },
    });
    expect(JSON.stringify(JSON.parse(text)).toLowerCase()).not.toContain(ID.toLowerCase());
  });

  it('takes the call and its appeal without a request that does not validate, its problems kept for a dispatcher', async () => {
    // Act
    const result = await post(
      disclosureRecord(typedRequest({ form: { medium: 'paper', delivery: 'email' } })),
    );

    // Assess
    expect(result.statusCode).toBe(202);
    const text = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string;
    const message = IntakeMessageSchema.parse(JSON.parse(text));
    expect(message.appeal).toMatchObject({
      type: 'disclosure',
      category: 'other',
      district: 'gulou',
      requestProblems: [expect.objectContaining({ path: 'form.delivery' })],
    });
    expect(message.appeal).not.toHaveProperty('disclosureRequest');
    // Not in the message, nor in the archived original.
    expect(text.toLowerCase()).not.toContain(ID.toLowerCase());
    expect(message.raw?.body).toContain('[已隐去，尾号');
  });

  it('takes the appeal of a request to a body the directory does not hold, naming the problem', async () => {
    // Act
    const result = await post(disclosureRecord(typedRequest({ departmentId: 'no-such-body' })));

    // Assess
    expect(result.statusCode).toBe(202);
    const message = IntakeMessageSchema.parse(
      JSON.parse(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string),
    );
    expect(message.appeal?.requestProblems).toEqual([
      expect.objectContaining({ path: 'departmentId', code: 'unknown_department' }),
    ]);
  });

  it('refuses a request on an appeal that is not of type disclosure', async () => {
    // Act
    const result = await post(
      callRecord({
        appeal: {
          type: 'help',
          category: 'water-supply',
          district: 'gulou',
          content: '停水',
          disclosureRequest: typedRequest(),
        },
      }),
    );

    // Assess
    expect(result.statusCode).toBe(422);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });
});
