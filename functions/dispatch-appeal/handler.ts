import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { callbackPolicy } from '../../shared/adapters/config.js';
import {
  attachmentArchive,
  callbackStore,
  callStore,
  caseStore,
  directoryStore,
  rawArchive,
} from '../../shared/adapters/stores.js';
import { callerKeyOf, type IntakeMessage, IntakeMessageSchema } from '../../shared/domain/index.js';
import { logger } from '../../shared/logger.js';
import { metrics } from '../../shared/metrics.js';
import { type AppealOutcome, type DispatchDeps, dispatchAppeal, dispatchCall } from './dispatch.js';
import { PerKeySerial } from './per-key.js';

// The intake queue's consumer: each appeal becomes exactly one case; each hotline call record is
// kept, and its appeal, if any, becomes one case. A failed record is reported back alone (partial
// batch failure), retried by SQS and, after three receives, dead-lettered.

const processor = new BatchProcessor(EventType.SQS);
/** One caller's appeals of a batch are decided one after another (repeat and merge detection). */
const perCaller = new PerKeySerial();
let cached: DispatchDeps | undefined;

function deps(): DispatchDeps {
  if (cached) return cached;
  const directory = directoryStore();
  cached = {
    archive: rawArchive(),
    attachments: attachmentArchive(),
    cases: caseStore(),
    calls: callStore(),
    callbacks: callbackStore(),
    callbackPolicy: callbackPolicy(),
    directory: () => directory.load(),
    // The holiday calendar is data in the directory table (a record per year), cached like it.
    calendar: () => directory.loadCalendar(),
    now: () => new Date(),
  };
  return cached;
}

function logAppeal(outcome: AppealOutcome, messageId: string): void {
  if (outcome.uncoveredYears) {
    // A deadline counted past the published holiday schedules: the operator must add next year's
    // calendar record (npm run seed, or the directory table) before real deadlines drift.
    logger.warn('deadline counted in a year without holiday data', { ...outcome, messageId });
    // The operator's alarm (CalendarYearMissing ≥ 1 in an hour → the ops topic). A single metric
    // is published at once, so no flush middleware is needed.
    metrics.singleMetric().addMetric('CalendarYearMissing', MetricUnit.Count, 1);
  }
  if (outcome.masterLink === 'refused' || outcome.masterLink === 'missing') {
    // The merge stands (merged is final); the master lacks the link. Staff see the duplicate's
    // mergedInto on the duplicate itself.
    logger.warn('merged case not linked on its master', { ...outcome, messageId });
  }
  if (outcome.missingAttachments) {
    // The case notes them; a checksum mismatch in staging means bytes other than the grant's.
    logger.warn('appeal attachments not archived', {
      caseId: outcome.caseId,
      missingAttachments: outcome.missingAttachments,
      messageId,
    });
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

/**
 * The key one caller's records of a batch are serialised by: the appeal's contact, else the call's
 * caller (a burst of one caller's missed calls then joins their task one by one instead of racing;
 * the conditional writes would settle the race anyway, with re-reads). Same hash, same key space.
 */
function callerOf(message: IntakeMessage): string | undefined {
  if (message.kind !== 'call') return callerKeyOf(message.appeal.contact);
  if (message.appeal) return callerKeyOf(message.appeal.contact);
  return message.call.callerHash ? `CALLER#${message.call.callerHash}` : undefined;
}

async function recordHandler(record: SQSRecord): Promise<void> {
  try {
    const message = IntakeMessageSchema.parse(JSON.parse(record.body));
    await perCaller.run(callerOf(message), () => processMessage(message, record.messageId));
  } catch (error) {
    // SQS keeps no reason for a message it dead-letters: this line is where `npm run redrive --
    // intake-dlq --dry-run` sends the operator (a Logs Insights query on the messageId, which the
    // DLQ keeps). The batch processor then reports the record failed, as before.
    logger.error('intake message failed', {
      messageId: record.messageId,
      receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
      error: error as Error,
    });
    throw error;
  }
}

async function processMessage(message: IntakeMessage, messageId: string): Promise<void> {
  if (message.kind !== 'call') {
    logAppeal(await dispatchAppeal(message, deps()), messageId);
    return;
  }
  const { callId, record: stored, appeal, callback } = await dispatchCall(message, deps());
  if (callback?.step === 'unchanged' && callback.full) {
    // A caller missing call after call (an auto-dialler?): the task keeps its first calls only.
    logger.warn('callback task full: missed call not joined', { callId, taskId: callback.taskId, messageId });
  }
  logger.info(stored === 'stored' ? 'call record stored' : 'call record already current', {
    callId,
    disposition: message.call.disposition,
    ...(callback ? { callback } : {}),
    messageId,
  });
  if (appeal) logAppeal(appeal, messageId);
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(async (event: SQSEvent, context: Context) =>
    processPartialResponse(event, recordHandler, processor, { context }),
  );
