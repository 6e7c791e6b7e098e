import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { loadDevJwt } from '../local/jwt.js';
import { LOCAL_NAMES } from '../local/resources.js';
import { eachDay } from '../shared/domain/metrics/periods.js';
import { SEED_DIRECTORY } from '../shared/seed/directory.js';
import { type LatencySummary, summarise } from './latency.js';
import type { RemoteStack } from './stack-client.js';

// The metrics API's price: GET /v1/metrics for 90 days grouped by department (gateway, JWT check,
// handler: three Queries side by side, the report, JSON) beside one bare Query of the same
// partition and range, paginated the same way. Interleaved one for one, so both see the same
// background work. Target: p99 ratio ≤ 3.

export const METRICS_TARGET = 3.0;
const DAYS = 90;
/** In the past, so no traffic the stack projects lands in the measured range. */
const FROM = '2018-01-01';

export interface MetricsBenchResult {
  warmup: number;
  days: number;
  departments: number;
  itemsInRange: number;
  responseBytes: number;
  gateway: LatencySummary & { non200: number };
  bare: LatencySummary & { pages: number };
  ratio: { p50: number; p99: number };
}

/** Counters shaped like a busy department's day, varied so every item differs. */
function counters(i: number): Record<string, number> {
  const appeals = 20 + (i % 17);
  return {
    appeals,
    directResolutions: i % 5,
    repeats: i % 3,
    merged: i % 2,
    dispatches: appeals,
    returns: i % 4,
    completed: appeals - 2,
    handlingSecondsSum: (appeals - 2) * 86_400,
    slaDue: appeals - 3,
    slaOnTime: appeals - 4,
    ratings: 10,
    satisfied: 8,
    basicallySatisfied: 1,
    dissatisfied: 1,
  };
}

async function seed(ddb: DynamoDBDocumentClient, days: readonly string[]): Promise<number> {
  const items: Record<string, unknown>[] = [];
  days.forEach((day, d) => {
    items.push({ pk: 'all', sk: day, day, ...counters(d) });
    items.push({
      pk: 'call',
      sk: day,
      day,
      callsQueued: 900 + d,
      callsAnswered: 890,
      callsAnsweredIn15s: 800,
      callsAbandoned: 10,
    });
    SEED_DIRECTORY.departments.forEach((department, k) => {
      items.push({
        pk: 'department',
        sk: `${day}#${department.id}`,
        day,
        value: department.id,
        ...counters(d * 7 + k),
      });
    });
  });
  for (let i = 0; i < items.length; i += 25) {
    let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const out = await ddb.send(
        new BatchWriteCommand({ RequestItems: { [LOCAL_NAMES.metricsTable]: requests } }),
      );
      requests = (out.UnprocessedItems?.[LOCAL_NAMES.metricsTable] ?? []) as typeof requests;
    }
  }
  return days.length * SEED_DIRECTORY.departments.length;
}

/** The floor: one Query of the department partition over the range, every page read. */
async function bareQuery(ddb: DynamoDBDocumentClient, from: string, to: string): Promise<number> {
  let pages = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb.send(
      new QueryCommand({
        TableName: LOCAL_NAMES.metricsTable,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': 'department', ':from': from, ':to': `${to}~` },
        ExclusiveStartKey,
      }),
    );
    pages++;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return pages;
}

export async function measureMetricsApi(
  stack: RemoteStack,
  dataDir: string,
  n: number,
  warmup: number,
): Promise<MetricsBenchResult> {
  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    }),
  );
  const days = eachDay(FROM, '2018-12-31').slice(0, DAYS);
  const from = days[0] as string;
  const to = days[days.length - 1] as string;
  const itemsInRange = await seed(ddb, days);
  const token = await (await loadDevJwt(dataDir)).issue({ sub: 'bench-analyst', role: 'analyst' });
  const url = `${stack.url}/v1/metrics?from=${from}&to=${to}&groupBy=department`;

  const gateway: number[] = [];
  const bare: number[] = [];
  let non200 = 0;
  let responseBytes = 0;
  let pages = 0;
  try {
    for (let i = 0; i < warmup + n; i++) {
      const started = performance.now();
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      const body = await response.arrayBuffer();
      const gatewayMs = performance.now() - started;
      if (response.status !== 200) non200++;
      responseBytes = body.byteLength;

      const bareStarted = performance.now();
      pages = await bareQuery(ddb, from, to);
      const bareMs = performance.now() - bareStarted;

      if (i >= warmup) {
        gateway.push(gatewayMs);
        bare.push(bareMs);
      }
    }
  } finally {
    ddb.destroy();
  }
  const g = summarise(gateway);
  const b = summarise(bare);
  return {
    warmup,
    days: DAYS,
    departments: SEED_DIRECTORY.departments.length,
    itemsInRange,
    responseBytes,
    gateway: { ...g, non200 },
    bare: { ...b, pages },
    ratio: { p50: g.p50 / b.p50, p99: g.p99 / b.p99 },
  };
}

export function reportMetricsApi(result: MetricsBenchResult, section: number): boolean {
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  const ratio = (v: number) => `${v.toFixed(2)}×`;
  console.log(
    `\n${section}. 统计指标接口 ${result.days} 天 × ${result.departments} 个单位按单位分组` +
      `（${result.itemsInRange} 条单位日汇总，顺序 ${result.gateway.n} 次，预热 ${result.warmup} 次）`,
  );
  const rows = [
    ['', 'p50', 'p99', 'mean', 'max'],
    [
      `GET /v1/metrics（网关，${(result.responseBytes / 1024).toFixed(1)} KB）`,
      ...[result.gateway.p50, result.gateway.p99, result.gateway.mean, result.gateway.max].map(ms),
    ],
    [
      `同分区同范围单次 Query（${result.bare.pages} 页）`,
      ...[result.bare.p50, result.bare.p99, result.bare.mean, result.bare.max].map(ms),
    ],
    ['比值 接口/裸查询', ratio(result.ratio.p50), ratio(result.ratio.p99), '', ''],
  ];
  for (const row of rows)
    console.log(`  ${row.map((c, i) => (i === 0 ? c.padEnd(44) : c.padStart(10))).join(' ')}`);
  if (result.gateway.non200 > 0) console.log(`  注意：${result.gateway.non200} 次请求未返回 200`);
  const ok = result.gateway.non200 === 0 && result.ratio.p99 <= METRICS_TARGET;
  console.log(
    `  目标 p99 接口/裸查询 ≤ ${METRICS_TARGET.toFixed(1)}（${ratio(result.ratio.p99)}）：${ok ? 'meets' : 'misses'}`,
  );
  return ok;
}
