import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/dispatch-appeal/handler.js';
import { directoryItems } from '../../../shared/adapters/directory-store.js';
import type { AppealMessage } from '../../../shared/domain/appeal.js';
import { deriveCaseId, deriveTrackingNo } from '../../../shared/domain/identity.js';
import { SEED_CALENDAR_YEARS } from '../../../shared/seed/calendar/index.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY_DATA } from '../fixtures/directory.js';
import { TEST_ENV, testContext } from '../fixtures/lambda.js';

// The dispatcher counts deadlines with the holiday calendar kept in the directory table.

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);

function event(receivedAt: string): { event: SQSEvent; caseId: string } {
  const caseId = deriveCaseId('webform', `calendar-${receivedAt}`);
  const message: AppealMessage = {
    appeal: testAppeal({
      caseId,
      sourceId: `calendar-${receivedAt}`,
      receivedAt,
      trackingNo: deriveTrackingNo(caseId, new Date(receivedAt)),
    }),
    raw: { contentType: 'application/json', body: '{}' },
  };
  return {
    caseId,
    event: {
      Records: [
        {
          messageId: caseId,
          receiptHandle: 'rh',
          body: JSON.stringify(message),
          attributes: {
            ApproximateReceiveCount: '1',
            SentTimestamp: '0',
            SenderId: 's',
            ApproximateFirstReceiveTimestamp: '0',
          },
          messageAttributes: {},
          md5OfBody: 'x',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws-cn:sqs:cn-north-1:123456789012:intake',
          awsRegion: 'cn-north-1',
        },
      ],
    },
  };
}

describe('Function: dispatch-appeal with the holiday calendar', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    const items = directoryItems({ ...TEST_DIRECTORY_DATA, calendarYears: SEED_CALENDAR_YEARS });
    ddb.on(QueryCommand).callsFake((input) => ({
      Items: items.filter((item) => item.pk === input.ExpressionAttributeValues?.[':pk']),
    }));
    ddb.on(PutCommand).resolves({});
    s3.on(PutObjectCommand).resolves({});
  });

  afterEach(() => {
    ddb.reset();
    s3.reset();
  });

  it('skips the National Day golden week and counts its make-up Saturday', async () => {
    // Prepare: a help request (5 working days) on Wednesday 2026-09-30, 10:00 in Shanghai
    const { event: sqsEvent, caseId } = event('2026-09-30T02:00:00.000Z');

    // Act
    const result = await handler(sqsEvent, testContext('dispatch-appeal'));

    // Assess: Oct 1–7 are holidays; Oct 8, 9, 10 (make-up Saturday), 12, 13 → Tuesday 13 October.
    // Weekends only would have given Wednesday 7 October.
    expect(result).toEqual({ batchItemFailures: [] });
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ caseId, dueAt: '2026-10-13T15:59:59.000Z' }),
    });
  });
});
