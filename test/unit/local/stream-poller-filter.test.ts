import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CheckpointStore } from '../../../local/checkpoints.js';
import type { LocalFunctions } from '../../../local/functions.js';
import { newImageMatches, newImageStatusIn } from '../../../local/pollers.js';
import { StreamPoller } from '../../../local/stream-poller.js';

const streams = mockClient(DynamoDBStreamsClient);
const STREAM = 'arn:aws:dynamodb:us-east-1:000000000000:table/cases/stream/1';

function sdkRecord(seq: string, status: string | undefined) {
  return {
    eventID: seq,
    eventName: 'MODIFY' as const,
    dynamodb: {
      SequenceNumber: seq,
      NewImage: { pk: { S: `CASE#${seq}` }, ...(status ? { status: { S: status } } : {}) },
    },
  };
}

describe('StreamPoller with a filter (event filtering)', () => {
  afterEach(() => {
    streams.reset();
  });

  it('delivers only the records the filter passes and checkpoints past the others', async () => {
    // Prepare
    streams.on(DescribeStreamCommand).resolves({ StreamDescription: { Shards: [{ ShardId: 'shard-1' }] } });
    streams.on(GetShardIteratorCommand).resolves({ ShardIterator: 'it-1' });
    streams
      .on(GetRecordsCommand)
      .resolvesOnce({
        Records: [sdkRecord('1', 'acknowledged'), sdkRecord('2', 'completed'), sdkRecord('3', 'closed')],
        NextShardIterator: 'it-2',
      })
      .resolvesOnce({ Records: [sdkRecord('4', undefined)], NextShardIterator: 'it-3' })
      .resolves({ Records: [], NextShardIterator: 'it-3' });
    const delivered: string[][] = [];
    const invoke = vi.fn(async (_name: string, event: DynamoDBStreamEvent) => {
      delivered.push(event.Records.map((r) => r.dynamodb?.SequenceNumber as string));
      return { batchItemFailures: [] };
    });
    const checkpoints = new CheckpointStore(STREAM);
    const poller = new StreamPoller({
      streams: streams as unknown as DynamoDBStreamsClient,
      sqs: new SQSClient({}),
      functions: { invoke } as unknown as LocalFunctions,
      functionName: 'notify-citizen',
      streamArn: STREAM,
      batchSize: 10,
      checkpoints,
      failureQueueUrl: 'http://localhost/failures',
      filter: newImageStatusIn(['completed']),
      pollIntervalMs: 5,
      log: () => undefined,
    });

    // Act
    poller.start();
    await poller.caughtUp();
    await poller.stop();

    // Assess
    expect(delivered).toEqual([['2']]);
    expect(checkpoints.get('shard-1')).toBe('4');
  });
});

describe('newImageMatches (the notices filter: completed, or paused for 补正)', () => {
  it('passes a record whose new image has one of the statuses or pause reasons, and no other', () => {
    // Prepare
    const filter = newImageMatches(['completed'], ['awaiting_correction']);
    const record = (newImage: Record<string, unknown>) => ({ dynamodb: { NewImage: newImage } }) as never;

    // Act
    const passed = [
      filter(record({ status: { S: 'completed' } })),
      filter(
        record({
          status: { S: 'acknowledged' },
          pausedSince: { M: { reason: { S: 'awaiting_correction' } } },
        }),
      ),
      filter(record({ status: { S: 'acknowledged' }, pausedSince: { M: { reason: { S: 'third_party' } } } })),
      filter(record({ status: { S: 'dispatched' } })),
      filter(record({})),
    ];

    // Assess
    expect(passed).toEqual([true, true, false, false, false]);
  });

  it('passes any record of a case with a disclosure file when asked to (依申请公开 notices)', () => {
    // Prepare
    const filter = newImageMatches(['completed'], ['awaiting_correction'], true);
    const record = (newImage: Record<string, unknown>) => ({ dynamodb: { NewImage: newImage } }) as never;
    const file = { M: { request: { M: { receivedOn: { S: '2026-12-01' } } } } };

    // Act
    const passed = [
      filter(record({ status: { S: 'closed' }, disclosure: file })),
      filter(record({ status: { S: 'acknowledged' }, type: { S: 'consultation' }, disclosure: file })),
      filter(record({ status: { S: 'closed' } })),
      filter(record({ status: { S: 'acknowledged' }, disclosure: { M: {} } })),
    ];

    // Assess
    expect(passed).toEqual([true, true, false, false]);
  });
});
