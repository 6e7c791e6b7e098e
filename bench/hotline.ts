import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { hotlinePath, randomCallRecord, signedHeaders } from '../scripts/hotline-client.js';
import { CallRecordSchema, toAppealFromCall, toCallItem } from '../shared/domain/call-record.js';
import { seededRandom } from '../shared/seed/appeals.js';
import { type IngestResult, percentile } from './ingest.js';
import type { RemoteStack } from './stack-client.js';

// The hotline's ingest path (gateway → signature → schema → one SendMessage of the call record
// with its appeal) against a bare SendMessage of the same message.

function summarise(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

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
    const body = JSON.stringify(callWithAppeal(rng, `bench-${run}-${i}`));

    const started = performance.now();
    const response = await fetch(`${stack.url}${hotlinePath(body)}`, {
      method: 'POST',
      headers: signedHeaders(secret, body),
      body,
    });
    await response.arrayBuffer();
    const gatewayMs = performance.now() - started;
    if (response.status !== 202) non202++;

    const bareRecord = CallRecordSchema.parse({ ...JSON.parse(body), callId: `bench-bare-${run}-${i}` });
    const appeal = toAppealFromCall(bareRecord, 'bench-contact-hash-key');
    if (!appeal) throw new Error('bench: the call carries no appeal');
    const call = toCallItem(bareRecord, 'bench-contact-hash-key');
    const messageBody = JSON.stringify({
      kind: 'call',
      call,
      appeal,
      raw: { contentType: 'application/json', body },
    });
    const bareStarted = performance.now();
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.resources.intakeQueueUrl,
        MessageBody: messageBody,
        MessageAttributes: {
          channel: { DataType: 'String', StringValue: appeal.channel },
          caseId: { DataType: 'String', StringValue: appeal.caseId },
          callId: { DataType: 'String', StringValue: call.callId },
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
