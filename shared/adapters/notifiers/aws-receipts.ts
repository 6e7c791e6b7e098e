import type { ProviderReceipt } from './port.js';
import { ReceiptFormatError } from './receipt-error.js';

// AWS End User Messaging SMS delivery events (the configuration set's SNS event destination), read
// into receipts. The SNS message is the documented event JSON: eventType, messageId,
// eventTimestamp (ms), isFinal, messageStatus, context …

/** The events that say the handset (or, where carriers report no more, the carrier) has it. */
const DELIVERED: ReadonlySet<string> = new Set(['TEXT_DELIVERED', 'TEXT_SUCCESSFUL']);

/** On the way, not an outcome: a final event follows (or UNKNOWN after 72 hours). */
const UNDER_WAY: ReadonlySet<string> = new Set(['TEXT_QUEUED', 'TEXT_PENDING']);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parsed(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ReceiptFormatError(`${what} is not JSON`, { cause });
  }
}

/**
 * The SMS events in whatever carried them: the Lambda event of an SNS subscription (`Records[].Sns
 * .Message`), an SNS notification (`Type: Notification`, as SQS or HTTPS subscribers get it without
 * raw delivery), an EventBridge event (`detail`), the event itself, or the JSON text of any of these.
 */
function eventsIn(body: unknown, depth = 0): Json[] {
  if (depth > 3) throw new ReceiptFormatError('the receipt is nested too deep');
  if (typeof body === 'string') return eventsIn(parsed(body, 'the receipt'), depth + 1);
  if (Array.isArray(body)) return body.flatMap((item) => eventsIn(item, depth + 1));
  if (!isObject(body)) throw new ReceiptFormatError('the receipt is not a JSON object');
  if (Array.isArray(body.Records)) {
    return body.Records.flatMap((record) => {
      const message = isObject(record) && isObject(record.Sns) ? record.Sns.Message : undefined;
      if (typeof message !== 'string') throw new ReceiptFormatError('an SNS record without its Message');
      return eventsIn(parsed(message, 'the SNS message'), depth + 1);
    });
  }
  if (body.Type === 'Notification') {
    if (typeof body.Message !== 'string')
      throw new ReceiptFormatError('an SNS notification without its Message');
    return eventsIn(parsed(body.Message, 'the SNS message'), depth + 1);
  }
  if (isObject(body.detail) && typeof body['detail-type'] === 'string')
    return eventsIn(body.detail, depth + 1);
  return [body];
}

function receiptOf(event: Json): ProviderReceipt | undefined {
  const { eventType, messageId, eventTimestamp } = event;
  if (typeof eventType !== 'string' || eventType === '') {
    throw new ReceiptFormatError('an SMS event without its eventType');
  }
  // Voice and media events share the destination; only text messages are notices.
  if (!eventType.startsWith('TEXT_')) return undefined;
  if (typeof messageId !== 'string' || !/^[\w-]{1,128}$/.test(messageId)) {
    throw new ReceiptFormatError('an SMS event without a messageId');
  }
  if (typeof eventTimestamp !== 'number' || !Number.isFinite(eventTimestamp) || eventTimestamp < 0) {
    throw new ReceiptFormatError('an SMS event without its eventTimestamp');
  }
  if (UNDER_WAY.has(eventType) || event.isFinal === false) return undefined;
  const at = new Date(eventTimestamp).toISOString();
  if (DELIVERED.has(eventType)) return { provider: 'aws', messageId, delivered: true, at };
  return { provider: 'aws', messageId, delivered: false, at, reason: eventType };
}

/**
 * The receipts in an AWS End User Messaging SMS event delivery: TEXT_DELIVERED and TEXT_SUCCESSFUL
 * are delivered; a final TEXT_BLOCKED, TEXT_INVALID, TEXT_UNREACHABLE, TEXT_CARRIER_UNREACHABLE,
 * TEXT_TTL_EXPIRED, TEXT_SPAM, TEXT_UNKNOWN … is not, with the eventType as its reason. Events
 * still under way (TEXT_QUEUED, TEXT_PENDING, `isFinal: false`) and voice or media events give
 * none. Anything that is not such an event is thrown as a ReceiptFormatError.
 *
 * @example
 * parseAwsReceipts({ Type: 'Notification', Message: JSON.stringify({ eventType: 'TEXT_DELIVERED', messageId: 'm-1', eventTimestamp: 1686975103470, isFinal: true }) })
 * // [{ provider: 'aws', messageId: 'm-1', delivered: true, at: '2023-06-17T04:11:43.470Z' }]
 */
export function parseAwsReceipts(body: unknown): ProviderReceipt[] {
  return eventsIn(body).flatMap((event) => {
    const receipt = receiptOf(event);
    return receipt ? [receipt] : [];
  });
}
