import { type MessageAttributeValue, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type Random, seededRandom } from '../shared/seed/appeals.js';
import { type LatencySummary, summarise } from './latency.js';
import { PartialResultError } from './phase.js';
import type { RemoteStack } from './stack-client.js';

// One channel request through the gateway against the one step it cannot avoid: a bare SendMessage
// of the message it would queue. Interleaved one for one, so both see the same background work.

export interface PairedStep {
  /** The channel's request, as its sender would post it. */
  readonly request: {
    readonly path: string;
    readonly headers: Record<string, string>;
    readonly body: string;
  };
  /** The message the function would queue for a request like it (another source id, another case). */
  readonly bare: { readonly body: string; readonly attributes: Record<string, string> };
}

export interface PairedResult {
  readonly warmup: number;
  readonly gateway: LatencySummary & { unexpected: number; requestBytes: number };
  readonly bare: LatencySummary & { messageBytes: number };
  readonly ratio: { p50: number; p99: number };
}

/** Times `n` sequential requests and `n` bare sends after `warmup` of each. */
export async function measurePaired(
  stack: RemoteStack,
  options: { n: number; warmup: number; expectedStatus: number },
  step: (i: number) => PairedStep,
): Promise<PairedResult> {
  const sqs = new SQSClient({
    endpoint: stack.endpoints.sqs,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    useQueueUrlAsEndpoint: false,
  });
  const gateway: number[] = [];
  const bare: number[] = [];
  let unexpected = 0;
  let requestBytes = 0;
  let messageBytes = 0;
  try {
    try {
      for (let i = 0; i < options.warmup + options.n; i++) {
        const { request, bare: message } = step(i);

        const started = performance.now();
        const response = await fetch(`${stack.url}${request.path}`, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
        });
        await response.arrayBuffer();
        const gatewayMs = performance.now() - started;
        if (response.status !== options.expectedStatus) unexpected++;

        const attributes: Record<string, MessageAttributeValue> = Object.fromEntries(
          Object.entries(message.attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
        );
        const bareStarted = performance.now();
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: stack.resources.intakeQueueUrl,
            MessageBody: message.body,
            MessageAttributes: attributes,
          }),
        );
        const bareMs = performance.now() - bareStarted;

        if (i >= options.warmup) {
          gateway.push(gatewayMs);
          bare.push(bareMs);
          requestBytes += Buffer.byteLength(request.body);
          messageBytes += Buffer.byteLength(message.body);
        }
      }
    } catch (error) {
      // The samples taken so far are still figures: the report prints them beside the failure.
      const message = error instanceof Error ? error.message : String(error);
      throw new PartialResultError(message, {
        completed: gateway.length,
        of: options.n,
        gateway: gateway.length > 0 ? summarise(gateway) : undefined,
        bare: bare.length > 0 ? summarise(bare) : undefined,
        unexpected,
      });
    }
  } finally {
    sqs.destroy();
  }
  const g = summarise(gateway);
  const b = summarise(bare);
  return {
    warmup: options.warmup,
    gateway: { ...g, unexpected, requestBytes: Math.round(requestBytes / options.n) },
    bare: { ...b, messageBytes: Math.round(messageBytes / options.n) },
    ratio: { p50: g.p50 / b.p50, p99: g.p99 / b.p99 },
  };
}

/** A channel's ingest section: the paired result with the requests not answered 202 as `non202`. */
export interface IngestResult {
  warmup: number;
  gateway: LatencySummary & { non202: number };
  bare: LatencySummary & { messageBytes: number };
  ratio: { p50: number; p99: number };
}

/**
 * A channel's ingest path (gateway → function → SQS) against bare sends, each step drawn from one
 * seeded random source and named within one run, so two runs never share a source id.
 */
export async function measureIngestPath(
  stack: RemoteStack,
  options: { n: number; warmup: number; seed: number },
  step: (i: number, rng: Random, run: string) => PairedStep,
): Promise<IngestResult> {
  const rng = seededRandom(options.seed);
  const run = Date.now().toString(36);
  const result = await measurePaired(
    stack,
    { n: options.n, warmup: options.warmup, expectedStatus: 202 },
    (i) => step(i, rng, run),
  );
  return { ...result, gateway: { ...result.gateway, non202: result.gateway.unexpected } };
}
