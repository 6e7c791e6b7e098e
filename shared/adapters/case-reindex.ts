import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type CaseItemOptions, DEFAULT_CASE_ITEM_OPTIONS, fromItem, toItem } from './case-item.js';
import { DynamoCaseStore } from './case-store.js';
import { coHandlerLinkItems } from './co-handler-link.js';
import { followUpCallAfterHours, followUpDays } from './config.js';

// The sparse index attributes (department queue, caller, supervision deadline) are written with
// every change of a case. A case stored before an index or a rule for one existed carries stale
// ones until its next change; this pass rewrites exactly those cases, and nothing else.

/** Attributes that exist only to feed a GSI; derived from the case by `toItem`. */
export const INDEX_ATTRIBUTES = [
  'callerKey',
  'deptQueue',
  'openShard',
  'nextCheckAt',
  'reviewQueue',
  'reviewSince',
  'followUpQueue',
  'followUpDue',
  'disclosureBook',
  'disclosureOn',
] as const;

export interface ReindexCounts {
  examined: number;
  /** Co-handler links written (or, in a dry run, cases that have some to check): co-handler-link.ts. */
  linked: number;
  /** Rewritten (or, in a dry run, would be). */
  reindexed: number;
  /** Changed by someone else between the read and the write: that write already reindexed it. */
  conflicts: number;
}

/** Which index attributes of a stored item differ from what its case derives today. */
export function staleIndexAttributes(
  item: Record<string, unknown>,
  itemOptions: CaseItemOptions = DEFAULT_CASE_ITEM_OPTIONS,
): string[] {
  const expected = toItem(fromItem(item), itemOptions);
  return INDEX_ATTRIBUTES.filter((name) => item[name] !== expected[name]);
}

/**
 * Scans the cases table (an offline operator job: a Scan is right here) and rewrites each case whose
 * index attributes are stale, with its own version as the condition, so a concurrent change wins.
 * The follow-up window (`FOLLOW_UP_DAYS`) and the call list's delay (`FOLLOW_UP_CALL_AFTER_HOURS`) are
 * the deployment's, read through the config, unless given.
 */
export async function reindexCases(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: {
    dryRun?: boolean;
    onStale?: (caseId: string, attributes: string[]) => void;
    followUpDays?: number;
    followUpCallAfterHours?: number;
  } = {},
): Promise<ReindexCounts> {
  const itemOptions: CaseItemOptions = {
    followUpDays: options.followUpDays ?? followUpDays(),
    followUpCallAfterHours: options.followUpCallAfterHours ?? followUpCallAfterHours(),
  };
  const store = new DynamoCaseStore(client, tableName, itemOptions);
  const counts: ReindexCounts = { examined: 0, linked: 0, reindexed: 0, conflicts: 0 };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        // Cases only: a master's duplicate links (sk DUP#…) share its pk.
        FilterExpression: 'begins_with(pk, :case) AND sk = :sk',
        ExpressionAttributeValues: { ':case': 'CASE#', ':sk': 'CASE' },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      counts.examined++;
      // 协办 links: a case co-handled before the links existed gets them (an existing one as new as
      // the case is left alone, so a second run writes nothing).
      const links = coHandlerLinkItems(undefined, fromItem(item));
      if (options.dryRun) counts.linked += links.length > 0 ? 1 : 0;
      else counts.linked += await store.putCoHandlerLinks(links);
      const stale = staleIndexAttributes(item, itemOptions);
      if (stale.length === 0) continue;
      const kase = fromItem(item);
      options.onStale?.(kase.caseId, stale);
      if (options.dryRun) {
        counts.reindexed++;
        continue;
      }
      const written = await store.update(kase, kase.version);
      if (written.outcome === 'updated') counts.reindexed++;
      else counts.conflicts++;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return counts;
}
