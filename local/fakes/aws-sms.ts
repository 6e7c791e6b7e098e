import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { checkSigV4 } from './aws-sigv4.js';
import { listenOnLoopback, PendingPushes, readBoundedBody } from './fake-server.js';
import type { OutboxEntry } from './outbox-entry.js';

// The local stack's AWS End User Messaging SMS (pinpoint-sms-voice-v2): the awsJson1_0 protocol
// (`X-Amz-Target: PinpointSMSVoiceV2.SendTextMessage`), a SigV4 signature checked against the
// stack's credentials, the service's exceptions; after accepting, the delivery event as the
// configuration set's SNS event destination carries it. Never used in AWS.

export interface AwsSmsFakeOptions {
  /** The credentials requests must be signed with (the local stack's). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** The region the signature must be scoped to; default us-east-1. */
  readonly region?: string;
  /** Origination identities the account has; a request naming another is refused. Default: any. */
  readonly originationIdentities?: readonly string[];
  /** Configuration sets the account has; a request naming another is refused. Default: any. */
  readonly configurationSets?: readonly string[];
  /** Numbers that replied STOP (E.164). */
  readonly optedOut?: (phone: string) => boolean;
  readonly onMessage?: (entry: OutboxEntry) => void;
  /**
   * Where the delivery event goes: POSTed as an SNS notification (`Type: Notification`, the event
   * JSON as its `Message`), as an SNS HTTPS subscription gets it, without SNS's signature.
   */
  readonly receiptUrl?: () => string | undefined;
  /** Each message's fate; default: a number ending in 0000 is unreachable, others delivered. */
  readonly receipts?: (phone: string) => 'delivered' | 'failed';
  /** Milliseconds before the event goes out (and between retries); default 50. */
  readonly receiptDelayMs?: number;
}

export interface AwsSmsFake {
  /** The endpoint for `AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2`. */
  readonly url: string;
  close(): Promise<void>;
  /**
   * The next `count` sends fail: `transient` with ThrottlingException (which the SDK retries on
   * its own), `permanent` with ConflictException DESTINATION_PHONE_NUMBER_OPTED_OUT.
   */
  failNext(count: number, mode: 'transient' | 'permanent'): void;
  sent(): OutboxEntry[];
  /** A receipt is still to be pushed (scheduled, in flight or waiting to be pushed again). */
  busy(): boolean;
  /** Resolves once no delivery event is waiting or under way. */
  idle(): Promise<void>;
}

const TARGET_PREFIX = 'PinpointSMSVoiceV2.';
const MAX_BODY_BYTES = 256 * 1024;
const MAX_ENTRIES = 1000;
/** The service's own pattern for a destination number. */
const PHONE = /^\+?[1-9][0-9]{1,18}$/;
const TRACKING_NO = /\d{6}-[0-9A-Z]{4}-[0-9A-Z]{4}/;

interface Refusal {
  status: number;
  type: string;
  fields?: Record<string, unknown>;
  message: string;
}

function maskPhone(phone: string): string {
  return phone.length <= 7 ? '****' : `${phone.slice(0, -8)}****${phone.slice(-4)}`;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return readBoundedBody(req, MAX_BODY_BYTES);
}

function answer(res: ServerResponse, status: number, body: Record<string, unknown>, type?: string): void {
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-requestid': randomUUID(),
    ...(type ? { 'x-amzn-errortype': type } : {}),
  });
  res.end(JSON.stringify(body));
}

function refuse(res: ServerResponse, refusal: Refusal): void {
  answer(
    res,
    refusal.status,
    { __type: refusal.type, Message: refusal.message, ...refusal.fields },
    refusal.type,
  );
}

function invalid(field: string, message: string): Refusal {
  return {
    status: 400,
    type: 'ValidationException',
    message,
    fields: { Reason: 'FIELD_VALIDATION_FAILED', Fields: [{ Name: field, Message: message }] },
  };
}

/** Why the service would refuse this SendTextMessage input, or undefined when it takes it. */
function inputRefusal(input: Record<string, unknown>, options: AwsSmsFakeOptions): Refusal | undefined {
  const phone = input.DestinationPhoneNumber;
  if (typeof phone !== 'string' || !PHONE.test(phone)) {
    return invalid('DestinationPhoneNumber', 'The destination phone number is not valid E.164.');
  }
  const body = input.MessageBody;
  if (body !== undefined && (typeof body !== 'string' || body.length < 1 || body.length > 1600)) {
    return invalid('MessageBody', 'MessageBody must be 1 to 1600 characters.');
  }
  if (
    input.MessageType !== undefined &&
    input.MessageType !== 'TRANSACTIONAL' &&
    input.MessageType !== 'PROMOTIONAL'
  ) {
    return invalid('MessageType', 'MessageType must be TRANSACTIONAL or PROMOTIONAL.');
  }
  const context = input.Context;
  if (
    context !== undefined &&
    (typeof context !== 'object' ||
      context === null ||
      Object.keys(context).length > 5 ||
      Object.values(context).some((v) => typeof v !== 'string' || v.length > 800))
  ) {
    return invalid('Context', 'Context takes at most 5 string values.');
  }
  const identity = input.OriginationIdentity;
  if (
    identity !== undefined &&
    options.originationIdentities &&
    !options.originationIdentities.includes(String(identity))
  ) {
    return {
      status: 404,
      type: 'ResourceNotFoundException',
      message: `The origination identity ${String(identity)} does not exist.`,
      fields: { ResourceType: 'phone-number', ResourceId: String(identity) },
    };
  }
  const set = input.ConfigurationSetName;
  if (set !== undefined && options.configurationSets && !options.configurationSets.includes(String(set))) {
    return {
      status: 404,
      type: 'ResourceNotFoundException',
      message: `The configuration set ${String(set)} does not exist.`,
      fields: { ResourceType: 'configuration-set', ResourceId: String(set) },
    };
  }
  if (options.optedOut?.(phone)) {
    return {
      status: 400,
      type: 'ConflictException',
      message: 'The destination phone number is opted out.',
      fields: {
        Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
        ResourceType: 'opted-out-number',
        ResourceId: phone,
      },
    };
  }
  return undefined;
}

/**
 * Starts the fake on a random local port.
 *
 * @example
 * const fake = await startAwsSmsFake({ credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
 * const client = new PinpointSMSVoiceV2Client({ endpoint: fake.url, region: 'us-east-1', credentials });
 */
export async function startAwsSmsFake(options: AwsSmsFakeOptions): Promise<AwsSmsFake> {
  const region = options.region ?? 'us-east-1';
  const delay = options.receiptDelayMs ?? 50;
  const fate = options.receipts ?? ((phone: string) => (phone.endsWith('0000') ? 'failed' : 'delivered'));
  const entries: OutboxEntry[] = [];
  const failures: ('transient' | 'permanent')[] = [];
  const pending = new PendingPushes();

  /** SNS retries an HTTPS delivery that failed; so does the fake, three times. */
  const deliver = (event: Record<string, unknown>, attempt = 1) => {
    const url = options.receiptUrl?.();
    if (!url) return;
    pending.later(delay * attempt, () => {
      const notification = {
        Type: 'Notification',
        MessageId: randomUUID(),
        TopicArn: `arn:aws:sns:${region}:000000000000:sms-voice-events`,
        Message: JSON.stringify(event),
        Timestamp: new Date().toISOString(),
        SignatureVersion: '2',
      };
      pending
        .track(
          fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'text/plain; charset=UTF-8',
              'x-amz-sns-message-type': 'Notification',
            },
            body: JSON.stringify(notification),
            signal: AbortSignal.timeout(5_000),
          }).then(async (response) => {
            await response.text();
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
          }),
        )
        .catch(() => {
          if (attempt < 3) deliver(event, attempt + 1);
        });
    });
  };

  function sendText(input: Record<string, unknown>, res: ServerResponse): void {
    const refusal = inputRefusal(input, options);
    if (refusal) {
      refuse(res, refusal);
      return;
    }
    const failure = failures.shift();
    if (failure === 'transient') {
      refuse(res, { status: 400, type: 'ThrottlingException', message: 'Rate exceeded.' });
      return;
    }
    const phone = input.DestinationPhoneNumber as string;
    if (failure === 'permanent') {
      refuse(res, {
        status: 400,
        type: 'ConflictException',
        message: 'The destination phone number is opted out.',
        fields: {
          Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
          ResourceType: 'opted-out-number',
          ResourceId: phone,
        },
      });
      return;
    }
    const messageId = randomUUID();
    const text = typeof input.MessageBody === 'string' ? input.MessageBody : '';
    const trackingNo = TRACKING_NO.exec(text)?.[0];
    const link = /https?:\/\/\S+/.exec(text)?.[0];
    const entry: OutboxEntry = {
      at: new Date().toISOString(),
      provider: 'aws',
      via: 'sms',
      to: maskPhone(phone),
      messageId,
      text,
      ...(trackingNo ? { trackingNo } : {}),
      ...(link ? { link } : {}),
    };
    entries.push(entry);
    if (entries.length > MAX_ENTRIES) entries.shift();
    options.onMessage?.(entry);
    const delivered = fate(phone) === 'delivered';
    const now = Date.now();
    // The documented SMS event (AWS End User Messaging, "SMS example log").
    deliver({
      eventType: delivered ? 'TEXT_DELIVERED' : 'TEXT_UNREACHABLE',
      eventVersion: '1.0',
      eventTimestamp: now + delay,
      isFinal: true,
      originationPhoneNumber:
        typeof input.OriginationIdentity === 'string' ? input.OriginationIdentity : '+12065550152',
      destinationPhoneNumber: phone,
      isInternationalSend: !phone.startsWith('+1'),
      mcc: '460',
      mnc: '00',
      messageId,
      messageRequestTimestamp: now,
      messageEncoding: /^[\x20-\x7e\n]*$/.test(text) ? 'GSM' : 'UCS2',
      messageType: input.MessageType ?? 'TRANSACTIONAL',
      messageStatus: delivered ? 'DELIVERED' : 'UNREACHABLE',
      messageStatusDescription: delivered
        ? 'Message has been accepted by phone'
        : 'The recipient is unreachable',
      ...(input.Context ? { context: input.Context } : {}),
      totalMessageParts: Math.max(1, Math.ceil(text.length / 67)),
      totalMessagePrice: 0.0204,
      totalCarrierFee: 0.0,
    });
    answer(res, 200, { MessageId: messageId });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (!body)
      return refuse(res, { status: 413, type: 'ValidationException', message: 'Request too large.' });
    const refusal = checkSigV4({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body,
      credentials: options.credentials,
      region,
      service: 'sms-voice',
      now: new Date(),
    });
    if (refusal) return refuse(res, { status: 403, type: refusal.type, message: refusal.message });
    const target = String(req.headers['x-amz-target'] ?? '');
    if (req.method !== 'POST' || !target.startsWith(TARGET_PREFIX)) {
      return refuse(res, { status: 400, type: 'UnknownOperationException', message: 'Unknown operation.' });
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.0')) {
      return refuse(res, {
        status: 400,
        type: 'SerializationException',
        message: 'Expected application/x-amz-json-1.0.',
      });
    }
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      return refuse(res, { status: 400, type: 'SerializationException', message: 'The body is not JSON.' });
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return refuse(res, {
        status: 400,
        type: 'SerializationException',
        message: 'The body is not a JSON object.',
      });
    }
    if (target !== `${TARGET_PREFIX}SendTextMessage`) {
      return refuse(res, {
        status: 400,
        type: 'UnknownOperationException',
        message: `${target} is not served here.`,
      });
    }
    sendText(input as Record<string, unknown>, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  const listening = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${listening.port}`,
    close: () => {
      pending.cancel();
      return listening.close();
    },
    failNext(count, mode) {
      for (let i = 0; i < count; i++) failures.push(mode);
    },
    sent: () => [...entries],
    busy: () => pending.busy(),
    idle: () => pending.settled(),
  };
}
