import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { directoryItems } from '../../../shared/adapters/directory-store.js';
import type { AppealMessage } from '../../../shared/domain/appeal.js';
import type { CalendarYear } from '../../../shared/domain/calendar/index.js';
import { deriveCaseId, deriveTrackingNo } from '../../../shared/domain/identity.js';
import { SEED_CALENDAR_YEARS } from '../../../shared/seed/calendar/index.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY_DATA } from '../fixtures/directory.js';
import { TEST_ENV, testContext } from '../fixtures/lambda.js';

// The operator's alarm for a missing holiday calendar: both places that can notice it publish the
// CalendarYearMissing metric (EMF), which the CDK alarm sums.

type DispatchHandler = typeof import('../../../functions/dispatch-appeal/handler.js').handler;
type Supervise = typeof import('../../../functions/supervise-deadlines/handler.js').supervise;
let dispatch: DispatchHandler;
let supervise: Supervise;

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);

const Y2027: CalendarYear = {
  year: 2027,
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }],
  makeUpWorkdays: [],
  source: 'unit test',
};

/** The directory table holding the test directory and these calendar years. */
function directoryWith(years: readonly CalendarYear[]) {
  const items = directoryItems({ ...TEST_DIRECTORY_DATA, calendarYears: years });
  ddb.on(QueryCommand).callsFake((input) => ({
    Items: items.filter((item) => item.pk === input.ExpressionAttributeValues?.[':pk']),
  }));
}

/** The EMF documents Powertools wrote to stdout during `run`. */
async function emfDuring(run: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.includes('"_aws"'))
    .map((l) => JSON.parse(l));
}

function appealEvent(receivedAt: string): SQSEvent {
  const sourceId = `alarm-${receivedAt}`;
  const caseId = deriveCaseId('webform', sourceId);
  const message: AppealMessage = {
    appeal: testAppeal({
      caseId,
      sourceId,
      receivedAt,
      type: 'complaint',
      trackingNo: deriveTrackingNo(caseId, new Date(receivedAt)),
    }),
    raw: { contentType: 'application/json', body: '{}' },
  };
  return {
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
  };
}

const missingMetric = (docs: Array<Record<string, unknown>>) =>
  docs.filter((d) => 'CalendarYearMissing' in d);

describe('Metric: CalendarYearMissing', () => {
  beforeAll(async () => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'calendar-alarm-test');
    // A fresh directory cache for each test's calendar.
    vi.stubEnv('DIRECTORY_CACHE_SECONDS', '0');
    ({ handler: dispatch } = await import('../../../functions/dispatch-appeal/handler.js'));
    ({ supervise } = await import('../../../functions/supervise-deadlines/handler.js'));
  });

  beforeEach(() => {
    ddb.on(PutCommand).resolves({});
    s3.on(PutObjectCommand).resolves({});
  });

  afterEach(() => {
    ddb.reset();
    s3.reset();
    vi.restoreAllMocks();
  });

  it('is published by dispatch-appeal when a deadline reaches a year without calendar data', async () => {
    // Prepare: a complaint (13 working days) received 20 December 2026 is due in January 2027
    directoryWith(SEED_CALENDAR_YEARS);

    // Act
    const docs = await emfDuring(() => dispatch(appealEvent('2026-12-20T02:00:00.000Z'), testContext()));

    // Assess
    expect(missingMetric(docs)).toEqual([expect.objectContaining({ CalendarYearMissing: 1 })]);
  });

  it('is not published by dispatch-appeal for a deadline inside the covered years', async () => {
    // Prepare
    directoryWith(SEED_CALENDAR_YEARS);

    // Act
    const docs = await emfDuring(() => dispatch(appealEvent('2026-11-20T02:00:00.000Z'), testContext()));

    // Assess
    expect(missingMetric(docs)).toEqual([]);
  });

  it("is published once per supervision run within 45 days of the year end without next year's data", async () => {
    // Prepare
    directoryWith(SEED_CALENDAR_YEARS);

    // Act
    const docs = await emfDuring(() => supervise(new Date('2026-12-01T02:00:00Z')));

    // Assess
    expect(missingMetric(docs)).toEqual([expect.objectContaining({ CalendarYearMissing: 1 })]);
  });

  it.each([
    ['earlier in the year', SEED_CALENDAR_YEARS, '2026-11-01T02:00:00Z'],
    ["once next year's record is there", [...SEED_CALENDAR_YEARS, Y2027], '2026-12-01T02:00:00Z'],
  ])('is not published by supervision %s', async (_when, years, at) => {
    // Prepare
    directoryWith(years);

    // Act
    const docs = await emfDuring(() => supervise(new Date(at)));

    // Assess
    expect(missingMetric(docs)).toEqual([]);
  });
});
