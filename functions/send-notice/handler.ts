import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { followUpDays, publicBaseUrl } from '../../shared/adapters/config.js';
import { feedbackTokenKey } from '../../shared/adapters/feedback-token.js';
import { recordNoticeEvent } from '../../shared/adapters/notice-events.js';
import { NoticeMessageBodySchema } from '../../shared/adapters/notice-queue.js';
import { smsNotifier, wechatNotifier } from '../../shared/adapters/notifiers/select.js';
import { contactHashKey } from '../../shared/adapters/secrets.js';
import {
  caseStore,
  directoryStore,
  noticeQueue,
  noticeSendMarks,
  rawPayloadReader,
  shortLinks,
} from '../../shared/adapters/stores.js';
import { logger } from '../../shared/logger.js';
import { metrics } from '../../shared/metrics.js';
import { type SendDeps, type SendResult, sendNotice } from './send.js';

// The notices queue's consumer: each message names one queued notice, sent once (send.ts). A failed
// attempt is recorded on the case, the message is held back for 30 s × 2^(receive − 1) and reported
// as this batch's failure; after NOTICES_QUEUE.maxReceiveCount receives it is dead-lettered (alarmed),
// and the notice stays `failed`.

const processor = new BatchProcessor(EventType.SQS);

/**
 * The first retry after 30 s, doubling: 30 s, 1, 2, 4, 8 min, then the DLQ. `NOTICE_BACKOFF_BASE_SECONDS`
 * changes the base (the local stack sets 2, so a developer sees the retry land; 0, no hold-back at
 * all, is for a test stack that must reach the DLQ in seconds: test/integration/notices-redrive).
 */
export const BACKOFF_BASE_SECONDS = 30;
/** SQS's limit for a message's visibility: 12 hours. */
export const BACKOFF_MAX_SECONDS = 43_200;

export function backoffSeconds(receiveCount: number, base = backoffBase()): number {
  const exponent = Math.max(0, Math.min(20, receiveCount - 1));
  return Math.min(BACKOFF_MAX_SECONDS, base * 2 ** exponent);
}

function backoffBase(): number {
  const text = process.env.NOTICE_BACKOFF_BASE_SECONDS;
  // Number('') is 0: an empty setting is no setting, never "no backoff".
  const raw = text ? Number(text) : Number.NaN;
  return Number.isInteger(raw) && raw >= 0 && raw <= 900 ? raw : BACKOFF_BASE_SECONDS;
}

/** A notice to be tried again: the batch reports its record as failed, so SQS keeps it. */
export class NoticeRetryError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NoticeRetryError';
  }
}

let cached: SendDeps | undefined;

function deps(): SendDeps {
  if (cached) return cached;
  const cases = caseStore();
  cached = {
    cases,
    record: recordNoticeEvent,
    marks: noticeSendMarks(),
    links: shortLinks(),
    raw: rawPayloadReader(),
    notifiers: { sms: smsNotifier, wechat: wechatNotifier },
    contactHashKey,
    feedbackTokenKey,
    publicBaseUrl,
    followUpDays,
    // 补正 days are working days: the holiday calendar, cached while the function is warm.
    calendar: () => directoryStore().loadCalendar(),
    now: () => new Date(),
  };
  return cached;
}

const METRIC_OF: Partial<Record<SendResult['kind'], string>> = {
  accepted: 'NoticeSent',
  undeliverable: 'NoticeUndeliverable',
  retry: 'NoticeFailed',
};

function count(result: SendResult): void {
  const name = METRIC_OF[result.kind];
  // Another delivery holding the attempt is no failure of a provider.
  if (!name || (result.kind === 'retry' && result.reason === 'attempt_in_progress')) return;
  const single = metrics.singleMetric();
  single.addDimension('Provider', ('provider' in result && result.provider) || 'none');
  single.addMetric(name, MetricUnit.Count, 1);
}

async function recordHandler(record: SQSRecord): Promise<void> {
  try {
    await handleRecord(record);
  } catch (error) {
    // A provider's refusal is logged above with its reason; anything else (a table fault, a body we
    // cannot read) is logged here with the messageId, the one trace `npm run redrive -- notices-dlq
    // --dry-run` can point the operator to (SQS keeps no reason for a dead letter).
    if (!(error instanceof NoticeRetryError)) {
      logger.error('notice message failed', {
        messageId: record.messageId,
        receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
        error: error as Error,
      });
    }
    throw error;
  }
}

async function handleRecord(record: SQSRecord): Promise<void> {
  const parsed = NoticeMessageBodySchema.safeParse(JSON.parse(record.body));
  if (!parsed.success) {
    // Nothing else writes this queue: a body we cannot read is a bug, kept in the DLQ for a person.
    throw new Error(`notice message ${record.messageId} has no caseId and noticeId`);
  }
  const ref = parsed.data;
  const result = await sendNotice(ref, deps());
  count(result);
  const context = { ...ref, messageId: record.messageId };
  switch (result.kind) {
    case 'accepted':
      logger.info('notice sent', {
        ...context,
        provider: result.provider,
        providerMessageId: result.messageId,
      });
      return;
    case 'undeliverable':
      logger.warn('notice undeliverable', { ...context, provider: result.provider, reason: result.reason });
      return;
    case 'settled':
      logger.debug('notice already settled', { ...context, state: result.state });
      return;
    case 'retry': {
      const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
      const seconds = backoffSeconds(receiveCount);
      await noticeQueue().delay(record.receiptHandle, seconds);
      logger.warn('notice attempt failed; retried later', {
        ...context,
        provider: result.provider,
        reason: result.reason,
        receiveCount,
        retryInSeconds: seconds,
      });
      throw new NoticeRetryError(`notice ${ref.noticeId} of case ${ref.caseId}: ${result.reason}`);
    }
  }
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger))
  .handler(async (event: SQSEvent, context: Context) =>
    processPartialResponse(event, recordHandler, processor, {
      context,
      // Every record failing is still a partial answer: each failed one was held back on purpose.
      throwOnFullBatchFailure: false,
    }),
  );
