import { toAppeal, WebformSubmissionSchema } from '../functions/ingest-webform/webform.js';
import type { AppealMessage } from '../shared/domain/index.js';
import { randomWebformBody, type WebformBody } from '../shared/seed/appeals.js';
import { type IngestResult, measureIngestPath } from './paired.js';
import type { RemoteStack } from './stack-client.js';

// The ingest path (gateway → ingest-webform → its checks → SQS) against the one step it cannot
// avoid: a bare SendMessage of the same message to the same emulator.

/** The contact hash key of the bench's own messages (the stack's is a secret of its data dir). */
export const BENCH_CONTACT_HASH_KEY = 'bench-contact-hash-key';

/** The message ingest-webform would queue for this body, so the bare send carries the same bytes. */
export function intakeMessage(body: WebformBody, key: string): AppealMessage {
  const rawBody = JSON.stringify(body);
  const appeal = toAppeal(WebformSubmissionSchema.parse(body), {
    sourceId: key,
    receivedAt: new Date(),
    contactHashKey: BENCH_CONTACT_HASH_KEY,
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
  return measureIngestPath(stack, { n, warmup, seed }, (i, rng, run) => {
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
}
