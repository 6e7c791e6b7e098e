import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { QueuedCall } from '../domain/index.js';
import { agentCallKeys, agentCallsKey, fromCallItem } from './call-item.js';

/**
 * `current`: the table already holds this very version (a redelivery); `stale`: it holds a later
 * one. Nothing changed in either case.
 */
export type CallPutOutcome = 'stored' | 'current' | 'stale';

/** The port through which call records (`CALL#<callId>` items) are kept. */
export interface CallStore {
  put(item: QueuedCall): Promise<CallPutOutcome>;
}

/** What the agents' desk reads: one call, and an agent's answered calls. */
export interface CallReader {
  get(callId: string): Promise<QueuedCall | undefined>;
  /** The agent's calls answered at or after `since`, newest first, at most `limit`. */
  listAnsweredBy(agentId: string, since: Date, limit: number): Promise<QueuedCall[]>;
}

export class DynamoCallStore implements CallStore, CallReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * The latest version wins: the put succeeds only over nothing or an older `recordedAt` (UTC ISO
   * strings, so string order is time order). A resend or an older version is a harmless no-op. The
   * whole item is replaced, so the agent's call list follows the latest version (a transferred call
   * moves to the agent who has it now).
   */
  async put(item: QueuedCall): Promise<CallPutOutcome> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...item, ...agentCallKeys(item) },
          ConditionExpression: 'attribute_not_exists(pk) OR recordedAt < :new',
          ExpressionAttributeValues: { ':new': item.recordedAt },
          // The losing write learns which version won (a call item is small): a redelivery of the
          // version held must still reach what follows the record (its callback task).
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'stored';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return error.Item?.recordedAt?.S === item.recordedAt ? 'current' : 'stale';
      }
      throw error;
    }
  }

  async get(callId: string): Promise<QueuedCall | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `CALL#${callId}`, sk: 'CALL' },
        ConsistentRead: true,
      }),
    );
    return Item ? fromCallItem(Item) : undefined;
  }

  /**
   * One Query of the agent's partition of the work-queue index (never a scan). Eventually
   * consistent: a call stored a moment ago may be missing for a moment, and the list is polled.
   */
  async listAnsweredBy(agentId: string, since: Date, limit: number): Promise<QueuedCall[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'by-department-queue',
        KeyConditionExpression: 'deptQueue = :q AND dueAt >= :since',
        ExpressionAttributeValues: { ':q': agentCallsKey(agentId), ':since': since.toISOString() },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(fromCallItem);
  }
}
