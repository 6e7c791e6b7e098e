import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import type { FunctionSpec } from '../infra/functions.js';
import type { CheckpointStore } from './checkpoints.js';
import type { LocalFunctions } from './functions.js';
import type { LocalClients } from './local-clients.js';
import type { LocalQueues } from './resources.js';
import { SqsPoller } from './sqs-poller.js';
import { StreamPoller } from './stream-poller.js';

/**
 * One poller per sqs and stream trigger of infra/functions.ts, as CDK makes one event source each.
 * The sns and kinesis triggers (SMS events, Amazon Connect's CTR stream) have no local emulator:
 * their functions are loaded but never polled for, and tests invoke them with recorded events.
 * Without a `streamArn` (an emulator without streams, dynalite) the stream triggers get no poller.
 */
export function startPollers(o: {
  specs: readonly FunctionSpec[];
  functions: LocalFunctions;
  clients: LocalClients;
  queues: LocalQueues;
  streamArn: string | undefined;
  /** Each stream consumer resumes from its own checkpoints, as each event source mapping does. */
  checkpointsFor: (functionName: string, streamArn: string) => CheckpointStore;
  log: (line: string) => void;
}): { sqsPollers: SqsPoller[]; streamPollers: StreamPoller[] } {
  const sqsPollers: SqsPoller[] = [];
  const streamPollers: StreamPoller[] = [];
  for (const spec of o.specs) {
    for (const trigger of spec.triggers) {
      if (trigger.kind === 'sqs') {
        const notices = trigger.queue === 'notices';
        sqsPollers.push(
          new SqsPoller({
            client: o.clients.sqs,
            functions: o.functions,
            functionName: spec.name,
            queueUrl: notices ? o.queues.noticesQueueUrl : o.queues.intakeQueueUrl,
            queueArn: notices ? o.queues.noticesQueueArn : o.queues.intakeQueueArn,
            batchSize: trigger.batchSize,
            maxBatchingWindowSeconds: trigger.maxBatchingWindowSeconds,
            log: o.log,
          }),
        );
      } else if (trigger.kind === 'stream' && o.streamArn !== undefined) {
        streamPollers.push(
          new StreamPoller({
            streams: o.clients.streams,
            sqs: o.clients.sqs,
            functions: o.functions,
            functionName: spec.name,
            streamArn: o.streamArn,
            batchSize: trigger.batchSize,
            checkpoints: o.checkpointsFor(spec.name, o.streamArn),
            ...(trigger.newImageStatus || trigger.newImagePauseReason || trigger.newImageDisclosure
              ? {
                  filter: newImageMatches(
                    trigger.newImageStatus ?? [],
                    trigger.newImagePauseReason ?? [],
                    trigger.newImageDisclosure ?? false,
                  ),
                }
              : {}),
            failureQueueUrl: o.queues.streamFailuresUrl,
            log: o.log,
          }),
        );
      }
    }
  }
  for (const p of [...sqsPollers, ...streamPollers]) p.start();
  return { sqsPollers, streamPollers };
}

/**
 * The event source's filters, as Lambda applies them: a record passes when any one matches, here
 * `NewImage.status` or `NewImage.pausedSince.reason` equal to one of the values, or (`disclosure`)
 * `NewImage.disclosure.request.receivedOn` present.
 */
export function newImageMatches(
  statuses: readonly string[],
  pauseReasons: readonly string[],
  disclosure = false,
): (record: DynamoDBRecord) => boolean {
  const byStatus = newImageStatusIn(statuses);
  return (record) => {
    if (byStatus(record)) return true;
    if (disclosure) {
      const file = (record.dynamodb?.NewImage?.disclosure as AttributeValue | undefined)?.M;
      const request = (file?.request as AttributeValue | undefined)?.M;
      if ((request?.receivedOn as AttributeValue | undefined)?.S !== undefined) return true;
    }
    const paused = (record.dynamodb?.NewImage?.pausedSince as AttributeValue | undefined)?.M;
    const reason = (paused?.reason as AttributeValue | undefined)?.S;
    return reason !== undefined && pauseReasons.includes(reason);
  };
}

/** The event source's filter criteria, as Lambda applies `NewImage.status` equality patterns. */
export function newImageStatusIn(statuses: readonly string[]): (record: DynamoDBRecord) => boolean {
  return (record) => {
    const status = (record.dynamodb?.NewImage?.status as AttributeValue | undefined)?.S;
    return status !== undefined && statuses.includes(status);
  };
}
