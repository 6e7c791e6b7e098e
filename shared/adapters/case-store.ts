import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Case } from '../domain/index.js';
import { eachLimited } from '../each-limited.js';
import {
  type CaseItemOptions,
  DEFAULT_CASE_ITEM_OPTIONS,
  DISPATCH_QUEUE_KEY,
  departmentQueueKey,
  FOLLOW_UP_CALL_PARTITIONS,
  fromItem,
  isDepartmentWork,
  type SupervisorQueue,
  supervisorQueueKey,
  toItem,
} from './case-item.js';
import { coHandledQueueKey, putCoHandlerLinks } from './co-handler-link.js';
import {
  DUPLICATE_LINK_PREFIX,
  type DuplicateLink,
  fromDuplicateLinkItem,
  toDuplicateLinkItem,
} from './duplicate-link-item.js';
import { mergePage, type PartitionAnswer, type PartitionPosition } from './sharded-page.js';

/** `exists` carries the stored case, so a caller can tell a true duplicate from a clash. */
export type CreateResult = { outcome: 'created' } | { outcome: 'exists'; existing: Case | undefined };

/** `version_conflict`: another write landed first; nothing was written, the caller re-reads. */
export type UpdateResult =
  | { outcome: 'updated' }
  | { outcome: 'version_conflict'; current: Case | undefined };

/** One page of a department's work queue, earliest deadline first. */
export interface QueuePage {
  readonly items: Case[];
  /** Opaque: pass it back as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/** The port through which the core's cases are kept. */
export interface CaseStore {
  /** Puts a new case unless one with its id exists; a retried appeal therefore changes nothing. */
  create(kase: Case): Promise<CreateResult>;
  getById(caseId: string): Promise<Case | undefined>;
  getByTrackingNo(trackingNo: string): Promise<Case | undefined>;
}

/** What intake needs besides creating: a caller's recent cases, and the master's duplicate link. */
export interface CaseIntakeStore extends CaseStore {
  /**
   * The caller's cases received in [from, to], oldest first, through the by-caller index (never a
   * scan). The index is eventually consistent: a case written a moment ago may be missing.
   */
  listByCaller(callerKey: string, from: Date, to: Date): Promise<Case[]>;
  /**
   * Records a duplicate's link to its master as an item of its own (`CASE#<master>`, `DUP#<dup>`),
   * once: `exists` when a previous delivery wrote it. The master's item is not touched.
   */
  putDuplicateLink(masterCaseId: string, link: DuplicateLink): Promise<'linked' | 'exists'>;
}

/** How many of a master's duplicate links the staff view lists (a flood has more; they are counted). */
export const DUPLICATE_LINKS_SHOWN = 100;

/** What the staff case API needs besides reading: versioned writes and the department queue. */
export interface CaseWorkStore extends CaseStore {
  /**
   * Replaces the case if its stored version is still `expectedVersion`. Two concurrent actions on
   * one case: one wins, the other gets `version_conflict`, never a lost update.
   */
  update(next: Case, expectedVersion: number): Promise<UpdateResult>;
  listDepartmentQueue(departmentId: string, page: { limit: number; cursor?: string }): Promise<QueuePage>;
}

/**
 * DynamoDB refused the case's item as larger than its 400 KB limit. The core's item budget
 * (item-budget.ts) refuses such an action first; this is the backstop should its estimate ever fall
 * short, so the caller answers 422 `case_too_large` instead of a 503 "retry".
 */
export class CaseTooLargeError extends Error {
  constructor(message = 'the case item is larger than DynamoDB allows', options?: ErrorOptions) {
    super(message, options);
    this.name = 'CaseTooLargeError';
  }
}

/** DynamoDB's answer to an item over its size limit (a ValidationException naming the item size). */
function isItemTooLarge(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'ValidationException' &&
    /item size (?:has exceeded|to update has exceeded)/i.test(error.message)
  );
}

/** A cursor that is not one this store handed out (or is for another queue). */
export class InvalidCursorError extends Error {
  constructor(message = 'invalid cursor', options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidCursorError';
  }
}

/** The by-department-queue index's key attributes: all a page's LastEvaluatedKey holds. */
/** A queue on a sparse index: its name, its partition attribute and its sort attribute. */
interface QueueIndex {
  readonly index: string;
  readonly key: string;
  readonly sort: string;
}

/** Queries of one look-up in flight at once: a handful, so a city's fifty departments take a few rounds. */
const QUEUE_FAN_OUT = 8;

const WORK_QUEUE: QueueIndex = { index: 'by-department-queue', key: 'deptQueue', sort: 'dueAt' };
const REVIEW_QUEUE: QueueIndex = { index: 'by-review-queue', key: 'reviewQueue', sort: 'reviewSince' };
const FOLLOW_UP_CALLS: QueueIndex = { index: 'by-follow-up-call', key: 'followUpQueue', sort: 'followUpDue' };

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function parseCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new InvalidCursorError('invalid cursor', { cause });
  }
}

function decodeCursor(cursor: string, queue: string, on: QueueIndex): Record<string, string> {
  return checkedKey(parseCursor(cursor), queue, on);
}

/**
 * A cursor of the sharded call list: each partition's position (`{ after }` or `'done'`), every
 * partition named and no other, each key checked like a single queue's.
 */
function decodeShardedCursor(
  cursor: string,
  partitions: readonly string[],
  on: QueueIndex,
): Record<string, PartitionPosition> {
  const value = parseCursor(cursor);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidCursorError();
  const positions = value as Record<string, unknown>;
  if (Object.keys(positions).sort().join() !== [...partitions].sort().join()) throw new InvalidCursorError();
  const out: Record<string, PartitionPosition> = {};
  for (const partition of partitions) {
    const position = positions[partition];
    if (position === 'done') out[partition] = 'done';
    else if (typeof position === 'object' && position !== null && Object.keys(position).join() === 'after')
      out[partition] = { after: checkedKey((position as { after: unknown }).after, partition, on) };
    else if (typeof position === 'object' && position !== null && Object.keys(position).length === 0)
      out[partition] = {};
    else throw new InvalidCursorError();
  }
  return out;
}

function checkedKey(value: unknown, queue: string, on: QueueIndex): Record<string, string> {
  // Only the exact key shape is passed on: DynamoDB would reject anything else as a 400 of its own,
  // and a cursor from another department's queue must not page through this one.
  if (typeof value !== 'object' || value === null) throw new InvalidCursorError();
  const key = value as Record<string, unknown>;
  const keys = Object.keys(key).sort();
  if (keys.join() !== ['pk', 'sk', on.key, on.sort].sort().join()) throw new InvalidCursorError();
  if (!keys.every((k) => typeof key[k] === 'string')) throw new InvalidCursorError();
  // DynamoDB refuses an empty key value and keys over 2,048 (partition) or 1,024 bytes (sort); ours
  // are short, so anything longer than 1,024 bytes was never one of them.
  if (!keys.every((k) => key[k] !== '' && Buffer.byteLength(key[k] as string) <= 1024)) {
    throw new InvalidCursorError();
  }
  if (key[on.key] !== queue) throw new InvalidCursorError();
  return key as Record<string, string>;
}

export class DynamoCaseStore implements CaseWorkStore, CaseIntakeStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** How items are laid out (the follow-up window in the supervision index): see `caseStore()`. */
    private readonly itemOptions: CaseItemOptions = DEFAULT_CASE_ITEM_OPTIONS,
  ) {}

  async create(kase: Case): Promise<CreateResult> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(kase, this.itemOptions),
          ConditionExpression: 'attribute_not_exists(pk)',
          // The losing write learns what won, without a second read.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { outcome: 'created' };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return {
          outcome: 'exists',
          existing: error.Item ? fromItem(unmarshall(error.Item as never)) : undefined,
        };
      }
      throw error;
    }
  }

  async getById(caseId: string): Promise<Case | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
        ConsistentRead: true,
      }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async getByTrackingNo(trackingNo: string): Promise<Case | undefined> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'by-tracking-no',
        KeyConditionExpression: 'trackingNo = :t',
        ExpressionAttributeValues: { ':t': trackingNo },
        Limit: 2,
      }),
    );
    const first = Items?.[0];
    return first ? fromItem(first) : undefined;
  }

  async update(next: Case, expectedVersion: number): Promise<UpdateResult> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          // The whole item, so the sparse queue key follows the new status (a completed case leaves
          // its department's queue, a reopened one comes back).
          Item: toItem(next, this.itemOptions),
          ConditionExpression: 'version = :expected',
          ExpressionAttributeValues: { ':expected': expectedVersion },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { outcome: 'updated' };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return {
          outcome: 'version_conflict',
          current: error.Item ? fromItem(unmarshall(error.Item as never)) : undefined,
        };
      }
      if (isItemTooLarge(error)) throw new CaseTooLargeError(undefined, { cause: error });
      throw error;
    }
  }

  async putDuplicateLink(masterCaseId: string, link: DuplicateLink): Promise<'linked' | 'exists'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toDuplicateLinkItem(masterCaseId, link),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'linked';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'exists';
      throw error;
    }
  }

  /**
   * The master's duplicate links (its `DUP#` items), up to `limit`, in duplicate-id order, and
   * whether there are more. One query on the table's own key: never a scan.
   */
  async listDuplicateLinks(
    masterCaseId: string,
    limit = DUPLICATE_LINKS_SHOWN,
  ): Promise<{ links: DuplicateLink[]; more: boolean }> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :dup)',
        ExpressionAttributeValues: { ':pk': `CASE#${masterCaseId}`, ':dup': DUPLICATE_LINK_PREFIX },
        Limit: limit,
      }),
    );
    return { links: (out.Items ?? []).map(fromDuplicateLinkItem), more: out.LastEvaluatedKey !== undefined };
  }

  async listByCaller(callerKey: string, from: Date, to: Date): Promise<Case[]> {
    const out: Case[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'by-caller',
          KeyConditionExpression: 'callerKey = :c AND receivedAt BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':c': callerKey,
            ':from': from.toISOString(),
            ':to': to.toISOString(),
          },
          ExclusiveStartKey,
        }),
      );
      // Call records carry no callerKey, so every item here is a case.
      for (const item of page.Items ?? []) out.push(fromItem(item));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
  }

  /**
   * The caller's latest `limit` cases, newest first: one page of the by-caller index, for a reply
   * that must come within WeChat's 5 seconds (补正 by WeChat). Eventually consistent, as above.
   */
  async latestByCaller(callerKey: string, limit: number): Promise<Case[]> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'by-caller',
        KeyConditionExpression: 'callerKey = :c',
        ExpressionAttributeValues: { ':c': callerKey },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map(fromItem);
  }

  async listDepartmentQueue(
    departmentId: string,
    page: { limit: number; cursor?: string },
  ): Promise<QueuePage> {
    return this.listQueue(departmentQueueKey(departmentId), page);
  }

  /**
   * One page of a supervisors' queue (督办: dissatisfied cases waiting to be reopened or closed), on
   * the same sparse index as the departments' queues, oldest deadline first.
   */
  async listSupervisorQueue(
    queue: SupervisorQueue,
    page: { limit: number; cursor?: string },
  ): Promise<QueuePage> {
    return this.listQueue(supervisorQueueKey(queue), page, queue === 'extension' ? REVIEW_QUEUE : WORK_QUEUE);
  }

  /** One page of the dispatchers' queue (待派单: unrouted and returned cases), oldest deadline first. */
  async listDispatchQueue(page: { limit: number; cursor?: string }): Promise<QueuePage> {
    return this.listQueue(DISPATCH_QUEUE_KEY, page);
  }

  /**
   * One page of the cases a department co-handles (协办), soonest deadline first: its co-handler
   * links (co-handler-link.ts) on the by-department-queue index, then each case read consistently.
   * The index is eventually consistent, so a link may name a case that has moved on since: such a
   * case is left out (the page may then be shorter than `limit`; the cursor still pages on).
   */
  async listCoHandledQueue(
    departmentId: string,
    page: { limit: number; cursor?: string },
  ): Promise<QueuePage> {
    const queue = coHandledQueueKey(departmentId);
    const out = await this.queryQueue(queue, page, WORK_QUEUE);
    const ids = (out.Items ?? []).map((item) => String(item.caseId));
    const cases: (Case | undefined)[] = new Array(ids.length);
    await eachLimited(ids, QUEUE_FAN_OUT, async (caseId, i) => {
      cases[i] = await this.getById(caseId);
    });
    const items = cases.filter(
      (kase): kase is Case => kase?.coHandlers.includes(departmentId) === true && isDepartmentWork(kase),
    );
    return out.LastEvaluatedKey ? { items, nextCursor: encodeCursor(out.LastEvaluatedKey) } : { items };
  }

  /** Writes co-handler links (co-handler-link.ts) unless newer ones are stored; how many were written. */
  async putCoHandlerLinks(items: readonly Record<string, unknown>[]): Promise<number> {
    return items.length === 0 ? 0 : putCoHandlerLinks(this.client, this.tableName, items);
  }

  private async listQueue(
    queue: string,
    page: { limit: number; cursor?: string },
    on: QueueIndex = WORK_QUEUE,
  ): Promise<QueuePage> {
    const out = await this.queryQueue(queue, page, on);
    const items = (out.Items ?? []).map(fromItem);
    return out.LastEvaluatedKey ? { items, nextCursor: encodeCursor(out.LastEvaluatedKey) } : { items };
  }

  private queryQueue(queue: string, page: { limit: number; cursor?: string }, on: QueueIndex) {
    return this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: on.index,
        KeyConditionExpression: `${on.key} = :q`,
        ExpressionAttributeValues: { ':q': queue },
        // Earliest deadline (or oldest request) first: the order the work is done in.
        ScanIndexForward: true,
        Limit: page.limit,
        ...(page.cursor ? { ExclusiveStartKey: decodeCursor(page.cursor, queue, on) } : {}),
      }),
    );
  }

  /**
   * Open cases across several work queues of the by-department-queue index (departments' `DEPT#…#open`
   * partitions, the dispatchers' and the supervisors' queues), keeping those `filter` selects, newest
   * first (or soonest deadline first), at most `limit`. A filtered Query per queue, so each is bounded: at most
   * `scannedPerQueue` items are read from one queue, earliest deadline first (the ones a caller most
   * likely rings about), and a queue longer than that is looked at only in part; `partial` says so.
   * No index holds "open cases by district", and a staff look-up must not scan the table.
   */
  async listOpenAcross(
    queues: readonly string[],
    filter: { expression: string; values: Record<string, unknown>; names?: Record<string, string> },
    options: { limit: number; scannedPerQueue: number; order: 'newest' | 'due' },
  ): Promise<{ items: Case[]; partial: boolean }> {
    const found: Case[] = [];
    let partial = false;
    await eachLimited(queues, QUEUE_FAN_OUT, async (queue) => {
      let startKey: Record<string, unknown> | undefined;
      let scanned = 0;
      do {
        const out = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: WORK_QUEUE.index,
            KeyConditionExpression: `${WORK_QUEUE.key} = :q`,
            FilterExpression: filter.expression,
            ExpressionAttributeValues: { ':q': queue, ...filter.values },
            ...(filter.names ? { ExpressionAttributeNames: filter.names } : {}),
            Limit: options.scannedPerQueue - scanned,
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        for (const item of out.Items ?? []) found.push(fromItem(item));
        scanned += out.ScannedCount ?? options.scannedPerQueue;
        startKey = out.LastEvaluatedKey;
      } while (startKey && scanned < options.scannedPerQueue);
      if (startKey) partial = true;
    });
    found.sort(
      options.order === 'due'
        ? (a, b) => a.dueAt.localeCompare(b.dueAt) || a.caseId.localeCompare(b.caseId)
        : (a, b) => b.receivedAt.localeCompare(a.receivedAt) || a.caseId.localeCompare(b.caseId),
    );
    return { items: found.slice(0, options.limit), partial };
  }

  /**
   * One page of the follow-up call list (电话回访): the cases due for a call by `now`, the longest
   * due first, on the sparse by-follow-up-call index (never a scan). The index is eventually
   * consistent: a case rated a moment ago may still be listed; taking it reads it consistently.
   */
  async listFollowUpCalls(now: Date, page: { limit: number; cursor?: string }): Promise<QueuePage> {
    const positions: Record<string, PartitionPosition> = page.cursor
      ? decodeShardedCursor(page.cursor, FOLLOW_UP_CALL_PARTITIONS, FOLLOW_UP_CALLS)
      : Object.fromEntries(FOLLOW_UP_CALL_PARTITIONS.map((p) => [p, {}]));
    // Each partition's next `limit` items: the page's items are among them, whatever the merge takes.
    const answers: PartitionAnswer[] = [];
    await eachLimited(FOLLOW_UP_CALL_PARTITIONS, QUEUE_FAN_OUT, async (partition) => {
      const position = positions[partition];
      if (position === undefined || position === 'done') return;
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: FOLLOW_UP_CALLS.index,
          // `<dueAt>#<caseId>`: every key due by now sorts below `<now>#~` ('~' is above any id symbol).
          KeyConditionExpression: 'followUpQueue = :q AND followUpDue < :due',
          ExpressionAttributeValues: { ':q': partition, ':due': `${now.toISOString()}#~` },
          ScanIndexForward: true,
          Limit: page.limit,
          ...(position.after ? { ExclusiveStartKey: position.after } : {}),
        }),
      );
      answers.push({ partition, items: out.Items ?? [], more: out.LastEvaluatedKey !== undefined });
    });
    const merged = mergePage(answers, positions, page.limit, FOLLOW_UP_CALLS);
    const items = merged.items.map(fromItem);
    return merged.next ? { items, nextCursor: encodeCursor(merged.next) } : { items };
  }

  /**
   * One page of the case ids in a supervision shard with a stored deadline on or after `from`
   * (办理期限, 签收期限, an open pause's latest deadline, an open 补正's): the cases a new holiday
   * calendar year can move. The sparse by-open-deadline index holds every case a supervision step
   * still waits for, whatever its next step's date, so the whole shard is read and filtered; never
   * a table scan. `startKey` is the previous page's `nextKey`; a page may be empty and still have one.
   */
  async listOpenWithDeadlineFrom(
    shard: string,
    from: Date,
    page: { limit: number; startKey?: Record<string, unknown> },
  ): Promise<{ caseIds: string[]; nextKey?: Record<string, unknown> }> {
    return this.openCaseIds(
      {
        KeyConditionExpression: 'openShard = :s',
        // Names, not words: none of them may collide with DynamoDB's reserved words.
        FilterExpression:
          '#due >= :from OR #ack >= :from OR #paused.#latest >= :from OR #correction.#due >= :from',
        ExpressionAttributeNames: {
          '#due': 'dueAt',
          '#ack': 'ackDueAt',
          '#paused': 'pausedSince',
          '#latest': 'latestDueAt',
          '#correction': 'correction',
        },
        ExpressionAttributeValues: { ':s': shard, ':from': from.toISOString() },
      },
      page,
    );
  }

  /**
   * One page of the case ids in a supervision shard whose next step is due by `now` (the sparse
   * by-open-deadline index: never a scan). `startKey` is the previous page's `nextKey`.
   */
  async listSupervisionDue(
    shard: string,
    now: Date,
    page: { limit: number; startKey?: Record<string, unknown> },
  ): Promise<{ caseIds: string[]; nextKey?: Record<string, unknown> }> {
    return this.openCaseIds(
      {
        KeyConditionExpression: 'openShard = :s AND nextCheckAt <= :now',
        ExpressionAttributeValues: { ':s': shard, ':now': now.toISOString() },
      },
      page,
    );
  }

  /** One page of the by-open-deadline index's case ids for `query` (listSupervisionDue, listOpenWithDeadlineFrom). */
  private async openCaseIds(
    query: Pick<
      QueryCommandInput,
      'KeyConditionExpression' | 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    >,
    page: { limit: number; startKey?: Record<string, unknown> },
  ): Promise<{ caseIds: string[]; nextKey?: Record<string, unknown> }> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'by-open-deadline',
        ...query,
        // Only the id: each case is read again, consistently, before the caller acts on it.
        ProjectionExpression: 'caseId',
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    const caseIds = (out.Items ?? []).map((item) => String(item.caseId));
    return out.LastEvaluatedKey ? { caseIds, nextKey: out.LastEvaluatedKey } : { caseIds };
  }
}
