import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type FollowUpCallDeps,
  listFollowUpCalls,
  takeCall,
} from '../../../functions/follow-up-calls/calls.js';
import { handler, ROUTES } from '../../../functions/follow-up-calls/handler.js';
import {
  FOLLOW_UP_CALL_PARTITIONS,
  followUpCallShardOf,
  toItem,
} from '../../../shared/adapters/case-item.js';
import type { QueuePage, UpdateResult } from '../../../shared/adapters/case-store.js';
import { resetConfig } from '../../../shared/adapters/config.js';
import type { StoredRawPayload } from '../../../shared/adapters/raw-archive.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { hashPhone } from '../../../shared/domain/identity.js';
import { type Actor, applyAction, followUpCallDueAt } from '../../../shared/domain/lifecycle/index.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { httpEvent, TEST_ENV, testContext, withClaims } from '../fixtures/lambda.js';

const KEY = TEST_ENV.CONTACT_HASH_KEY;
const PHONE = '13912345678';
const RAW_KEY = 'raw/2026/11/20/case.json';
const agent: Actor = { role: 'agent', id: 'a-1' };
const otherAgent: Actor = { role: 'agent', id: 'a-2' };

/** A web-form case completed 2026-11-23 02:00Z, its phone on file as a keyed hash and a mask. */
function completedCase(overrides: Partial<Case> = {}): Case {
  const created = createCase(
    testAppeal({ contact: { phoneHash: hashPhone(PHONE, KEY), phoneMasked: '139****5678' } }),
    {
      directory: TEST_DIRECTORY,
      calendar: WEEKENDS_ONLY,
      now: new Date('2026-11-20T02:00:05Z'),
      rawKey: RAW_KEY,
    },
  );
  const department: Actor = { role: 'department', id: 'u-1', departmentId: created.departmentId as string };
  const at = (iso: string) => ({ now: new Date(iso), calendar: WEEKENDS_ONLY });
  const ack = applyAction(created, { action: 'acknowledge' }, department, at('2026-11-20T03:00:00Z'));
  if (!ack.ok) throw new Error(ack.refusal.code);
  const done = applyAction(
    ack.case,
    { action: 'complete', reply: '已恢复供水' },
    department,
    at('2026-11-23T02:00:00Z'),
  );
  if (!done.ok) throw new Error(done.refusal.code);
  return { ...done.case, ...overrides };
}

/** A store in memory, with the version condition of the real one. */
function fakeStore(cases: Case[]) {
  const table = new Map(cases.map((c) => [c.caseId, c]));
  const writes: Case[] = [];
  return {
    table,
    writes,
    async getById(caseId: string) {
      return table.get(caseId);
    },
    async update(next: Case, expected: number): Promise<UpdateResult> {
      const current = table.get(next.caseId);
      if (current?.version !== expected) return { outcome: 'version_conflict', current };
      table.set(next.caseId, next);
      writes.push(next);
      return { outcome: 'updated' };
    },
    async listFollowUpCalls(now: Date): Promise<QueuePage> {
      const due = [...table.values()]
        .map((c) => ({ c, at: followUpCallDueAt(c, 24) }))
        .filter((x) => x.at && x.at <= now)
        .sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
      return { items: due.map((x) => x.c) };
    },
  };
}

function depsOf(store: ReturnType<typeof fakeStore>, now: string, body = JSON.stringify({ phone: PHONE })) {
  const raw: StoredRawPayload = { caseId: 'x', channel: 'webform', contentType: 'application/json', body };
  const deps: FollowUpCallDeps = {
    cases: store,
    raw: { get: async () => raw },
    contactHashKey: async () => KEY,
    afterHours: () => 24,
    now: () => new Date(now),
  };
  return deps;
}

describe('Use case: listFollowUpCalls', () => {
  it('lists due items oldest first, with the number masked and never in clear', async () => {
    // Prepare
    const older = completedCase();
    const newer = {
      ...completedCase(),
      caseId: 'wf-newer',
      trackingNo: '261120-NEWR-0001',
      completedAt: '2026-11-23T05:00:00.000Z',
    };
    const store = fakeStore([newer, older]);

    // Act
    const page = await listFollowUpCalls(depsOf(store, '2026-11-24T06:00:00Z'), { limit: 10 });

    // Assess
    expect(page.items.map((i) => i.caseId)).toEqual([older.caseId, 'wf-newer']);
    expect(page.items[0]).toEqual({
      caseId: older.caseId,
      trackingNo: older.trackingNo,
      completedAt: '2026-11-23T02:00:00.000Z',
      dueAt: '2026-11-24T02:00:00.000Z',
      channel: 'webform',
      category: older.category,
      departmentId: older.departmentId,
      replyExcerpt: '已恢复供水',
      notice: { state: 'queued' },
      attempts: 0,
      maxAttempts: 3,
      lastAttempt: null,
      callerMasked: '139****5678',
      takenBy: null,
    });
    expect(JSON.stringify(page)).not.toContain(PHONE);
    expect(page.nextCursor).toBeNull();
  });
});

describe('Use case: takeCall', () => {
  it('records the take and shows the number in clear to the taker, with a history entry', async () => {
    // Prepare
    const kase = completedCase();
    const store = fakeStore([kase]);

    // Act
    const taken = await takeCall(depsOf(store, '2026-11-24T06:00:00Z'), kase.caseId, agent);

    // Assess
    expect(taken.callerNumber).toBe(PHONE);
    expect(taken.item.takenBy).toBe('agent:a-1');
    expect(store.writes).toHaveLength(1);
    expect(store.writes[0]?.followUpCall).toEqual({
      takenBy: 'agent:a-1',
      takenAt: '2026-11-24T06:00:00.000Z',
      attempts: [],
    });
    expect(store.writes[0]?.history.at(-1)).toEqual({
      at: '2026-11-24T06:00:00.000Z',
      actor: 'agent:a-1',
      action: 'take_follow_up_call',
    });
    // The stored case keeps the number masked: the clear one is in the answer only.
    expect(JSON.stringify(store.writes[0])).not.toContain(PHONE);
  });

  it('writes nothing when the holder takes the item again within the hold', async () => {
    // Prepare
    const kase = completedCase();
    const store = fakeStore([kase]);
    await takeCall(depsOf(store, '2026-11-24T06:00:00Z'), kase.caseId, agent);

    // Act
    const again = await takeCall(depsOf(store, '2026-11-24T06:10:00Z'), kase.caseId, agent);

    // Assess
    expect(again.callerNumber).toBe(PHONE);
    expect(again.item.takenBy).toBe('agent:a-1');
    expect(store.writes).toHaveLength(1);
  });

  it('refuses a second agent within the hold with 409 taken_by_other, writing nothing', async () => {
    // Prepare
    const kase = completedCase();
    const store = fakeStore([kase]);
    await takeCall(depsOf(store, '2026-11-24T06:00:00Z'), kase.caseId, agent);

    // Act
    const second = takeCall(depsOf(store, '2026-11-24T06:20:00Z'), kase.caseId, otherAgent);

    // Assess
    await expect(second).rejects.toMatchObject({ statusCode: 409, code: 'taken_by_other' });
    expect(store.writes).toHaveLength(1);
  });

  it('shows no number the original does not hold under the case hash, and writes nothing', async () => {
    // Prepare
    const kase = completedCase();
    const store = fakeStore([kase]);

    // Act
    const other = takeCall(
      depsOf(store, '2026-11-24T06:00:00Z', JSON.stringify({ phone: '13800000000' })),
      kase.caseId,
      agent,
    );

    // Assess
    await expect(other).rejects.toMatchObject({ statusCode: 409, code: 'no_caller_number' });
    expect(store.writes).toEqual([]);
  });

  it('answers 404 for a case that is not on the list or does not exist', async () => {
    // Prepare
    const rated = completedCase({
      status: 'closed',
      feedback: { rating: 'satisfied', at: '2026-11-23T03:00:00.000Z' },
    });
    const store = fakeStore([rated]);

    // Act & Assess
    await expect(takeCall(depsOf(store, '2026-11-24T06:00:00Z'), rated.caseId, agent)).rejects.toMatchObject({
      statusCode: 404,
    });
    await expect(takeCall(depsOf(store, '2026-11-24T06:00:00Z'), 'wf-none', agent)).rejects.toMatchObject({
      statusCode: 404,
    });
  });
});

describe('Function: follow-up-calls', () => {
  const ddb = mockClient(DynamoDBDocumentClient);

  beforeAll(() => {
    Object.assign(process.env, TEST_ENV);
    resetConfig();
  });
  afterEach(() => ddb.reset());
  afterAll(() => ddb.restore());

  async function call(claims: Record<string, string> | undefined, query?: Record<string, string>) {
    const event = withClaims(
      httpEvent({
        method: 'GET',
        path: '/v1/follow-up/calls',
        routeKey: ROUTES.list,
        ...(query ? { query } : {}),
      }),
      claims,
    );
    const result = (await handler(
      event,
      testContext('follow-up-calls'),
    )) as APIGatewayProxyStructuredResultV2;
    return { status: result.statusCode, body: JSON.parse(result.body as string) };
  }

  it('queries the call list index up to now, oldest first, for an agent', async () => {
    // Prepare: the case's entry in its own shard of the list, the other partitions empty
    const item = toItem(completedCase());
    ddb.on(QueryCommand).callsFake((input) => ({
      Items: input.ExpressionAttributeValues[':q'] === item.followUpQueue ? [item] : [],
    }));

    // Act
    const { status, body } = await call({ sub: 'a-1', role: 'agent' }, { limit: '5' });

    // Assess
    expect(status).toBe(200);
    expect(body.items).toHaveLength(1);
    expect(body.items[0].callerMasked).toBe('139****5678');
    expect(ddb).toReceiveCommandWith(QueryCommand, {
      IndexName: 'by-follow-up-call',
      KeyConditionExpression: 'followUpQueue = :q AND followUpDue < :due',
      ScanIndexForward: true,
      Limit: 5,
    });
    // Every shard of the list and the old single key, each once.
    const partitions = ddb
      .commandCalls(QueryCommand)
      .map((c) => c.args[0].input.ExpressionAttributeValues?.[':q'])
      .sort();
    expect(partitions).toEqual([...FOLLOW_UP_CALL_PARTITIONS].sort());
  });

  it('refuses departments, dispatchers and analysts (403) and callers without claims (401)', async () => {
    // Act
    const answers = await Promise.all([
      call({ sub: 'u-1', role: 'department', departmentId: 'water-group' }),
      call({ sub: 'd-1', role: 'dispatcher' }),
      call({ sub: 'n-1', role: 'analyst' }),
      call(undefined),
    ]);

    // Assess
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 401]);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('refuses a bad limit or cursor with 400', async () => {
    // Act
    const badLimit = await call({ sub: 'a-1', role: 'agent' }, { limit: '0' });
    const badCursor = await call({ sub: 'a-1', role: 'agent' }, { cursor: 'bm90LWEtY3Vyc29y' });

    // Assess
    expect([badLimit.status, badLimit.body.error.code]).toEqual([400, 'invalid_limit']);
    expect([badCursor.status, badCursor.body.error.code]).toEqual([400, 'invalid_cursor']);
  });
});

describe('Layout: the call list index key', () => {
  it('comes with a due case and goes with its rating', () => {
    // Prepare
    const kase = completedCase();
    const rated = completedCase({
      status: 'closed',
      feedback: { rating: 'satisfied', at: '2026-11-23T03:00:00.000Z' },
    });

    // Act
    const listed = toItem(kase);
    const gone = toItem(rated);

    // Assess
    expect(listed).toMatchObject({
      followUpQueue: followUpCallShardOf(kase.caseId),
      followUpDue: `2026-11-24T02:00:00.000Z#${kase.caseId}`,
    });
    expect(toItem(kase, { followUpDays: 7, followUpCallAfterHours: 0 }).followUpDue).toBe(
      `2026-11-23T02:00:00.000Z#${kase.caseId}`,
    );
    expect(gone).not.toHaveProperty('followUpQueue');
    expect(gone).not.toHaveProperty('followUpDue');
  });
});
