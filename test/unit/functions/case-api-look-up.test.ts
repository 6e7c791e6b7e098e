import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler, ROUTES } from '../../../functions/case-api/handler.js';
import { toItem } from '../../../shared/adapters/case-item.js';
import { coHandlerLinkItems } from '../../../shared/adapters/co-handler-link.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { deriveCaseId, hashPhone } from '../../../shared/domain/identity.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { httpEvent, TEST_ENV, testContext, withClaims } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);

const NOW = new Date('2026-11-23T01:00:00Z');

type Claims = Record<string, string>;
const WATER: Claims = { sub: 'u-1', role: 'department', departmentId: 'water-group' };
const GULOU_GOV: Claims = { sub: 'u-3', role: 'department', departmentId: 'gulou-gov' };
const HOUSING: Claims = { sub: 'u-4', role: 'department', departmentId: 'housing-bureau' };
const SUPERVISOR: Claims = { sub: 's-1', role: 'supervisor' };
const DISPATCHER: Claims = { sub: 'd-1', role: 'dispatcher' };
const AGENT: Claims = { sub: 'a-1', role: 'agent' };
const ANALYST: Claims = { sub: 'n-1', role: 'analyst' };
const ADMIN: Claims = { sub: 'm-1', role: 'admin' };

const PHONE = '13912345678';
const PHONE_HASH = hashPhone(PHONE, TEST_ENV.CONTACT_HASH_KEY);

/** A case from the test appeal: `overrides` for the appeal, then `patch` on the case. */
function caseOf(sourceId: string, appeal: Record<string, unknown> = {}, patch: Partial<Case> = {}): Case {
  const kase = createCase(
    testAppeal({
      sourceId,
      caseId: deriveCaseId('webform', sourceId),
      contact: { phoneHash: PHONE_HASH, phoneMasked: '139****5678' },
      ...appeal,
    }),
    { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: new Date('2026-11-20T02:00:05Z') },
  );
  return { ...kase, ...patch };
}

/** The cases the mocked table holds. */
let table: Case[];

/**
 * The table's indexes as DynamoDB answers them: by-tracking-no, by-caller (newest first when asked),
 * by-department-queue with the look-ups' filters (district, category, co-handler); the directory's
 * partitions otherwise.
 */
function query(input: QueryCommandInput) {
  const values = input.ExpressionAttributeValues ?? {};
  // The cases, and the co-handler links the stream projection keeps beside them.
  const items = table.flatMap((kase) => [toItem(kase), ...coHandlerLinkItems(undefined, kase)]);
  switch (input.IndexName) {
    case 'by-tracking-no':
      return { Items: items.filter((i) => i.trackingNo === values[':t']) };
    case 'by-caller':
      return {
        Items: items
          .filter((i) => i.callerKey === values[':c'])
          .sort((a, b) => String(b.receivedAt).localeCompare(String(a.receivedAt))),
      };
    case 'by-department-queue': {
      const inQueue = items
        .filter((i) => i.deptQueue === values[':q'])
        .sort((a, b) => String(a.dueAt).localeCompare(String(b.dueAt)));
      const kept = inQueue.filter(
        (i) =>
          (values[':district'] === undefined || i.district === values[':district']) &&
          (values[':category'] === undefined || i.category === values[':category']) &&
          (values[':co'] === undefined || (i.coHandlers as string[]).includes(String(values[':co']))),
      );
      return { Items: kept, ScannedCount: inQueue.length, Count: kept.length };
    }
    default:
      return directoryQuery(input);
  }
}

async function get(
  claims: Claims | undefined,
  routeKey: string,
  options: {
    path: string;
    query?: Record<string, string>;
    pathParameters?: Record<string, string>;
    headers?: Record<string, string>;
  },
) {
  const event: APIGatewayProxyEventV2 = withClaims(
    httpEvent({ method: 'GET', routeKey, ...options }),
    claims,
  );
  const result = (await handler(event, testContext('case-api'))) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    body: result.body ? JSON.parse(result.body) : undefined,
    headers: result.headers ?? {},
  };
}

const search = (claims: Claims | undefined, query: Record<string, string>) =>
  get(claims, ROUTES.search, { path: '/v1/cases/search', query });
const nearby = (claims: Claims | undefined, query: Record<string, string>) =>
  get(claims, ROUTES.nearby, { path: '/v1/cases/nearby', query });
const routing = (claims: Claims | undefined, caseId: string) =>
  get(claims, ROUTES.routing, { path: `/v1/cases/by-id/${caseId}/routing`, pathParameters: { caseId } });
const queue = (claims: Claims | undefined, id: string, query: Record<string, string> = {}, headers = {}) =>
  get(claims, ROUTES.queue, { path: `/v1/departments/${id}/cases`, pathParameters: { id }, query, headers });

describe('Function: case-api (the console look-ups)', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });

  afterAll(() => {
    vi.useRealTimers();
  });

  beforeEach(() => {
    table = [];
    ddb.on(QueryCommand).callsFake(query);
    ddb.on(GetCommand).callsFake((input) => {
      const kase = table.find((k) => `CASE#${k.caseId}` === input.Key.pk);
      return kase ? { Item: toItem(kase) } : {};
    });
  });

  afterEach(() => {
    ddb.reset();
  });

  describe('GET /v1/cases/search', () => {
    it('finds a case by its tracking number as a caller reads it out (lower case, no dashes)', async () => {
      // Prepare
      const kase = caseOf('search-1');
      table.push(kase);

      // Act
      const { status, body, headers } = await search(AGENT, {
        trackingNo: kase.trackingNo.toLowerCase().replaceAll('-', ''),
      });

      // Assess
      expect(status).toBe(200);
      expect(body.items).toEqual([
        expect.objectContaining({ caseId: kase.caseId, trackingNo: kase.trackingNo, version: 1 }),
      ]);
      expect(body.items[0].departmentId).toBe('water-group');
      expect(body.items[0]).not.toHaveProperty('content');
      expect(headers['cache-control']).toBe('no-store');
      expect(ddb).toReceiveCommandWith(QueryCommand, { IndexName: 'by-tracking-no' });
    });

    it("finds a caller's cases by the keyed hash of the number, normalised like a CTI's", async () => {
      // Prepare
      const older = caseOf('phone-1', { receivedAt: '2026-11-19T02:00:00.000Z' });
      const newer = caseOf('phone-2', { receivedAt: '2026-11-20T02:00:00.000Z' });
      const stranger = caseOf('phone-3', {
        contact: { phoneHash: 'b'.repeat(64), phoneMasked: '137****0000' },
      });
      table.push(older, newer, stranger);

      // Act
      const { status, body } = await search(DISPATCHER, { phone: '+86 139-1234-5678' });

      // Assess
      expect(status).toBe(200);
      expect(body.items.map((i: { caseId: string }) => i.caseId)).toEqual([newer.caseId, older.caseId]);
      expect(ddb).toReceiveCommandWith(QueryCommand, {
        IndexName: 'by-caller',
        ExpressionAttributeValues: { ':c': `CALLER#${PHONE_HASH}` },
        ScanIndexForward: false,
      });
    });

    it("shows a department its own and co-handled cases and leaves out another's without a word", async () => {
      // Prepare
      const waters = caseOf('dept-1', {}, { coHandlers: ['gulou-gov'] });
      table.push(waters);

      // Act
      const own = await search(WATER, { phone: PHONE });
      const co = await search(GULOU_GOV, { trackingNo: waters.trackingNo });
      const other = await search(HOUSING, { trackingNo: waters.trackingNo });

      // Assess
      expect(own.body.items).toHaveLength(1);
      expect(co.body.items).toHaveLength(1);
      expect(other.status).toBe(200);
      expect(other.body.items).toEqual([]);
    });

    it('answers an empty list for a tracking number no case has', async () => {
      // Act
      const { status, body } = await search(SUPERVISOR, { trackingNo: '261120-AAAA-BBBB' });

      // Assess
      expect(status).toBe(200);
      expect(body).toEqual({ items: [] });
    });

    it.each([
      [{}, 'invalid_search'],
      [{ trackingNo: '261120-AAAA-BBBB', phone: PHONE }, 'invalid_search'],
      [{ trackingNo: 'not-a-number' }, 'invalid_tracking_no'],
      [{ phone: '12ab' }, 'invalid_phone'],
      [{ phone: '1'.repeat(40) }, 'invalid_phone'],
    ])('refuses %j with 400 %s and reads nothing', async (params, code) => {
      // Act
      const { status, body } = await search(AGENT, params as Record<string, string>);

      // Assess
      expect(status).toBe(400);
      expect(body.error.code).toBe(code);
      expect(ddb).not.toReceiveCommand(QueryCommand);
    });

    it.each([
      ['analyst', ANALYST],
      ['admin', ADMIN],
    ])('refuses the %s role with 403 forbidden', async (_name, claims) => {
      // Act
      const { status, body } = await search(claims, { phone: PHONE });

      // Assess
      expect(status).toBe(403);
      expect(body.error.code).toBe('forbidden');
    });
  });

  describe('GET /v1/cases/nearby', () => {
    it('lists unfinished cases of the district, newest first, from the work queues', async () => {
      // Prepare
      const first = caseOf('near-1', { receivedAt: '2026-11-18T02:00:00.000Z' });
      const second = caseOf('near-2', { receivedAt: '2026-11-19T02:00:00.000Z' }, { status: 'acknowledged' });
      const elsewhere = caseOf('near-3', { district: 'taijiang' });
      const unrouted = caseOf('near-4', { category: 'other', receivedAt: '2026-11-20T01:00:00.000Z' });
      table.push(first, second, elsewhere, unrouted);

      // Act
      const { status, body } = await nearby(AGENT, { district: 'gulou' });

      // Assess
      expect(status).toBe(200);
      expect(unrouted.status).toBe('pending_dispatch');
      expect(body.items.map((i: { caseId: string }) => i.caseId)).toEqual([
        unrouted.caseId,
        second.caseId,
        first.caseId,
      ]);
      expect(ddb).toReceiveCommandWith(QueryCommand, {
        IndexName: 'by-department-queue',
        ExpressionAttributeValues: { ':q': 'QUEUE#dispatch', ':district': 'gulou' },
      });
    });

    it('narrows to a category and answers at most 20', async () => {
      // Prepare
      for (let i = 0; i < 25; i++) table.push(caseOf(`many-${i}`));
      table.push(caseOf('noise-1', { category: 'noise' }));

      // Act
      const all = await nearby(DISPATCHER, { district: 'gulou', category: 'water-supply' });
      const noise = await nearby(DISPATCHER, { district: 'gulou', category: 'noise' });

      // Assess
      expect(all.body.items).toHaveLength(20);
      expect(noise.body.items).toHaveLength(1);
    });

    it.each([
      [{}, 'invalid_district'],
      [{ district: 'Gulou!' }, 'invalid_district'],
      [{ district: 'gulou', category: 'x' }, 'invalid_category'],
    ])('refuses %j with 400 %s', async (params, code) => {
      // Act
      const { status, body } = await nearby(AGENT, params as Record<string, string>);

      // Assess
      expect(status).toBe(400);
      expect(body.error.code).toBe(code);
    });

    it.each([
      ['department', WATER],
      ['analyst', ANALYST],
      ['admin', ADMIN],
    ])('refuses the %s role with 403 forbidden', async (_name, claims) => {
      // Act
      const { status, body } = await nearby(claims, { district: 'gulou' });

      // Assess
      expect(status).toBe(403);
      expect(body.error.code).toBe('forbidden');
    });
  });

  describe('GET /v1/cases/by-id/{caseId}/routing', () => {
    it('suggests the catalogue rules for the case, the most specific first, with department names', async () => {
      // Prepare
      const kase = caseOf('route-1', { category: 'noise' });
      table.push(kase);

      // Act
      const { status, body } = await routing(DISPATCHER, kase.caseId);

      // Assess
      expect(status).toBe(200);
      expect(body.suggestions).toEqual([
        {
          departmentId: 'gulou-urban',
          departmentName: '鼓楼区城管局',
          coHandlers: [],
          ruleId: 'noise#gulou#gulou-urban',
          priority: 0,
        },
        expect.objectContaining({
          departmentId: 'city-urban',
          departmentName: '市城管局',
          ruleId: 'noise#*#city-urban',
        }),
      ]);
    });

    it('names the co-handlers and drops one the directory does not have', async () => {
      // Prepare
      const kase = caseOf('route-2', { category: 'property-dispute' });
      table.push(kase);

      // Act
      const { body } = await routing(SUPERVISOR, kase.caseId);

      // Assess
      expect(body.suggestions[0].coHandlers).toEqual([
        { departmentId: 'gulou-gov', departmentName: '鼓楼区政府' },
      ]);
    });

    it('answers 404 for a case that does not exist and 400 for an id no case can have', async () => {
      // Act
      const missing = await routing(AGENT, 'wfnosuchcase');
      const malformed = await routing(AGENT, 'bad id!');

      // Assess
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('not_found');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.code).toBe('invalid_case_id');
    });

    it.each([
      ['department', WATER],
      ['admin', ADMIN],
    ])('refuses the %s role with 403 forbidden', async (_name, claims) => {
      // Prepare
      const kase = caseOf('route-3');
      table.push(kase);

      // Act
      const { status, body } = await routing(claims, kase.caseId);

      // Assess
      expect(status).toBe(403);
      expect(body.error.code).toBe('forbidden');
    });
  });

  describe('GET /v1/departments/{id}/cases?as=co', () => {
    it('lists the cases a department co-handles, soonest deadline first, marked as co-handled', async () => {
      // Prepare
      const later = caseOf(
        'co-1',
        { urgency: 'normal' },
        { coHandlers: ['gulou-gov'], dueAt: '2026-12-04T15:59:59.999Z' },
      );
      const sooner = caseOf('co-2', {}, { coHandlers: ['gulou-gov'], dueAt: '2026-11-27T15:59:59.999Z' });
      const notCo = caseOf('co-3');
      table.push(later, sooner, notCo);

      // Act
      const { status, body } = await queue(GULOU_GOV, 'gulou-gov', { as: 'co' });

      // Assess
      expect(status).toBe(200);
      expect(body.items.map((i: { caseId: string }) => i.caseId)).toEqual([sooner.caseId, later.caseId]);
      expect(body.items[0]).toMatchObject({ departmentId: 'water-group', role: 'co' });
      expect(body.nextCursor).toBeNull();
      expect(ddb).toReceiveCommandWith(QueryCommand, {
        IndexName: 'by-department-queue',
        ExpressionAttributeValues: { ':q': 'CO#gulou-gov#open' },
      });
      expect(ddb).toReceiveCommandWith(GetCommand, {
        Key: { pk: `CASE#${sooner.caseId}`, sk: 'CASE' },
        ConsistentRead: true,
      });
    });

    it('leaves out a case a stale link still names after the department stopped co-handling it', async () => {
      // Prepare
      const kase = caseOf('co-4', {}, { coHandlers: ['gulou-gov'] });
      table.push(kase);
      const links = coHandlerLinkItems(undefined, kase);
      ddb
        .on(QueryCommand)
        .callsFake((input: QueryCommandInput) =>
          input.IndexName === 'by-department-queue' ? { Items: links } : query(input),
        );
      table[0] = { ...kase, coHandlers: [], version: 2 };

      // Act
      const { status, body } = await queue(GULOU_GOV, 'gulou-gov', { as: 'co' });

      // Assess
      expect(status).toBe(200);
      expect(body.items).toEqual([]);
    });

    it("answers 404 for another department's co-handled queue and 400 for an unknown `as`", async () => {
      // Act
      const other = await queue(WATER, 'gulou-gov', { as: 'co' });
      const bad = await queue(GULOU_GOV, 'gulou-gov', { as: 'both' });

      // Assess
      expect(other.status).toBe(404);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('invalid_as');
    });
  });

  describe('ETag and If-None-Match', () => {
    it('answers a strong ETag and 304 without a body when the client has the same list', async () => {
      // Prepare
      table.push(caseOf('etag-1'));
      const first = await queue(WATER, 'water-group');

      // Act
      const again = await queue(WATER, 'water-group', {}, { 'if-none-match': String(first.headers.etag) });

      // Assess
      expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
      expect(again.status).toBe(304);
      expect(again.body).toBeUndefined();
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(again.headers['cache-control']).toBe('no-store');
      expect(again.headers['x-content-type-options']).toBe('nosniff');
    });

    it('answers 200 with a new ETag once the list changed', async () => {
      // Prepare
      const kase = caseOf('etag-2');
      table.push(kase);
      const first = await queue(WATER, 'water-group');
      table[0] = { ...kase, status: 'acknowledged', version: 2 };

      // Act
      const after = await queue(WATER, 'water-group', {}, { 'if-none-match': String(first.headers.etag) });

      // Assess
      expect(after.status).toBe(200);
      expect(after.headers.etag).not.toBe(first.headers.etag);
      expect(after.body.items[0]).toMatchObject({ status: 'acknowledged', version: 2 });
    });

    it.each([
      ['a search', ROUTES.search, { path: '/v1/cases/search', query: { phone: PHONE } }],
      ['a look-up nearby', ROUTES.nearby, { path: '/v1/cases/nearby', query: { district: 'gulou' } }],
    ])('answers 304 to %s the client already has', async (_name, routeKey, options) => {
      // Prepare
      table.push(caseOf('etag-3'));
      const first = await get(AGENT, routeKey, options);

      // Act
      const again = await get(AGENT, routeKey, {
        ...options,
        headers: { 'if-none-match': `W/${first.headers.etag}` },
      });

      // Assess
      expect(first.status).toBe(200);
      expect(again.status).toBe(304);
      expect(again.headers.etag).toBe(first.headers.etag);
    });

    it('answers 304 to the routing suggestions and to the case itself', async () => {
      // Prepare
      const kase = caseOf('etag-4');
      table.push(kase);
      ddb
        .on(QueryCommand)
        .callsFake((input: QueryCommandInput) =>
          input.KeyConditionExpression?.includes('begins_with') ? { Items: [] } : query(input),
        );
      const reads = [
        { routeKey: ROUTES.routing, path: `/v1/cases/by-id/${kase.caseId}/routing` },
        { routeKey: ROUTES.getCase, path: `/v1/cases/by-id/${kase.caseId}` },
      ];
      for (const { routeKey, path } of reads) {
        const first = await get(DISPATCHER, routeKey, { path, pathParameters: { caseId: kase.caseId } });

        // Act
        const again = await get(DISPATCHER, routeKey, {
          path,
          pathParameters: { caseId: kase.caseId },
          headers: { 'if-none-match': `"other", ${first.headers.etag}` },
        });

        // Assess
        expect(first.status).toBe(200);
        expect(again.status).toBe(304);
      }
    });
  });
});
