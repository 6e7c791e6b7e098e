import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler, ROUTES } from '../../../functions/agent-desk/handler.js';
import { agentCallKeys } from '../../../shared/adapters/call-item.js';
import { toItem } from '../../../shared/adapters/case-item.js';
import { type AppealMessage, AppealMessageSchema } from '../../../shared/domain/appeal.js';
import { CallRecordSchema, toAppealFromCall, toCallItem } from '../../../shared/domain/call-record.js';
import { createCase } from '../../../shared/domain/case.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { citizenRequest } from '../domain/disclosure/fixtures.js';
import { makeIdNumber } from '../domain/disclosure/numbers.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { callRecord } from '../fixtures/hotline.js';
import { httpEvent, TEST_ENV, testContext, withClaims } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const KEY = TEST_ENV.CONTACT_HASH_KEY;
const NOW = new Date('2026-11-23T02:00:00Z');
const CALLER = '13912345678';
const MARKS = 'request-marks';
const DISCLOSURE_ID = makeIdNumber('110105', '19870615', '006');

const agent = { sub: 'u-agent', role: 'agent', agentId: 'a-017' };
const otherAgent = { sub: 'u-agent-2', role: 'agent', agentId: 'a-099' };
const supervisor = { sub: 'u-super', role: 'supervisor' };

/** The CTI's record of the call with no appeal yet, as the dispatcher stored it (index keys included). */
function storedCall(overrides: Record<string, unknown> = {}) {
  const { appeal: _none, ...record } = callRecord(overrides);
  const call = toCallItem(CallRecordSchema.parse(record), KEY);
  return { ...call, ...agentCallKeys(call) };
}

/** The appeal the agent types: the fixture's, with the caller's number to call back on. */
function typed(overrides: Record<string, unknown> = {}) {
  return { ...(callRecord().appeal as Record<string, unknown>), callbackPhone: CALLER, ...overrides };
}

/** The Appeal the CTI's own record carrying `appeal` gives: what the desk must queue too. */
function ctiAppeal(appeal: Record<string, unknown>) {
  return toAppealFromCall(CallRecordSchema.parse(callRecord({ appeal })), KEY);
}

interface Tables {
  calls?: Record<string, unknown>[];
  cases?: Record<string, unknown>[];
}

function tables({ calls = [storedCall()], cases = [] }: Tables = {}) {
  const items = [...calls, ...cases];
  ddb.on(GetCommand).callsFake((input) => ({
    Item: items.find((i) => i.pk === input.Key.pk && i.sk === input.Key.sk),
  }));
  ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    const values = input.ExpressionAttributeValues ?? {};
    if (input.IndexName === 'by-department-queue') {
      const listed = items.filter((i) => i.deptQueue === values[':q'] && String(i.dueAt) >= values[':since']);
      return { Items: listed.sort((a, b) => String(b.dueAt).localeCompare(String(a.dueAt))) };
    }
    if (input.IndexName === 'by-caller') return { Items: items.filter((i) => i.callerKey === values[':c']) };
    return directoryQuery(input);
  });
  ddb.on(BatchGetCommand).callsFake((input) => {
    const [table, request] = Object.entries(input.RequestItems ?? {})[0] as [
      string,
      { Keys: { pk: string }[] },
    ];
    return { Responses: { [table]: items.filter((i) => request.Keys.some((k) => k.pk === i.pk)) } };
  });
}

function request(
  route: string,
  claims: Record<string, string> | undefined,
  options: {
    callId?: string;
    body?: unknown;
    query?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
): Promise<APIGatewayProxyStructuredResultV2> {
  const [method, path] = route.split(' ') as [string, string];
  const callId = options.callId ?? 'cti-unit-0001';
  const event = httpEvent({
    method,
    path: path.replace('{callId}', callId),
    routeKey: route,
    ...(path.includes('{callId}') ? { pathParameters: { callId } } : {}),
    ...(options.query ? { query: options.query } : {}),
    headers: {
      ...options.headers,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return handler(
    withClaims(event, claims),
    testContext('agent-desk'),
  ) as Promise<APIGatewayProxyStructuredResultV2>;
}

const bodyOf = (result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body as string);

function queuedMessage(): AppealMessage {
  expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
  const body = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string;
  return AppealMessageSchema.parse(JSON.parse(body));
}

function caseOf(appeal: Record<string, unknown>) {
  const made = ctiAppeal(appeal);
  if (!made) throw new Error('no appeal');
  return toItem(createCase(made, { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: NOW }));
}

describe('Function: agent-desk', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries({ ...TEST_ENV, REQUEST_MARKS_TABLE_NAME: MARKS })) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    ddb.on(PutCommand).resolves({});
  });

  afterEach(() => {
    vi.useRealTimers();
    ddb.reset();
    sqs.reset();
  });

  describe('GET /v1/agent/calls', () => {
    it("lists the agent's answered calls of the last 12 hours, newest first, with the case once it exists", async () => {
      // Prepare
      const earlier = storedCall({
        callId: 'cti-unit-0000',
        startedAt: '2026-11-23T08:01:00+08:00',
        queuedAt: '2026-11-23T08:01:30+08:00',
        answeredAt: '2026-11-23T08:02:00+08:00',
        endedAt: '2026-11-23T08:05:00+08:00',
        recordedAt: '2026-11-23T08:05:01+08:00',
      });
      tables({ calls: [earlier, storedCall()], cases: [caseOf(typed())] });

      // Act
      const result = await request(ROUTES.calls, agent);

      // Assess
      expect(result.statusCode).toBe(200);
      const { items } = bodyOf(result);
      expect(items.map((i: { callId: string }) => i.callId)).toEqual(['cti-unit-0001', 'cti-unit-0000']);
      expect(items[0]).toMatchObject({
        line: '12345',
        callerMasked: '139****5678',
        answeredAt: '2026-11-23T01:14:39.000Z',
        disposition: 'answered',
        caseId: ctiAppeal(typed())?.caseId,
        trackingNo: ctiAppeal(typed())?.trackingNo,
      });
      expect(items[1].trackingNo).toBeUndefined();
      expect(result.body).not.toContain(CALLER);
      expect(result.body).not.toContain('callerHash');
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        IndexName: 'by-department-queue',
        ExpressionAttributeValues: { ':q': 'AGENT#a-017', ':since': '2026-11-22T14:00:00.000Z' },
        ScanIndexForward: false,
      });
    });

    it('answers a strong ETag and 304 to a poll whose list has not changed', async () => {
      // Prepare
      tables();
      const first = await request(ROUTES.calls, agent);
      const etag = String(first.headers?.etag);

      // Act
      const again = await request(ROUTES.calls, agent, { headers: { 'if-none-match': etag } });

      // Assess
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(again.statusCode).toBe(304);
      expect(again.body).toBeUndefined();
      expect(again.headers).toMatchObject({ etag, 'cache-control': 'no-store' });
    });

    it("lets a supervisor read an agent's list by ?agentId=", async () => {
      // Prepare
      tables();

      // Act
      const result = await request(ROUTES.calls, supervisor, { query: { agentId: 'a-017' } });

      // Assess
      expect(result.statusCode).toBe(200);
      expect(bodyOf(result).items).toHaveLength(1);
    });

    it.each([
      ['an agent without a 工号', { sub: 'u-x', role: 'agent' }, {}, 403, 'agent_id_missing'],
      ["an agent asking for another agent's calls", agent, { agentId: 'a-099' }, 403, 'forbidden'],
      ['a supervisor naming no agent', supervisor, {}, 400, 'agent_id_required'],
      ['an agentId over 64 characters', supervisor, { agentId: 'a'.repeat(65) }, 400, 'invalid_agent_id'],
      [
        'a department user',
        { sub: 'u-d', role: 'department', departmentId: 'water-group' },
        {},
        403,
        'forbidden',
      ],
      ['no staff identity', undefined, {}, 401, 'unauthorized'],
    ])('refuses %s', async (_, claims, query, status, code) => {
      // Prepare
      tables();

      // Act
      const result = await request(ROUTES.calls, claims as Record<string, string> | undefined, { query });

      // Assess
      expect(result.statusCode).toBe(status);
      expect(bodyOf(result).error.code).toBe(code);
      expect(ddb).not.toHaveReceivedCommand(QueryCommand);
    });
  });

  describe('GET /v1/calls/{callId}', () => {
    it("answers the call, masked, and the caller's earlier cases by the keyed caller hash", async () => {
      // Prepare
      const own = caseOf(typed());
      const earlier = caseOf(typed({ content: '上个月的停水投诉' }));
      Object.assign(earlier, { pk: 'CASE#ht-earlier', caseId: 'ht-earlier', trackingNo: 'HT-EARLIER' });
      tables({ cases: [own, earlier] });

      // Act
      const result = await request(ROUTES.call, { sub: 'u-disp', role: 'dispatcher' });

      // Assess
      expect(result.statusCode).toBe(200);
      const body = bodyOf(result);
      expect(body.call).toMatchObject({
        callId: 'cti-unit-0001',
        callerMasked: '139****5678',
        caseId: own.caseId,
      });
      expect(body.callerCases).toEqual([
        expect.objectContaining({
          caseId: 'ht-earlier',
          trackingNo: 'HT-EARLIER',
          version: 1,
          status: 'dispatched',
        }),
      ]);
      expect(result.body).not.toContain(CALLER);
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        IndexName: 'by-caller',
        ExpressionAttributeValues: { ':c': own.callerKey },
      });
    });

    it('answers 404 call_not_found for an unknown call and 400 for a malformed id', async () => {
      // Prepare
      tables();

      // Act
      const unknown = await request(ROUTES.call, agent, { callId: 'cti-nope' });
      const malformed = await request(ROUTES.call, agent, { callId: 'a/b c' });

      // Assess
      expect([unknown.statusCode, bodyOf(unknown).error.code]).toEqual([404, 'call_not_found']);
      expect([malformed.statusCode, bodyOf(malformed).error.code]).toEqual([400, 'invalid_call_id']);
    });
  });

  describe('POST /v1/calls/{callId}/appeal', () => {
    it('queues a 政府信息公开申请 typed for the call as a disclosure appeal, the number never in clear', async () => {
      // Prepare
      vi.stubEnv('DISCLOSURE_IDENTITY_KEY', 'unit-test-identity-key');
      tables();
      const { arrival: _arrival, ...request_ } = citizenRequest({ departmentId: 'housing-bureau' });
      const body = typed({
        type: 'disclosure',
        content: '来电申请公开老旧小区改造立项批复',
        disclosureRequest: request_,
      });

      // Act
      const result = await request(ROUTES.appeal, agent, { body });

      // Assess
      expect(result.statusCode).toBe(202);
      const text = sqs.commandCalls(SendMessageCommand)[0]?.args[0].input.MessageBody as string;
      const message = queuedMessage();
      expect(message.appeal).toMatchObject({
        type: 'disclosure',
        category: 'gov-info-disclosure',
        contact: { verifiedBy: 'network_caller' },
        disclosureRequest: {
          arrival: { way: 'phone', callId: 'cti-unit-0001' },
          departmentId: 'housing-bureau',
        },
      });
      expect(text.toLowerCase()).not.toContain(DISCLOSURE_ID.toLowerCase());
    });

    it('refuses a 政府信息公开申请 that does not validate with 422 invalid_request and queues nothing', async () => {
      // Prepare
      vi.stubEnv('DISCLOSURE_IDENTITY_KEY', 'unit-test-identity-key');
      tables();
      const { arrival: _arrival, ...request_ } = citizenRequest({ departmentId: 'no-such-body' });

      // Act
      const result = await request(ROUTES.appeal, agent, {
        body: typed({ type: 'disclosure', disclosureRequest: request_ }),
      });

      // Assess
      expect(result.statusCode).toBe(422);
      expect(bodyOf(result).error).toMatchObject({
        code: 'invalid_request',
        problems: [expect.objectContaining({ path: 'departmentId', code: 'unknown_department' })],
      });
      expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
    });

    it("queues exactly the Appeal the CTI's own record carrying it would give, and answers 202", async () => {
      // Prepare
      tables();

      // Act
      const result = await request(ROUTES.appeal, agent, { body: typed() });

      // Assess
      const expected = ctiAppeal(typed());
      expect(result.statusCode).toBe(202);
      expect(bodyOf(result)).toEqual({ trackingNo: expected?.trackingNo, caseId: expected?.caseId });
      const message = queuedMessage();
      expect(message.appeal).toEqual(expected);
      expect(message.appeal.contact.verifiedBy).toBe('network_caller');
      // The original reads as a call record: the completion notice finds the number in it.
      expect(JSON.parse(message.raw.body)).toMatchObject({ callId: 'cti-unit-0001', caller: CALLER });
      expect(message.raw.headers).toEqual({
        'x-entered-by': 'agent:u-agent#a-017',
        'x-entered-via': 'agent-desk',
      });
      expect(ddb).toHaveReceivedCommandWith(PutCommand, {
        TableName: MARKS,
        Item: expect.objectContaining({ pk: 'CALLAPPEAL#cti-unit-0001', details: bodyOf(result) }),
        ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      });
    });

    it('queues a direct answer (直接办结) as the CTI would: the case is created completed', async () => {
      // Prepare
      tables({ calls: [storedCall()] });
      const direct = typed({
        type: 'consultation',
        answeredDirectly: true,
        reply: '已告知停水原因及恢复时间',
      });

      // Act
      const result = await request(ROUTES.appeal, supervisor, { body: direct });

      // Assess
      expect(result.statusCode).toBe(202);
      expect(queuedMessage().appeal).toEqual(ctiAppeal(direct));
      expect(queuedMessage().appeal.resolution).toMatchObject({
        by: 'agent:a-017',
        reply: '已告知停水原因及恢复时间',
      });
    });

    it('keeps a callback number other than the calling one unverified, as the CTI does', async () => {
      // Prepare
      tables();
      const other = typed({ callbackPhone: '13800001111' });

      // Act
      const result = await request(ROUTES.appeal, agent, { body: other });

      // Assess
      expect(result.statusCode).toBe(202);
      const { appeal } = queuedMessage();
      expect(appeal).toEqual(ctiAppeal(other));
      expect(appeal.contact.verifiedBy).toBeUndefined();
    });

    it('answers a resend of the same appeal with the first answer and queues it again', async () => {
      // Prepare
      tables();
      const first = ctiAppeal(typed());
      const mark = { pk: 'CALLAPPEAL#cti-unit-0001', sk: 'MARK', expiresAt: 9_999_999_999 };
      let stored: Record<string, unknown> | undefined;
      ddb.on(PutCommand).callsFake((input) => {
        if (!stored) {
          stored = input.Item;
          return {};
        }
        throw new ConditionalCheckFailedException({
          message: 'exists',
          $metadata: {},
          Item: marshall({ ...mark, bodyHash: stored.bodyHash, details: stored.details }) as never,
        });
      });

      // Act
      const once = await request(ROUTES.appeal, agent, { body: typed() });
      const again = await request(ROUTES.appeal, agent, { body: typed() });
      const other = await request(ROUTES.appeal, agent, { body: typed({ content: '另一件事：路灯不亮' }) });

      // Assess
      expect([once.statusCode, again.statusCode]).toEqual([202, 202]);
      expect(bodyOf(again)).toEqual({ trackingNo: first?.trackingNo, caseId: first?.caseId });
      expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 2);
      expect([other.statusCode, bodyOf(other).error.code]).toEqual([409, 'appeal_exists']);
    });

    it('answers for a case that exists: the same appeal with its numbers, another with 409', async () => {
      // Prepare
      tables({ cases: [caseOf(typed())] });

      // Act
      const same = await request(ROUTES.appeal, agent, { body: typed() });
      const different = await request(ROUTES.appeal, agent, { body: typed({ urgency: 'urgent' }) });

      // Assess
      expect(same.statusCode).toBe(202);
      expect(bodyOf(same).trackingNo).toBe(ctiAppeal(typed())?.trackingNo);
      expect([different.statusCode, bodyOf(different).error.code]).toEqual([409, 'appeal_exists']);
      expect(sqs).not.toHaveReceivedAnyCommand();
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
    });

    it('refuses an appeal for a call whose CTI record carried one that is not a case yet', async () => {
      // Prepare
      const carried = toCallItem(CallRecordSchema.parse(callRecord()), KEY);
      tables({ calls: [{ ...carried, ...agentCallKeys(carried) }] });

      // Act
      const result = await request(ROUTES.appeal, agent, { body: typed() });

      // Assess
      expect([result.statusCode, bodyOf(result).error.code]).toEqual([409, 'appeal_exists']);
      expect(sqs).not.toHaveReceivedAnyCommand();
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
    });

    it.each([
      ["another agent's call", otherAgent, {}, typed(), 403, 'forbidden'],
      ['an unknown call', agent, { callId: 'cti-nope' }, typed(), 404, 'call_not_found'],
      ['an abandoned call', supervisor, { calls: 'abandoned' }, typed(), 409, 'call_not_answered'],
      ['no callback number', agent, {}, typed({ callbackPhone: undefined }), 422, 'callback_phone_required'],
      ['an unknown category', agent, {}, typed({ category: 'moon' }), 422, 'unknown_category'],
      [
        'content over 4000 characters',
        agent,
        {},
        typed({ content: '水'.repeat(4001) }),
        422,
        'validation_failed',
      ],
      [
        'a direct answer without its reply',
        agent,
        {},
        typed({ answeredDirectly: true }),
        422,
        'validation_failed',
      ],
      ['an agent without a 工号', { sub: 'u-x', role: 'agent' }, {}, typed(), 403, 'agent_id_missing'],
      ['a dispatcher', { sub: 'u-disp', role: 'dispatcher' }, {}, typed(), 403, 'forbidden'],
    ])('refuses %s and writes nothing', async (_, claims, options, body, status, code) => {
      // Prepare
      const abandoned = {
        ...storedCall({ disposition: 'abandoned', answeredAt: undefined, agentId: undefined }),
      };
      tables({ calls: [(options as { calls?: string }).calls ? abandoned : storedCall()] });

      // Act
      const result = await request(ROUTES.appeal, claims as Record<string, string>, {
        body: JSON.parse(JSON.stringify(body)),
        ...((options as { callId?: string }).callId
          ? { callId: (options as { callId: string }).callId }
          : {}),
      });

      // Assess
      expect(result.statusCode).toBe(status);
      expect(bodyOf(result).error.code).toBe(code);
      expect(sqs).not.toHaveReceivedAnyCommand();
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
    });

    it('answers 503 and keeps no promise when the queue fails, so the console retries', async () => {
      // Prepare
      tables();
      sqs.on(SendMessageCommand).rejects(Object.assign(new Error('throttled'), { $metadata: {} }));

      // Act
      const result = await request(ROUTES.appeal, agent, { body: typed() });

      // Assess
      expect(result.statusCode).toBe(503);
    });
  });

  describe('POST /v1/classify', () => {
    it("suggests the category, district and type from the directory's words", async () => {
      // Prepare
      tables();

      // Act
      const result = await request(ROUTES.classify, agent, {
        body: { text: '我要投诉鼓楼区府前小区一直停水' },
      });

      // Assess
      expect(result.statusCode).toBe(200);
      expect(bodyOf(result)).toMatchObject({ district: 'gulou', districtName: '鼓楼区', type: 'complaint' });
      expect(typeof bodyOf(result).category).toBe('string');
    });

    it.each([
      ['an empty text', { text: '   ' }, 422, 'validation_failed'],
      ['a text over 4000 characters', { text: '水'.repeat(4001) }, 422, 'validation_failed'],
      ['an unknown field', { text: '停水', extra: 1 }, 422, 'validation_failed'],
    ])('refuses %s', async (_, body, status, code) => {
      // Prepare
      tables();

      // Act
      const result = await request(ROUTES.classify, agent, { body });

      // Assess
      expect([result.statusCode, bodyOf(result).error.code]).toEqual([status, code]);
    });

    it('refuses an analyst with 403 forbidden', async () => {
      // Act
      const result = await request(
        ROUTES.classify,
        { sub: 'u-an', role: 'analyst' },
        { body: { text: '停水' } },
      );

      // Assess
      expect([result.statusCode, bodyOf(result).error.code]).toEqual([403, 'forbidden']);
    });
  });
});
