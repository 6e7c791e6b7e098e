import { isUtf8 } from 'node:buffer';
import type { KinesisStreamRecord } from 'aws-lambda';
import { type Parsed, parseHotlinePayload } from '../../shared/channels/hotline.js';
import type { RawPayload } from '../../shared/domain/index.js';
import { HttpError } from '../../shared/http/errors.js';

/** The webhook's limit: a CTR is a few KB; anything near a Kinesis record's 1 MB is not one. */
export const MAX_CTR_BYTES = 64 * 1024;

/**
 * A stream record that is not a contact record this service can read: never a transient fault, so
 * retrying it cannot help. `problems` name fields only, never their values (a caller's number).
 */
export class MalformedCtrError extends Error {
  readonly reason: 'too_large' | 'invalid_encoding' | 'not_json' | 'validation_failed';
  readonly problems?: unknown;
  constructor(reason: MalformedCtrError['reason'], options?: ErrorOptions & { problems?: unknown }) {
    super(`malformed contact record: ${reason}`, options);
    this.name = 'MalformedCtrError';
    this.reason = reason;
    this.problems = options?.problems;
  }
}

/** Where a record sits in the stream: what an operator needs to read it again. */
export function positionOf(record: KinesisStreamRecord) {
  return {
    shardId: record.eventID.split(':')[0] ?? record.eventID,
    sequenceNumber: record.kinesis.sequenceNumber,
    partitionKey: record.kinesis.partitionKey,
  };
}

/**
 * One Kinesis record as Amazon Connect writes it (base64 of a CTR's JSON), parsed as the webhook's
 * /connect-ctr body is, with the text kept for the archive. Throws MalformedCtrError.
 *
 * @example ctrOf(record) // { parsed: { kind: 'call', record: { callId: '9f2d…', … } }, raw: { body: '{"AWSAccountId":…' } }
 */
export function ctrOf(record: KinesisStreamRecord): { parsed: Parsed; raw: RawPayload } {
  const bytes = Buffer.from(record.kinesis.data, 'base64');
  if (bytes.length > MAX_CTR_BYTES) throw new MalformedCtrError('too_large');
  if (!isUtf8(bytes)) throw new MalformedCtrError('invalid_encoding');
  const text = bytes.toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new MalformedCtrError('not_json', { cause: error });
  }
  let parsed: Parsed;
  try {
    parsed = parseHotlinePayload('connect-ctr', body);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    throw new MalformedCtrError('validation_failed', { cause: error, problems: error.details });
  }
  const { shardId, sequenceNumber, partitionKey } = positionOf(record);
  // Epoch seconds from Lambda; an event an operator built to replay records may carry none.
  const arrival = Number(record.kinesis.approximateArrivalTimestamp);
  return {
    parsed,
    raw: {
      contentType: 'application/json',
      body: text,
      // Kept with the archived CTR: where in which stream it was read, so a dispute can find it.
      headers: {
        'x-kinesis-stream-arn': record.eventSourceARN,
        'x-kinesis-shard-id': shardId,
        'x-kinesis-sequence-number': sequenceNumber,
        'x-kinesis-partition-key': partitionKey,
        ...(Number.isFinite(arrival) ? { 'x-kinesis-arrival': new Date(arrival * 1000).toISOString() } : {}),
      },
    },
  };
}
