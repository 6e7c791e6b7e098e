import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Case } from '../domain/index.js';
import { eachLimited } from '../each-limited.js';
import { isDepartmentWork } from './case-item.js';

// 协办 index: a case's co-handlers are a list, and an index key is one value, so "the cases X
// co-handles" needs an item per co-handler. Each is a link beside the case (`CASE#<id>`,
// `CO#<department>`) derived from the cases stream, never written with the case (DESIGN §3: one
// write per change, everything else from the stream). While the department co-handles the open
// case the link carries `deptQueue = CO#<department>#open` and the case's `dueAt`, so it is listed on
// the by-department-queue index beside the departments' own queues (an overloaded partition: no
// new index); otherwise it is kept without them, a tombstone whose `version` still guards against
// an older stream record arriving late.

export const CO_HANDLER_LINK_PREFIX = 'CO#';

/** The by-department-queue partition of a department's co-handled cases. */
export function coHandledQueueKey(departmentId: string): string {
  return `${CO_HANDLER_LINK_PREFIX}${departmentId}#open`;
}

/** What the link of one co-handler says, given the case as it now is (or was). */
function linkState(kase: Case | undefined, departmentId: string): string {
  return kase?.coHandlers.includes(departmentId) && isDepartmentWork(kase) ? `open ${kase.dueAt}` : 'off';
}

/**
 * The link items a change of a case calls for: one per department that co-handles the case before
 * or after, and only where what the link says changes (listed or not, the deadline it sorts by).
 * A change that leaves them alone (most do) writes nothing.
 *
 * @example
 * coHandlerLinkItems(undefined, dispatchedWithGulouGov) // [{ pk: 'CASE#…', sk: 'CO#gulou-gov', deptQueue: 'CO#gulou-gov#open', dueAt, … }]
 */
export function coHandlerLinkItems(
  before: Case | undefined,
  after: Case | undefined,
): Record<string, unknown>[] {
  if (!after) return [];
  const departments = new Set([...(before?.coHandlers ?? []), ...after.coHandlers]);
  return [...departments]
    .filter((departmentId) => linkState(before, departmentId) !== linkState(after, departmentId))
    .map((departmentId) => ({
      pk: `CASE#${after.caseId}`,
      sk: `${CO_HANDLER_LINK_PREFIX}${departmentId}`,
      caseId: after.caseId,
      departmentId,
      version: after.version,
      ...(linkState(after, departmentId) === 'off'
        ? {}
        : { deptQueue: coHandledQueueKey(departmentId), dueAt: after.dueAt }),
    }));
}

/** Link writes of one batch in flight at once. */
const WRITES_IN_FLIGHT = 8;

/**
 * Puts each link unless the stored one is as new or newer (its case `version`): a replayed or late
 * stream record changes nothing. Returns how many were written.
 */
export async function putCoHandlerLinks(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
): Promise<number> {
  let written = 0;
  await eachLimited(items, WRITES_IN_FLIGHT, async (Item) => {
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item,
          ConditionExpression: 'attribute_not_exists(pk) OR version < :v',
          ExpressionAttributeValues: { ':v': Item.version },
        }),
      );
      written++;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  });
  return written;
}
