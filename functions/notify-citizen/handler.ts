import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type {
  AttributeValue,
  Context,
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { caseOfItem } from '../../shared/adapters/case-item.js';
import type { NoticeQueue } from '../../shared/adapters/notice-queue.js';
import { noticeQueue } from '../../shared/adapters/stores.js';
import type { Case } from '../../shared/domain/index.js';
import { logger } from '../../shared/logger.js';
import { newlyQueued } from './forward.js';

// 通知转发: a consumer of the cases stream that only forwards. A notice is queued on the case in
// the same write as what it tells (办结 queues the completion notice, 补正 the correction request);
// each newly queued one goes to the notices queue, where send-notice sends it, retries it with
// backoff and, after its last try, dead-letters it. Nothing here talks to a provider.

export interface ForwardDeps {
  queue: Pick<NoticeQueue, 'enqueue'>;
}

function caseImage(image: Record<string, AttributeValue> | undefined): Case | undefined {
  if (!image) return undefined;
  // Other items share the table (duplicate links, call records): caseOfItem answers only for cases.
  return caseOfItem(unmarshall(image as never));
}

/** Forwards the record's newly queued notices; the number forwarded. */
export async function forwardRecord(record: DynamoDBRecord, deps: ForwardDeps): Promise<number> {
  const refs = newlyQueued(caseImage(record.dynamodb?.OldImage), caseImage(record.dynamodb?.NewImage));
  for (const ref of refs) {
    await deps.queue.enqueue(ref);
    logger.info('notice forwarded', { ...ref });
  }
  return refs.length;
}

const processor = new BatchProcessor(EventType.DynamoDBStreams);
let deps: ForwardDeps | undefined;

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(async (event: DynamoDBStreamEvent, context: Context) => {
    deps ??= { queue: noticeQueue() };
    const current = deps;
    return processPartialResponse(
      event,
      (record: DynamoDBRecord) => forwardRecord(record, current),
      processor,
      {
        context,
      },
    );
  });
