import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler, ROUTES } from '../../../functions/manage-directory/handler.js';
import { toItem } from '../../../shared/adapters/case-item.js';
import { directoryItems } from '../../../shared/adapters/directory-store.js';
import { buildWorkingCalendar, type CalendarYear } from '../../../shared/domain/calendar/index.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { SEED_CALENDAR_YEARS } from '../../../shared/seed/calendar/index.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY, TEST_DIRECTORY_DATA } from '../fixtures/directory.js';
import { httpEvent, TEST_ENV, testContext, withClaims } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);

// A year no schedule has been published for: the test gives it, the seed never does.
const Y2027: CalendarYear = {
  year: 2027,
  holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
  makeUpWorkdays: [],
  source: 'test: a synthetic schedule',
};

/** Help (5 working days) received Monday 2026-12-28 while 2027 was missing: due 2027-01-04. */
function openCase(calendarYears: readonly CalendarYear[] = SEED_CALENDAR_YEARS): Case {
  const receivedAt = new Date('2026-12-28T02:00:00.000Z');
  return createCase(testAppeal({ receivedAt: receivedAt.toISOString() }), {
    directory: TEST_DIRECTORY,
    calendar: buildWorkingCalendar(calendarYears),
    now: receivedAt,
  });
}

/** The directory table with these calendar years, the cases table with `cases` in shard OPEN#3. */
function tables(
  calendarYears: readonly CalendarYear[],
  cases: Case[],
  extra: Record<string, unknown>[] = [],
) {
  const directory = [...directoryItems({ ...TEST_DIRECTORY_DATA, calendarYears }), ...extra];
  ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    if (input.IndexName === 'by-open-deadline') {
      const shard = input.ExpressionAttributeValues?.[':s'];
      return { Items: shard === 'OPEN#3' ? cases.map((k) => ({ caseId: k.caseId })) : [] };
    }
    return { Items: directory.filter((item) => item.pk === input.ExpressionAttributeValues?.[':pk']) };
  });
  ddb.on(GetCommand).callsFake((input) => {
    const kase = cases.find((k) => `CASE#${k.caseId}` === input.Key?.pk);
    return { Item: kase ? toItem(kase) : undefined };
  });
}

async function putYear(year: CalendarYear, remainingMs = 10_000) {
  const event = withClaims(
    httpEvent({
      method: 'PUT',
      path: `/v1/admin/calendar/${year.year}`,
      routeKey: ROUTES.calendar,
      pathParameters: { year: String(year.year) },
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(year),
    }),
    { sub: 's-1', role: 'supervisor' },
  );
  const context = { ...testContext('manage-directory'), getRemainingTimeInMillis: () => remainingMs };
  const result = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, body: JSON.parse(result.body as string) };
}

function casePuts() {
  return ddb.commandCalls(PutCommand).filter((c) => c.args[0].input.TableName === TEST_ENV.CASES_TABLE_NAME);
}

describe('Function: manage-directory, PUT /v1/admin/calendar/{year} recomputes the open deadlines', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    ddb.on(PutCommand).resolves({});
  });

  afterEach(() => {
    ddb.reset();
  });

  it('moves the deadline of an open case reaching the year, under its version, and counts it', async () => {
    // Prepare
    const kase = openCase();
    tables(SEED_CALENDAR_YEARS, [kase]);

    // Act
    const { status, body } = await putYear(Y2027);

    // Assess
    expect(status).toBe(201);
    expect(body.recomputed).toEqual({
      examined: 1,
      changed: 1,
      unchanged: 0,
      failed: 0,
      complete: true,
      failedCaseIds: [],
    });
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      IndexName: 'by-open-deadline',
      KeyConditionExpression: 'openShard = :s',
      ExpressionAttributeValues: { ':s': 'OPEN#3', ':from': '2026-12-31T16:00:00.000Z' },
    });
    const [write] = casePuts();
    expect(write?.args[0].input).toMatchObject({
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': kase.version },
      Item: { caseId: kase.caseId, dueAt: '2027-01-05T15:59:59.000Z', version: kase.version + 1 },
    });
    const history = (write?.args[0].input.Item as Case | undefined)?.history ?? [];
    expect(history.at(-1)).toMatchObject({
      actor: 'system:holiday-calendar',
      action: 'recompute_deadline',
      note: '2027 年节假日安排已添加：办理期限由 2027-01-04 改为 2027-01-05',
    });
  });

  it('changes nothing when the same year is put again', async () => {
    // Prepare: the year is stored and the case was counted with it
    tables([...SEED_CALENDAR_YEARS, Y2027], [openCase([...SEED_CALENDAR_YEARS, Y2027])]);
    ddb
      .on(PutCommand, { TableName: TEST_ENV.DIRECTORY_TABLE_NAME })
      .resolves({ Attributes: { pk: 'CALENDAR', sk: '2027', ...Y2027 } });

    // Act
    const { status, body } = await putYear(Y2027);

    // Assess
    expect(status).toBe(200);
    expect(body.recomputed).toMatchObject({ examined: 1, changed: 0, unchanged: 1, failed: 0 });
    expect(casePuts()).toHaveLength(0);
  });

  it('counts and names a case another write beat on every attempt, and goes on with the others', async () => {
    // Prepare
    const kase = openCase();
    tables(SEED_CALENDAR_YEARS, [kase]);
    ddb
      .on(PutCommand, { TableName: TEST_ENV.CASES_TABLE_NAME })
      .rejects(new ConditionalCheckFailedException({ message: 'conflict', $metadata: {} }));

    // Act
    const { status, body } = await putYear(Y2027);

    // Assess
    expect(status).toBe(201);
    expect(body.recomputed).toMatchObject({
      examined: 1,
      changed: 0,
      failed: 1,
      failedCaseIds: [kase.caseId],
    });
    expect(casePuts()).toHaveLength(3);
  });

  it('keeps the cases it could not recompute, with the record they were counted with, for the next PUT', async () => {
    // Prepare
    const kase = openCase();
    tables(SEED_CALENDAR_YEARS, [kase]);
    ddb
      .on(PutCommand, { TableName: TEST_ENV.CASES_TABLE_NAME })
      .rejects(new ConditionalCheckFailedException({ message: 'conflict', $metadata: {} }));

    // Act
    await putYear(Y2027);

    // Assess: 2027 was missing when the case was counted
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      TableName: TEST_ENV.DIRECTORY_TABLE_NAME,
      Item: { pk: 'CALENDAR_RECOMPUTE', sk: '2027', groups: [{ previous: null, caseIds: [kase.caseId] }] },
    });
  });

  it('retries the cases an earlier PUT left from the record they were counted with, then forgets them', async () => {
    // Prepare: 2027 is stored, but the case was left counted without it
    const kase = openCase();
    const left = {
      pk: 'CALENDAR_RECOMPUTE',
      sk: '2027',
      groups: [{ previous: null, caseIds: [kase.caseId] }],
    };
    tables([...SEED_CALENDAR_YEARS, Y2027], [kase], [left]);

    // Act
    const { body } = await putYear(Y2027);

    // Assess
    expect(body.recomputed).toMatchObject({ examined: 1, changed: 1, failed: 0 });
    expect(casePuts()[0]?.args[0].input.Item).toMatchObject({ dueAt: '2027-01-05T15:59:59.000Z' });
    expect(ddb).toHaveReceivedCommandWith(DeleteCommand, {
      TableName: TEST_ENV.DIRECTORY_TABLE_NAME,
      Key: { pk: 'CALENDAR_RECOMPUTE', sk: '2027' },
    });
  });

  it('stops starting cases when the time is nearly up, and says the work is not complete', async () => {
    // Prepare
    const kase = openCase();
    tables(SEED_CALENDAR_YEARS, [kase]);

    // Act
    const { status, body } = await putYear(Y2027, 1_000);

    // Assess
    expect(status).toBe(201);
    expect(body.recomputed).toMatchObject({
      examined: 0,
      failed: 1,
      complete: false,
      failedCaseIds: [kase.caseId],
    });
    expect(casePuts()).toHaveLength(0);
  });

  it('writes nothing when the open cases cannot be read (the PUT can be retried whole)', async () => {
    // Prepare
    tables(SEED_CALENDAR_YEARS, []);
    ddb.on(QueryCommand, { IndexName: 'by-open-deadline' }).rejects(new Error('throttled'));

    // Act
    const { status } = await putYear(Y2027);

    // Assess
    expect(status).toBeGreaterThanOrEqual(500);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });
});
