import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DynamoDBDocumentClient,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/dispatch-appeal/handler.js';
import type { AppealMessage } from '../../../shared/domain/appeal.js';
import { deriveCaseId, deriveTrackingNo } from '../../../shared/domain/identity.js';
import { logger } from '../../../shared/logger.js';
import { testAppeal } from '../fixtures/appeal.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { TEST_ENV, testContext } from '../fixtures/lambda.js';
import { sqsRecord } from '../fixtures/sqs.js';

// Faults mid-batch at the intake queue's consumer (issue 16, "nothing lost"): the cases table is a
// small in-memory fake that honours the create's condition, so a second case, or an overwrite of the
// first, would show. SQS semantics as the event source applies them: the records of
// batchItemFailures come back; a consumer that crashed (no answer at all) gets the whole batch back.

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);

/** The cases table: what each key holds and how many writes landed on it. */
class CasesTable {
  readonly items = new Map<string, Record<string, unknown>>();
  readonly landed = new Map<string, number>();
  private puts = 0;
  /** 1-based numbers of the case puts that fail with the error made for them. */
  constructor(private readonly faults: Map<number, () => Error> = new Map()) {}

  put(input: PutCommandInput): Record<string, never> {
    this.puts += 1;
    const fault = this.faults.get(this.puts);
    if (fault) throw fault();
    const item = input.Item as Record<string, unknown>;
    const key = `${item.pk}|${item.sk}`;
    const existing = this.items.get(key);
    if (existing && input.ConditionExpression?.includes('attribute_not_exists(pk)')) {
      throw new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: marshall(existing, { removeUndefinedValues: true }),
      });
    }
    this.items.set(key, item);
    this.landed.set(key, (this.landed.get(key) ?? 0) + 1);
    return {};
  }

  cases(): Record<string, unknown>[] {
    return [...this.items.values()].filter((item) => item.sk === 'CASE');
  }
}

function message(n: number): AppealMessage {
  const sourceId = `fault-${n}`;
  const caseId = deriveCaseId('webform', sourceId);
  return {
    appeal: testAppeal({
      caseId,
      sourceId,
      trackingNo: deriveTrackingNo(caseId, new Date('2026-11-20T02:00:00Z')),
      // Callers of their own: no repeat or merge decision between the batch's appeals.
      contact: { phoneHash: String(n).padStart(64, 'c'), phoneMasked: '139****0000' },
    }),
    raw: { contentType: 'application/json', body: `{"n":${n}}` },
  };
}

function record(n: number): SQSRecord {
  return sqsRecord(`m${n}`, JSON.stringify(message(n)));
}

const batchOf = (...ns: number[]): SQSEvent => ({ Records: ns.map(record) });
const failedIds = (result: { batchItemFailures: { itemIdentifier: string }[] }) =>
  result.batchItemFailures.map((f) => f.itemIdentifier).sort();

const throttled = () =>
  new ProvisionedThroughputExceededException({
    message: 'Rate of requests exceeds the allowed throughput',
    $metadata: {},
  });
const throttling = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: {} });

function useTable(table: CasesTable): void {
  ddb.on(PutCommand).callsFake((input: PutCommandInput) => table.put(input));
}

describe('Function: dispatch-appeal under faults', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(directoryQuery);
    s3.on(PutObjectCommand).resolves({});
    // The failed records' error lines are expected here; keep the run's output readable.
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    ddb.reset();
    s3.reset();
    vi.restoreAllMocks();
  });

  it('reports only the throttled records of a batch, and their redelivery makes each case once', async () => {
    // Catches: a throttle failing the whole batch (its done records retried), or a failure not
    // reported (an appeal lost).
    // Prepare: the 2nd and 4th case writes throttled (after the SDK's own retries gave up)
    const table = new CasesTable(
      new Map<number, () => Error>([
        [2, throttled],
        [4, throttling],
      ]),
    );
    useTable(table);

    // Act
    const first = await handler(batchOf(1, 2, 3, 4, 5), testContext('dispatch-appeal'));
    const failed = failedIds(first);
    const retry = await handler(
      batchOf(...failed.map((id) => Number(id.slice(1)))),
      testContext('dispatch-appeal'),
    );

    // Assess
    expect(failed).toEqual(['m2', 'm4']);
    expect(retry).toEqual({ batchItemFailures: [] });
    expect(
      table
        .cases()
        .map((c) => c.sourceId)
        .sort(),
    ).toEqual([1, 2, 3, 4, 5].map((n) => `fault-${n}`));
    expect([...table.landed.values()].every((n) => n === 1)).toBe(true);
  });

  it('takes a crashed batch delivered again whole: every appeal one case, none written twice', async () => {
    // Catches: an unconditional create (a second write of a case that exists), or an existing case
    // taken for a failure, which would send a done appeal to the DLQ.
    // Prepare: the first delivery died after its third case (the process, not a record, failed)
    const table = new CasesTable(
      new Map([[4, () => new Error('Runtime exited with error: signal: killed')]]),
    );
    useTable(table);
    await handler(batchOf(1, 2, 3, 4), testContext('dispatch-appeal')).catch(() => undefined);
    const before = table.cases().map((c) => ({ ...c }));

    // Act: SQS never got an answer, so the whole batch comes back after the visibility timeout
    const again = await handler(batchOf(1, 2, 3, 4), testContext('dispatch-appeal'));

    // Assess
    expect(again).toEqual({ batchItemFailures: [] });
    expect(table.cases()).toHaveLength(4);
    expect([...table.landed.values()].every((n) => n === 1)).toBe(true);
    for (const kase of before) expect(table.items.get(`${kase.pk}|${kase.sk}`)).toEqual(kase);
  });

  it('treats a conditional failure mid-batch as a case already made, not as a failure', async () => {
    // Catches: ConditionalCheckFailed reported as a failed record (retried, then dead-lettered).
    // Prepare: appeal 2 became a case in an earlier delivery whose acknowledgement was lost
    const table = new CasesTable();
    useTable(table);
    await handler(batchOf(2), testContext('dispatch-appeal'));

    // Act
    const result = await handler(batchOf(1, 2, 3), testContext('dispatch-appeal'));

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(table.cases()).toHaveLength(3);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(4);
    expect([...table.landed.values()].every((n) => n === 1)).toBe(true);
  });

  it('fails the record whose raw payload could not be archived, and the retry makes its one case', async () => {
    // Catches: a case created without its original, or the S3 failure swallowed (appeal lost).
    // Prepare: the archive refuses appeal 2's original once
    const table = new CasesTable();
    useTable(table);
    let refused = false;
    s3.on(PutObjectCommand).callsFake((input: { Key: string }) => {
      if (!refused && input.Key.includes(message(2).appeal.caseId)) {
        refused = true;
        throw Object.assign(new Error('SlowDown'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
      }
      return {};
    });

    // Act
    const first = await handler(batchOf(1, 2, 3), testContext('dispatch-appeal'));
    const casesAfterFirst = table.cases().map((c) => c.sourceId);
    const retry = await handler(batchOf(2), testContext('dispatch-appeal'));

    // Assess
    expect(failedIds(first)).toEqual(['m2']);
    expect(casesAfterFirst).not.toContain('fault-2');
    expect(retry).toEqual({ batchItemFailures: [] });
    expect(table.cases()).toHaveLength(3);
  });
});
