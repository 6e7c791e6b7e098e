import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Case } from '../domain/index.js';
import { DISCLOSURE_BOOK_KEY, disclosureOnOf, fromItem } from './case-item.js';
import type { QueuePage } from './case-store.js';
import { decodeIndexCursor, encodeIndexCursor } from './index-cursor.js';

// 依申请公开 book: the disclosure requests on the cases table's by-disclosure index (one partition,
// by receipt date; infra/resources.ts). Read by the disclosure desk (annual report, queues) and by
// the releases' monthly 通报 (`decidedOrDueIn`). Read-only: a case is written by the lifecycle only.

const INDEX = { name: 'by-disclosure', partition: 'disclosureBook', sort: 'disclosureOn' } as const;
const CURSOR_KEYS = { partition: INDEX.partition, sort: INDEX.sort };

/**
 * How far back the desk's queues look: a request is answered within 20 working days, one
 * extension of 20 more, a 补正 restart and a third party's 15 (第三十条、第三十二条、第三十三条), well
 * under a year. Bounding the Query keeps each page's read proportional to the last year's requests
 * rather than to every request ever received; an unfinished request older than this is a matter for
 * supervision (it is long overdue) and is still found by the report and `listReceived`.
 */
export const QUEUE_LOOKBACK_DAYS = 400;

/** Items read per round while filling a filtered page: a few pages' worth, so a sparse queue still fills. */
const ROUND = 100;
/** Rounds of one filtered page at most: a page may then be short, with a cursor to go on. */
const MAX_ROUNDS = 10;

export type DisclosureQueue = 'review' | 'open';

/** The statuses a request being worked (登记 … 审核) is not in. */
const FINISHED = ['closed', 'merged'] as const;

function dayBefore(day: string, days: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Asia/Shanghai month `YYYY-MM` → its first and last day, and the UTC instants that bound it. */
export function monthBounds(month: string): { first: string; last: string; from: string; to: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`not a month: ${month}`);
  const year = Number(m[1]);
  const mon = Number(m[2]);
  const days = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  const first = `${month}-01`;
  const last = `${month}-${String(days).padStart(2, '0')}`;
  const from = new Date(`${first}T00:00:00+08:00`).toISOString();
  const next = new Date(Date.UTC(year, mon, 1) - 8 * 3_600_000).toISOString();
  return { first, last, from, to: next };
}

interface Filter {
  readonly expression: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, unknown>;
}

export class DynamoDisclosureBook {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Requests received from `from` to `to` (days, inclusive; `from` absent: since the first), oldest
   * first, a page at a time.
   *
   * @example
   * const page = await book.listReceived({ to: '2026-12-31' }, { limit: 100 });
   */
  listReceived(
    range: { from?: string; to: string },
    page: { limit: number; cursor?: string },
    filter?: Filter,
  ): Promise<QueuePage> {
    return this.page(range, page, filter);
  }

  /**
   * Every request the year's annual report needs: received by its last day and not replied before
   * its first (a request replied in an earlier year is in no row of this year's table). The table's
   * counting is the core's (`annualReport`); this only narrows what is read back.
   */
  async forAnnualReport(year: number): Promise<Case[]> {
    return this.all(
      { to: `${year}-12-31` },
      {
        expression: 'attribute_not_exists(#d.#on) OR #d.#on >= :first',
        names: { '#d': 'disclosure', '#on': 'decidedOn' },
        values: { ':first': `${year}-01-01` },
      },
    );
  }

  /**
   * 通报 of on-time replies per body (the releases slice): the requests whose reply was decided in
   * the Asia/Shanghai month `YYYY-MM` (`disclosure.decidedOn`) or whose deadline (`dueAt`) fell in
   * it. A request's on-time outcome is its case's `slaOutcome`; the body is `departmentId`.
   *
   * @example
   * const cases = await book.decidedOrDueIn('2026-11');
   */
  async decidedOrDueIn(month: string): Promise<Case[]> {
    const b = monthBounds(month);
    return this.all(
      { from: dayBefore(b.first, QUEUE_LOOKBACK_DAYS), to: b.last },
      {
        expression: '(#d.#on BETWEEN :first AND :last) OR (#due >= :from AND #due < :to)',
        names: { '#d': 'disclosure', '#on': 'decidedOn', '#due': 'dueAt' },
        values: { ':first': b.first, ':last': b.last, ':from': b.from, ':to': b.to },
      },
    );
  }

  /**
   * The desk's queues, oldest request first: `review`, drafts waiting for a reviewer (审核: a draft
   * not sent back and no approval yet, the case still open); `open`, every unfinished request, or one body's
   * (`departmentId`). Requests received in the last `QUEUE_LOOKBACK_DAYS` before `today`.
   */
  listQueue(
    queue: DisclosureQueue,
    scope: { today: string; departmentId?: string },
    page: { limit: number; cursor?: string },
  ): Promise<QueuePage> {
    // Still a disclosure request: one converted at registration (咨询、信访 …) keeps its file for the
    // annual report but is worked as its new type, outside the desk.
    const names: Record<string, string> = { '#status': 'status', '#type': 'type' };
    const values: Record<string, unknown> = {
      ':closed': FINISHED[0],
      ':merged': FINISHED[1],
      ':disclosure': 'disclosure',
    };
    const terms = ['#type = :disclosure', '#status <> :closed', '#status <> :merged'];
    if (queue === 'review') {
      names['#d'] = 'disclosure';
      names['#draft'] = 'draft';
      names['#approval'] = 'approval';
      names['#returned'] = 'returnedAt';
      // A draft sent back (审核退回) waits for the handler's next revision, not for a reviewer.
      terms.push(
        'attribute_exists(#d.#draft)',
        'attribute_not_exists(#d.#draft.#returned)',
        'attribute_not_exists(#d.#approval)',
      );
    }
    if (scope.departmentId !== undefined) {
      names['#dept'] = 'departmentId';
      values[':dept'] = scope.departmentId;
      terms.push('#dept = :dept');
    }
    return this.page({ from: dayBefore(scope.today, QUEUE_LOOKBACK_DAYS), to: scope.today }, page, {
      expression: terms.join(' AND '),
      names,
      values,
    });
  }

  private async all(range: { from?: string; to: string }, filter?: Filter): Promise<Case[]> {
    const out: Case[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.page(range, { limit: 1000, ...(cursor ? { cursor } : {}) }, filter);
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  /**
   * One page of at most `limit` cases in the range that pass `filter`. A filtered Query may find
   * few matches per read, so rounds are read until the page is full (or `MAX_ROUNDS`); the cursor
   * is the last returned item's key, so nothing read past it is skipped.
   */
  private async page(
    range: { from?: string; to: string },
    page: { limit: number; cursor?: string },
    filter?: Filter,
  ): Promise<QueuePage> {
    let start = page.cursor
      ? decodeIndexCursor(page.cursor, CURSOR_KEYS, DISCLOSURE_BOOK_KEY, { pk: 'CASE#', sk: 'CASE' })
      : undefined;
    const items: Record<string, unknown>[] = [];
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: INDEX.name,
          // `#ixBook` / `#ixOn` and `:ixBook` / `:ixFrom` / `:ixTo`: names and values a filter never
          // uses, so its own (the 通报's `:from` / `:to` are instants of dueAt) cannot replace them.
          KeyConditionExpression: '#ixBook = :ixBook AND #ixOn BETWEEN :ixFrom AND :ixTo',
          ExpressionAttributeNames: { ...filter?.names, '#ixBook': INDEX.partition, '#ixOn': INDEX.sort },
          ExpressionAttributeValues: {
            ...filter?.values,
            ':ixBook': DISCLOSURE_BOOK_KEY,
            // `#` sorts before every id character and `~` after: whole days at both ends.
            ':ixFrom': disclosureOnOf(range.from ?? '0000-01-01', ''),
            ':ixTo': disclosureOnOf(range.to, '~'),
          },
          ...(filter ? { FilterExpression: filter.expression } : {}),
          ScanIndexForward: true,
          Limit: filter ? Math.max(ROUND, page.limit) : page.limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of out.Items ?? []) {
        items.push(item);
        if (items.length === page.limit) {
          const more = out.LastEvaluatedKey !== undefined || item !== out.Items?.at(-1);
          return more
            ? { items: items.map(fromItem), nextCursor: cursorOf(item) }
            : { items: items.map(fromItem) };
        }
      }
      if (!out.LastEvaluatedKey) return { items: items.map(fromItem) };
      start = out.LastEvaluatedKey as Record<string, string>;
    }
    const last = start ? { nextCursor: encodeIndexCursor(start) } : {};
    return { items: items.map(fromItem), ...last };
  }
}

/** The index key of an item (table key + index key): where the next page starts. */
function cursorOf(item: Record<string, unknown>): string {
  return encodeIndexCursor({
    pk: item.pk,
    sk: item.sk,
    [INDEX.partition]: item[INDEX.partition],
    [INDEX.sort]: item[INDEX.sort],
  });
}
