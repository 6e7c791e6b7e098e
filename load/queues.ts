import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueSample } from './report.js';

// The intake queue's depth over the run, as CloudWatch would graph it: ApproximateNumberOfMessages
// (waiting) and …NotVisible (being handled) of the intake queue, and its DLQ's waiting messages.

async function depth(sqs: SQSClient, queueUrl: string): Promise<{ waiting: number; inFlight: number }> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    waiting: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

/**
 * Messages of a queue not yet done with: waiting plus in flight. For the notices queue, in flight
 * includes a notice held back for its backoff after a failed attempt: it will still be sent, and
 * its receipt will still change a case.
 */
export async function pending(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { waiting, inFlight } = await depth(sqs, queueUrl);
  return waiting + inFlight;
}

export async function sampleQueues(
  sqs: SQSClient,
  queues: { intake: string; dlq: string },
  t: number,
  phase: string,
): Promise<QueueSample> {
  const [intake, dlq] = await Promise.all([depth(sqs, queues.intake), depth(sqs, queues.dlq)]);
  return {
    t,
    phase,
    intake: intake.waiting,
    intakeInFlight: intake.inFlight,
    dlq: dlq.waiting + dlq.inFlight,
  };
}

/** Samples every `everyMs` until stopped; `phase()` names the phase each sample falls in. */
export function queueSampler(
  sqs: SQSClient,
  queues: { intake: string; dlq: string },
  everyMs: number,
  phase: () => string,
): { samples: QueueSample[]; stop(): Promise<void> } {
  const samples: QueueSample[] = [];
  const started = performance.now();
  let busy: Promise<void> = Promise.resolve();
  const take = () => {
    busy = sampleQueues(sqs, queues, (performance.now() - started) / 1000, phase()).then(
      (s) => {
        samples.push(s);
      },
      // A sample lost to a busy emulator is a gap in the graph, not a failure of the run.
      () => {},
    );
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    samples,
    stop: async () => {
      clearInterval(timer);
      await busy;
    },
  };
}
