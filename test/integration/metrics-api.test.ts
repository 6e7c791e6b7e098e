import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevJwt, loadDevJwt } from '../../local/jwt.js';
import { LOCAL_NAMES } from '../../local/resources.js';
import { ddb, stack } from './helpers.js';

// The metrics API through the local gateway (JWT check included) and DynamoDB Local. The items are
// put straight into the metrics table, in 2019, which no projection of the tests' traffic touches.

type Json = Record<string, unknown> & { error?: { code: string } };
// biome-ignore lint/suspicious/noExplicitAny: response rows, read field by field.
type Row = any;

function item(pk: string, day: string, counters: Record<string, number>, value?: string) {
  return {
    pk,
    sk: value === undefined ? day : `${day}#${value}`,
    day,
    ...(value === undefined ? {} : { value }),
    ...counters,
  };
}

const ITEMS = [
  item('all', '2019-03-01', {
    appeals: 20,
    completed: 10,
    slaDue: 10,
    slaOnTime: 9,
    ratings: 5,
    satisfied: 5,
  }),
  item('all', '2019-03-02', {
    appeals: 10,
    completed: 15,
    slaDue: 15,
    slaOnTime: 15,
    ratings: 5,
    dissatisfied: 1,
  }),
  item(
    'department',
    '2019-03-01',
    { appeals: 12, slaDue: 8, slaOnTime: 8, ratings: 4, satisfied: 4 },
    'water-group',
  ),
  item('department', '2019-03-02', { appeals: 6, slaDue: 10, slaOnTime: 9 }, 'water-group'),
  item('department', '2019-03-01', { appeals: 5, slaDue: 2, slaOnTime: 1 }, 'housing'),
  item('category', '2019-03-01', { appeals: 20 }, 'water-supply'),
  item('call', '2019-03-01', {
    callsQueued: 100,
    callsAnswered: 99,
    callsAnsweredIn15s: 90,
    callsAbandoned: 1,
  }),
  item('call', '2019-03-02', {
    callsQueued: 100,
    callsAnswered: 96,
    callsAnsweredIn15s: 80,
    callsAbandoned: 4,
  }),
  // Another month, for the public view.
  item('all', '2019-04-10', { appeals: 7, completed: 7 }),
  item('department', '2019-04-10', { appeals: 7, completed: 7 }, 'water-group'),
];

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.url}${path}`, { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function getJson(path: string, token?: string) {
  const res = await get(path, token ? { authorization: `Bearer ${token}` } : {});
  return { ...res, json: JSON.parse(res.bytes.toString('utf8')) as Json };
}

describe('the metrics API through the local stack', () => {
  let jwt: DevJwt;
  let analyst: string;
  let department: string;

  beforeAll(async () => {
    jwt = await loadDevJwt(stack.dataDir);
    analyst = await jwt.issue({ sub: 'it-analyst', role: 'analyst' });
    department = await jwt.issue({ sub: 'it-dept', role: 'department', departmentId: 'water-group' });
    await ddb.send(
      new BatchWriteCommand({
        RequestItems: { [LOCAL_NAMES.metricsTable]: ITEMS.map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  });

  afterAll(async () => {
    // Fixture figures out of the way of the suites that recount the table (metrics-drift).
    await ddb.send(
      new BatchWriteCommand({
        RequestItems: {
          [LOCAL_NAMES.metricsTable]: ITEMS.map(({ pk, sk }) => ({ DeleteRequest: { Key: { pk, sk } } })),
        },
      }),
    );
  });

  it('gives an analyst the total and the department rows with numerators and denominators', async () => {
    // Act
    const { status, json } = await getJson(
      '/v1/metrics?from=2019-03-01&to=2019-03-31&groupBy=department',
      analyst,
    );

    // Assess
    expect(status).toBe(200);
    const total = json.total as Row;
    expect(total.counts).toMatchObject({ appeals: 30, completed: 25, callsQueued: 200, callsAnswered: 195 });
    expect(total.rates.onTimeRate).toEqual({
      numerator: 24,
      denominator: 25,
      value: 0.96,
      target: 0.96,
      met: true,
    });
    expect(total.rates.answerRate).toEqual({
      numerator: 195,
      denominator: 200,
      value: 0.975,
      target: 0.98,
      met: false,
    });
    expect(total.rates.satisfactionRate).toMatchObject({ numerator: 5, denominator: 10, value: 0.5 });
    expect(total.rates.abandonRate).toEqual({ numerator: 5, denominator: 200, value: 0.025 });
    const groups = json.groups as Row[];
    expect(groups.map((g) => [g.key, g.name, g.counts.appeals])).toEqual([
      ['housing', '市住房和城乡建设局', 5],
      ['water-group', '江城水务集团', 18],
    ]);
    expect(groups[1].rates.onTimeRate).toMatchObject({ numerator: 17, denominator: 18 });
    expect(groups[1].rates.answerRate.value).toBeNull();
  });

  it("filters to a department by day: its counters, the city's calls, every day of the range", async () => {
    // Act
    const { status, json } = await getJson(
      '/v1/metrics?from=2019-03-01&to=2019-03-03&groupBy=day&department=water-group',
      analyst,
    );

    // Assess
    expect(status).toBe(200);
    const groups = json.groups as Row[];
    expect(groups.map((g) => [g.key, g.counts.appeals, g.counts.callsQueued])).toEqual([
      ['2019-03-01', 12, 100],
      ['2019-03-02', 6, 100],
      ['2019-03-03', 0, 0],
    ]);
    expect((json.total as Row).counts.appeals).toBe(18);
  });

  it('exports the same figures as CSV with a BOM and Chinese headers', async () => {
    // Act
    const res = await get('/v1/metrics/export.csv?from=2019-03-01&to=2019-03-31&groupBy=department', {
      authorization: `Bearer ${analyst}`,
    });

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="metrics-2019-03-01-2019-03-31.csv"',
    );
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.bytes.subarray(3).toString('utf8').split('\r\n');
    const header = (lines[0] ?? '').split(',');
    expect(header.slice(0, 3)).toEqual(['分组', '名称', '诉求量']);
    const total = (lines.find((l) => l.startsWith('total,')) ?? '').split(',');
    expect(total[header.indexOf('按时办结率分子')]).toBe('24');
    expect(total[header.indexOf('按时办结率分母')]).toBe('25');
    expect(total[header.indexOf('接通率分母')]).toBe('200');
  });

  it('refuses a department user with 403 and an unknown department with 400', async () => {
    // Act
    const asDepartment = await getJson('/v1/metrics?from=2019-03-01&to=2019-03-31', department);
    const unknown = await getJson('/v1/metrics?from=2019-03-01&to=2019-03-31&department=nobody', analyst);
    const anonymous = await getJson('/v1/metrics?from=2019-03-01&to=2019-03-31');

    // Assess
    expect(asDepartment.status).toBe(403);
    expect(asDepartment.json.error?.code).toBe('forbidden');
    expect(unknown.status).toBe(400);
    expect(unknown.json.error?.code).toBe('unknown_department');
    expect(anonymous.status).toBe(401);
  });

  it('publishes months without a token, cacheable, and answers 304 to its ETag', async () => {
    // Act
    const first = await getJson('/v1/public/metrics?from=2019-03&to=2019-04');
    const etag = first.headers.get('etag') ?? '';
    const again = await get('/v1/public/metrics?from=2019-03&to=2019-04', { 'if-none-match': etag });

    // Assess
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const months = first.json.months as Row[];
    expect(months.map((m) => [m.month, m.city.appeals, m.city.completed])).toEqual([
      ['2019-03', 30, 25],
      ['2019-04', 7, 7],
    ]);
    expect(months[0].city.answerRate).toMatchObject({ numerator: 195, denominator: 200 });
    expect(months[0].departments.map((d: Row) => [d.id, d.name, d.onTimeRate.numerator])).toEqual([
      ['housing', '市住房和城乡建设局', 1],
      ['water-group', '江城水务集团', 17],
    ]);
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    expect(again.headers.get('etag')).toBe(etag);
  });
});
