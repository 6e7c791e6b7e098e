import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type {
  Context,
  KinesisStreamBatchResponse,
  KinesisStreamEvent,
  KinesisStreamRecord,
} from 'aws-lambda';
import { intakeCall, queuedLogFields } from '../../shared/channels/call-intake.js';
import { callIntakeDeps } from '../../shared/channels/call-intake-deps.js';
import { logger } from '../../shared/logger.js';
import { ctrOf, MalformedCtrError, positionOf } from './ctr-record.js';

// Amazon Connect's contact records as Connect delivers them: the instance's data streaming writes
// each CTR (and each later version of it) to a Kinesis data stream, and this function reads it
// into the same intake as the signed webhook (shared/channels/call-intake.ts). Connect delivers at
// least once and may send a contact again with newer data: every version is queued, and the
// dispatcher's conditional puts keep the latest (LastUpdateTimestamp) per ContactId.
//
// A record that fails, for any reason, is reported back alone (partial batch response). That
// includes a malformed one (not JSON, not a CTR): it is logged here and left to the event source's bounded retries, bisecting and on-failure destination, whose
// queue is alarmed. Dropping it with a metric would keep the shard moving just as well, but the
// record would then be gone from everywhere but a log line that may not hold it (no caller numbers
// in logs); the failure queue's pointer lets an operator read it again from the stream, fix the
// flow, and replay it (docs/runbook.md). A few quick retries of one bad record cost seconds.

const processor = new BatchProcessor(EventType.KinesisDataStreams);

async function recordHandler(record: KinesisStreamRecord): Promise<void> {
  const position = positionOf(record);
  try {
    const { parsed, raw } = ctrOf(record);
    if (parsed.kind === 'ignored') {
      // An outbound call (回访, 回拨) or a chat: not a citizen calling in, as on the webhook.
      logger.info('contact record ignored', { reason: parsed.reason, ...position });
      return;
    }
    const outcome = await intakeCall(callIntakeDeps(), parsed.record, raw);
    logger.info('call record queued', { ...queuedLogFields(outcome), ...position });
  } catch (error) {
    if (error instanceof MalformedCtrError) {
      logger.warn('malformed contact record', {
        reason: error.reason,
        problems: error.problems,
        ...position,
      });
    } else {
      logger.error('contact record not queued', { error, ...position });
    }
    throw error;
  }
}

export const handler = middy<KinesisStreamEvent, KinesisStreamBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(async (event: KinesisStreamEvent, context: Context) =>
    processPartialResponse(event, recordHandler, processor, { context }),
  );
