// 发布 releases in the cases table: one fixed partition `RELEASES`, sort key = the release id
// (`<period>-<kind>-<nn>`), so a period's releases are one Query on the table's own key (no index),
// newest period first when read backwards. A handful of items a month: no hot partition. The
// stream sees these items; its consumer counts and archives only CASE#/CALL#/CALLBACK# items
// (metric-source.ts, case-item.ts), and the release carries `state`, never the case's `status`
// that the notify-citizen filter reads.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Release, ReleaseKind, ReleaseState } from '../domain/releases/index.js';
import { releaseIdOf } from '../domain/releases/index.js';

export const RELEASES_PARTITION = 'RELEASES';

export type ReleaseWrite = 'written' | 'conflict';

function itemOf(release: Release): Record<string, unknown> {
  return { pk: RELEASES_PARTITION, sk: release.releaseId, ...release };
}

function releaseOf(item: Record<string, unknown>): Release {
  const { pk: _pk, sk: _sk, ...release } = item;
  return release as unknown as Release;
}

/**
 * @example
 * const store = new DynamoReleaseStore(documentClient(), config().CASES_TABLE_NAME);
 * await store.create(draft); // 'written' | 'conflict' (an item with that id is there)
 */
export class DynamoReleaseStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(releaseId: string): Promise<Release | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: RELEASES_PARTITION, sk: releaseId },
        ConsistentRead: true,
      }),
    );
    return Item ? releaseOf(Item) : undefined;
  }

  /** The releases whose id starts with `prefix` (a period, or a period and kind), in id order. */
  async list(prefix = '', newestFirst = false): Promise<Release[]> {
    const out: Release[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': RELEASES_PARTITION, ...(prefix ? { ':prefix': prefix } : {}) },
          ScanIndexForward: !newestFirst,
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) out.push(releaseOf(item));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  }

  /** The releases of one kind and period (the first and its corrections), in order. */
  siblings(period: string, kind: ReleaseKind): Promise<Release[]> {
    // The id of the first without its number is the prefix of them all.
    return this.list(releaseIdOf(period, kind, 1).slice(0, -2));
  }

  /** A new release, only where no item has its id. */
  async create(release: Release): Promise<ReleaseWrite> {
    return this.put(itemOf(release), 'attribute_not_exists(pk)', {});
  }

  /**
   * The release written back, only if the stored one is still at `expected.version` and in
   * `expected.state`: a published release is never written again (its state no longer matches).
   */
  async update(release: Release, expected: { version: number; state: ReleaseState }): Promise<ReleaseWrite> {
    return this.put(itemOf(release), '#version = :version AND #state = :state', {
      names: { '#version': 'version', '#state': 'state' },
      values: { ':version': expected.version, ':state': expected.state },
    });
  }

  private async put(
    item: Record<string, unknown>,
    condition: string,
    expression: { names?: Record<string, string>; values?: Record<string, unknown> },
  ): Promise<ReleaseWrite> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: condition,
          ...(expression.names ? { ExpressionAttributeNames: expression.names } : {}),
          ...(expression.values ? { ExpressionAttributeValues: expression.values } : {}),
        }),
      );
      return 'written';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'conflict';
      throw error;
    }
  }
}
