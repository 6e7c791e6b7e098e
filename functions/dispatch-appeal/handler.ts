import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { DynamoCallStore } from '../../shared/adapters/call-store.js';
import { DynamoCaseStore } from '../../shared/adapters/case-store.js';
import { documentClient, s3Client } from '../../shared/adapters/clients.js';
import { config } from '../../shared/adapters/config.js';
import { DynamoDirectoryStore } from '../../shared/adapters/directory-store.js';
import { S3RawArchive } from '../../shared/adapters/raw-archive.js';
import { IntakeMessageSchema } from '../../shared/domain/index.js';
import { logger } from '../../shared/logger.js';
import { type AppealOutcome, type DispatchDeps, dispatchAppeal, dispatchCall } from './dispatch.js';

// The intake queue's consumer: each appeal becomes exactly one case; each hotline call record is
// kept, and its appeal, if any, becomes one case. A failed record is reported back alone (partial
// batch failure), retried by SQS and, after three receives, dead-lettered.

const processor = new BatchProcessor(EventType.SQS);
let cached: DispatchDeps | undefined;

function deps(): DispatchDeps {
  if (cached) return cached;
  const cfg = config();
  const directoryStore = new DynamoDirectoryStore(documentClient(), cfg.DIRECTORY_TABLE_NAME);
  cached = {
    archive: new S3RawArchive(s3Client(), cfg.ARCHIVE_BUCKET_NAME),
    cases: new DynamoCaseStore(documentClient(), cfg.CASES_TABLE_NAME),
    calls: new DynamoCallStore(documentClient(), cfg.CASES_TABLE_NAME),
    directory: () => directoryStore.load(),
    // The holiday calendar is data in the directory table (a record per year), cached like it.
    calendar: () => directoryStore.loadCalendar(),
    now: () => new Date(),
  };
  return cached;
}

function logAppeal(outcome: AppealOutcome, messageId: string): void {
  if (outcome.uncoveredYears) {
    // A deadline counted past the published holiday schedules: the operator must add next year's
    // calendar record (npm run seed, or the directory table) before real deadlines drift.
    logger.warn('deadline counted in a year without holiday data', { ...outcome, messageId });
  }
  if (outcome.storedTrackingNo) {
    // The citizen was told a number the case does not carry; support staff can find it by caseId.
    logger.warn('retried appeal derived a different tracking number', { ...outcome, messageId });
    return;
  }
  logger.info(outcome.outcome === 'created' ? 'case created' : 'duplicate appeal ignored', {
    ...outcome,
    messageId,
  });
}

async function recordHandler(record: SQSRecord): Promise<void> {
  const message = IntakeMessageSchema.parse(JSON.parse(record.body));
  if (message.kind !== 'call') {
    logAppeal(await dispatchAppeal(message, deps()), record.messageId);
    return;
  }
  const { callId, record: stored, appeal } = await dispatchCall(message, deps());
  logger.info(stored === 'stored' ? 'call record stored' : 'call record already current', {
    callId,
    disposition: message.call.disposition,
    messageId: record.messageId,
  });
  if (appeal) logAppeal(appeal, record.messageId);
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(async (event: SQSEvent, context: Context) =>
    processPartialResponse(event, recordHandler, processor, { context }),
  );
