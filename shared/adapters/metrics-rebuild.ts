import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  type AggregateId,
  aggregateId,
  type Contributions,
  type CounterName,
  type Counters,
  contributionsOf,
  type Dimension,
  dayAndValueOf,
  isCounterName,
  keyOfId,
  sumInto,
} from '../domain/metrics/index.js';
import { metricSourceOf } from './metric-source.js';

// `npm run rebuild-metrics`: the aggregates recounted from the cases table, compared with the live
// counters. The projection adds contributions(after) − contributions(before) per stream record, so
// the live counters equal a recount by construction; a difference is a lost or doubled batch.

export interface Drift {
  readonly id: AggregateId;
  readonly counter: CounterName;
  /** What the cases table says. */
  readonly expected: number;
  /** What the metrics table holds. */
  readonly live: number;
}

export interface RebuildReport {
  readonly cases: number;
  readonly calls: number;
  /** Callback tasks (漏接回拨) recounted. */
  readonly callbacks: number;
  /** Aggregate items recounted / found in the metrics table. */
  readonly expectedItems: number;
  readonly liveItems: number;
  readonly drift: readonly Drift[];
  /** Items rewritten by `fix`. */
  readonly fixed: number;
}

async function* scan(
  client: DynamoDBDocumentClient,
  tableName: string,
): AsyncGenerator<Record<string, unknown>> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
    for (const item of out.Items ?? []) yield item;
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** Every aggregate as the cases table says it should be (a Scan: this is an offline job). */
export async function recount(
  client: DynamoDBDocumentClient,
  casesTable: string,
): Promise<{ expected: Contributions; cases: number; calls: number; callbacks: number }> {
  const expected: Contributions = new Map();
  let cases = 0;
  let calls = 0;
  let callbacks = 0;
  for await (const item of scan(client, casesTable)) {
    const source = metricSourceOf(item);
    if (!source) continue;
    if (source.kind === 'case') cases++;
    else if (source.kind === 'call') calls++;
    else callbacks++;
    sumInto(expected, contributionsOf(source));
  }
  return { expected, cases, calls, callbacks };
}

/** The live counters of the metrics table, without its bookkeeping. */
export async function liveCounters(
  client: DynamoDBDocumentClient,
  metricsTable: string,
): Promise<Contributions> {
  const live: Contributions = new Map();
  for await (const item of scan(client, metricsTable)) {
    const counters: Counters = {};
    for (const [name, value] of Object.entries(item)) {
      if (isCounterName(name) && typeof value === 'number' && value !== 0) counters[name] = value;
    }
    live.set(aggregateId({ pk: item.pk as Dimension, sk: item.sk as string }), counters);
  }
  return live;
}

/** Every counter that differs, both ways: missing items, extra items, and different values. */
export function compare(expected: Contributions, live: Contributions): Drift[] {
  const drift: Drift[] = [];
  for (const id of new Set([...expected.keys(), ...live.keys()])) {
    const e = expected.get(id) ?? {};
    const l = live.get(id) ?? {};
    for (const counter of new Set([...Object.keys(e), ...Object.keys(l)]) as Set<CounterName>) {
      const want = e[counter] ?? 0;
      const have = l[counter] ?? 0;
      if (want !== have) drift.push({ id, counter, expected: want, live: have });
    }
  }
  return drift.sort((a, b) => a.id.localeCompare(b.id) || a.counter.localeCompare(b.counter));
}

/**
 * Adds each drifting counter's difference (an ADD, not a SET, so a batch the projection applies
 * meanwhile is kept). The marks are left alone. Run it with the stream caught up.
 */
async function fix(
  client: DynamoDBDocumentClient,
  metricsTable: string,
  drift: readonly Drift[],
): Promise<number> {
  const byItem = new Map<AggregateId, Drift[]>();
  for (const d of drift) byItem.set(d.id, [...(byItem.get(d.id) ?? []), d]);
  for (const [id, items] of byItem) {
    const key = keyOfId(id);
    const { day, value } = dayAndValueOf(key);
    const names: Record<string, string> = { '#day': 'day' };
    const values: Record<string, unknown> = { ':day': day };
    const add = items.map((d, i) => {
      names[`#c${i}`] = d.counter;
      values[`:c${i}`] = d.expected - d.live;
      return `#c${i} :c${i}`;
    });
    const set = ['#day = if_not_exists(#day, :day)'];
    if (value !== undefined) {
      names['#value'] = 'value';
      values[':value'] = value;
      set.push('#value = if_not_exists(#value, :value)');
    }
    await client.send(
      new UpdateCommand({
        TableName: metricsTable,
        Key: key,
        UpdateExpression: `ADD ${add.join(', ')} SET ${set.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }
  return byItem.size;
}

/**
 * @example
 * const report = await rebuildMetrics(documentClient(), { casesTable, metricsTable }, { fix: false });
 * if (report.drift.length === 0) console.log('no drift');
 */
export async function rebuildMetrics(
  client: DynamoDBDocumentClient,
  tables: { casesTable: string; metricsTable: string },
  options: { fix?: boolean } = {},
): Promise<RebuildReport> {
  const { expected, cases, calls, callbacks } = await recount(client, tables.casesTable);
  const live = await liveCounters(client, tables.metricsTable);
  const drift = compare(expected, live);
  const fixed = options.fix && drift.length > 0 ? await fix(client, tables.metricsTable, drift) : 0;
  return { cases, calls, callbacks, expectedItems: expected.size, liveItems: live.size, drift, fixed };
}
