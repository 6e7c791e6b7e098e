import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { INTAKE_QUEUE, NOTICES_QUEUE } from '../resources.js';
import { opsAlarm } from './ops-alarms.js';

/**
 * Every queue of the system. SQS-managed encryption: at rest encrypted without a KMS key in every
 * producer's and consumer's policy; the messages live minutes, the archive and the table hold the
 * record. Fourteen days, the longest SQS allows: an operator has two weeks to inspect and redrive.
 */
export const QUEUE_DEFAULTS = {
  encryption: sqs.QueueEncryption.SQS_MANAGED,
  enforceSSL: true,
  retentionPeriod: Duration.days(14),
} as const satisfies sqs.QueueProps;

/** The stateful queues: appeals on their way to becoming cases, and what failed on the way. */
export interface IntakeQueues {
  readonly intakeQueue: sqs.Queue;
  readonly intakeDlq: sqs.Queue;
  /** Where the cases-stream consumer parks the pointers of batches it could not process. */
  readonly streamFailuresQueue: sqs.Queue;
  /** Queued notices on their way to send-notice (NOTICES_QUEUE), and those that failed every try. */
  readonly noticesQueue: sqs.Queue;
  readonly noticesDlq: sqs.Queue;
}

/**
 * The intake queue with its dead-letter queue, the cases stream's failure queue, and the notices
 * queue with its dead-letter queue, all RETAINed. Made in `scope` itself (ids `intake`,
 * `intake-dlq`, `case-stream-failures`, `notices`, `notices-dlq`), so the logical ids are the
 * stack's own: a replaced queue drops the appeals (or notices) in it.
 *
 * @example
 * const queues = intakeQueues(this);
 * alarmIntakeQueues(this, queues, opsTopic);
 */
export function intakeQueues(scope: Construct): IntakeQueues {
  const intakeDlq = new sqs.Queue(scope, `${INTAKE_QUEUE.id}-dlq`, {
    ...QUEUE_DEFAULTS,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const intakeQueue = new sqs.Queue(scope, INTAKE_QUEUE.id, {
    ...QUEUE_DEFAULTS,
    visibilityTimeout: Duration.seconds(INTAKE_QUEUE.visibilityTimeoutSeconds),
    deadLetterQueue: { queue: intakeDlq, maxReceiveCount: INTAKE_QUEUE.maxReceiveCount },
    // RETAIN: an appeal is acknowledged once it is here; replacing the stack must not drop appeals
    // that are acknowledged but not yet cases.
    removalPolicy: RemovalPolicy.RETAIN,
  });

  // Stateful too, so it lives here: the records it points at are replayed by an operator.
  const streamFailuresQueue = new sqs.Queue(scope, 'case-stream-failures', {
    ...QUEUE_DEFAULTS,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(streamFailuresQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: 'It is itself a dead-letter queue (the stream consumer on-failure destination), alarmed below',
  });

  // RETAIN: a notice in it is recorded queued or failed on its case and is sent from nowhere else.
  const noticesDlq = new sqs.Queue(scope, `${NOTICES_QUEUE.id}-dlq`, {
    ...QUEUE_DEFAULTS,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const noticesQueue = new sqs.Queue(scope, NOTICES_QUEUE.id, {
    ...QUEUE_DEFAULTS,
    visibilityTimeout: Duration.seconds(NOTICES_QUEUE.visibilityTimeoutSeconds),
    deadLetterQueue: { queue: noticesDlq, maxReceiveCount: NOTICES_QUEUE.maxReceiveCount },
    removalPolicy: RemovalPolicy.RETAIN,
  });
  return { intakeQueue, intakeDlq, streamFailuresQueue, noticesQueue, noticesDlq };
}

/**
 * A message stuck in a dead-letter queue, or one waiting too long, raises an alarm on `topic`. Each
 * dead-letter alarm names the command that lists and redrives its queue (scripts/redrive.ts, by the
 * queue's construct id), so the operator paged learns the way back from the alarm itself.
 */
export function alarmIntakeQueues(scope: Construct, queues: IntakeQueues, topic: sns.ITopic): void {
  const max = { period: Duration.minutes(1), statistic: 'Maximum' };
  // Any message in the DLQ is an appeal that was acknowledged and not turned into a case.
  opsAlarm(
    scope,
    'intake-dlq-not-empty',
    {
      description:
        'An appeal failed dispatch three times and sits in the intake DLQ. After the fix: npm run redrive -- intake-dlq (--dry-run lists it first); docs/runbook.md',
      metric: queues.intakeDlq.metricApproximateNumberOfMessagesVisible(max),
      threshold: 0,
    },
    topic,
  );
  // Five minutes of backlog means dispatch is down or throttled while citizens wait.
  opsAlarm(
    scope,
    'intake-oldest-message-age',
    {
      description: 'The oldest appeal in the intake queue has waited more than 300 s',
      metric: queues.intakeQueue.metricApproximateAgeOfOldestMessage(max),
      threshold: 300,
    },
    topic,
  );
  opsAlarm(
    scope,
    'notices-dlq-not-empty',
    {
      description:
        'A notice failed every send attempt and sits in the notices DLQ: the citizen was not told (the notice stays failed). After the fix: npm run redrive -- notices-dlq (--dry-run lists it first); docs/runbook.md',
      metric: queues.noticesDlq.metricApproximateNumberOfMessagesVisible(max),
      threshold: 0,
    },
    topic,
  );
  opsAlarm(
    scope,
    'case-stream-failures-not-empty',
    {
      description:
        'A cases-stream batch failed after its retries; derived views miss its records. What it holds and what to do: npm run redrive -- case-stream-failures; docs/runbook.md',
      metric: queues.streamFailuresQueue.metricApproximateNumberOfMessagesVisible(max),
      threshold: 0,
    },
    topic,
  );
}

/**
 * The dead-letter queues' URLs as stack outputs, under the names `npm run redrive` reads from the
 * environment (INTAKE_DLQ_URL for intake-dlq, ...), so an operator pastes them from the outputs.
 */
export function outputDeadLetterUrls(scope: Construct, queues: IntakeQueues): void {
  const dlqs: [string, sqs.Queue][] = [
    ['intake-dlq', queues.intakeDlq],
    ['notices-dlq', queues.noticesDlq],
    ['case-stream-failures', queues.streamFailuresQueue],
  ];
  for (const [name, queue] of dlqs) {
    new CfnOutput(scope, `${name}-url`, {
      value: queue.queueUrl,
      description: `${name.replace(/-/g, '_').toUpperCase()}_URL for npm run redrive -- ${name}`,
    });
  }
}
