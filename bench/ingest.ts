import { toAppeal, WebformSubmissionSchema } from '../functions/ingest-webform/webform.js';
import type { AppealMessage } from '../shared/domain/index.js';
import { randomWebformBody, seededRandom, type WebformBody } from '../shared/seed/appeals.js';
import { measurePaired } from './paired.js';
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

export function summarise(samples: readonly number[]): LatencySummary {
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
 * draining the queue in the stack's process).
 */
export async function measureIngest(
  stack: RemoteStack,
  n: number,
  warmup: number,
  seed = 2026,
): Promise<IngestResult> {
  const rng = seededRandom(seed);
  const run = Date.now().toString(36);
  const result = await measurePaired(stack, { n, warmup, expectedStatus: 202 }, (i) => {
    const body = randomWebformBody(rng);
    const key = `bench-${run}-${i}`;
    const message = intakeMessage(body, `bench-bare-${run}-${i}`);
    return {
      request: {
        path: '/v1/channels/webform',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      },
      bare: {
        body: JSON.stringify(message),
        attributes: { caseId: message.appeal.caseId, channel: message.appeal.channel },
      },
    };
  });
  return { ...result, gateway: { ...result.gateway, non202: result.gateway.unexpected } };
}
