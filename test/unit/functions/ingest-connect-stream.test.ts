import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/ingest-connect-stream/handler.js';
import { type IntakeMessage, IntakeMessageSchema } from '../../../shared/domain/appeal.js';
import { deriveCaseId } from '../../../shared/domain/identity.js';
import { logger } from '../../../shared/logger.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { CTR_STREAM_ARN, kinesisEvent, recordedCtr } from '../fixtures/kinesis.js';
import { TEST_ENV, testContext } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const ANSWERED = '9f2d7c4e-1a3b-4c5d-8e6f-7a8b9c0d1e2f';
const ABANDONED = '3c4d5e6f-7081-4293-a4b5-c6d7e8f90a1b';

function consume(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  return handler(event, testContext('ingest-connect-stream')) as Promise<KinesisStreamBatchResponse>;
}

/** Every message the function queued, in the order it queued them. */
function queued(): IntakeMessage[] {
  return sqs
    .commandCalls(SendMessageCommand)
    .map((call) => IntakeMessageSchema.parse(JSON.parse(call.args[0].input.MessageBody as string)));
}

const callOf = (messages: IntakeMessage[], callId: string) =>
  messages.find((m) => m.kind === 'call' && m.call.callId === callId);

/** The recorded batch: an answered call with an appeal, a call abandoned in the queue, an outbound one. */
const recordedBatch = () =>
  kinesisEvent([
    recordedCtr('answered-water-outage'),
    recordedCtr('abandoned-in-queue'),
    recordedCtr('outbound-follow-up'),
  ]);

describe('Function: ingest-connect-stream', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(directoryQuery);
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterEach(() => {
    ddb.reset();
    sqs.reset();
    vi.restoreAllMocks();
  });

  it('queues each inbound voice contact of a recorded batch and ignores the outbound one', async () => {
    // Act
    const result = await consume(recordedBatch());

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const messages = queued();
    expect(messages).toHaveLength(2);
    expect(callOf(messages, ANSWERED)).toMatchObject({
      kind: 'call',
      call: {
        pk: `CALL#${ANSWERED}`,
        disposition: 'answered',
        line: '+8612345',
        agentId: 'a-017',
        callerMasked: '139****5678',
        recordedAt: '2026-11-24T01:42:59.000Z',
      },
      appeal: {
        caseId: deriveCaseId('hotline', ANSWERED),
        channel: 'hotline',
        category: 'water-supply',
        district: 'gulou',
      },
    });
    expect(callOf(messages, ABANDONED)).toMatchObject({
      call: { disposition: 'abandoned', callerMasked: '136****5432' },
      callerSealed: { callId: ABANDONED },
    });
    expect(callOf(messages, ABANDONED)).not.toHaveProperty('appeal');
    expect(callOf(messages, '7d8e9f0a-1b2c-4d3e-9f40-5a6b7c8d9e0f')).toBeUndefined();
  });

  it('archives the CTR as Connect wrote it, with where in the stream it was read', async () => {
    // Prepare
    const event = kinesisEvent([recordedCtr('answered-water-outage')]);
    const record = event.Records[0];

    // Act
    await consume(event);

    // Assess
    const [message] = queued();
    expect(message?.raw?.contentType).toBe('application/json');
    expect(JSON.parse(message?.raw?.body ?? '')).toEqual(recordedCtr('answered-water-outage'));
    expect(message?.raw?.headers).toEqual({
      'x-kinesis-stream-arn': CTR_STREAM_ARN,
      'x-kinesis-shard-id': 'shardId-000000000000',
      'x-kinesis-sequence-number': record?.kinesis.sequenceNumber,
      'x-kinesis-partition-key': ANSWERED,
      'x-kinesis-arrival': expect.stringMatching(/^2026-11-24T/),
    });
  });

  it('reads a replay event an operator built from get-records, whose arrival is a date string', async () => {
    // Prepare: docs/runbook.md builds it with jq from `aws kinesis get-records` (ISO timestamps).
    const event = kinesisEvent([recordedCtr('abandoned-in-queue')]);
    const replay = {
      Records: event.Records.map((r) => ({
        ...r,
        kinesis: { ...r.kinesis, approximateArrivalTimestamp: '2026-11-24T02:18:21.123000+00:00' },
      })),
    } as unknown as KinesisStreamEvent;

    // Act
    const result = await consume(replay);

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(callOf(queued(), ABANDONED)).toMatchObject({ call: { disposition: 'abandoned' } });
  });

  it('reports a record that is not JSON and one that is not a CTR as failed, and queues the rest', async () => {
    // Prepare
    const { ContactId: _, ...noContactId } = recordedCtr('abandoned-in-queue');
    const event = kinesisEvent([recordedCtr('answered-water-outage'), '{"ContactId": "broken', noContactId]);
    const warn = vi.spyOn(logger, 'warn');

    // Act
    const result = await consume(event);

    // Assess
    expect(result.batchItemFailures).toEqual([
      { itemIdentifier: event.Records[1]?.kinesis.sequenceNumber },
      { itemIdentifier: event.Records[2]?.kinesis.sequenceNumber },
    ]);
    expect(queued().map((m) => (m.kind === 'call' ? m.call.callId : undefined))).toEqual([ANSWERED]);
    expect(warn).toHaveBeenCalledWith(
      'malformed contact record',
      expect.objectContaining({
        reason: 'not_json',
        sequenceNumber: event.Records[1]?.kinesis.sequenceNumber,
      }),
    );
    expect(warn).toHaveBeenCalledWith(
      'malformed contact record',
      expect.objectContaining({ reason: 'validation_failed', shardId: 'shardId-000000000000' }),
    );
    // The caller's number never reaches a log line, not even from a record that failed.
    expect(JSON.stringify(warn.mock.calls)).not.toMatch(/13698765432|13912345678/);
  });

  it('reports a record larger than a CTR can be as failed', async () => {
    // Prepare
    const huge = { ...recordedCtr('abandoned-in-queue'), Padding: 'x'.repeat(70 * 1024) };

    // Act
    const result = await consume(kinesisEvent([recordedCtr('answered-water-outage'), huge]));

    // Assess
    expect(result.batchItemFailures).toHaveLength(1);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
  });

  it('fails the invocation when every record fails, so Lambda retries and bisects the batch', async () => {
    // Act & Assess
    await expect(consume(kinesisEvent(['not a CTR']))).rejects.toThrow();
    expect(sqs).not.toHaveReceivedCommand(SendMessageCommand);
  });

  it('reports a record whose queue send failed as failed, for the retry to queue it again', async () => {
    // Prepare
    sqs.on(SendMessageCommand).callsFake((input) => {
      if (String(input.MessageBody).includes(ABANDONED)) throw new Error('ServiceUnavailable');
      return { MessageId: 'm-1' };
    });
    const event = recordedBatch();

    // Act
    const result = await consume(event);

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]?.kinesis.sequenceNumber }]);
  });

  it('queues a redelivered batch again under the same call and case, so the dispatcher keeps one', async () => {
    // Prepare
    const first = kinesisEvent([recordedCtr('answered-water-outage'), recordedCtr('abandoned-in-queue')]);
    const again = kinesisEvent(
      [recordedCtr('answered-water-outage'), recordedCtr('abandoned-in-queue')],
      10n,
    );

    // Act
    await consume(first);
    await consume(again);

    // Assess
    const messages = queued();
    expect(messages).toHaveLength(4);
    const strip = (m: IntakeMessage | undefined) =>
      m && m.kind === 'call' ? { ...m, raw: undefined, callerSealed: undefined } : m;
    expect(strip(messages[2])).toEqual(strip(messages[0]));
    expect(strip(messages[3])).toEqual(strip(messages[1]));
  });

  it('queues a later version of a contact with its own update time, the same call and case', async () => {
    // Prepare: Connect sends a contact again when its attributes change after the call.
    const earlier = recordedCtr('answered-water-outage');
    const later = {
      ...earlier,
      LastUpdateTimestamp: '2026-11-24T01:55:12Z',
      Attributes: { ...(earlier.Attributes as object), address: '鼓楼区东街口南后街12号3单元' },
    };

    // Act
    const result = await consume(kinesisEvent([earlier, later]));

    // Assess
    expect(result.batchItemFailures).toEqual([]);
    const [a, b] = queued();
    expect(a?.kind === 'call' && a.call.pk).toBe(`CALL#${ANSWERED}`);
    expect(b?.kind === 'call' && b.call.pk).toBe(`CALL#${ANSWERED}`);
    expect(a?.appeal?.caseId).toBe(b?.appeal?.caseId);
    expect([a, b].map((m) => (m?.kind === 'call' ? m.call.recordedAt : undefined))).toEqual([
      '2026-11-24T01:42:59.000Z',
      '2026-11-24T01:55:12.000Z',
    ]);
  });
});
