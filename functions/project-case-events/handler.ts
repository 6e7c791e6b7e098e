import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type {
  AttributeValue,
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { fromItem } from '../../shared/adapters/case-item.js';
import { type Case, type CaseEvent, caseEventsOf } from '../../shared/domain/index.js';
import { logger } from '../../shared/logger.js';
import { metrics } from '../../shared/metrics.js';
import { archiveTerminalCases, type CaseChange } from './archive.js';

// The one consumer of the cases stream. For now: EMF metrics for received and dispatched cases.
// The archive and the metric aggregates join here later, from the same records.

const processor = new BatchProcessor(EventType.DynamoDBStreams);

function caseImage(image: Record<string, AttributeValue> | undefined): Case | undefined {
  if (!image) return undefined;
  const item = unmarshall(image as never);
  return typeof item.pk === 'string' && item.pk.startsWith('CASE#') ? fromItem(item) : undefined;
}

function emit(event: CaseEvent): void {
  // One metric per dimension set, so CloudWatch can chart by channel and by department separately.
  // A single metric is published as soon as it is added, so no flush middleware is needed (and
  // none warns about an empty flush on batches that change nothing).
  const single = metrics.singleMetric();
  if (event.kind === 'received') {
    single.addDimension('Channel', event.channel);
    single.addMetric('CaseReceived', MetricUnit.Count, 1);
  } else {
    single.addDimension('Department', event.departmentId);
    single.addMetric('CaseDispatched', MetricUnit.Count, 1);
  }
}

async function recordHandler(record: DynamoDBRecord): Promise<void> {
  const before = caseImage(record.dynamodb?.OldImage);
  const after = caseImage(record.dynamodb?.NewImage);
  for (const event of caseEventsOf(before, after)) emit(event);
}

/** A record's images, or nothing when one is unreadable (that record then fails on its own). */
function changeOf(record: DynamoDBRecord): CaseChange {
  try {
    return { before: caseImage(record.dynamodb?.OldImage), after: caseImage(record.dynamodb?.NewImage) };
  } catch {
    return {};
  }
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(async (event: DynamoDBStreamEvent, context: Context) => {
    // 归档 first, for the whole batch: a failure throws and the batch is retried; dossier writes
    // are create-only and deterministic, so the retry rewrites nothing.
    await archiveTerminalCases(event.Records.map(changeOf));
    return processPartialResponse(event, recordHandler, processor, { context });
  });
