import { ConditionalCheckFailedException, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { toDuplicateLinkItem } from '../../../shared/adapters/duplicate-link-item.js';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler, ROUTES } from '../../../functions/case-api/handler.js';
import { toItem } from '../../../shared/adapters/case-item.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { deriveCaseId } from '../../../shared/domain/identity.js';
import { type Actor, applyAction, type LifecycleAction } from '../../../shared/domain/lifecycle/index.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { httpEvent, TEST_ENV, testContext, withClaims } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);

/** Monday 2026-11-23 09:00 in Shanghai: the test case (received Friday) is due Friday 11-27. */
const NOW = new Date('2026-11-23T01:00:00Z');

type Claims = Record<string, string>;
const WATER: Claims = { sub: 'u-1', role: 'department', departmentId: 'water-group' };
const URBAN: Claims = { sub: 'u-2', role: 'department', departmentId: 'city-urban' };
const GULOU_GOV: Claims = { sub: 'u-3', role: 'department', departmentId: 'gulou-gov' };
const SUPERVISOR: Claims = { sub: 's-1', role: 'supervisor' };
const DISPATCHER: Claims = { sub: 'd-1', role: 'dispatcher' };
const AGENT: Claims = { sub: 'a-1', role: 'agent' };
const ANALYST: Claims = { sub: 'n-1', role: 'analyst' };

/** A help case received Friday 2026-11-20, dispatched to water-group with gulou-gov co-handling. */
function dispatchedCase(sourceId = 'fixture-key-1'): Case {
  const kase = createCase(testAppeal({ sourceId, caseId: deriveCaseId('webform', sourceId) }), {
    directory: TEST_DIRECTORY,
    calendar: WEEKENDS_ONLY,
    now: new Date('2026-11-20T02:00:05Z'),
  });
  return { ...kase, coHandlers: ['gulou-gov'] };
}

function advanced(kase: Case, action: LifecycleAction, actor: Actor): Case {
  const result = applyAction(kase, action, actor, { now: NOW, calendar: WEEKENDS_ONLY });
  if (!result.ok) throw new Error(result.refusal.code);
  return result.case;
}

const waterActor: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };

/** The cases the mocked table holds, by id. */
let table: Map<string, Case>;

async function call(event: APIGatewayProxyEventV2) {
  const result = (await handler(event, testContext('case-api'))) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    body: JSON.parse(result.body as string),
    headers: result.headers ?? {},
  };
}

function queue(claims: Claims | undefined, id: string, query?: Record<string, string>) {
  return call(
    withClaims(
      httpEvent({
        method: 'GET',
        path: `/v1/departments/${id}/cases`,
        routeKey: ROUTES.queue,
        pathParameters: { id },
        ...(query ? { query } : {}),
      }),
      claims,
    ),
  );
}

function getCase(claims: Claims | undefined, caseId: string) {
  return call(
    withClaims(
      httpEvent({
        method: 'GET',
        path: `/v1/cases/by-id/${caseId}`,
        routeKey: ROUTES.getCase,
        pathParameters: { caseId },
      }),
      claims,
    ),
  );
}

function act(
  claims: Claims | undefined,
  caseId: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return call(
    withClaims(
      httpEvent({
        method: 'POST',
        path: `/v1/cases/by-id/${caseId}/actions`,
        routeKey: ROUTES.act,
        pathParameters: { caseId },
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
      claims,
    ),
  );
}

function store(...cases: Case[]) {
  for (const kase of cases) table.set(kase.caseId, kase);
}

describe('Function: case-api', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });

  afterAll(() => {
    vi.useRealTimers();
  });

  beforeEach(() => {
    table = new Map();
    ddb.on(GetCommand).callsFake((input) => {
      const kase = table.get(String(input.Key.pk).replace(/^CASE#/, ''));
      return kase ? { Item: toItem(kase) } : {};
    });
    ddb.on(QueryCommand).callsFake(directoryQuery);
    ddb.on(PutCommand).resolves({});
  });

  afterEach(() => {
    ddb.reset();
  });

  describe('GET /v1/departments/{id}/cases', () => {
    it('lists a department its own queue by deadline, with a cursor to the next page', async () => {
      // Prepare
      const kase = dispatchedCase();
      const lastKey = {
        pk: `CASE#${kase.caseId}`,
        sk: 'CASE',
        deptQueue: 'DEPT#water-group#open',
        dueAt: kase.dueAt,
      };
      ddb
        .on(QueryCommand, { IndexName: 'by-department-queue' })
        .resolves({ Items: [toItem(kase)], LastEvaluatedKey: lastKey });

      // Act
      const { status, body, headers } = await queue(WATER, 'water-group', { limit: '1' });

      // Assess
      expect(status).toBe(200);
      expect(body.items).toEqual([
        {
          caseId: kase.caseId,
          trackingNo: kase.trackingNo,
          status: 'dispatched',
          type: 'help',
          urgency: 'normal',
          category: 'water-supply',
          district: 'gulou',
          receivedAt: kase.receivedAt,
          ackDueAt: kase.ackDueAt,
          dueAt: kase.dueAt,
          departmentId: 'water-group',
          version: 1,
          // 剩余工作日 on the stored calendar (weekends only here), counted from NOW.
          workingDaysLeft: 4,
        },
      ]);
      expect(body.nextCursor).toEqual(expect.any(String));
      expect(headers['cache-control']).toBe('no-store');
      expect(ddb).toReceiveCommandWith(QueryCommand, {
        IndexName: 'by-department-queue',
        KeyConditionExpression: 'deptQueue = :q',
        ExpressionAttributeValues: { ':q': 'DEPT#water-group#open' },
        ScanIndexForward: true,
        Limit: 1,
      });
    });

    it('passes the cursor back to DynamoDB as the start key of the next page', async () => {
      // Prepare
      const lastKey = {
        pk: 'CASE#c-1',
        sk: 'CASE',
        deptQueue: 'DEPT#water-group#open',
        dueAt: NOW.toISOString(),
      };
      ddb
        .on(QueryCommand, { IndexName: 'by-department-queue' })
        .resolvesOnce({ Items: [], LastEvaluatedKey: lastKey })
        .resolves({ Items: [] });
      const first = await queue(SUPERVISOR, 'water-group');

      // Act
      const { status, body } = await queue(SUPERVISOR, 'water-group', { cursor: first.body.nextCursor });

      // Assess
      expect(status).toBe(200);
      expect(body).toEqual({ items: [], nextCursor: null });
      expect(ddb).toReceiveCommandWith(QueryCommand, { ExclusiveStartKey: lastKey });
    });

    it('returns 404 to a department asking for another department queue, without reading it', async () => {
      // Act
      const { status, body } = await queue(URBAN, 'water-group');

      // Assess
      expect(status).toBe(404);
      expect(body.error.code).toBe('not_found');
      expect(ddb).not.toReceiveCommandWith(QueryCommand, { IndexName: 'by-department-queue' });
    });

    it.each([
      ['supervisor', SUPERVISOR],
      ['dispatcher', DISPATCHER],
      ['agent', AGENT],
    ])('lets a %s read any department queue', async (_role, claims) => {
      // Prepare
      ddb.on(QueryCommand, { IndexName: 'by-department-queue' }).resolves({ Items: [] });

      // Act
      const { status } = await queue(claims, 'city-urban');

      // Assess
      expect(status).toBe(200);
    });

    it('returns 403 to an analyst', async () => {
      // Act
      const { status, body } = await queue(ANALYST, 'water-group');

      // Assess
      expect(status).toBe(403);
      expect(body.error.code).toBe('forbidden');
    });

    it('returns 400 for a cursor of another queue and for a limit out of range', async () => {
      // Prepare
      const foreign = Buffer.from(
        JSON.stringify({
          pk: 'CASE#x',
          sk: 'CASE',
          deptQueue: 'DEPT#city-urban#open',
          dueAt: NOW.toISOString(),
        }),
      ).toString('base64url');

      // Act
      const badCursor = await queue(WATER, 'water-group', { cursor: foreign });
      const garbage = await queue(WATER, 'water-group', { cursor: '!!not-a-cursor' });
      const badLimit = await queue(WATER, 'water-group', { limit: '1000' });

      // Assess
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.error.code).toBe('invalid_cursor');
      expect(garbage.body.error.code).toBe('invalid_cursor');
      expect(badLimit.status).toBe(400);
      expect(badLimit.body.error.code).toBe('invalid_limit');
    });

    it('returns 401 without staff claims', async () => {
      // Act
      const { status, body } = await queue(undefined, 'water-group');

      // Assess
      expect(status).toBe(401);
      expect(body.error.code).toBe('unauthorized');
    });
  });

  describe('GET /v1/cases/by-id/{caseId}', () => {
    it('returns the full case with its history to the lead department', async () => {
      // Prepare
      const kase = dispatchedCase();
      store(kase);

      // Act
      const { status, body, headers } = await getCase(WATER, kase.caseId);

      // Assess
      expect(status).toBe(200);
      expect(body).toMatchObject({ caseId: kase.caseId, version: 1, content: kase.content });
      expect(body.history.map((h: { action: string }) => h.action)).toEqual(['receive', 'dispatch']);
      // The body's hash (shared/http/etag.ts): an action takes the version from the body instead.
      expect(headers.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    });

    it('lists the duplicates merged into the case at intake, from their link items', async () => {
      // Prepare
      const kase = dispatchedCase();
      store(kase);
      const link = toDuplicateLinkItem(kase.caseId, {
        duplicateCaseId: 'wxduplicate0000000000000001',
        duplicateTrackingNo: '261120-2345-6789',
        linkedAt: NOW.toISOString(),
        actor: 'system',
        note: '同一来电人 7 日内同类同区诉求，自动并单',
      });
      ddb
        .on(QueryCommand)
        .callsFake((input) =>
          input.IndexName === undefined && input.ExpressionAttributeValues?.[':dup'] === 'DUP#'
            ? { Items: [link], LastEvaluatedKey: { pk: link.pk, sk: link.sk } }
            : directoryQuery(input),
        );

      // Act
      const { status, body } = await getCase(SUPERVISOR, kase.caseId);

      // Assess
      expect(status).toBe(200);
      expect(body.duplicates).toEqual([
        {
          caseId: 'wxduplicate0000000000000001',
          trackingNo: '261120-2345-6789',
          linkedAt: NOW.toISOString(),
          actor: 'system',
        },
      ]);
      expect(body.duplicatesMore).toBe(true);
      expect(body.history.map((h: { action: string }) => h.action)).toEqual(['receive', 'dispatch']);
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :dup)',
        ExpressionAttributeValues: { ':pk': `CASE#${kase.caseId}`, ':dup': 'DUP#' },
        Limit: 100,
      });
    });

    it('lets a co-handling department read the case', async () => {
      // Prepare
      const kase = dispatchedCase();
      store(kase);

      // Act
      const { status } = await getCase(GULOU_GOV, kase.caseId);

      // Assess
      expect(status).toBe(200);
    });

    it('returns 404, not 403, to a department the case is not assigned to', async () => {
      // Prepare
      const kase = dispatchedCase();
      store(kase);

      // Act
      const foreign = await getCase(URBAN, kase.caseId);
      const missing = await getCase(URBAN, 'no-such-case');

      // Assess
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual(missing.body);
    });

    it('returns the case to a supervisor and 403 to an analyst', async () => {
      // Prepare
      const kase = dispatchedCase();
      store(kase);

      // Act
      const supervisor = await getCase(SUPERVISOR, kase.caseId);
      const analyst = await getCase(ANALYST, kase.caseId);

      // Assess
      expect(supervisor.status).toBe(200);
      expect(analyst.status).toBe(403);
    });
  });

  describe('POST /v1/cases/by-id/{caseId}/actions', () => {
    it('acknowledges the lead department case with a write conditioned on the version it read', async () => {
      // Prepare
      const kase = dispatchedCase();
      store(kase);

      // Act
      const { status, body, headers } = await act(WATER, kase.caseId, { action: 'acknowledge' });

      // Assess
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'acknowledged', version: 2 });
      expect(body.history.at(-1)).toMatchObject({
        action: 'acknowledge',
        actor: 'department:u-1@water-group',
        at: NOW.toISOString(),
      });
      // An action's answer is no representation to revalidate: the ETag is for GETs only.
      expect(headers.etag).toBeUndefined();
      expect(ddb).toReceiveCommandWith(PutCommand, {
        TableName: 'cases',
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': 1 },
        Item: expect.objectContaining({
          version: 2,
          status: 'acknowledged',
          deptQueue: 'DEPT#water-group#open',
        }),
      });
    });

    it('takes the case out of the department queue when it completes', async () => {
      // Prepare
      const kase = advanced(dispatchedCase(), { action: 'acknowledge' }, waterActor);
      store(kase);

      // Act
      const { status, body } = await act(WATER, kase.caseId, { action: 'complete', reply: '已恢复供水' });

      // Assess
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'completed', slaOutcome: 'on_time', reply: '已恢复供水' });
      const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
      expect(put?.Item).not.toHaveProperty('deptQueue');
    });

    it('returns 404 to another department acting on the case, and writes nothing', async () => {
      // Prepare
      const kase = dispatchedCase();
      store(kase);

      // Act
      const { status, body } = await act(URBAN, kase.caseId, { action: 'acknowledge' });

      // Assess
      expect(status).toBe(404);
      expect(body.error.code).toBe('not_found');
      expect(ddb).not.toReceiveCommand(PutCommand);
    });

    it('returns 403 to a co-handler acting on a case it may only read', async () => {
      // Prepare
      const kase = dispatchedCase();
      store(kase);

      // Act
      const { status, body } = await act(GULOU_GOV, kase.caseId, { action: 'acknowledge' });

      // Assess
      expect(status).toBe(403);
      expect(body.error.code).toBe('forbidden');
      expect(ddb).not.toReceiveCommand(PutCommand);
    });

    it('returns 403 to a role the action is not for', async () => {
      // Prepare
      const kase = dispatchedCase();
      store(kase);

      // Act
      const agent = await act(AGENT, kase.caseId, { action: 'acknowledge' });
      const analyst = await act(ANALYST, kase.caseId, { action: 'acknowledge' });

      // Assess
      expect(agent.status).toBe(403);
      expect(agent.body.error.code).toBe('forbidden');
      expect(analyst.status).toBe(403);
      expect(ddb).not.toReceiveCommand(PutCommand);
    });

    it('returns 409 for an illegal transition and writes nothing', async () => {
      // Prepare
      const kase = dispatchedCase();
      store(kase);

      // Act
      const { status, body } = await act(WATER, kase.caseId, { action: 'complete', reply: '已处理' });

      // Assess
      expect(status).toBe(409);
      expect(body.error.code).toBe('illegal_transition');
      expect(ddb).not.toReceiveCommand(PutCommand);
    });

    it('returns 409 version_conflict when another write lands first', async () => {
      // Prepare
      const kase = dispatchedCase();
      store(kase);
      ddb
        .on(PutCommand)
        .rejects(
          new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
        );

      // Act
      const { status, body } = await act(WATER, kase.caseId, { action: 'acknowledge' });

      // Assess
      expect(status).toBe(409);
      expect(body.error.code).toBe('version_conflict');
    });

    it('returns 409 version_conflict for a stale If-Match, before anything is written', async () => {
      // Prepare
      const kase = advanced(dispatchedCase(), { action: 'acknowledge' }, waterActor);
      store(kase);

      // Act
      const stale = await act(
        WATER,
        kase.caseId,
        { action: 'complete', reply: '已处理' },
        { 'if-match': '"1"' },
      );
      const fresh = await act(
        WATER,
        kase.caseId,
        { action: 'complete', reply: '已处理' },
        { 'if-match': '"2"' },
      );

      // Assess
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('version_conflict');
      expect(fresh.status).toBe(200);
      expect(ddb).toReceiveCommandTimes(PutCommand, 1);
    });

    it('returns 422 for a body that is not a lifecycle action', async () => {
      // Prepare
      const kase = dispatchedCase();
      store(kase);

      // Act
      const unknown = await act(WATER, kase.caseId, { action: 'teleport' });
      const missingReply = await act(WATER, kase.caseId, { action: 'complete' });

      // Assess
      expect(unknown.status).toBe(422);
      expect(unknown.body.error.code).toBe('validation_failed');
      expect(missingReply.status).toBe(422);
      expect(ddb).not.toReceiveCommand(PutCommand);
    });

    it('returns 422 case_too_large when the table refuses the item as too large, not a 503', async () => {
      // Prepare: the core's estimate let the case through, and DynamoDB still refused its size
      const kase = dispatchedCase();
      store(kase);
      ddb.on(PutCommand).rejects(
        new DynamoDBServiceException({
          name: 'ValidationException',
          $fault: 'client',
          $metadata: {},
          message: 'Item size has exceeded the maximum allowed size',
        }),
      );

      // Act
      const { status, body } = await act(WATER, kase.caseId, { action: 'acknowledge' });

      // Assess
      expect(status).toBe(422);
      expect(body.error.code).toBe('case_too_large');
    });

    it('returns 422 validation_failed naming a note longer than the bound, and writes nothing', async () => {
      // Prepare
      const kase = dispatchedCase();
      store(kase);

      // Act
      const { status, body } = await act(WATER, kase.caseId, {
        action: 'pause',
        reason: 'third_party',
        note: '等'.repeat(2000),
      });

      // Assess
      expect(status).toBe(422);
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details).toEqual([expect.objectContaining({ path: 'note' })]);
      expect(ddb).not.toReceiveCommand(PutCommand);
    });

    it('returns 422 for a return without a known reason code', async () => {
      // Prepare
      const kase = dispatchedCase();
      store(kase);

      // Act
      const { status, body } = await act(WATER, kase.caseId, { action: 'return', reason: 'too_busy' });

      // Assess
      expect(status).toBe(422);
      expect(body.error.code).toBe('invalid_reason');
    });

    it('moves the deadline when a supervisor approves a department extension request', async () => {
      // Prepare
      const requestedDueAt = '2026-12-02T15:59:59.000Z';
      const acknowledged = advanced(dispatchedCase(), { action: 'acknowledge' }, waterActor);
      store(acknowledged);
      const requested = await act(WATER, acknowledged.caseId, {
        action: 'request_extension',
        reason: '需协调管网抢修',
        requestedDueAt,
      });
      store(requested.body as Case);

      // Act
      const byDepartment = await act(WATER, acknowledged.caseId, { action: 'approve_extension' });
      const bySupervisor = await act(SUPERVISOR, acknowledged.caseId, { action: 'approve_extension' });

      // Assess
      expect(requested.status).toBe(200);
      expect(requested.body.pendingExtension).toMatchObject({ requestedDueAt });
      expect(byDepartment.status).toBe(403);
      expect(bySupervisor.status).toBe(200);
      expect(bySupervisor.body).toMatchObject({ dueAt: requestedDueAt, extensionsApproved: 1, version: 4 });
    });

    it('requests a correction: the clock pauses, the request and its notice are written in one put', async () => {
      // Prepare
      vi.stubEnv('CORRECTION_DAYS', '3');
      const kase = advanced(dispatchedCase(), { action: 'acknowledge' }, waterActor);
      store(kase);

      // Act
      const { status, body } = await act(WATER, kase.caseId, {
        action: 'request_correction',
        question: '请补充门牌号',
      });

      // Assess
      expect(status).toBe(200);
      expect(body.pausedSince).toMatchObject({ reason: 'awaiting_correction', at: NOW.toISOString() });
      // Monday 09:00 plus 3 working days: Thursday 11-26 23:59:59 in Shanghai.
      expect(body.correction).toMatchObject({ question: '请补充门牌号', dueAt: '2026-11-26T15:59:59.000Z' });
      expect(ddb.commandCalls(PutCommand)).toHaveLength(1);
      expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item?.notices).toEqual([
        expect.objectContaining({ kind: 'correction_request', state: 'queued' }),
      ]);
      vi.stubEnv('CORRECTION_DAYS', '');
    });

    it('refuses the department a resume while the correction is open (409 correction_open)', async () => {
      // Prepare
      const kase = advanced(
        advanced(dispatchedCase(), { action: 'acknowledge' }, waterActor),
        { action: 'request_correction', question: '请补充门牌号' },
        waterActor,
      );
      store(kase);

      // Act
      const resumed = await act(WATER, kase.caseId, { action: 'resume' });
      const closedEarly = await act(SUPERVISOR, kase.caseId, { action: 'close_uncorrected' });
      const withPhotos = await act(AGENT, kase.caseId, {
        action: 'answer_correction',
        answer: '12号',
        via: 'phone',
        attachments: ['uploads/2026/11/23/00000000-0000-4000-8000-000000000000.png'],
      });

      // Assess
      expect(resumed.status).toBe(409);
      expect(resumed.body.error.code).toBe('correction_open');
      expect(closedEarly.status).toBe(409);
      expect(closedEarly.body.error.code).toBe('not_due');
      expect(withPhotos.status).toBe(422);
      expect(withPhotos.body.error.code).toBe('invalid_attachment');
      expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
    });

    it('records an agent’s answer taken by phone, resuming the clock; a second is 409 no_open_correction', async () => {
      // Prepare
      const kase = advanced(
        advanced(dispatchedCase(), { action: 'acknowledge' }, waterActor),
        { action: 'request_correction', question: '请补充门牌号' },
        waterActor,
      );
      store(kase);

      // Act
      const answered = await act(AGENT, kase.caseId, {
        action: 'answer_correction',
        answer: '12号',
        via: 'phone',
      });
      store(answered.body as Case);
      const again = await act(AGENT, kase.caseId, {
        action: 'answer_correction',
        answer: '12号',
        via: 'phone',
      });

      // Assess
      expect(answered.status).toBe(200);
      expect(answered.body.pausedSince).toBeUndefined();
      expect(answered.body.correction).toMatchObject({ answer: '12号', answeredVia: 'phone' });
      expect(answered.body.history.at(-1)).toMatchObject({ action: 'answer_correction', actor: 'agent:a-1' });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('no_open_correction');
    });

    it('returns 422 for an extension beyond the policy', async () => {
      // Prepare
      const kase = advanced(dispatchedCase(), { action: 'acknowledge' }, waterActor);
      store(kase);

      // Act
      const { status, body } = await act(WATER, kase.caseId, {
        action: 'request_extension',
        reason: '需协调管网抢修',
        requestedDueAt: '2027-03-01T00:00:00.000Z',
      });

      // Assess
      expect(status).toBe(422);
      expect(body.error.code).toBe('extension_beyond_policy');
    });

    it('lets a dispatcher dispatch a pending case to a department of the directory only', async () => {
      // Prepare
      const pending = createCase(
        testAppeal({
          sourceId: 'pending-key',
          caseId: deriveCaseId('webform', 'pending-key'),
          category: 'other',
        }),
        { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: new Date('2026-11-20T02:00:05Z') },
      );
      store(pending);

      // Act
      const unknown = await act(DISPATCHER, pending.caseId, {
        action: 'dispatch',
        departmentId: 'no-such-dept',
      });
      const known = await act(DISPATCHER, pending.caseId, { action: 'dispatch', departmentId: 'city-urban' });

      // Assess
      expect(pending.status).toBe('pending_dispatch');
      expect(unknown.status).toBe(422);
      expect(unknown.body.error.code).toBe('unknown_department');
      expect(known.status).toBe(200);
      expect(known.body).toMatchObject({ status: 'dispatched', departmentId: 'city-urban' });
      expect(ddb).toReceiveCommandWith(PutCommand, {
        Item: expect.objectContaining({ deptQueue: 'DEPT#city-urban#open' }),
      });
    });

    it('merges a duplicate into its master and records it in the master history', async () => {
      // Prepare
      const master = dispatchedCase('master-key');
      const duplicate = dispatchedCase('duplicate-key');
      store(master, duplicate);

      // Act
      const { status, body } = await act(DISPATCHER, duplicate.caseId, {
        action: 'merge',
        masterCaseId: master.caseId,
      });

      // Assess
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'merged', mergedInto: master.caseId });
      expect(ddb).toReceiveCommandWith(PutCommand, {
        Item: expect.objectContaining({ caseId: master.caseId, version: 2 }),
        ExpressionAttributeValues: { ':expected': 1 },
      });
      const masterPut = ddb
        .commandCalls(PutCommand)
        .map((c) => c.args[0].input.Item as Case)
        .find((item) => item.caseId === master.caseId);
      expect(masterPut?.history.at(-1)).toMatchObject({ action: 'link_duplicate', note: duplicate.caseId });
    });

    it('returns 422 invalid_merge for a master case that does not exist', async () => {
      // Prepare
      const duplicate = dispatchedCase('duplicate-key');
      store(duplicate);

      // Act
      const { status, body } = await act(DISPATCHER, duplicate.caseId, {
        action: 'merge',
        masterCaseId: 'nope',
      });

      // Assess
      expect(status).toBe(422);
      expect(body.error.code).toBe('invalid_merge');
      expect(ddb).not.toReceiveCommand(PutCommand);
    });

    it('returns 401 without staff claims', async () => {
      // Prepare
      const kase = dispatchedCase();
      store(kase);

      // Act
      const { status } = await act(undefined, kase.caseId, { action: 'acknowledge' });

      // Assess
      expect(status).toBe(401);
    });
  });

  describe('GET /v1/supervision/cases', () => {
    function supervision(claims: Claims | undefined, query?: Record<string, string>) {
      return call(
        withClaims(
          httpEvent({
            method: 'GET',
            path: '/v1/supervision/cases',
            routeKey: ROUTES.supervision,
            ...(query ? { query } : {}),
          }),
          claims,
        ),
      );
    }

    it('lists a supervisor the dissatisfied cases with their department and rating', async () => {
      // Prepare
      const acknowledged = advanced(dispatchedCase(), { action: 'acknowledge' }, waterActor);
      const completed = advanced(acknowledged, { action: 'complete', reply: '已修复' }, waterActor);
      const rated = advanced(
        completed,
        { action: 'rate', rating: 'dissatisfied', comment: '没有修好' },
        { role: 'citizen', id: 'citizen' },
      );
      ddb.on(QueryCommand, { IndexName: 'by-department-queue' }).resolves({ Items: [toItem(rated)] });

      // Act
      const { status, body } = await supervision(SUPERVISOR, { queue: 'dissatisfied', limit: '10' });

      // Assess
      expect(status).toBe(200);
      expect(body.items).toEqual([
        expect.objectContaining({
          caseId: rated.caseId,
          status: 'dissatisfied',
          departmentId: 'water-group',
          feedback: { rating: 'dissatisfied', comment: '没有修好', at: NOW.toISOString(), via: 'web' },
        }),
      ]);
      expect(body.nextCursor).toBeNull();
      expect(ddb).toReceiveCommandWith(QueryCommand, {
        IndexName: 'by-department-queue',
        ExpressionAttributeValues: { ':q': 'QUEUE#supervisor#dissatisfied' },
        Limit: 10,
      });
    });

    it('lists a supervisor the extension requests waiting for a decision, on the review index', async () => {
      // Prepare
      const acknowledged = advanced(dispatchedCase(), { action: 'acknowledge' }, waterActor);
      const requestedDueAt = new Date(new Date(acknowledged.dueAt).getTime() + 86_400_000).toISOString();
      const requested = advanced(
        acknowledged,
        { action: 'request_extension', reason: '需协调管网抢修', requestedDueAt },
        waterActor,
      );
      ddb.on(QueryCommand, { IndexName: 'by-review-queue' }).resolves({ Items: [toItem(requested)] });

      // Act
      const { status, body } = await supervision(SUPERVISOR, { queue: 'extension' });

      // Assess
      expect(status).toBe(200);
      expect(body.items).toEqual([
        expect.objectContaining({
          caseId: requested.caseId,
          departmentId: 'water-group',
          pendingExtension: expect.objectContaining({ reason: '需协调管网抢修', requestedDueAt }),
        }),
      ]);
      expect(ddb).toReceiveCommandWith(QueryCommand, {
        IndexName: 'by-review-queue',
        KeyConditionExpression: 'reviewQueue = :q',
        ExpressionAttributeValues: { ':q': 'QUEUE#supervisor#extension' },
      });
      // The request keeps the case in its department's queue, and leaves the review queue once decided.
      expect(toItem(requested)).toMatchObject({
        deptQueue: 'DEPT#water-group#open',
        reviewQueue: expect.any(String),
      });
      const decided = advanced(requested, { action: 'reject_extension' }, { role: 'supervisor', id: 's-1' });
      expect(toItem(decided).reviewQueue).toBeUndefined();
    });

    it('returns 403 to any role but a supervisor, and 400 for an unknown queue, without a query', async () => {
      // Act
      const results = await Promise.all([
        supervision(WATER, { queue: 'dissatisfied' }),
        supervision(DISPATCHER, { queue: 'dissatisfied' }),
        supervision(SUPERVISOR, { queue: 'overdue' }),
        supervision(SUPERVISOR),
      ]);

      // Assess
      expect(results.map((r) => [r.status, r.body.error.code])).toEqual([
        [403, 'forbidden'],
        [403, 'forbidden'],
        [400, 'invalid_queue'],
        [400, 'invalid_queue'],
      ]);
      expect(ddb).not.toReceiveCommandWith(QueryCommand, { IndexName: 'by-department-queue' });
    });

    it('refuses a department queue cursor on the supervisors queue', async () => {
      // Prepare
      const cursor = Buffer.from(
        JSON.stringify({
          pk: 'CASE#c-1',
          sk: 'CASE',
          deptQueue: 'DEPT#water-group#open',
          dueAt: NOW.toISOString(),
        }),
      ).toString('base64url');

      // Act
      const { status, body } = await supervision(SUPERVISOR, { queue: 'dissatisfied', cursor });

      // Assess
      expect(status).toBe(400);
      expect(body.error.code).toBe('invalid_cursor');
    });
  });

  describe('GET /v1/dispatch/cases', () => {
    function dispatchQueue(claims: Claims | undefined) {
      return call(
        withClaims(
          httpEvent({ method: 'GET', path: '/v1/dispatch/cases', routeKey: ROUTES.dispatch }),
          claims,
        ),
      );
    }

    it('lists a dispatcher the returned cases with why and by whom they came back', async () => {
      // Prepare
      const returned = advanced(
        dispatchedCase(),
        { action: 'return', reason: 'wrong_district', note: '属台江区' },
        waterActor,
      );
      ddb.on(QueryCommand, { IndexName: 'by-department-queue' }).resolves({ Items: [toItem(returned)] });

      // Act
      const { status, body } = await dispatchQueue(DISPATCHER);

      // Assess
      expect(status).toBe(200);
      expect(body.items).toEqual([
        expect.objectContaining({
          caseId: returned.caseId,
          status: 'returned',
          returned: expect.objectContaining({
            action: 'return',
            note: expect.stringContaining('wrong_district'),
          }),
        }),
      ]);
      expect(ddb).toReceiveCommandWith(QueryCommand, {
        IndexName: 'by-department-queue',
        ExpressionAttributeValues: { ':q': 'QUEUE#dispatch' },
      });
    });

    it('lists a call whose category and district the catalogue did not resolve with what the agent typed', async () => {
      // Prepare
      const held = createCase(
        testAppeal({
          channel: 'hotline',
          category: 'other',
          district: 'unknown',
          typedCategory: '井盖被偷了',
          typedDistrict: '火星区',
        }),
        { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: NOW },
      );
      ddb.on(QueryCommand, { IndexName: 'by-department-queue' }).resolves({ Items: [toItem(held)] });

      // Act
      const { status, body } = await dispatchQueue(DISPATCHER);

      // Assess
      expect(status).toBe(200);
      expect(body.items).toEqual([
        expect.objectContaining({
          caseId: held.caseId,
          status: 'pending_dispatch',
          typedCategory: '井盖被偷了',
          typedDistrict: '火星区',
        }),
      ]);
    });

    it('returns 403 to departments and analysts, without a query', async () => {
      // Act
      const results = await Promise.all([dispatchQueue(WATER), dispatchQueue(ANALYST)]);

      // Assess
      expect(results.map((r) => [r.status, r.body.error.code])).toEqual([
        [403, 'forbidden'],
        [403, 'forbidden'],
      ]);
      expect(ddb).not.toReceiveCommandWith(QueryCommand, { IndexName: 'by-department-queue' });
    });

    it('keeps a case in the dispatchers queue only while it waits for a dispatcher', () => {
      // Prepare
      const dispatched = dispatchedCase();
      const returned = advanced(dispatched, { action: 'return', reason: 'wrong_district' }, waterActor);
      const redispatched = advanced(
        returned,
        { action: 'redispatch', departmentId: 'water-group' },
        { role: 'dispatcher', id: 'd-1' },
      );

      // Act
      const queues = [dispatched, returned, redispatched].map((k) => toItem(k).deptQueue);

      // Assess
      expect(queues).toEqual(['DEPT#water-group#open', 'QUEUE#dispatch', 'DEPT#water-group#open']);
    });
  });

  describe('ids and cursors DynamoDB would refuse', () => {
    /** DynamoDB's answer to an empty key value or a partition key over 2,048 bytes. */
    const refused = Object.assign(new Error('One or more parameter values were invalid'), {
      name: 'ValidationException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    const tooLong = (key: Record<string, unknown> | undefined) =>
      Object.values(key ?? {}).some((v) => v === '' || Buffer.byteLength(String(v)) > 1024);

    beforeEach(() => {
      ddb.on(GetCommand).callsFake((input) => {
        if (tooLong(input.Key)) throw refused;
        const kase = table.get(String(input.Key.pk).replace(/^CASE#/, ''));
        return kase ? { Item: toItem(kase) } : {};
      });
      ddb.on(QueryCommand).callsFake((input) => {
        if (tooLong(input.ExclusiveStartKey)) throw refused;
        return directoryQuery(input);
      });
    });

    it('answers a case id no case can have with 400 invalid_case_id', async () => {
      // Act
      const { status, body } = await getCase(DISPATCHER, 'x'.repeat(2100));

      // Assess
      expect(status).toBe(400);
      expect(body.error.code).toBe('invalid_case_id');
    });

    it('answers a master case id no case can have with 400 invalid_case_id and writes nothing', async () => {
      // Prepare
      const duplicate = dispatchedCase('duplicate-key');
      store(duplicate);

      // Act
      const { status, body } = await act(DISPATCHER, duplicate.caseId, {
        action: 'merge',
        masterCaseId: 'x'.repeat(2100),
      });

      // Assess
      expect(status).toBe(400);
      expect(body.error.code).toBe('invalid_case_id');
      expect(ddb).not.toReceiveCommand(PutCommand);
    });

    it.each([
      ['an empty key', { pk: '' }],
      ['an oversized key', { pk: `CASE#${'x'.repeat(2100)}` }],
      ['an oversized sort value', { dueAt: 'x'.repeat(2100) }],
    ])('answers a cursor with %s with 400 invalid_cursor', async (_what, overrides) => {
      // Prepare
      const cursor = Buffer.from(
        JSON.stringify({
          pk: 'CASE#c-1',
          sk: 'CASE',
          deptQueue: 'DEPT#water-group#open',
          dueAt: NOW.toISOString(),
          ...overrides,
        }),
      ).toString('base64url');

      // Act
      const { status, body } = await queue(WATER, 'water-group', { cursor });

      // Assess
      expect(status).toBe(400);
      expect(body.error.code).toBe('invalid_cursor');
    });
  });
});
