import { createHash } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttribute, SQSRecord } from 'aws-lambda';
import type { LocalFunctions } from './functions.js';
import { LOCAL_REGION } from './lambda-context.js';

export interface SqsPollerOptions {
  client: SQSClient;
  functions: LocalFunctions;
  functionName: string;
  queueUrl: string;
  queueArn: string;
  batchSize: number;
  maxBatchingWindowSeconds: number;
  log: (line: string) => void;
}

/**
 * An SQS event source mapping as Lambda runs one: long-polls, gathers a batch for up to the
 * batching window, invokes, and deletes only the records the function did not report as failed.
 * A failed record stays in flight until its visibility timeout ends, then comes back; the queue's
 * redrive policy moves it to the DLQ after maxReceiveCount receives. One batch at a time, as one
 * Lambda instance takes one event at a time (the Powertools batch processor relies on that).
 */
export class SqsPoller {
  private running = false;
  private loop?: Promise<void>;
  private readonly abort = new AbortController();
  /** True while a batch is received but not yet settled. */
  busy = false;

  constructor(private readonly o: SqsPollerOptions) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** No receive after this; the batch in progress finishes and settles first. */
  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const messages = await this.gather();
        if (messages.length > 0) await this.process(messages);
      } catch (error) {
        if (this.running) {
          this.o.log(`sqs poller (${this.o.functionName}): ${(error as Error).message}`);
          await new Promise((r) => setTimeout(r, 1_000));
        }
      } finally {
        this.busy = false;
      }
    }
  }

  /** Up to batchSize messages: waits for the first, then fills the batch until the window closes. */
  private async gather(): Promise<Message[]> {
    const batch = await this.receive(this.o.batchSize, 20);
    if (batch.length === 0) return batch;
    this.busy = true;
    const windowEnds = Date.now() + this.o.maxBatchingWindowSeconds * 1000;
    while (this.running && batch.length < this.o.batchSize) {
      const left = windowEnds - Date.now();
      if (left <= 0) break;
      const more = await this.receive(
        this.o.batchSize - batch.length,
        Math.min(20, Math.ceil(left / 1000)),
        left,
      );
      batch.push(...more);
      if (more.length === 0) break;
    }
    return batch;
  }

  private async receive(max: number, waitSeconds: number, abortAfterMs?: number): Promise<Message[]> {
    const signals = [this.abort.signal, ...(abortAfterMs ? [AbortSignal.timeout(abortAfterMs)] : [])];
    try {
      const out = await this.o.client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.o.queueUrl,
          MaxNumberOfMessages: max,
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: AbortSignal.any(signals) },
      );
      return out.Messages ?? [];
    } catch (error) {
      if ((error as Error).name === 'AbortError' || !this.running) return [];
      throw error;
    }
  }

  private async process(messages: Message[]): Promise<void> {
    const event: SQSEvent = { Records: messages.map((m) => this.toRecord(m)) };
    let failed: Set<string>;
    try {
      const result = (await this.o.functions.invoke(this.o.functionName, event)) as
        | SQSBatchResponse
        | undefined;
      failed = failedIds(result, event);
    } catch (error) {
      // A thrown error fails the whole batch: nothing is deleted, everything comes back later.
      this.o.log(
        `${this.o.functionName} failed its batch of ${messages.length}: ${(error as Error).message}`,
      );
      return;
    }
    const done = messages.filter((m) => !failed.has(m.MessageId as string));
    if (done.length === 0) return;
    const out = await this.o.client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: this.o.queueUrl,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
    if (out.Failed?.length)
      this.o.log(`sqs poller: ${out.Failed.length} deletes failed; they will be redelivered`);
  }

  private toRecord(m: Message): SQSRecord {
    const attributes = (m.Attributes ?? {}) as Record<string, string>;
    return {
      messageId: m.MessageId as string,
      receiptHandle: m.ReceiptHandle as string,
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
        SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
        SenderId: attributes.SenderId ?? '000000000000',
        ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
        ...attributes,
      },
      messageAttributes: Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([name, value]) => [name, lambdaAttribute(value)]),
      ),
      md5OfBody:
        m.MD5OfBody ??
        createHash('md5')
          .update(m.Body ?? '')
          .digest('hex'),
      ...(m.MD5OfMessageAttributes ? { md5OfMessageAttributes: m.MD5OfMessageAttributes } : {}),
      eventSource: 'aws:sqs',
      eventSourceARN: this.o.queueArn,
      awsRegion: LOCAL_REGION,
    };
  }
}

/** Lambda's camel-cased attribute shape, binary values as base64. */
function lambdaAttribute(value: MessageAttributeValue): SQSMessageAttribute {
  const b64 = (v: Uint8Array) => Buffer.from(v).toString('base64');
  return {
    dataType: value.DataType as string,
    ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
    ...(value.BinaryValue !== undefined ? { binaryValue: b64(value.BinaryValue) } : {}),
    stringListValues: value.StringListValues ?? [],
    binaryListValues: (value.BinaryListValues ?? []).map(b64),
  };
}

/**
 * The records to keep. As Lambda does, a response naming an unknown or empty id fails the whole
 * batch, since the function's report cannot be trusted.
 */
function failedIds(result: SQSBatchResponse | undefined, event: SQSEvent): Set<string> {
  const all = new Set(event.Records.map((r) => r.messageId));
  const failures = result?.batchItemFailures ?? [];
  const ids = new Set<string>();
  for (const f of failures) {
    if (!f.itemIdentifier || !all.has(f.itemIdentifier)) return all;
    ids.add(f.itemIdentifier);
  }
  return ids;
}
