import { hotlinePath, randomCallRecord, signedHeaders } from '../scripts/hotline-client.js';
import { CallRecordSchema, toAppealFromCall, toCallItem } from '../shared/domain/call-record.js';
import { type IngestResult, measureIngestPath } from './paired.js';
import type { RemoteStack } from './stack-client.js';

// The hotline's ingest path (gateway → signature → schema → one SendMessage of the call record
// with its appeal) against a bare SendMessage of the same message.

/** A call that carries an appeal and is not answered directly: the largest message. */
function callWithAppeal(rng: () => number, callId: string): Record<string, unknown> {
  for (;;) {
    const record = randomCallRecord(rng, callId);
    const appeal = record.appeal as { answeredDirectly?: boolean } | undefined;
    if (appeal && !appeal.answeredDirectly) return record;
  }
}

/** Sequential signed POSTs and bare sends, interleaved one for one as in `measureIngest`. */
export async function measureHotlineIngest(
  stack: RemoteStack,
  secret: string,
  n: number,
  warmup: number,
  seed = 2026,
): Promise<IngestResult> {
  return measureIngestPath(stack, { n, warmup, seed }, (i, rng, run) => {
    const body = JSON.stringify(callWithAppeal(rng, `bench-${run}-${i}`));
    // The message the function queues for a call like it: the call record, its appeal, the raw body.
    const bareRecord = CallRecordSchema.parse({ ...JSON.parse(body), callId: `bench-bare-${run}-${i}` });
    const appeal = toAppealFromCall(bareRecord, 'bench-contact-hash-key');
    if (!appeal) throw new Error('bench: the call carries no appeal');
    const call = toCallItem(bareRecord, 'bench-contact-hash-key');
    return {
      request: { path: hotlinePath(body), headers: signedHeaders(secret, body), body },
      bare: {
        body: JSON.stringify({ kind: 'call', call, appeal, raw: { contentType: 'application/json', body } }),
        attributes: { channel: appeal.channel, caseId: appeal.caseId, callId: call.callId },
      },
    };
  });
}
