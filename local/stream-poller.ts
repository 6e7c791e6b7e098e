import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type _Record as SdkRecord,
  type Shard,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { type CheckpointStore, SHARD_END } from './checkpoints.js';
import type { LocalFunctions } from './functions.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './lambda-context.js';
import { lambdaStreamRecord } from './stream-records.js';

export interface StreamPollerOptions {
  streams: DynamoDBStreamsClient;
  sqs: SQSClient;
  functions: LocalFunctions;
  functionName: string;
  streamArn: string;
  batchSize: number;
  checkpoints: CheckpointStore;
  /**
   * The event source's filter criteria: records it rejects are never delivered, and count as
   * handled (the checkpoint moves past them), as Lambda's event filtering does.
   */
  filter?: (record: DynamoDBRecord) => boolean;
  /** The on-failure destination: records that still fail after the retries go there. */
  failureQueueUrl: string;
  /** Retries of a failing record before it goes to the failure queue. */
  maxRetries?: number;
  /** Lambda polls a stream shard about four times a second. */
  pollIntervalMs?: number;
  log: (line: string) => void;
}

interface ShardState {
  iterator?: string;
  done: boolean;
}

/**
 * A DynamoDB stream event source mapping as Lambda runs one: shards in order (a parent before its
 * children), records in order within a shard, a checkpoint after each batch, never bisected: a
 * batch whose invocation threw is retried whole from its first record, partial batch failures
 * from the first failed record; after maxRetries the thrown batch (or that record) is handed to
 * the on-failure queue so the shard moves on.
 */
export class StreamPoller {
  private running = false;
  private loop?: Promise<void>;
  private readonly shards = new Map<string, ShardState>();
  private passes = 0;
  private waiters: { after: number; resolve: () => void }[] = [];
  private wake?: () => void;

  constructor(private readonly o: StreamPollerOptions) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** No new read after this; the batch in progress finishes first. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }

  /** Resolves after a whole pass over the shards that began after this call found nothing new. */
  caughtUp(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ after: this.passes, resolve });
      this.wake?.();
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      const pass = ++this.passes;
      let found = false;
      try {
        found = await this.pass();
      } catch (error) {
        if (this.running) this.o.log(`stream poller (${this.o.functionName}): ${(error as Error).message}`);
        // Not a clean pass, so nobody is told the stream is caught up; back off before the next.
        await this.sleep(1_000);
        continue;
      }
      if (!found) {
        const ready = this.waiters.filter((w) => w.after < pass);
        this.waiters = this.waiters.filter((w) => w.after >= pass);
        for (const w of ready) w.resolve();
        await this.sleep(this.o.pollIntervalMs ?? 250);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** One read of every readable shard; true when any records were handled. */
  private async pass(): Promise<boolean> {
    const shards = await this.describe();
    const known = new Set(shards.map((s) => s.ShardId as string));
    let found = false;
    for (const shard of shards) {
      if (!this.running) break;
      const id = shard.ShardId as string;
      const state = this.state(id);
      if (state.done) continue;
      // A child shard waits until its parent is read to the end, so one key's records stay in order.
      const parent = shard.ParentShardId;
      if (parent && known.has(parent) && !this.state(parent).done) continue;
      if (await this.readShard(id, state)) found = true;
    }
    return found;
  }

  private state(id: string): ShardState {
    let state = this.shards.get(id);
    if (!state) {
      state = { done: this.o.checkpoints.get(id) === SHARD_END };
      this.shards.set(id, state);
    }
    return state;
  }

  private async describe(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let ExclusiveStartShardId: string | undefined;
    do {
      const out = await this.o.streams.send(
        new DescribeStreamCommand({ StreamArn: this.o.streamArn, ExclusiveStartShardId }),
      );
      shards.push(...(out.StreamDescription?.Shards ?? []));
      ExclusiveStartShardId = out.StreamDescription?.LastEvaluatedShardId;
    } while (ExclusiveStartShardId);
    return shards;
  }

  private async readShard(shardId: string, state: ShardState): Promise<boolean> {
    let out: GetRecordsCommandOutput | undefined;
    // DynamoDB Local refuses a TRIM_HORIZON iterator taken while the shard was still empty once
    // records arrive (TrimmedDataAccessException): take a fresh iterator and read again at once,
    // so the pass does not wrongly report the shard as empty.
    for (let attempt = 0; !out; attempt++) {
      try {
        state.iterator ??= await this.iteratorFor(shardId);
        if (!state.iterator) return false;
        out = await this.o.streams.send(
          new GetRecordsCommand({ ShardIterator: state.iterator, Limit: this.o.batchSize }),
        );
      } catch (error) {
        state.iterator = undefined; // expired or trimmed: start again from the checkpoint
        const fresh = error instanceof TrimmedDataAccessException && !this.o.checkpoints.get(shardId);
        if (!fresh) throw error;
        if (attempt > 0) return false; // a shard with no record yet
      }
    }
    const records = out.Records ?? [];
    if (records.length > 0) {
      const completed = await this.deliver(shardId, records);
      if (!completed) {
        state.iterator = undefined; // stopped mid-retry: resume from the checkpoint next time
        return true;
      }
    }
    state.iterator = out.NextShardIterator;
    if (!state.iterator) {
      // A closed shard read to its end: its children may go now.
      state.done = true;
      await this.o.checkpoints.set(shardId, SHARD_END);
    }
    return records.length > 0;
  }

  /** Invokes until every record is handled or dead-lettered; false if stopped before that. */
  private async iteratorFor(shardId: string): Promise<string | undefined> {
    const after = this.o.checkpoints.get(shardId);
    const out = await this.o.streams.send(
      new GetShardIteratorCommand({
        StreamArn: this.o.streamArn,
        ShardId: shardId,
        ...(after
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return out.ShardIterator;
  }

  private async deliver(shardId: string, sdkRecords: SdkRecord[]): Promise<boolean> {
    const all = sdkRecords.map((r) => lambdaStreamRecord(r, this.o.streamArn));
    const filter = this.o.filter;
    let batch = filter ? all.filter(filter) : all;
    if (batch.length === 0) {
      // Nothing passed the filter: the whole read is handled.
      const last = all.at(-1)?.dynamodb?.SequenceNumber;
      if (last) await this.o.checkpoints.set(shardId, last);
      return true;
    }
    let attempts = 0;
    while (batch.length > 0) {
      const { firstFailed, threw } = await this.invoke(batch);
      const handled = firstFailed === -1 ? batch : batch.slice(0, firstFailed);
      const last = handled.at(-1)?.dynamodb?.SequenceNumber;
      if (last) await this.o.checkpoints.set(shardId, last);
      if (firstFailed === -1) break;
      if (firstFailed > 0) attempts = 0;
      // Never bisected: a retry starts at the same first record (a thrown batch is retried whole).
      batch = batch.slice(firstFailed);
      attempts++;
      if (attempts > (this.o.maxRetries ?? 3)) {
        // As Lambda does: a batch whose invocation threw goes to the on-failure queue whole and the
        // shard moves past all of it; with item failures, the first failed record alone.
        const parked = threw ? batch : batch.slice(0, 1);
        await this.sendToFailureQueue(shardId, parked, attempts);
        await this.o.checkpoints.set(shardId, parked.at(-1)?.dynamodb?.SequenceNumber as string);
        batch = batch.slice(parked.length);
        attempts = 0;
        continue;
      }
      if (!this.running) return false;
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempts));
    }
    // Records the filter dropped after the last delivered one are handled too.
    const tail = all.at(-1)?.dynamodb?.SequenceNumber;
    if (tail && filter) await this.o.checkpoints.set(shardId, tail);
    return true;
  }

  /** The index of the first failed record (-1 when the whole batch succeeded), and whether it threw. */
  private async invoke(batch: DynamoDBRecord[]): Promise<{ firstFailed: number; threw: boolean }> {
    const event: DynamoDBStreamEvent = { Records: batch };
    let result: DynamoDBBatchResponse | undefined;
    try {
      result = (await this.o.functions.invoke(this.o.functionName, event)) as
        | DynamoDBBatchResponse
        | undefined;
    } catch (error) {
      this.o.log(`${this.o.functionName} failed a batch of ${batch.length}: ${(error as Error).message}`);
      return { firstFailed: 0, threw: true };
    }
    const failures = result?.batchItemFailures ?? [];
    if (failures.length === 0) return { firstFailed: -1, threw: false };
    const indexes = failures.map((f) =>
      batch.findIndex((r) => r.dynamodb?.SequenceNumber === f.itemIdentifier),
    );
    // An id that names no record of the batch makes Lambda retry the whole batch.
    return { firstFailed: indexes.includes(-1) ? 0 : Math.min(...indexes), threw: false };
  }

  /** Lambda's on-failure record for a stream batch, with the failed records themselves added locally. */
  private async sendToFailureQueue(
    shardId: string,
    records: DynamoDBRecord[],
    attempts: number,
  ): Promise<void> {
    const first = records[0] as DynamoDBRecord;
    const last = records.at(-1) as DynamoDBRecord;
    const arrival = (r: DynamoDBRecord) =>
      new Date((r.dynamodb?.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000).toISOString();
    const body = {
      requestContext: {
        functionArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${this.o.functionName}`,
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: attempts,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: first.dynamodb?.SequenceNumber,
        endSequenceNumber: last.dynamodb?.SequenceNumber,
        approximateArrivalOfFirstRecord: arrival(first),
        approximateArrivalOfLastRecord: arrival(last),
        batchSize: records.length,
        streamArn: this.o.streamArn,
      },
      // Lambda sends only the batch info; the records are added locally, for a readable queue.
      ...(records.length === 1 ? { record: first } : { records }),
    };
    await this.o.sqs.send(
      new SendMessageCommand({ QueueUrl: this.o.failureQueueUrl, MessageBody: JSON.stringify(body) }),
    );
    const seqs =
      records.length === 1 ? `record ${first.dynamodb?.SequenceNumber}` : `${records.length} records`;
    this.o.log(`${this.o.functionName}: ${seqs} failed ${attempts} times; sent to the stream-failures queue`);
  }
}
