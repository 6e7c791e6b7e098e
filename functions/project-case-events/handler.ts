import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { coHandlerLinkItems } from '../../shared/adapters/co-handler-link.js';
import { metricSourceOf } from '../../shared/adapters/metric-source.js';
import { aggregateTable, caseStore } from '../../shared/adapters/stores.js';
import {
  appliedOf,
  deltaOf,
  KnownBuckets,
  type MetricSource,
  markBucketOf,
  type ProjectionBatch,
  projectBatch,
} from '../../shared/domain/metrics/index.js';
import { logger } from '../../shared/logger.js';
import { archiveTerminalCases, type CaseChange } from './archive.js';
import { emitAggregateMetrics } from './emf.js';

// The cases stream's projection: the dossiers of cases that close (归档), the co-handlers' links
// (协办, shared/adapters/co-handler-link.ts), the metric aggregates and their EMF metrics (notify-citizen reads the same stream for its own side effect). A batch is all
// or nothing: no partial batch response, any failure throws, so Lambda retries the batch from the
// same first record (the event source never bisects), which is what makes the aggregates
// exactly-once (shared/domain/metrics/projection.ts).

/** One stream record, read: the items before and after, and what they count as. */
export interface CaseStreamChange {
  readonly record: DynamoDBRecord;
  readonly seq: string;
  readonly oldItem?: Record<string, unknown>;
  readonly newItem?: Record<string, unknown>;
  readonly before?: MetricSource;
  readonly after?: MetricSource;
}

function item(image: Record<string, AttributeValue> | undefined): Record<string, unknown> | undefined {
  return image ? unmarshall(image as never) : undefined;
}

/** Throws on a record it cannot read: the batch fails, is retried, then goes to the failure queue. */
export function readChange(record: DynamoDBRecord): CaseStreamChange {
  const seq = record.dynamodb?.SequenceNumber;
  if (!seq || !/^\d+$/.test(seq)) throw new Error(`stream record ${record.eventID} has no sequence number`);
  const oldItem = item(record.dynamodb?.OldImage);
  const newItem = item(record.dynamodb?.NewImage);
  try {
    return { record, seq, oldItem, newItem, before: metricSourceOf(oldItem), after: metricSourceOf(newItem) };
  } catch (error) {
    throw new Error(`stream record ${record.eventID} (${String(newItem?.pk ?? oldItem?.pk)}) is unreadable`, {
      cause: error,
    });
  }
}

/** Which items' mark attributes exist, learnt from earlier batches of this container. */
const known = new KnownBuckets();

/** The case images of a change, for the archive (call records are not archived as dossiers). */
function caseChangeOf(change: CaseStreamChange): CaseChange {
  return {
    ...(change.before?.kind === 'case' ? { before: change.before.case } : {}),
    ...(change.after?.kind === 'case' ? { after: change.after.case } : {}),
  };
}

function projectionBatchOf(changes: readonly CaseStreamChange[]): ProjectionBatch {
  const first = changes[0]?.record;
  // The first record's creation time names the batch's mark attribute: the same on every retry.
  const created = first?.dynamodb?.ApproximateCreationDateTime;
  if (created === undefined)
    logger.warn('stream record without ApproximateCreationDateTime', { id: first?.eventID });
  const firstRecordAt = created ?? Math.floor(Date.now() / 1000);
  return {
    batchId: first?.eventID as string,
    firstRecordAt,
    bucket: markBucketOf(firstRecordAt),
    changes: changes.map((c) => ({ seq: c.seq, delta: deltaOf(c.before, c.after) })),
  };
}

export const handler = middy<DynamoDBStreamEvent, void>()
  .use(injectLambdaContext(logger))
  .handler(async (event: DynamoDBStreamEvent) => {
    if (event.Records.length === 0) return;
    const changes = event.Records.map(readChange);

    // 归档 first: a failure of either step throws and the whole batch is retried; dossier writes
    // are create-only and deterministic, and the aggregates apply only what is new, so a retry
    // changes nothing twice.
    const caseChanges = changes.map(caseChangeOf);
    await archiveTerminalCases(caseChanges);
    // Versioned puts: a retried batch rewrites nothing older over something newer. Most changes
    // leave the links alone and write nothing.
    const links = caseChanges.flatMap(({ before, after }) => coHandlerLinkItems(before, after));
    if (links.length > 0) await caseStore().putCoHandlerLinks(links);

    const outcomes = await projectBatch(aggregateTable(), projectionBatchOf(changes), known);
    const replays = outcomes.filter((o) => o.replay).length;
    if (replays > 0) logger.info('a retried batch: applied only what was new', { replays });
    const shorter = outcomes.filter((o) => o.shorterRetry).map((o) => o.id);
    if (shorter.length > 0)
      logger.error('a retry ended before an earlier attempt: run rebuild-metrics', { shorter });
    emitAggregateMetrics(appliedOf(outcomes));
  });
