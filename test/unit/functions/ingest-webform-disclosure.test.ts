import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/ingest-webform/handler.js';
import { shanghaiDate } from '../../../shared/domain/working-days.js';
import { citizenRequest } from '../domain/disclosure/fixtures.js';
import { makeIdNumber } from '../domain/disclosure/numbers.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const ID = makeIdNumber('110105', '19870615', '006');

/** The page's submission: the request without an arrival (the channel dates it). */
function submission(overrides: Record<string, unknown> = {}) {
  const { arrival: _arrival, ...request } = citizenRequest({ departmentId: 'housing-bureau', ...overrides });
  return { type: 'disclosure', disclosureRequest: request };
}

function post(body: unknown, headers: Record<string, string> = {}) {
  return handler(
    httpEvent({
      method: 'POST',
      path: '/v1/channels/webform',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
    testContext('ingest-webform'),
  ) as Promise<APIGatewayProxyStructuredResultV2>;
}

const bodyOf = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body as string);

describe('Function: ingest-webform (政府信息公开申请)', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('REQUEST_MARKS_TABLE_NAME', 'request-marks');
    vi.stubEnv('DISCLOSURE_IDENTITY_KEY', 'unit-test-identity-key');
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(directoryQuery);
    ddb.on(PutCommand).resolves({});
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterEach(() => {
    ddb.reset();
    sqs.reset();
  });

  it('queues a disclosure appeal received online on the day the system acknowledges it', async () => {
    // Prepare
    const before = new Date();

    // Act
    const result = await post(submission(), { 'idempotency-key': 'page-key-0001' });

    // Assess
    expect(result.statusCode).toBe(202);
    const text = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string;
    const message = JSON.parse(text);
    expect(message.appeal).toMatchObject({
      trackingNo: bodyOf(result).trackingNo,
      channel: 'webform',
      type: 'disclosure',
      contact: { phoneMasked: '138****8000', name: '张三' },
      disclosureRequest: {
        arrival: { way: 'online', confirmedAt: message.appeal.receivedAt },
        receivedOn: shanghaiDate(before),
      },
    });
    // Neither the appeal nor the raw copy holds the number in clear.
    expect(text.toLowerCase()).not.toContain(ID.toLowerCase());
    expect(JSON.parse(message.raw.body).disclosureRequest.applicant.document.number).toBe(
      '[已隐去，尾号 006x]',
    );
  });

  it('replaces an arrival the citizen sent with its own', async () => {
    // Prepare
    const sent = submission();
    const withArrival = {
      ...sent,
      disclosureRequest: {
        ...sent.disclosureRequest,
        arrival: { way: 'in_person', handedInAt: '2020-01-01T00:00:00Z' },
      },
    };

    // Act
    const result = await post(withArrival);

    // Assess
    expect(result.statusCode).toBe(202);
    const message = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string);
    expect(message.appeal.disclosureRequest.arrival.way).toBe('online');
  });

  it('names the problems of a refused identity number with 422 invalid_request and queues nothing', async () => {
    // Prepare
    const bad = submission({
      applicant: {
        kind: 'citizen',
        name: '张三',
        document: { kind: 'resident_id_card', number: `${ID.slice(0, 17)}1` },
        contact: { phone: '13800138000' },
      },
    });

    // Act
    const result = await post(bad);

    // Assess
    expect(result.statusCode).toBe(422);
    const { error } = bodyOf(result);
    expect(error.code).toBe('invalid_request');
    expect(error.problems).toEqual([
      expect.objectContaining({ path: 'applicant.document.number', code: 'invalid_id_number' }),
    ]);
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('refuses a free-text disclosure submission with 422 disclosure_request_required, pointing to the form', async () => {
    // Act
    const result = await post({
      type: 'disclosure',
      category: 'other',
      district: 'gulou',
      content: '申请公开本区老旧小区改造的立项批复',
      phone: '13912345678',
    });

    // Assess
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result).error.code).toBe('disclosure_request_required');
    expect(bodyOf(result).error.message).toContain('政府信息公开申请');
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('refuses a request without a phone: the status lookup proves it', async () => {
    // Act
    const result = await post(
      submission({
        applicant: {
          kind: 'citizen',
          name: '张三',
          document: { kind: 'resident_id_card', number: ID },
          contact: { email: 'zhang@example.com' },
        },
      }),
    );

    // Assess
    expect(result.statusCode).toBe(422);
    expect(bodyOf(result).error.problems).toEqual([
      expect.objectContaining({ path: 'applicant.contact.phone', code: 'phone_required' }),
    ]);
  });
});
