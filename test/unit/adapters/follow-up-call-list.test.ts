import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  FOLLOW_UP_CALL_PARTITIONS,
  FOLLOW_UP_CALL_QUEUE_KEY,
  followUpCallShardOf,
} from '../../../shared/adapters/case-item.js';
import { DynamoCaseStore, InvalidCursorError } from '../../../shared/adapters/case-store.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { deriveCaseId, deriveTrackingNo } from '../../../shared/domain/identity.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

// The call list (电话回访) spread over FOLLOWUP#0..15 and the old single key: paged through an index
// held in memory that answers Query as DynamoDB does (key condition, order, Limit, ExclusiveStartKey).

const ddb = mockClient(DynamoDBDocumentClient);
afterEach(() => ddb.reset());
afterAll(() => ddb.restore());

interface Entry extends Record<string, unknown> {
  pk: string;
  sk: string;
  followUpQueue: string;
  followUpDue: string;
}

function index(entries: Entry[]) {
  ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    const values = input.ExpressionAttributeValues as Record<string, string>;
    const due = values[':due'] as string;
    const mine = entries
      .filter((e) => e.followUpQueue === values[':q'] && e.followUpDue < due)
      .sort((a, b) => a.followUpDue.localeCompare(b.followUpDue));
    const start = input.ExclusiveStartKey as Entry | undefined;
    const from = start ? mine.filter((e) => e.followUpDue > start.followUpDue) : mine;
    const limit = input.Limit ?? from.length;
    const items = from.slice(0, limit);
    const last = items.at(-1);
    return {
      Items: items.map((e) => caseItem(e)),
      ...(from.length > limit && last ? { LastEvaluatedKey: keyOf(last) } : {}),
    };
  });
}

const keyOf = (e: Entry) => ({
  pk: e.pk,
  sk: e.sk,
  followUpQueue: e.followUpQueue,
  followUpDue: e.followUpDue,
});

/** An index entry as the index projects it: the whole case item (ALL). */
function caseItem(e: Entry): Record<string, unknown> {
  return { ...(e.case as Record<string, unknown>), ...keyOf(e) };
}

/** The n-th web-form case of the test directory, its id its own. */
function makeCase(n: number): Case {
  const caseId = deriveCaseId('webform', `list-${n}`);
  const receivedAt = '2026-11-20T02:00:00.000Z';
  return createCase(
    testAppeal({ caseId, sourceId: `list-${n}`, trackingNo: deriveTrackingNo(caseId, new Date(receivedAt)) }),
    {
      directory: TEST_DIRECTORY,
      calendar: WEEKENDS_ONLY,
      now: new Date(receivedAt),
      rawKey: `raw/${n}.json`,
    },
  );
}

describe('Class: DynamoCaseStore, the follow-up call list', () => {
  it('writes each case to its own shard, the same every time, and reads every shard and the old key', () => {
    // Act
    const shards = Array.from({ length: 400 }, (_, i) => followUpCallShardOf(`case-${i}`));

    // Assess
    expect(followUpCallShardOf('case-1')).toBe(followUpCallShardOf('case-1'));
    expect(new Set(shards).size).toBe(16);
    expect(FOLLOW_UP_CALL_PARTITIONS).toHaveLength(17);
    expect(FOLLOW_UP_CALL_PARTITIONS).toContain(FOLLOW_UP_CALL_QUEUE_KEY);
    for (const shard of shards) expect(FOLLOW_UP_CALL_PARTITIONS).toContain(shard);
  });

  it('pages through every due entry once, oldest first, across the shards and the old key', async () => {
    // Prepare: 45 due entries, some still under the old key, and 3 not yet due
    const entries: Entry[] = Array.from({ length: 48 }, (_, i) => {
      const kase: Case = makeCase(i);
      const due = new Date(Date.UTC(2026, 10, 24, 0, i)).toISOString();
      return {
        pk: `CASE#${kase.caseId}`,
        sk: 'CASE',
        followUpQueue: i % 5 === 0 ? FOLLOW_UP_CALL_QUEUE_KEY : followUpCallShardOf(kase.caseId),
        followUpDue: `${i < 45 ? due : '2026-12-01T00:00:00.000Z'}#${kase.caseId}`,
        case: kase,
      };
    });
    index(entries);
    const store = new DynamoCaseStore(
      DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
      'cases',
    );

    // Act
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listFollowUpCalls(new Date('2026-11-25T00:00:00Z'), {
        limit: 7,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((k) => k.caseId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);

    // Assess
    const expected = entries.slice(0, 45).map((e) => (e.case as Case).caseId);
    expect(seen).toEqual(expected);
    expect(pages).toBe(7);
  });

  it('refuses a cursor that names another partition or misses one', async () => {
    // Prepare
    index([]);
    const store = new DynamoCaseStore(
      DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })),
      'cases',
    );
    const positions = Object.fromEntries(FOLLOW_UP_CALL_PARTITIONS.map((p) => [p, 'done']));
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const { [FOLLOW_UP_CALL_QUEUE_KEY]: _dropped, ...missing } = positions;
    const foreign = {
      ...positions,
      'FOLLOWUP#0': { after: { pk: 'CASE#x', sk: 'CASE', followUpQueue: 'DEPT#x#open', followUpDue: 'x' } },
    };

    // Act
    const now = new Date('2026-11-25T00:00:00Z');
    const answers = await Promise.allSettled([
      store.listFollowUpCalls(now, { limit: 5, cursor: encode(missing) }),
      store.listFollowUpCalls(now, { limit: 5, cursor: encode(foreign) }),
      store.listFollowUpCalls(now, { limit: 5, cursor: encode({ ...positions, extra: 'done' }) }),
    ]);

    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe('rejected');
      expect((answer as PromiseRejectedResult).reason).toBeInstanceOf(InvalidCursorError);
    }
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });
});
