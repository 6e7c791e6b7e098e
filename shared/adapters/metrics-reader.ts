import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Dimension } from '../domain/metrics/keys.js';
import { countersOf } from '../domain/metrics/rates.js';
import type { MetricsItem } from '../domain/metrics/report.js';

/** The metrics table's partitions (the metrics contract): one per dimension, `line` included. */
export type MetricsDimension = Dimension;

/**
 * Reads the metric aggregates: one dimension over a date range is one Query (paginated), never a
 * Scan. `sk` is `YYYY-MM-DD` or `YYYY-MM-DD#<value>`, so `BETWEEN from AND to~` takes every value
 * of the last day ('~' sorts after '#' and after any day key).
 *
 * @example
 * const items = await new MetricsReader(documentClient(), 'metrics').range('department', '2026-11-01', '2026-11-29');
 */
export class MetricsReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Every item of the dimension from `from` to `to` (days, both included), optionally of one value. */
  async range(dimension: MetricsDimension, from: string, to: string, value?: string): Promise<MetricsItem[]> {
    const out: MetricsItem[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          // One department's days are not contiguous in the partition (days sort first): the filter
          // saves the transfer, not the read.
          ...(value === undefined
            ? {}
            : { FilterExpression: '#value = :value', ExpressionAttributeNames: { '#value': 'value' } }),
          ExpressionAttributeValues: {
            ':pk': dimension,
            ':from': from,
            ':to': `${to}~`,
            ...(value === undefined ? {} : { ':value': value }),
          },
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) out.push(metricsItemOf(item));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  }
}

function metricsItemOf(item: Record<string, unknown>): MetricsItem {
  // `day` and `value` are attributes of every item; the key is the fallback for an item without them.
  const sk = String(item.sk ?? '');
  const hash = sk.indexOf('#');
  const day = typeof item.day === 'string' ? item.day : sk.slice(0, 10);
  const value = typeof item.value === 'string' ? item.value : hash === -1 ? undefined : sk.slice(hash + 1);
  return value === undefined
    ? { day, counters: countersOf(item) }
    : { day, value, counters: countersOf(item) };
}
