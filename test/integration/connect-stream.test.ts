import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../infra/functions.js';
import { lambdaContext } from '../../local/lambda-context.js';
import { caseIdOfCall } from '../../shared/domain/call-record.js';
import { kinesisEvent, recordedCtr } from '../unit/fixtures/kinesis.js';
import { casesByTrackingNo, ddb, eventually, idle, routedPair, stack, uniquePhone } from './helpers.js';

// Amazon Connect's CTR stream consumer against the local stack's real intake queue and dispatcher.
// The local stack has no Kinesis: the handler is invoked here, in the test's process (which has the
// stack's environment), with recorded CTRs wrapped as Lambda delivers them; the stack's own
// dispatcher then stores the calls and makes the case. Fresh contact ids and callers each run.

type Handler = typeof import('../../functions/ingest-connect-stream/handler.js').handler;
let handler: Handler;
const spec = FUNCTIONS.find((f) => f.name === 'ingest-connect-stream');

const consume = (event: KinesisStreamEvent) =>
  handler(event, lambdaContext(spec as never)) as Promise<KinesisStreamBatchResponse>;

async function callItem(callId: string) {
  const out = await ddb.send(
    new GetCommand({ TableName: stack.resources.casesTable, Key: { pk: `CALL#${callId}`, sk: 'CALL' } }),
  );
  return out.Item;
}

async function caseOf(callId: string) {
  const out = await ddb.send(
    new GetCommand({
      TableName: stack.resources.casesTable,
      Key: { pk: `CASE#${caseIdOfCall(callId)}`, sk: 'CASE' },
    }),
  );
  return out.Item;
}

/** The recorded batch with fresh ids and callers: an answered call with an appeal, an abandoned one, an outbound one. */
function freshBatch() {
  const { category, district } = routedPair();
  const answered = recordedCtr('answered-water-outage');
  const ids = { answered: randomUUID(), abandoned: randomUUID(), outbound: randomUUID() };
  const ctrs = [
    {
      ...answered,
      ContactId: ids.answered,
      CustomerEndpoint: { Address: `+86${uniquePhone()}`, Type: 'TELEPHONE_NUMBER' },
      Attributes: { ...(answered.Attributes as object), category, district },
    },
    {
      ...recordedCtr('abandoned-in-queue'),
      ContactId: ids.abandoned,
      CustomerEndpoint: { Address: `+86${uniquePhone()}`, Type: 'TELEPHONE_NUMBER' },
    },
    { ...recordedCtr('outbound-follow-up'), ContactId: ids.outbound },
  ];
  return { ids, ctrs };
}

describe('Amazon Connect CTR stream through the local stack', () => {
  beforeAll(async () => {
    ({ handler } = await import('../../functions/ingest-connect-stream/handler.js'));
  });

  it('stores the calls of a recorded batch, makes the case, and reports only the malformed record', async () => {
    // Prepare
    const { ids, ctrs } = freshBatch();
    const event = kinesisEvent([...ctrs, '{"ContactId":']);

    // Act
    const result = await consume(event);

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[3]?.kinesis.sequenceNumber }]);
    const kase = await eventually(
      async () => {
        const item = await caseOf(ids.answered);
        return item?.status === 'dispatched' ? item : undefined;
      },
      { timeoutMs: 30_000, what: 'the dispatched case of the answered contact' },
    );
    expect(kase).toMatchObject({ channel: 'hotline', sourceId: ids.answered });
    await idle();
    expect(await callItem(ids.answered)).toMatchObject({
      disposition: 'answered',
      line: '+8612345',
      recordedAt: '2026-11-24T01:42:59.000Z',
    });
    expect(await callItem(ids.abandoned)).toMatchObject({ disposition: 'abandoned' });
    expect(await callItem(ids.outbound)).toBeUndefined();
  });

  it('keeps one case and the latest record when the stream delivers a batch again, older version last', async () => {
    // Prepare
    const { ids, ctrs } = freshBatch();
    const [answered] = ctrs;
    const later = { ...answered, LastUpdateTimestamp: '2026-11-24T01:55:12Z' };
    await consume(kinesisEvent([later]));
    const kase = await eventually(async () => caseOf(ids.answered), {
      timeoutMs: 30_000,
      what: 'the case of the answered contact',
    });

    // Act
    const again = await consume(kinesisEvent([later, answered as Record<string, unknown>], 100n));
    await idle();

    // Assess
    expect(again.batchItemFailures).toEqual([]);
    expect(await casesByTrackingNo(kase.trackingNo as string)).toHaveLength(1);
    expect(await callItem(ids.answered)).toMatchObject({ recordedAt: '2026-11-24T01:55:12.000Z' });
  });
});
