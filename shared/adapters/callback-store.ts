import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  CALLBACKS_ERASE_QUEUE,
  CALLBACKS_OPEN_QUEUE,
  type CallbackTask,
  callbackKeyOfTaskId,
  callbackPartition,
} from '../domain/callbacks/index.js';
import { fromCallbackItem, toCallbackItem } from './callback-item.js';
import { decodeIndexCursor, encodeIndexCursor, type IndexKeyNames } from './index-cursor.js';

// 漏接回拨: where callback tasks are kept: one item per caller per round in the cases table, every
// change one conditional write of that item (DESIGN §3), the index keys set here, never by the core.

/** A page of tasks off the index, with an opaque cursor for the next (absent on the last page). */
export interface CallbackPage {
  readonly items: CallbackTask[];
  readonly nextCursor?: string;
}

export interface CallbackStore {
  /** The caller's rounds, newest first (a consistent Query of the caller's partition). */
  listRounds(callerRef: string, limit: number): Promise<CallbackTask[]>;
  /** One task by its public id (consistent read); undefined when there is none or the id is malformed. */
  get(taskId: string): Promise<CallbackTask | undefined>;
  /** A new round, conditional on its key being free: `exists` when another writer took the round first. */
  create(task: CallbackTask): Promise<'created' | 'exists'>;
  /**
   * The task as decided, conditional on `expectedVersion`; written with version + 1 and the index
   * keys its status calls for. `conflict` when another write landed first.
   */
  update(task: CallbackTask, expectedVersion: number): Promise<'updated' | 'conflict'>;
  /** Open tasks by callback deadline, oldest first (index partition CALLBACKS#open). */
  listOpen(page: { limit: number; cursor?: string; dueBefore?: Date }): Promise<CallbackPage>;
  /** Closed tasks whose number is due for erasure at `now` (index partition CALLBACKS#erase). */
  listEraseDue(now: Date, page: { limit: number; cursor?: string }): Promise<CallbackPage>;
}

const INDEX = 'by-department-queue';
const INDEX_KEYS: IndexKeyNames = { partition: 'deptQueue', sort: 'dueAt' };
const TASK_KEYS = { pk: 'CALLBACK#', sk: 'TASK#' };

/**
 * The cases table's callback items. Whole-item puts, like the case store's: the sparse index keys
 * follow the status of every write (an open task leaves the agents' list when it closes, and the
 * erasure list once its number is gone).
 *
 * @example
 * const store = new DynamoCallbackStore(documentClient(), 'cases');
 * const [newest] = await store.listRounds(callerRef, 1);
 */
export class DynamoCallbackStore implements CallbackStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async listRounds(callerRef: string, limit: number): Promise<CallbackTask[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :task)',
        ExpressionAttributeValues: { ':pk': callbackPartition(callerRef), ':task': TASK_KEYS.sk },
        // Newest round first; consistent, so a round created a moment ago is seen (the join race).
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(fromCallbackItem);
  }

  async get(taskId: string): Promise<CallbackTask | undefined> {
    const key = callbackKeyOfTaskId(taskId);
    if (!key) return undefined;
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    return Item ? fromCallbackItem(Item) : undefined;
  }

  async create(task: CallbackTask): Promise<'created' | 'exists'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toCallbackItem(task),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'created';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'exists';
      throw error;
    }
  }

  async update(task: CallbackTask, expectedVersion: number): Promise<'updated' | 'conflict'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toCallbackItem({ ...task, version: expectedVersion + 1 }),
          // The item must exist at that version: a put never resurrects a task nor creates one.
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
        }),
      );
      return 'updated';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'conflict';
      throw error;
    }
  }

  listOpen(page: { limit: number; cursor?: string; dueBefore?: Date }): Promise<CallbackPage> {
    return this.listQueue(CALLBACKS_OPEN_QUEUE, page, page.dueBefore, 'before');
  }

  listEraseDue(now: Date, page: { limit: number; cursor?: string }): Promise<CallbackPage> {
    return this.listQueue(CALLBACKS_ERASE_QUEUE, page, now, 'by');
  }

  /**
   * One page of an index partition, earliest first, bounded by `bound` in the key condition (never a
   * filter, which would read and charge for what it drops): `before` strictly, `by` inclusively. A
   * cursor past the bound (handed out under a later bound) has nothing left in range: an empty page.
   */
  private async listQueue(
    queue: string,
    page: { limit: number; cursor?: string },
    bound: Date | undefined,
    mode: 'before' | 'by',
  ): Promise<CallbackPage> {
    const start = page.cursor ? decodeIndexCursor(page.cursor, INDEX_KEYS, queue, TASK_KEYS) : undefined;
    const limit = bound?.toISOString();
    const from = start?.dueAt ?? '';
    if (start && limit && (mode === 'before' ? from >= limit : from > limit)) {
      return { items: [] };
    }
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX,
        KeyConditionExpression: limit
          ? `deptQueue = :q AND dueAt ${mode === 'before' ? '<' : '<='} :bound`
          : 'deptQueue = :q',
        ExpressionAttributeValues: { ':q': queue, ...(limit ? { ':bound': limit } : {}) },
        ScanIndexForward: true,
        Limit: page.limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const items = (out.Items ?? []).map(fromCallbackItem);
    return out.LastEvaluatedKey ? { items, nextCursor: encodeIndexCursor(out.LastEvaluatedKey) } : { items };
  }
}
