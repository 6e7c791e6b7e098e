import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { supervise } from '../../../functions/supervise-deadlines/handler.js';
import { toCallbackItem } from '../../../shared/adapters/callback-item.js';
import { toItem } from '../../../shared/adapters/case-item.js';
import {
  callbackCallerRef,
  DEFAULT_CALLBACK_POLICY,
  openCallbackTask,
} from '../../../shared/domain/callbacks/index.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { deriveCaseId } from '../../../shared/domain/identity.js';
import { OPEN_SHARDS } from '../../../shared/domain/lifecycle/next-check.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { logger } from '../../../shared/logger.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { TEST_ENV } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);

/** Monday 2026-11-30 10:00 in Shanghai: the test cases (received Friday 11-20) are past their deadline. */
const LATE = new Date('2026-11-30T02:00:00Z');
/** Friday 2026-11-20 12:00: nothing is due yet. */
const EARLY = new Date('2026-11-20T04:00:00Z');

/** The items of the mocked cases table, by pk. */
let table: Map<string, Record<string, unknown>>;

function dispatchedCase(n: number): Case {
  const sourceId = `supervise-${n}`;
  return createCase(testAppeal({ sourceId, caseId: deriveCaseId('webform', sourceId) }), {
    directory: TEST_DIRECTORY,
    calendar: WEEKENDS_ONLY,
    now: new Date('2026-11-20T02:00:05Z'),
  });
}

function seed(count: number): Case[] {
  const cases = Array.from({ length: count }, (_, i) => dispatchedCase(i));
  for (const kase of cases) table.set(`CASE#${kase.caseId}`, toItem(kase));
  return cases;
}

/** The sparse index as DynamoDB pages it: by nextCheckAt then pk, after ExclusiveStartKey, Limit items. */
function indexQuery(input: QueryCommandInput) {
  const shard = input.ExpressionAttributeValues?.[':s'];
  const now = input.ExpressionAttributeValues?.[':now'] as string;
  const position = (i: Record<string, unknown>) => `${i.nextCheckAt}|${i.pk}`;
  const start = input.ExclusiveStartKey ? position(input.ExclusiveStartKey) : '';
  const matching = [...table.values()]
    .filter((i) => i.openShard === shard && (i.nextCheckAt as string) <= now && position(i) > start)
    .sort((a, b) => position(a).localeCompare(position(b)));
  const page = matching.slice(0, input.Limit);
  const last = page.at(-1);
  return {
    Items: page.map((i) => ({ caseId: i.caseId })),
    ...(last && matching.length > page.length
      ? {
          LastEvaluatedKey: {
            pk: last.pk,
            sk: last.sk,
            openShard: last.openShard,
            nextCheckAt: last.nextCheckAt,
          },
        }
      : {}),
  };
}

function conditionalPut(input: PutCommandInput) {
  const item = input.Item as Record<string, unknown>;
  const stored = table.get(item.pk as string);
  if (stored?.version !== input.ExpressionAttributeValues?.[':expected']) {
    throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
  }
  table.set(item.pk as string, item);
  return {};
}

describe('supervise-deadlines', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    ddb.restore();
  });

  beforeEach(() => {
    table = new Map();
    ddb.reset();
    ddb
      .on(QueryCommand)
      .callsFake((input: QueryCommandInput) =>
        input.IndexName === 'by-open-deadline' ? indexQuery(input) : directoryQuery(input),
      );
    ddb.on(GetCommand).callsFake((input) => ({ Item: table.get(input.Key.pk) }));
    ddb.on(PutCommand).callsFake(conditionalPut);
  });

  it('reminds and marks an overdue case late once, however often it runs', async () => {
    // Prepare
    const [kase] = seed(1) as [Case];

    // Act
    const first = await supervise(LATE);
    const second = await supervise(LATE);

    // Assess
    expect(first).toMatchObject({ ackReminded: 1, warned: 0, reminded: 1, overdue: 1, conflicts: 0 });
    expect(second).toMatchObject({ examined: 0, ackReminded: 0, reminded: 0, overdue: 0 });
    const stored = table.get(`CASE#${kase.caseId}`) as Record<string, unknown>;
    expect(stored).toMatchObject({ slaOutcome: 'late', version: kase.version + 3 });
    expect(stored).not.toHaveProperty('nextCheckAt');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
  });

  it('queries the index shard by shard and never scans', async () => {
    // Prepare
    seed(3);

    // Act
    await supervise(EARLY);

    // Assess
    const queries = ddb
      .commandCalls(QueryCommand)
      .filter((c) => c.args[0].input.IndexName === 'by-open-deadline');
    expect(queries.map((c) => c.args[0].input.ExpressionAttributeValues?.[':s']).sort()).toEqual(
      Array.from({ length: OPEN_SHARDS }, (_, i) => `OPEN#${i}`).sort(),
    );
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    expect(ddb.calls().map((c) => c.args[0].constructor.name)).not.toContain('ScanCommand');
  });

  it('pages through thousands of due cases', async () => {
    // Prepare: more than a page (100) in every shard
    const due = 160 * OPEN_SHARDS;
    seed(due);

    // Act
    const counts = await supervise(LATE);

    // Assess
    expect(counts).toMatchObject({ examined: due, overdue: due, conflicts: 0 });
    const paged = ddb
      .commandCalls(QueryCommand)
      .filter((c) => c.args[0].input.IndexName === 'by-open-deadline' && c.args[0].input.ExclusiveStartKey);
    expect(paged.length).toBeGreaterThan(0);
    expect([...table.values()].every((i) => i.slaOutcome === 'late')).toBe(true);
  });

  it('skips a case another write changed first, and leaves it for the next run', async () => {
    // Prepare
    const [contested, other] = seed(2) as [Case, Case];
    ddb.on(GetCommand).callsFake((input) => {
      const item = table.get(input.Key.pk);
      // Someone acts on the contested case between the job's read and its write.
      if (input.Key.pk === `CASE#${contested.caseId}`) {
        table.set(input.Key.pk, { ...item, version: contested.version + 1 });
      }
      return { Item: item };
    });

    // Act
    const counts = await supervise(LATE);

    // Assess
    expect(counts).toMatchObject({ examined: 2, overdue: 1, conflicts: 1 });
    expect(table.get(`CASE#${contested.caseId}`)).not.toHaveProperty('slaOutcome');
    expect(table.get(`CASE#${other.caseId}`)).toMatchObject({ slaOutcome: 'late' });
  });

  it('logs and counts a case whose write fails, and writes the others', async () => {
    // Prepare
    const [broken, ...others] = seed(5) as [Case, ...Case[]];
    ddb.on(PutCommand).callsFake((input: PutCommandInput) => {
      if ((input.Item as Record<string, unknown>).caseId === broken.caseId) {
        throw new Error('Item size has exceeded the maximum allowed size');
      }
      return conditionalPut(input);
    });
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);

    // Act
    const counts = await supervise(LATE);

    // Assess
    expect(counts).toMatchObject({ examined: 5, overdue: 4, failed: 1 });
    for (const kase of others) {
      expect(table.get(`CASE#${kase.caseId}`)).toMatchObject({ slaOutcome: 'late' });
    }
    expect(table.get(`CASE#${broken.caseId}`)).not.toHaveProperty('slaOutcome');
    expect(errors).toHaveBeenCalledWith(
      'a case failed in the supervision run, the others go on',
      expect.objectContaining({ caseId: broken.caseId }),
    );
    errors.mockRestore();
  });

  it('fails the run when every case it tried failed, so the schedule retries it', async () => {
    // Prepare
    seed(3);
    ddb.on(PutCommand).rejects(new Error('Service unavailable'));
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);

    // Act
    const run = supervise(LATE);

    // Assess
    await expect(run).rejects.toThrow(/3 of 3 cases failed/);
    errors.mockRestore();
  });

  it('works the callback tasks in the same run: a warning, and the case counts keep their meaning', async () => {
    // Prepare: a caller lost 50 minutes before the run (a 60-minute deadline: past 80 %).
    const task = openCallbackTask(
      callbackCallerRef('caller-hash-0123456789abcdef'),
      1,
      {
        callId: 'cti-lost-1',
        line: '12345',
        reason: 'queue_abandoned',
        missedAt: new Date(LATE.getTime() - 50 * 60_000).toISOString(),
        day: '2026-11-30',
        callerMasked: '138****5678',
        number: { ciphertext: 'c2VhbGVk', callId: 'cti-lost-1' },
      },
      DEFAULT_CALLBACK_POLICY,
      new Date(LATE.getTime() - 49 * 60_000),
    );
    table.set(task.pk, toCallbackItem(task));
    ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => {
      if (input.IndexName === 'by-open-deadline') return indexQuery(input);
      if (input.IndexName !== 'by-department-queue') return directoryQuery(input);
      const values = input.ExpressionAttributeValues ?? {};
      return {
        Items: [...table.values()].filter(
          (i) => i.deptQueue === values[':q'] && String(i.dueAt) < values[':bound'],
        ),
      };
    });

    // Act
    const counts = await supervise(LATE);

    // Assess
    expect(counts).toMatchObject({
      examined: 0,
      warned: 0,
      callbacksWarned: 1,
      callbacksOverdue: 0,
      callbackNumbersErased: 0,
      callbacksFailed: 0,
    });
    expect(table.get(task.pk)).toMatchObject({ warnedAt: LATE.toISOString(), version: task.version + 1 });
  });
});
