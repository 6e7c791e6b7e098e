// The notices queue: notify-citizen puts a queued notice on it, send-notice takes it off and, when an
// attempt failed, holds it back (backoff) before it is received again.
import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';
import { asciiJson } from './appeal-queue.js';
import type { NoticeRef } from './notice-send-marks.js';

/** The message: which notice of which case. Nothing personal; the case says the rest. */
export const NoticeMessageBodySchema = z.object({
  caseId: z.string().check(z.minLength(1), z.maxLength(200)),
  noticeId: z.string().check(z.minLength(1), z.maxLength(200)),
});

export interface NoticeQueue {
  enqueue(ref: NoticeRef): Promise<void>;
  /** Makes a received message visible again only after `seconds` (SQS allows up to 12 hours). */
  delay(receiptHandle: string, seconds: number): Promise<void>;
}

/**
 * @example
 * await noticeQueue().enqueue({ caseId, noticeId: 'completion#2026-12-03T08:00:00.000Z' });
 */
export class SqsNoticeQueue implements NoticeQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(ref: NoticeRef): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: asciiJson({ caseId: ref.caseId, noticeId: ref.noticeId }),
        MessageAttributes: { caseId: { DataType: 'String', StringValue: ref.caseId } },
      }),
    );
  }

  async delay(receiptHandle: string, seconds: number): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.max(0, Math.min(43_200, Math.round(seconds))),
      }),
    );
  }
}
