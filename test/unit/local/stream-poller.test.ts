import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CheckpointStore } from '../../../local/checkpoints.js';
import type { LocalFunctions } from '../../../local/functions.js';
import { StreamPoller } from '../../../local/stream-poller.js';

const STREAM = 'arn:aws:dynamodb:us-east-1:000000000000:table/cases/stream/2026-11-29T00:00:00.000';
const streams = mockClient(DynamoDBStreamsClient);
const sqs = mockClient(SQSClient);

function sdkRecord(seq: string) {
  return {
    eventID: `e-${seq}`,
    eventName: 'INSERT' as const,
    dynamodb: {
      SequenceNumber: seq,
      ApproximateCreationDateTime: new Date('2026-11-29T00:00:00Z'),
      Keys: { pk: { S: `CASE#${seq}` }, sk: { S: 'CASE' } },
    },
  };
}

/** A poller over one shard holding three records, and the batches its function was invoked with. */
function poller(invoke: (event: DynamoDBStreamEvent) => Promise<unknown>, maxRetries: number) {
  const seen: string[][] = [];
  const checkpoints = new CheckpointStore(STREAM);
  const p = new StreamPoller({
    streams: new DynamoDBStreamsClient({ region: 'us-east-1' }),
    sqs: new SQSClient({ region: 'us-east-1' }),
    functions: {
      invoke: async (_name: string, event: DynamoDBStreamEvent) => {
        seen.push(event.Records.map((r) => r.dynamodb?.SequenceNumber as string));
        return invoke(event);
      },
    } as unknown as LocalFunctions,
    functionName: 'project-case-events',
    streamArn: STREAM,
    batchSize: 100,
    checkpoints,
    failureQueueUrl: 'http://localhost/000000000000/stream-failures',
    maxRetries,
    pollIntervalMs: 10,
    log: () => undefined,
  });
  return { p, seen, checkpoints };
}

describe('StreamPoller', () => {
  beforeEach(() => {
    streams.on(DescribeStreamCommand).resolves({ StreamDescription: { Shards: [{ ShardId: 'shard-1' }] } });
    streams.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it-1' });
    streams.on(GetRecordsCommand, { ShardIterator: 'it-1' }).resolves({
      Records: ['100', '101', '102'].map(sdkRecord),
      NextShardIterator: 'it-2',
    });
    streams
      .on(GetRecordsCommand, { ShardIterator: 'it-2' })
      .resolves({ Records: [], NextShardIterator: 'it-2' });
    sqs.on(SendMessageCommand).resolves({});
  });

  afterEach(() => {
    streams.reset();
    sqs.reset();
  });

  it('retries a batch whose invocation threw whole, from the same first record, never bisected', async () => {
    // Prepare
    let calls = 0;
    const { p, seen, checkpoints } = poller(async () => {
      if (++calls <= 2) throw new Error('aggregates unavailable');
    }, 3);

    // Act
    p.start();
    await p.caughtUp();
    await p.stop();

    // Assess
    expect(seen).toEqual([
      ['100', '101', '102'],
      ['100', '101', '102'],
      ['100', '101', '102'],
    ]);
    expect(checkpoints.get('shard-1')).toBe('102');
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('parks a batch that keeps throwing whole on the failure queue and moves past it', async () => {
    // Prepare
    const { p, seen, checkpoints } = poller(async () => {
      throw new Error('poison');
    }, 1);

    // Act
    p.start();
    await p.caughtUp();
    await p.stop();

    // Assess
    expect(seen).toEqual([
      ['100', '101', '102'],
      ['100', '101', '102'],
    ]);
    const sent = sqs.commandCalls(SendMessageCommand);
    expect(sent).toHaveLength(1);
    const body = JSON.parse(sent[0]?.args[0].input.MessageBody as string);
    expect(body.DDBStreamBatchInfo).toMatchObject({
      startSequenceNumber: '100',
      endSequenceNumber: '102',
      batchSize: 3,
    });
    expect(checkpoints.get('shard-1')).toBe('102');
  });
});
