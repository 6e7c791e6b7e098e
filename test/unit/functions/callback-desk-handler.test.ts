import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler, ROUTES } from '../../../functions/callback-desk/handler.js';
import { toCallbackItem } from '../../../shared/adapters/callback-item.js';
import { phoneVault } from '../../../shared/adapters/phone-vault.js';
import {
  type CallbackTask,
  recordCallbackAttempt,
  takeCallbackTask,
} from '../../../shared/domain/callbacks/index.js';
import { logger } from '../../../shared/logger.js';
import { AGENT, at, CALLER, missedCall, OTHER, openTask, POLICY } from '../fixtures/callback-desk.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { httpEvent, TEST_ENV, testContext, withClaims } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const NOW = at(3);

// AGENT and OTHER of the fixtures are these accounts' workers (`agent:<sub>`).
const agent = { sub: 'u-agent', role: 'agent', agentId: 'a-017' };
const otherAgent = { sub: 'u-other', role: 'agent', agentId: 'a-099' };
const supervisor = { sub: 'u-super', role: 'supervisor' };

/** The items of the mocked cases table, by pk + sk. */
let table: Map<string, Record<string, unknown>>;
const keyOf = (item: { pk?: unknown; sk?: unknown }) => `${String(item.pk)}|${String(item.sk)}`;

/** A task whose number is really sealed (the local raw key of this suite). */
async function sealedTask(task = openTask('c-1', 0)): Promise<CallbackTask> {
  return { ...task, number: await phoneVault().seal(CALLER, 'c-1') };
}

function seed(...tasks: CallbackTask[]) {
  for (const task of tasks) table.set(keyOf(task), toCallbackItem(task));
  const call = missedCall('c-1', 0);
  table.set(keyOf(call), call);
}

function taken(task: CallbackTask, worker: string, minutes: number): CallbackTask {
  const decision = takeCallbackTask(task, worker, POLICY, at(minutes));
  if (!decision.ok) throw new Error(decision.refusal.code);
  return decision.task;
}

function request(
  route: string,
  claims: Record<string, string> | undefined,
  options: { taskId?: string; body?: unknown; rawBody?: string; query?: Record<string, string> } = {},
): Promise<APIGatewayProxyStructuredResultV2> {
  const [method, path] = route.split(' ') as [string, string];
  const taskId = options.taskId ?? openTask('c-1', 0).taskId;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const event = httpEvent({
    method,
    path: path.replace('{taskId}', encodeURIComponent(taskId)),
    routeKey: route,
    ...(path.includes('{taskId}') ? { pathParameters: { taskId } } : {}),
    ...(options.query ? { query: options.query } : {}),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  return handler(
    withClaims(event, claims),
    testContext('callback-desk'),
  ) as Promise<APIGatewayProxyStructuredResultV2>;
}

const bodyOf = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body as string);
const codeOf = (result: APIGatewayProxyStructuredResultV2) => [result.statusCode, bodyOf(result).error?.code];

/** Nothing was written: no put on the table, nothing on the queue. */
function nothingChanged() {
  expect(ddb).not.toHaveReceivedCommand(PutCommand);
  expect(sqs).not.toHaveReceivedAnyCommand();
}

describe('Function: callback-desk', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries({
      ...TEST_ENV,
      REQUEST_MARKS_TABLE_NAME: 'request-marks',
      CALLBACK_RAW_KEY: randomBytes(32).toString('base64'),
    }))
      vi.stubEnv(k, v);
  });

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    table = new Map();
    ddb.on(GetCommand).callsFake((input) => ({ Item: table.get(keyOf(input.Key)) }));
    ddb.on(PutCommand).callsFake((input: PutCommandInput) => {
      const item = input.Item as Record<string, unknown>;
      if (String(item.pk).startsWith('CALLBACK#')) {
        const stored = table.get(keyOf(item));
        if (stored?.version !== input.ExpressionAttributeValues?.[':expected']) {
          throw new ConditionalCheckFailedException({ message: 'conditional', $metadata: {} });
        }
        table.set(keyOf(item), item);
      }
      return {};
    });
    ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => {
      if (input.IndexName !== 'by-department-queue') return directoryQuery(input);
      const values = input.ExpressionAttributeValues ?? {};
      const listed = [...table.values()]
        .filter((i) => i.deptQueue === values[':q'])
        .sort((a, b) => String(a.dueAt).localeCompare(String(b.dueAt)));
      return { Items: listed.slice(0, input.Limit) };
    });
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    ddb.reset();
    sqs.reset();
  });

  describe('who may call', () => {
    it.each([
      ['no staff identity', undefined, 401, 'unauthorized'],
      ['a dispatcher', { sub: 'u-d', role: 'dispatcher' }, 403, 'forbidden'],
      ['a department', { sub: 'u-w', role: 'department', departmentId: 'water-group' }, 403, 'forbidden'],
      ['an analyst', { sub: 'u-a', role: 'analyst' }, 403, 'forbidden'],
    ])('refuses %s on every route before reading anything', async (_who, claims, status, code) => {
      // Prepare
      seed(await sealedTask());

      // Act
      const results = await Promise.all([
        request(ROUTES.list, claims),
        request(ROUTES.take, claims),
        request(ROUTES.attempts, claims, { body: { outcome: 'no_answer' } }),
      ]);

      // Assess
      for (const result of results) expect(codeOf(result)).toEqual([status, code]);
      expect(ddb).not.toHaveReceivedAnyCommand();
      nothingChanged();
    });

    it('refuses scope=all to an agent with 403 and lists it for a supervisor', async () => {
      // Prepare
      seed(taken(await sealedTask(), OTHER, 2));

      // Act
      const agentAll = await request(ROUTES.list, agent, { query: { scope: 'all' } });
      const supervisorAll = await request(ROUTES.list, supervisor, { query: { scope: 'all' } });
      const agentOffered = await request(ROUTES.list, agent);

      // Assess
      expect(codeOf(agentAll)).toEqual([403, 'forbidden']);
      expect(supervisorAll.statusCode).toBe(200);
      expect(bodyOf(supervisorAll).items).toHaveLength(1);
      expect(bodyOf(supervisorAll).items[0].heldBy).toBe(OTHER);
      expect(bodyOf(agentOffered)).toEqual({ items: [], nextCursor: null });
    });
  });

  describe('GET /v1/callbacks', () => {
    it('lists the offered tasks with the number masked, never cached', async () => {
      // Prepare
      const task = await sealedTask();
      seed(task);

      // Act
      const result = await request(ROUTES.list, agent, { query: { limit: '10' } });

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.headers?.['cache-control']).toBe('no-store');
      expect(bodyOf(result).items.map((i: { taskId: string }) => i.taskId)).toEqual([task.taskId]);
      expect(bodyOf(result).items[0]).toMatchObject({
        callerMasked: '138****5678',
        line: '12345',
        lineName: '12345热线',
      });
      expect(result.body).not.toContain(CALLER);
      expect(result.body).not.toContain(task.number?.ciphertext);
    });

    it.each([
      ['limit 0', { limit: '0' }, 'invalid_limit'],
      ['limit 101', { limit: '101' }, 'invalid_limit'],
      ['limit 1.5', { limit: '1.5' }, 'invalid_limit'],
      ['an unknown scope', { scope: 'mine' }, 'invalid_scope'],
      ['a cursor that is not one', { cursor: 'bm90LWEta2V5' }, 'invalid_cursor'],
      ['a cursor of another index partition', { cursor: foreignCursor() }, 'invalid_cursor'],
    ])('answers 400 for %s', async (_what, query, code) => {
      // Act
      const result = await request(ROUTES.list, agent, { query });

      // Assess
      expect(codeOf(result)).toEqual([400, code]);
      expect(ddb).not.toHaveReceivedCommand(QueryCommand);
    });
  });

  describe('POST /v1/callbacks/{taskId}/take', () => {
    it('records the take, then answers the number in clear to the taker, never cached and never logged', async () => {
      // Prepare
      const task = await sealedTask();
      seed(task);
      const info = vi.spyOn(logger, 'info');

      // Act
      const result = await request(ROUTES.take, agent, { taskId: task.taskId });

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.headers?.['cache-control']).toBe('no-store');
      expect(bodyOf(result)).toMatchObject({ taskId: task.taskId, callerNumber: CALLER, heldBy: AGENT });
      const stored = table.get(keyOf(task));
      expect(stored?.heldBy).toBe(AGENT);
      expect((stored?.history as { action: string }[] | undefined)?.at(-1)?.action).toBe('taken');
      expect(JSON.stringify(stored)).not.toContain(CALLER);
      expect(info).toHaveBeenCalledWith('callback task taken', { taskId: task.taskId, takenBy: AGENT });
      expect(JSON.stringify(info.mock.calls)).not.toContain(CALLER);
    });

    it("refuses another agent's held task with 409 held_by_other and shows no number", async () => {
      // Prepare
      const task = taken(await sealedTask(), AGENT, 2);
      seed(task);

      // Act
      const result = await request(ROUTES.take, otherAgent, { taskId: task.taskId });

      // Assess
      expect(codeOf(result)).toEqual([409, 'held_by_other']);
      expect(result.body).not.toContain(CALLER);
      nothingChanged();
    });

    it('answers 404 not_found for a well-formed id of no task', async () => {
      // Act
      const result = await request(ROUTES.take, agent, { taskId: `${'0'.repeat(24)}-1` });

      // Assess
      expect(codeOf(result)).toEqual([404, 'not_found']);
      nothingChanged();
    });

    it.each([
      ['empty', ''],
      ['a case id', 'wf-0123456789'],
      ['upper-case hex', `${'A'.repeat(24)}-1`],
      ['a short caller ref', `${'a'.repeat(23)}-1`],
      ['round 0', `${'a'.repeat(24)}-0`],
      ['a seven-digit round', `${'a'.repeat(24)}-1234567`],
      ['a path', '../../CASE#x'],
      ['a key', `CALLBACK#${'a'.repeat(24)}`],
      ['odd characters', `${'a'.repeat(24)}-1\u0000`],
      ['Chinese', '回拨任务-1'],
      ['an emoji', `${'a'.repeat(24)}-1😀`],
    ])('refuses %s as a task id with 400 before DynamoDB is asked', async (_what, taskId) => {
      // Act
      const take = await request(ROUTES.take, agent, { taskId });
      const attempt = await request(ROUTES.attempts, agent, { taskId, rawBody: '{not json' });

      // Assess
      expect(codeOf(take)).toEqual([400, 'invalid_task_id']);
      expect(codeOf(attempt)).toEqual([400, 'invalid_task_id']);
      expect(ddb).not.toHaveReceivedAnyCommand();
      nothingChanged();
    });
  });

  describe('POST /v1/callbacks/{taskId}/attempts', () => {
    it('records the holder’s attempt and answers the item with it', async () => {
      // Prepare
      const task = taken(await sealedTask(), AGENT, 2);
      seed(task);

      // Act
      const result = await request(ROUTES.attempts, agent, {
        taskId: task.taskId,
        body: { outcome: 'no_answer', note: '无人接听，稍后再拨' },
      });

      // Assess
      expect(result.statusCode).toBe(200);
      expect(bodyOf(result)).toMatchObject({
        taskId: task.taskId,
        status: 'open',
        attempts: 1,
        attempt: { at: NOW.toISOString(), by: AGENT, outcome: 'no_answer', note: '无人接听，稍后再拨' },
      });
      expect(bodyOf(result).case).toBeUndefined();
      expect(result.body).not.toContain(CALLER);
    });

    it('answers a reached attempt with an appeal with its case, queued as the first call’s', async () => {
      // Prepare
      const task = taken(await sealedTask(), AGENT, 2);
      seed(task);
      const appeal = { type: 'help', category: 'water-supply', district: 'gulou', content: '小区停水' };

      // Act
      const result = await request(ROUTES.attempts, agent, {
        taskId: task.taskId,
        body: { outcome: 'reached', appeal },
      });

      // Assess
      expect(result.statusCode).toBe(200);
      const body = bodyOf(result);
      expect(body.status).toBe('reached');
      expect(body.case).toEqual({ caseId: body.attempt.caseId, trackingNo: body.attempt.trackingNo });
      expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
      expect(result.body).not.toContain(CALLER);
    });

    it.each([
      ['an unknown outcome', { outcome: 'busy' }],
      ['a note over 500 characters', { outcome: 'no_answer', note: '备'.repeat(501) }],
      ['an appeal without reaching the caller', { outcome: 'no_answer', appeal: { type: 'help' } }],
      [
        'an appeal with no answer',
        {
          outcome: 'refused',
          appeal: { type: 'help', category: 'water-supply', district: 'gulou', content: '停水' },
        },
      ],
      ['an unknown field', { outcome: 'no_answer', callerNumber: '13800000000' }],
      ['no outcome', { note: '打了' }],
    ])('refuses %s with 422 validation_failed, changing nothing', async (_what, body) => {
      // Prepare
      const task = taken(await sealedTask(), AGENT, 2);
      seed(task);

      // Act
      const result = await request(ROUTES.attempts, agent, { taskId: task.taskId, body });

      // Assess
      expect(codeOf(result)).toEqual([422, 'validation_failed']);
      expect(bodyOf(result).error.message).toMatch(/[\u4e00-\u9fff]/);
      nothingChanged();
    });

    it('accepts a 500-character note with emoji and odd punctuation as it is', async () => {
      // Prepare
      const task = taken(await sealedTask(), AGENT, 2);
      seed(task);
      // 500 UTF-16 units (zod's length), the emoji whole: 33 × 15 + 5.
      const note = `${'「回拨」😀<script>&'.repeat(33)}${'备'.repeat(5)}`;

      // Act
      const result = await request(ROUTES.attempts, agent, {
        taskId: task.taskId,
        body: { outcome: 'refused', note },
      });

      // Assess
      expect(result.statusCode).toBe(200);
      expect(bodyOf(result).attempt.note).toBe(note);
    });

    it.each([
      ['a lone surrogate', `{"outcome":"no_answer","note":"\\ud800"}`, 422, 'invalid_characters'],
      ['malformed JSON', '{"outcome":', 400, 'malformed_json'],
    ])('refuses %s, changing nothing', async (_what, rawBody, status, code) => {
      // Prepare
      const task = taken(await sealedTask(), AGENT, 2);
      seed(task);

      // Act
      const result = await request(ROUTES.attempts, agent, { taskId: task.taskId, rawBody });

      // Assess
      expect(codeOf(result)).toEqual([status, code]);
      nothingChanged();
    });

    it.each([
      ["another agent's held task", (t: CallbackTask) => taken(t, OTHER, 2), 'not_held'],
      ['a task nobody took', (t: CallbackTask) => t, 'not_held'],
      [
        'a closed task',
        (t: CallbackTask) => {
          const done = recordCallbackAttempt(
            taken(t, AGENT, 1),
            AGENT,
            { outcome: 'wrong_number' },
            POLICY,
            at(2),
          );
          if (!done.ok) throw new Error(done.refusal.code);
          return done.task;
        },
        'not_open',
      ],
    ])('refuses an attempt on %s with 409, changing nothing', async (_what, make, code) => {
      // Prepare
      const task = make(await sealedTask());
      seed(task);

      // Act
      const result = await request(ROUTES.attempts, agent, {
        taskId: task.taskId,
        body: {
          outcome: 'reached',
          appeal: { type: 'help', category: 'water-supply', district: 'gulou', content: '停水' },
        },
      });

      // Assess
      expect(codeOf(result)).toEqual([409, code]);
      nothingChanged();
    });
  });
});

/** A well-formed cursor of the by-department-queue index, but of a department's queue. */
function foreignCursor(): string {
  const key = {
    pk: 'CASE#x',
    sk: 'CASE',
    deptQueue: 'DEPT#water-group#open',
    dueAt: '2026-11-23T00:00:00.000Z',
  };
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}
