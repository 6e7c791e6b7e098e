import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetPublished, handler, ROUTES } from '../../../functions/get-metrics/handler.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { httpEvent, TEST_ENV, testContext, withClaims } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);

/** Sunday 2026-11-29 10:00 in Shanghai. */
const NOW = new Date('2026-11-29T02:00:00Z');

type Claims = Record<string, string>;
const ANALYST: Claims = { sub: 'n-1', role: 'analyst' };
const SUPERVISOR: Claims = { sub: 's-1', role: 'supervisor' };
const WATER: Claims = { sub: 'u-1', role: 'department', departmentId: 'water-group' };

type Item = Record<string, unknown> & { pk: string; sk: string };

/** The metrics table the mock answers from, as the projection lays it out (the metrics contract). */
let table: Item[];
/** Items per Query page, small so every read must follow LastEvaluatedKey. */
const PAGE = 2;

function put(pk: string, day: string, counters: Record<string, number>, value?: string) {
  table.push({
    pk,
    sk: value === undefined ? day : `${day}#${value}`,
    day,
    ...(value === undefined ? {} : { value }),
    ...counters,
    _applied: ['shard-1:42'],
  });
}

/** A Query on the metrics table, evaluated the way DynamoDB would, one small page at a time. */
function metricsQuery(input: QueryCommandInput) {
  const values = input.ExpressionAttributeValues ?? {};
  const matching = table
    .filter(
      (i) =>
        i.pk === values[':pk'] &&
        i.sk >= String(values[':from']) &&
        i.sk <= String(values[':to']) &&
        (values[':value'] === undefined || i.value === values[':value']),
    )
    .sort((a, b) => (a.sk < b.sk ? -1 : 1));
  const start = input.ExclusiveStartKey ? Number(input.ExclusiveStartKey.sk) : 0;
  const page = matching.slice(start, start + PAGE);
  return {
    Items: page,
    ...(start + PAGE < matching.length
      ? { LastEvaluatedKey: { pk: values[':pk'], sk: String(start + PAGE) } }
      : {}),
  };
}

async function call(
  routeKey: string,
  path: string,
  query: Record<string, string>,
  options: {
    claims?: Claims;
    headers?: Record<string, string>;
  } = {},
) {
  const event = withClaims(
    httpEvent({
      method: 'GET',
      path,
      routeKey,
      query,
      ...(options.headers ? { headers: options.headers } : {}),
    }),
    options.claims,
  );
  const result = (await handler(event, testContext('get-metrics'))) as APIGatewayProxyStructuredResultV2;
  const text = result.body ?? '';
  const isJson = String(result.headers?.['content-type'] ?? '').startsWith('application/json');
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    text,
    // biome-ignore lint/suspicious/noExplicitAny: a response body, inspected field by field.
    body: (isJson ? JSON.parse(text) : undefined) as any,
  };
}

const metrics = (query: Record<string, string>, claims: Claims | undefined = ANALYST) =>
  call(ROUTES.metrics, '/v1/metrics', query, claims ? { claims } : {});

const csv = (query: Record<string, string>, claims: Claims | undefined = ANALYST) =>
  call(ROUTES.exportCsv, '/v1/metrics/export.csv', query, claims ? { claims } : {});

const disclosure = (query: Record<string, string>, headers?: Record<string, string>) =>
  call(ROUTES.disclosure, '/v1/public/metrics', query, headers ? { headers } : {});

/** Two days of November, two departments, two channels, and the calls. */
function seedNovember() {
  put('all', '2026-11-02', { appeals: 10, completed: 8, slaDue: 8, slaOnTime: 7, ratings: 4, satisfied: 3 });
  put('all', '2026-11-03', { appeals: 5, completed: 2, slaDue: 2, slaOnTime: 2, handlingSecondsSum: 36_000 });
  put(
    'department',
    '2026-11-02',
    { appeals: 6, slaDue: 5, slaOnTime: 5, dispatches: 6, returns: 1 },
    'water-group',
  );
  put('department', '2026-11-02', { appeals: 3, slaDue: 3, slaOnTime: 2, dispatches: 3 }, 'housing-bureau');
  put('department', '2026-11-03', { appeals: 4, slaDue: 2, slaOnTime: 2 }, 'water-group');
  put('channel', '2026-11-02', { appeals: 7 }, 'hotline');
  put('channel', '2026-11-02', { appeals: 3 }, 'wechat');
  put('channel', '2026-11-03', { appeals: 5 }, 'hotline');
  put('call', '2026-11-02', {
    callsQueued: 100,
    callsAnswered: 98,
    callsAnsweredIn15s: 90,
    callsAbandoned: 2,
  });
  put('call', '2026-11-03', {
    callsQueued: 50,
    callsAnswered: 45,
    callsAnsweredIn15s: 40,
    callsAbandoned: 5,
  });
  // Outside the range: never counted.
  put('all', '2026-10-31', { appeals: 1000 });
  put('department', '2026-11-04', { appeals: 1000 }, 'water-group');
}

const NOVEMBER = { from: '2026-11-01', to: '2026-11-03' };

/**
 * The calls and callbacks of November's two days by line: 12345 and 96116 (target 95 %) are in the
 * directory, 12399 is not (a line the CTI sends before an administrator adds it).
 */
function seedLines() {
  put(
    'line',
    '2026-11-02',
    { callsQueued: 80, callsAnswered: 79, callsAbandoned: 1, callbacksDue: 1, callbacksReached: 1 },
    '12345',
  );
  put(
    'line',
    '2026-11-03',
    {
      callsQueued: 40,
      callsAnswered: 38,
      callsAbandoned: 2,
      callbacksDue: 2,
      callbacksReached: 1,
      callbacksReachedOnTime: 1,
      callbacksSelfResolved: 1,
    },
    '12345',
  );
  put(
    'line',
    '2026-11-02',
    { callsQueued: 20, callsAnswered: 19, callsAbandoned: 1, callbacksDue: 1 },
    '96116',
  );
  put('line', '2026-11-03', { callsQueued: 10, callsAnswered: 7, callsAbandoned: 3 }, '12399');
  put('line', '2026-11-04', { callsQueued: 1000 }, '12345');
}

describe('Function: get-metrics', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });

  afterAll(() => {
    vi.useRealTimers();
  });

  beforeEach(() => {
    vi.setSystemTime(NOW);
    forgetPublished();
    table = [];
    ddb
      .on(QueryCommand)
      .callsFake((input: QueryCommandInput) =>
        input.TableName === 'metrics' ? metricsQuery(input) : directoryQuery(input),
      );
  });

  afterEach(() => {
    ddb.reset();
  });

  describe('GET /v1/metrics', () => {
    it('returns the total from the all partition and one row per department, with names and rates', async () => {
      // Prepare
      seedNovember();

      // Act
      const { status, body, headers } = await metrics({ ...NOVEMBER, groupBy: 'department' });

      // Assess
      expect(status).toBe(200);
      expect(headers['cache-control']).toBe('no-store');
      expect(body).toMatchObject({
        from: '2026-11-01',
        to: '2026-11-03',
        groupBy: 'department',
        department: null,
        targets: { answerRate: 0.98, onTimeRate: 0.96, satisfactionRate: 0.98 },
      });
      expect(body.total.counts).toMatchObject({ appeals: 15, completed: 10, slaDue: 10, slaOnTime: 9 });
      expect(body.total.counts.callsQueued).toBe(150);
      expect(body.total.rates.onTimeRate).toEqual({
        numerator: 9,
        denominator: 10,
        value: 0.9,
        target: 0.96,
        met: false,
      });
      expect(body.total.rates.answerRate).toEqual({
        numerator: 143,
        denominator: 150,
        value: 143 / 150,
        target: 0.98,
        met: false,
      });
      expect(body.total.rates.avgHandlingHours).toEqual({ numerator: 10, denominator: 10, value: 1 });
      expect(body.groups.map((g: { key: string; name: string }) => [g.key, g.name])).toEqual([
        ['housing-bureau', '市住建局'],
        ['water-group', '市水务集团'],
      ]);
      const water = body.groups[1];
      expect(water.counts).toMatchObject({ appeals: 10, slaDue: 7, slaOnTime: 7, dispatches: 6, returns: 1 });
      expect(water.counts.callsQueued).toBe(0);
      expect(water.rates.answerRate).toEqual({
        numerator: 0,
        denominator: 0,
        value: null,
        target: 0.98,
        met: null,
      });
      expect(water.rates.onTimeRate.met).toBe(true);
      expect(water.rates.misrouteRate).toEqual({ numerator: 1, denominator: 6, value: 1 / 6 });
    });

    it('returns the delivery, follow-up and per-way satisfaction rates with their fractions, per department', async () => {
      // Prepare
      seedNovember();
      const reach = {
        completed: 4,
        followUpContacted: 3,
        noticesQueued: 5,
        noticesDelivered: 4,
        ratings: 3,
        satisfied: 2,
        ratingsViaWeb: 1,
        ratingsViaPhone: 2,
        satisfiedOrBasicViaPhone: 2,
      };
      put('all', '2026-11-01', reach);
      put('department', '2026-11-01', reach, 'housing-bureau');

      // Act
      const { status, body } = await metrics({ ...NOVEMBER, groupBy: 'department' });

      // Assess
      expect(status).toBe(200);
      const housing = body.groups[0];
      expect(housing.key).toBe('housing-bureau');
      expect(housing.rates.noticeDeliveryRate).toEqual({ numerator: 4, denominator: 5, value: 0.8 });
      expect(housing.rates.followUpContactRate).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
      expect(housing.rates.satisfactionRatePhone).toEqual({ numerator: 2, denominator: 2, value: 1 });
      expect(housing.rates.satisfactionRateWeb).toEqual({ numerator: 0, denominator: 1, value: 0 });
      expect(housing.rates.satisfactionRateWechat).toEqual({ numerator: 0, denominator: 0, value: null });
      expect(body.total.rates.followUpContactRate).toEqual({ numerator: 3, denominator: 14, value: 3 / 14 });
      expect(body.total.counts).toMatchObject({ noticesQueued: 5, noticesDelivered: 4, ratingsViaPhone: 2 });
    });

    it('reads each partition with one paginated Query, never a Scan', async () => {
      // Prepare
      seedNovember();

      // Act
      await metrics({ ...NOVEMBER, groupBy: 'department' });

      // Assess
      for (const pk of ['all', 'department', 'call']) {
        expect(ddb).toReceiveCommandWith(QueryCommand, {
          TableName: 'metrics',
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': '2026-11-01', ':to': '2026-11-03~' },
        });
      }
      // department: 3 items in range → 2 pages; all: 2 items → 1 page; call: 2 items → 1 page.
      const metricsQueries = ddb
        .commandCalls(QueryCommand)
        .filter((c) => c.args[0].input.TableName === 'metrics');
      expect(metricsQueries).toHaveLength(4);
    });

    it('groups by line: every directory line and any counted one, each against its own 接通率 target', async () => {
      // Prepare
      seedNovember();
      seedLines();

      // Act
      const { status, body } = await metrics({ ...NOVEMBER, groupBy: 'line' });

      // Assess
      expect(status).toBe(200);
      expect(body.groupBy).toBe('line');
      expect(body.total.counts.callsQueued).toBe(150);
      const rows = Object.fromEntries(
        body.groups.map((g: { key: string; name: string; rates: { answerRate: unknown } }) => [
          g.key,
          [g.name, g.rates.answerRate],
        ]),
      );
      expect(Object.keys(rows)).toEqual(['12345', '12399', '96116']);
      expect(rows['12345']).toEqual([
        '12345热线',
        { numerator: 117, denominator: 120, value: 117 / 120, target: 0.98, met: false },
      ]);
      expect(rows['96116']).toEqual([
        '供水服务热线',
        { numerator: 19, denominator: 20, value: 0.95, target: 0.95, met: true },
      ]);
      expect(rows['12399']).toEqual([
        '12399',
        { numerator: 7, denominator: 10, value: 0.7, target: 0.98, met: false },
      ]);
      const first = body.groups[0];
      expect(first.counts).toMatchObject({
        appeals: 0,
        callbacksDue: 3,
        callbacksReached: 2,
        callbacksSelfResolved: 1,
      });
      expect(first.rates.callbackRate).toEqual({ numerator: 2, denominator: 3, value: 2 / 3 });
      expect(first.rates.callbackOnTimeRate).toEqual({ numerator: 1, denominator: 3, value: 1 / 3 });
      expect(ddb).toReceiveCommandWith(QueryCommand, {
        TableName: 'metrics',
        ExpressionAttributeValues: { ':pk': 'line', ':from': '2026-11-01', ':to': '2026-11-03~' },
      });
    });

    it('lists a directory line with nothing counted as a row of zeros, its rates null', async () => {
      // Prepare
      seedNovember();

      // Act
      const { body } = await metrics({ ...NOVEMBER, groupBy: 'line' });

      // Assess
      expect(body.groups.map((g: { key: string }) => g.key)).toEqual(['12345', '96116']);
      expect(body.groups[1].rates.answerRate).toEqual({
        numerator: 0,
        denominator: 0,
        value: null,
        target: 0.95,
        met: null,
      });
    });

    it("groups by line under a department filter with the hotline's rows, the department's total", async () => {
      // Prepare
      seedNovember();
      seedLines();

      // Act
      const { status, body } = await metrics({ ...NOVEMBER, groupBy: 'line', department: 'water-group' });

      // Assess
      expect(status).toBe(200);
      expect(body.total.counts.appeals).toBe(10);
      expect(body.groups.map((g: { key: string }) => g.key)).toEqual(['12345', '12399', '96116']);
      expect(body.groups[0].counts.callsQueued).toBe(120);
    });

    it('groups by channel with the channel names', async () => {
      // Prepare
      seedNovember();

      // Act
      const { body } = await metrics({ ...NOVEMBER, groupBy: 'channel' });

      // Assess
      expect(
        body.groups.map((g: { key: string; name: string; counts: { appeals: number } }) => [
          g.key,
          g.name,
          g.counts.appeals,
        ]),
      ).toEqual([
        ['hotline', '12345 热线', 12],
        ['wechat', '微信公众号', 3],
      ]);
    });

    it('groups by day over every day of the range, ascending, with the day calls', async () => {
      // Prepare
      seedNovember();

      // Act
      const { body } = await metrics(NOVEMBER);

      // Assess
      expect(body.groupBy).toBe('day');
      expect(body.groups.map((g: { key: string }) => g.key)).toEqual([
        '2026-11-01',
        '2026-11-02',
        '2026-11-03',
      ]);
      expect(body.groups[0].counts.appeals).toBe(0);
      expect(body.groups[0].rates.onTimeRate.value).toBeNull();
      expect(body.groups[1].name).toBe('2026-11-02');
      expect(body.groups[1].counts).toMatchObject({ appeals: 10, callsQueued: 100, callsAnswered: 98 });
      expect(body.groups[1].rates.answerRate).toMatchObject({ value: 0.98, met: true });
    });

    it('groups by month', async () => {
      // Prepare
      seedNovember();
      put('all', '2026-12-01', { appeals: 7 });

      // Act
      const { body } = await metrics({ from: '2026-10-15', to: '2026-12-31', groupBy: 'month' });

      // Assess
      expect(
        body.groups.map((g: { key: string; counts: { appeals: number } }) => [g.key, g.counts.appeals]),
      ).toEqual([
        ['2026-10', 1000],
        ['2026-11', 15],
        ['2026-12', 7],
      ]);
      expect(body.total.counts.appeals).toBe(1022);
    });

    it("filters to one department: its own counters in the total and the day rows, the city's calls", async () => {
      // Prepare
      seedNovember();

      // Act
      const byDay = await metrics({ ...NOVEMBER, groupBy: 'day', department: 'water-group' });
      const byDepartment = await metrics({ ...NOVEMBER, groupBy: 'department', department: 'water-group' });

      // Assess
      expect(byDay.status).toBe(200);
      expect(byDay.body.department).toBe('water-group');
      expect(byDay.body.total.counts).toMatchObject({
        appeals: 10,
        slaDue: 7,
        slaOnTime: 7,
        callsQueued: 150,
      });
      expect(byDay.body.groups.map((g: { counts: { appeals: number } }) => g.counts.appeals)).toEqual([
        0, 6, 4,
      ]);
      expect(byDepartment.body.groups).toHaveLength(1);
      expect(byDepartment.body.groups[0]).toMatchObject({ key: 'water-group', name: '市水务集团' });
      expect(ddb).toReceiveCommandWith(QueryCommand, {
        TableName: 'metrics',
        FilterExpression: '#value = :value',
        ExpressionAttributeValues: {
          ':pk': 'department',
          ':from': '2026-11-01',
          ':to': '2026-11-03~',
          ':value': 'water-group',
        },
      });
    });

    it('shows a filtered department with nothing counted as a row of zeros', async () => {
      // Act
      const { status, body } = await metrics({ ...NOVEMBER, groupBy: 'department', department: 'gulou-gov' });

      // Assess
      expect(status).toBe(200);
      expect(body.groups).toHaveLength(1);
      expect(body.groups[0].counts.appeals).toBe(0);
      expect(body.total.rates.satisfactionRate.value).toBeNull();
    });

    it.each([
      ['invalid_date', { from: '2026-02-30', to: '2026-03-01' }],
      ['invalid_date', { from: '2026-11-01' }],
      ['invalid_date', { from: '2026/11/01', to: '2026-11-02' }],
      ['invalid_range', { from: '2026-11-02', to: '2026-11-01' }],
      ['range_too_large', { from: '2025-01-01', to: '2026-01-02' }],
      ['invalid_group_by', { ...NOVEMBER, groupBy: 'district' }],
      ['invalid_group_by', { ...NOVEMBER, groupBy: 'channel', department: 'water-group' }],
      ['unknown_department', { ...NOVEMBER, department: 'no-such-department' }],
    ])('returns 400 %s for %j and reads no metrics', async (code, query) => {
      // Act
      const { status, body } = await metrics(query);

      // Assess
      expect(status).toBe(400);
      expect(body.error.code).toBe(code);
      expect(body.error.message).toEqual(expect.any(String));
      expect(
        ddb.commandCalls(QueryCommand).filter((c) => c.args[0].input.TableName === 'metrics'),
      ).toHaveLength(0);
    });

    it('accepts a range of exactly 366 days', async () => {
      // Act
      const { status, body } = await metrics({ from: '2024-01-01', to: '2024-12-31' });

      // Assess
      expect(status).toBe(200);
      expect(body.groups).toHaveLength(366);
    });

    it.each([
      ['a supervisor', SUPERVISOR],
      ['a department', WATER],
    ])('returns 403 forbidden to %s', async (_, claims) => {
      // Act
      const { status, body } = await metrics(NOVEMBER, claims);

      // Assess
      expect(status).toBe(403);
      expect(body.error.code).toBe('forbidden');
      expect(ddb).not.toHaveReceivedCommand(QueryCommand);
    });

    it('returns 401 without staff claims', async () => {
      // Act
      const { status, body } = await call(ROUTES.metrics, '/v1/metrics', NOVEMBER);

      // Assess
      expect(status).toBe(401);
      expect(body.error.code).toBe('unauthorized');
    });
  });

  describe('GET /v1/metrics/export.csv', () => {
    it('returns the report as UTF-8 CSV with a BOM, Chinese headers and CRLF lines', async () => {
      // Prepare
      seedNovember();

      // Act
      const { status, headers, text } = await csv({ ...NOVEMBER, groupBy: 'department' });

      // Assess
      expect(status).toBe(200);
      expect(headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(headers['content-disposition']).toBe('attachment; filename="metrics-2026-11-01-2026-11-03.csv"');
      const bytes = Buffer.from(text, 'utf8');
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = text.slice(1).split('\r\n');
      expect(lines.at(-1)).toBe('');
      expect(text.slice(1).replaceAll('\r\n', '')).not.toContain('\n');
      const header = (lines[0] ?? '').split(',');
      expect(header.slice(0, 3)).toEqual(['分组', '名称', '诉求量']);
      for (const name of ['接通率', '接通率分子', '接通率分母', '按时办结率', '满意率'])
        expect(header).toContain(name);
      expect(header.every((h) => /[\u4e00-\u9fff]/.test(h))).toBe(true);
      const rows = lines.slice(1, -1).map((l) => l.split(','));
      expect(rows.map((r) => r[1])).toEqual(['市住建局', '市水务集团', '合计']);
      const total = rows[2] ?? [];
      const at = (name: string) => total[header.indexOf(name)];
      expect(at('诉求量')).toBe('15');
      expect(at('按时办结率')).toBe('0.9');
      expect(at('按时办结率分子')).toBe('9');
      expect(at('按时办结率分母')).toBe('10');
      // A rate without a denominator is an empty cell, not 0.
      expect(rows[0]?.[header.indexOf('接通率')]).toBe('');
    });

    it('exports the line rows with their names and the callback counters and rates', async () => {
      // Prepare
      seedNovember();
      seedLines();

      // Act
      const { status, text } = await csv({ ...NOVEMBER, groupBy: 'line' });

      // Assess
      expect(status).toBe(200);
      expect(text.startsWith('\uFEFF分组,名称,')).toBe(true);
      const lines = text.slice(1).split('\r\n');
      const header = (lines[0] ?? '').split(',');
      for (const name of [
        '应回拨量',
        '回拨成功量',
        '按时回拨成功量',
        '来电已接通免回拨量',
        '回拨率',
        '回拨率分子',
        '回拨率分母',
        '按时回拨率',
      ])
        expect(header).toContain(name);
      const rows = lines.slice(1, -1).map((l) => l.split(','));
      expect(rows.map((r) => [r[0], r[1]])).toEqual([
        ['12345', '12345热线'],
        ['12399', '12399'],
        ['96116', '供水服务热线'],
        ['total', '合计'],
      ]);
      const at = (row: string[] | undefined, name: string) => row?.[header.indexOf(name)];
      expect(at(rows[0], '接通率分子')).toBe('117');
      expect(at(rows[0], '接通率分母')).toBe('120');
      expect(at(rows[0], '回拨率分子')).toBe('2');
      expect(at(rows[0], '回拨率分母')).toBe('3');
      expect(at(rows[2], '接通率')).toBe('0.95');
    });

    it('refuses bad input with the same codes as the JSON report', async () => {
      // Act
      const { status, body } = await csv({ from: '2026-11-05', to: '2026-11-01' });

      // Assess
      expect(status).toBe(400);
      expect(body.error.code).toBe('invalid_range');
    });

    it('returns 403 to a department', async () => {
      // Act
      const { status } = await csv(NOVEMBER, WATER);

      // Assess
      expect(status).toBe(403);
    });
  });

  describe('GET /v1/public/metrics', () => {
    it('defaults to the last 12 complete months, per month and department, without a token', async () => {
      // Prepare
      seedNovember();
      put(
        'department',
        '2026-10-20',
        {
          appeals: 2,
          completed: 2,
          ratings: 2,
          satisfied: 1,
          basicallySatisfied: 1,
          followUpContacted: 1,
          noticesQueued: 2,
          noticesDelivered: 2,
        },
        'water-group',
      );
      put('call', '2026-10-20', { callsQueued: 10, callsAnswered: 10 });

      // Act
      const { status, body, headers } = await disclosure({});

      // Assess
      expect(status).toBe(200);
      expect(headers['cache-control']).toBe('public, max-age=3600');
      expect(headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(body.from).toBe('2025-11');
      expect(body.to).toBe('2026-10');
      expect(body.months).toHaveLength(12);
      const october = body.months.at(-1);
      expect(october.month).toBe('2026-10');
      expect(october.city.appeals).toBe(1000);
      expect(october.city.answerRate).toMatchObject({ numerator: 10, denominator: 10, value: 1, met: true });
      expect(october.departments).toEqual([
        {
          id: 'water-group',
          name: '市水务集团',
          appeals: 2,
          completed: 2,
          onTimeRate: { numerator: 0, denominator: 0, value: null, target: 0.96, met: null },
          satisfactionRate: { numerator: 2, denominator: 2, value: 1, target: 0.98, met: true },
          followUpContactRate: { numerator: 1, denominator: 2, value: 0.5 },
        },
      ]);
      expect(ddb).toReceiveCommandWith(QueryCommand, {
        TableName: 'metrics',
        ExpressionAttributeValues: { ':pk': 'department', ':from': '2025-11-01', ':to': '2026-10-31~' },
      });
    });

    it('publishes each line’s 接通率 per month against the line’s target, with its name', async () => {
      // Prepare
      seedNovember();
      seedLines();

      // Act
      const { status, body } = await disclosure({ from: '2026-11', to: '2026-11' });

      // Assess
      expect(status).toBe(200);
      expect(body.months[0].lines).toEqual([
        {
          code: '12345',
          name: '12345热线',
          // the whole month, 4 November included
          answerRate: { numerator: 117, denominator: 1120, value: 117 / 1120, target: 0.98, met: false },
        },
        {
          code: '12399',
          name: '12399',
          answerRate: { numerator: 7, denominator: 10, value: 0.7, target: 0.98, met: false },
        },
        {
          code: '96116',
          name: '供水服务热线',
          answerRate: { numerator: 19, denominator: 20, value: 0.95, target: 0.95, met: true },
        },
      ]);
    });

    it('publishes no personal data: only counts, rates and department names', async () => {
      // Prepare
      seedNovember();

      seedLines();

      // Act
      const { text } = await disclosure({ from: '2026-11', to: '2026-11' });

      // Assess
      expect(text).not.toMatch(/_applied|shard|caller|phone|sub|callback/);
      const keys = new Set<string>();
      JSON.parse(text, (key, value) => {
        keys.add(key);
        return value;
      });
      expect([...keys].filter((k) => k !== '' && !/^\d+$/.test(k)).sort()).toEqual(
        [
          'answerRate',
          'appeals',
          'city',
          'code',
          'completed',
          'denominator',
          'departments',
          'followUpContactRate',
          'from',
          'id',
          'lines',
          'met',
          'month',
          'months',
          'name',
          'numerator',
          'onTimeRate',
          'satisfactionRate',
          'target',
          'targets',
          'to',
          'value',
        ].sort(),
      );
    });

    it('answers 304 without a body when If-None-Match names the current ETag', async () => {
      // Prepare
      seedNovember();
      const first = await disclosure({ from: '2026-11', to: '2026-11' });

      // Act
      const again = await disclosure(
        { from: '2026-11', to: '2026-11' },
        { 'if-none-match': first.headers.etag as string },
      );
      const weak = await disclosure(
        { from: '2026-11', to: '2026-11' },
        { 'if-none-match': `W/${first.headers.etag}` },
      );
      put('all', '2026-11-03', { appeals: 1 });
      // Past the five minutes a warm instance keeps published figures.
      vi.setSystemTime(NOW.getTime() + 5 * 60_000 + 1);
      const changed = await disclosure(
        { from: '2026-11', to: '2026-11' },
        { 'if-none-match': first.headers.etag as string },
      );

      // Assess
      expect(again.status).toBe(304);
      expect(again.text).toBe('');
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(again.headers['cache-control']).toBe('public, max-age=3600');
      expect(weak.status).toBe(304);
      expect(changed.status).toBe(200);
      expect(changed.headers.etag).not.toBe(first.headers.etag);
    });

    it('answers the same range again within five minutes without reading the table', async () => {
      // Prepare
      seedNovember();
      const first = await disclosure({ from: '2026-11', to: '2026-11' });
      ddb.resetHistory();

      // Act
      vi.setSystemTime(NOW.getTime() + 5 * 60_000 - 1);
      const again = await disclosure({ from: '2026-11', to: '2026-11' });

      // Assess
      expect(again.status).toBe(200);
      expect(again.text).toBe(first.text);
      expect(ddb).not.toHaveReceivedCommand(QueryCommand);
    });

    it.each([
      ['invalid_date', { from: '2026-13', to: '2026-12' }],
      ['invalid_date', { from: '2026-1' }],
      ['invalid_range', { from: '2026-10', to: '2026-09' }],
      ['range_too_large', { from: '2024-10', to: '2026-10' }],
    ])('returns 400 %s for %j', async (code, query) => {
      // Act
      const { status, body } = await disclosure(query);

      // Assess
      expect(status).toBe(400);
      expect(body.error.code).toBe(code);
      expect(ddb).not.toHaveReceivedCommand(QueryCommand);
    });

    it('accepts 24 months', async () => {
      // Act
      const { status, body } = await disclosure({ from: '2024-11', to: '2026-10' });

      // Assess
      expect(status).toBe(200);
      expect(body.months).toHaveLength(24);
    });
  });
});
