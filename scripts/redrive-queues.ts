import { FUNCTIONS } from '../infra/functions.js';
import { LOCAL_NAMES } from '../local/resources.js';
import type { DeadLetter } from '../shared/adapters/dead-letters.js';

// The dead-letter queues `npm run redrive` knows, by the names the stacks give them (their construct
// ids, as the alarms and the dashboard name them), and what each one holds.

/**
 * `messages`: the failed messages themselves, moved back to the queue they came from. `pointers`: a
 * stream's on-failure records, which name a range of the stream and not its records, so there is
 * nothing to move back. `invocations`: a schedule's (or an async invocation's) failed events, which
 * have no source queue; the next run does the same work.
 */
export type DeadLetterKind = 'messages' | 'pointers' | 'invocations';

export interface DeadLetterQueue {
  /** The construct id, as `npm run redrive -- <name>` takes it. */
  readonly name: string;
  readonly kind: DeadLetterKind;
  /** Which stack makes it (the AWS queue name starts with the stack name and the id without hyphens). */
  readonly stack: 'Hotline12345-Data' | 'Hotline12345-Service';
  /** Its name in the local stack, where it has one. */
  readonly localName?: string;
  /** The function that consumes (or failed) its messages: whose log tells why. */
  readonly consumer?: string;
}

export const DEAD_LETTER_QUEUES: readonly DeadLetterQueue[] = [
  {
    name: 'intake-dlq',
    kind: 'messages',
    stack: 'Hotline12345-Data',
    localName: LOCAL_NAMES.intakeDlq,
    consumer: 'dispatch-appeal',
  },
  {
    name: 'notices-dlq',
    kind: 'messages',
    stack: 'Hotline12345-Data',
    localName: LOCAL_NAMES.noticesDlq,
    consumer: 'send-notice',
  },
  {
    name: 'case-stream-failures',
    kind: 'pointers',
    stack: 'Hotline12345-Data',
    localName: LOCAL_NAMES.streamFailuresQueue,
  },
  ...FUNCTIONS.flatMap((fn) =>
    fn.triggers.flatMap((trigger): DeadLetterQueue[] => {
      if (trigger.kind === 'schedule') {
        return [
          {
            name: `${fn.name}-schedule-dlq`,
            kind: 'invocations',
            stack: 'Hotline12345-Service',
            consumer: fn.name,
          },
        ];
      }
      if (trigger.kind === 'kinesis') {
        // The on-failure queue of an external stream's consumer (service-stack.ts consumeKinesis).
        return [
          {
            name: `${trigger.stream}-failures`,
            kind: 'pointers',
            stack: 'Hotline12345-Service',
            consumer: fn.name,
          },
        ];
      }
      if (trigger.kind === 'sns') {
        return [
          {
            name: `${fn.name}-failures`,
            kind: 'invocations',
            stack: 'Hotline12345-Service',
            consumer: fn.name,
          },
        ];
      }
      return [];
    }),
  ),
];

/** The queue named `name`, or undefined. */
export function deadLetterQueue(name: string): DeadLetterQueue | undefined {
  return DEAD_LETTER_QUEUES.find((q) => q.name === name);
}

/**
 * Where CloudFormation's generated queue name starts: `<stack>-<logical id>`, the logical id being
 * the construct id without its hyphens (then a hash, then a random suffix).
 *
 * @example awsNamePrefix(deadLetterQueue('intake-dlq')!) // 'Hotline12345-Data-intakedlq'
 */
export function awsNamePrefix(queue: DeadLetterQueue): string {
  return `${queue.stack}-${queue.name.replace(/[^A-Za-z0-9]/g, '')}`;
}

/** The environment variable that gives the queue's URL in AWS: INTAKE_DLQ_URL for intake-dlq. */
export function urlVariableOf(queue: DeadLetterQueue): string {
  return `${queue.name.replace(/-/g, '_').toUpperCase()}_URL`;
}

/**
 * What the message is about, in one short phrase, when its body says: an appeal's 工单号, a call
 * record's callId, a notice's case, a stream batch's shard. Empty when the body is not one we know.
 */
export function subjectOf(letter: DeadLetter): string {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(letter.body) as Record<string, unknown>;
  } catch {
    return 'body is not JSON';
  }
  const appeal = body.appeal as { trackingNo?: string; caseId?: string } | undefined;
  const call = body.call as { callId?: string } | undefined;
  const batch = (body.DDBStreamBatchInfo ?? body.KinesisBatchInfo) as
    | { shardId?: string; startSequenceNumber?: string; endSequenceNumber?: string; batchSize?: number }
    | undefined;
  // arn:<partition>:lambda:<region>:<account>:function:<name>: which consumer gave up on the batch.
  const consumer = (body.requestContext as { functionArn?: string } | undefined)?.functionArn?.split(':')[6];
  const parts = [
    ...(appeal?.trackingNo ? [`appeal ${appeal.trackingNo} (case ${appeal.caseId ?? '?'})`] : []),
    ...(call?.callId ? [`call ${call.callId}`] : []),
    ...(typeof body.noticeId === 'string' ? [`notice ${body.noticeId} of case ${String(body.caseId)}`] : []),
    ...(batch
      ? [
          `${consumer ?? 'a consumer'}: stream batch of ${batch.batchSize ?? '?'} records, ${batch.shardId ?? '?'} ` +
            `sequence ${batch.startSequenceNumber ?? '?'} to ${batch.endSequenceNumber ?? '?'}`,
        ]
      : []),
  ];
  return parts.join(', ');
}

/**
 * Why the message failed, where its queue can know: a stream's on-failure record and a scheduler's
 * dead letter say so themselves. SQS keeps no reason for a message it dead-letters, so for those the
 * consumer's log is where to look: the Logs Insights query that finds the failures of this message id.
 */
export function firstErrorOf(queue: DeadLetterQueue, letter: DeadLetter): string {
  const fromAttributes = letter.attributes?.ERROR_MESSAGE ?? letter.attributes?.ERROR_CODE;
  if (fromAttributes) return fromAttributes;
  try {
    const body = JSON.parse(letter.body) as {
      requestContext?: { condition?: string };
      responseContext?: { functionError?: string; statusCode?: number };
    };
    if (body.requestContext?.condition) {
      const functionError = body.responseContext?.functionError;
      return `${body.requestContext.condition}${functionError ? ` (${functionError})` : ''}`;
    }
  } catch {
    // Not JSON: nothing in the body to tell.
  }
  return `unknown here; in the ${queue.consumer ?? 'consumer'} log group: ${logsQuery(letter.messageId)}`;
}

/** The CloudWatch Logs Insights query for one message's failures, oldest first. */
export function logsQuery(messageId: string): string {
  return `fields @timestamp, message, error.message | filter messageId = "${messageId}" | sort @timestamp asc | limit 5`;
}

/** What to do instead of moving, for a queue whose messages cannot go back. */
export function adviceFor(queue: DeadLetterQueue): string {
  if (queue.kind === 'pointers' && queue.consumer) {
    return [
      `${queue.name} holds pointers to ${queue.consumer}'s stream batches that failed after their retries, not`,
      'the records: there is nothing to move back. Fix the cause (its log group), read the records again from',
      'the stream before its retention ends and replay them through the function, then delete the message',
      `(docs/runbook.md, ${queue.name}-not-empty).`,
    ].join('\n');
  }
  if (queue.kind === 'pointers') {
    return [
      `${queue.name} holds pointers to cases-stream batches that failed after their retries, not the records:`,
      'there is nothing to move back (the stream keeps records 24 hours). Each line above names the consumer',
      'that failed; fix the cause (its log group), then repair what that consumer derives from the cases table:',
      '  project-case-events: npm run rebuild-metrics -- --fix   (the aggregates; once the stream has caught up)',
      '                       npm run reindex-cases              (index attributes, co-handler links)',
      '                       npm run verify-archive -- <caseId> (a case closed in that range: its dossier)',
      '  notify-citizen:      the cases changed in that range may lack their notice (docs/runbook.md)',
      '  answer-correction:   the corrections of that range (docs/runbook.md)',
      'and then purge the queue (aws sqs purge-queue --queue-url <url>) so its alarm clears.',
    ].join('\n');
  }
  return [
    `${queue.name} holds failed invocations of ${queue.consumer ?? 'a function'}, which have no source queue:`,
    'a scheduled job is idempotent and its next run does the same work. Fix the cause (its log group),',
    'watch the next run succeed, then purge the queue (aws sqs purge-queue --queue-url <url>).',
  ].join('\n');
}
