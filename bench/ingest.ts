import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { toAppeal, WebformSubmissionSchema } from '../functions/ingest-webform/webform.js';
import type { AppealMessage } from '../shared/domain/index.js';
import { randomWebformBody, seededRandom, type WebformBody } from '../shared/seed/appeals.js';
import type { RemoteStack } from './stack-client.js';

// The ingest path (gateway → ingest-webform → its checks → SQS) against the one step it cannot
// avoid: a bare SendMessage of the same message to the same emulator.

export interface LatencySummary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

export interface IngestResult {
  warmup: number;
  gateway: LatencySummary & { non202: number };
  bare: LatencySummary & { messageBytes: number };
  ratio: { p50: number; p99: number };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

function summarise(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** The message ingest-webform would queue for this body, so the bare send carries the same bytes. */
function intakeMessage(body: WebformBody, key: string): AppealMessage {
  const rawBody = JSON.stringify(body);
  const appeal = toAppeal(WebformSubmissionSchema.parse(body), {
    sourceId: key,
    receivedAt: new Date(),
    contactHashKey: 'bench-contact-hash-key',
  });
  return {
    appeal,
    raw: {
      contentType: 'application/json',
      body: rawBody,
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
    },
  };
}

/**
 * Times `n` sequential web-form POSTs through the gateway and `n` bare SendMessage calls, after
 * `warmup` of each, interleaved one for one so both see the same background work (the dispatcher
 * draining the queue in the same process).
 */
export async function measureIngest(
  stack: RemoteStack,
  n: number,
  warmup: number,
  seed = 2026,
): Promise<IngestResult> {
  const sqs = new SQSClient({
    endpoint: stack.endpoints.sqs,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    useQueueUrlAsEndpoint: false,
  });
  const rng = seededRandom(seed);
  const run = Date.now().toString(36);
  const gateway: number[] = [];
  const bare: number[] = [];
  let non202 = 0;
  let messageBytes = 0;

  for (let i = 0; i < warmup + n; i++) {
    const body = randomWebformBody(rng);
    const key = `bench-${run}-${i}`;
    const rawBody = JSON.stringify(body);

    const started = performance.now();
    const response = await fetch(`${stack.url}/v1/channels/webform`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: rawBody,
    });
    await response.arrayBuffer();
    const gatewayMs = performance.now() - started;
    if (response.status !== 202) non202++;

    const message = intakeMessage(body, `bench-bare-${run}-${i}`);
    const messageBody = JSON.stringify(message);
    const bareStarted = performance.now();
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.resources.intakeQueueUrl,
        MessageBody: messageBody,
        MessageAttributes: {
          caseId: { DataType: 'String', StringValue: message.appeal.caseId },
          channel: { DataType: 'String', StringValue: message.appeal.channel },
        },
      }),
    );
    const bareMs = performance.now() - bareStarted;

    if (i >= warmup) {
      gateway.push(gatewayMs);
      bare.push(bareMs);
      messageBytes += Buffer.byteLength(messageBody);
    }
  }
  sqs.destroy();

  const g = summarise(gateway);
  const b = summarise(bare);
  return {
    warmup,
    gateway: { ...g, non202 },
    bare: { ...b, messageBytes: Math.round(messageBytes / n) },
    ratio: { p50: g.p50 / b.p50, p99: g.p99 / b.p99 },
  };
}
