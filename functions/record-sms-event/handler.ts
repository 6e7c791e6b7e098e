import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { noticeOfMessage, recordNoticeEvent } from '../../shared/adapters/notice-events.js';
import { applyReceipts } from '../../shared/adapters/notice-receipts.js';
import { parseAwsReceipts } from '../../shared/adapters/notifiers/aws-receipts.js';
import { ReceiptFormatError } from '../../shared/adapters/notifiers/receipt-error.js';
import { logger } from '../../shared/logger.js';

// AWS End User Messaging SMS reports each message's fate as an event on the configuration set's
// SNS destination; SNS invokes this function asynchronously. A store fault is thrown: Lambda tries
// twice more, then the event goes to the function's failure queue (alarmed). An event that is not
// the documented shape can never succeed, so it is logged and dropped instead of retried.

async function recordSmsEvents(event: SNSEvent): Promise<void> {
  for (const record of event.Records) {
    let body: unknown;
    try {
      body = JSON.parse(record.Sns.Message);
    } catch {
      logger.error('an SMS event that is not JSON was dropped', { messageId: record.Sns.MessageId });
      continue;
    }
    let receipts: ReturnType<typeof parseAwsReceipts>;
    try {
      receipts = parseAwsReceipts(body);
    } catch (error) {
      if (!(error instanceof ReceiptFormatError)) throw error;
      logger.error('an SMS event of no known shape was dropped', { messageId: record.Sns.MessageId, error });
      continue;
    }
    const tally = await applyReceipts(receipts, { noticeOfMessage, recordNoticeEvent });
    if (tally.unknown > 0) logger.warn('SMS events of no known notice', { ...tally });
  }
}

export const handler = middy<SNSEvent, void>()
  .use(injectLambdaContext(logger))
  .handler((event) => recordSmsEvents(event));
