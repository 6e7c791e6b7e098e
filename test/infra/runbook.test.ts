import { readFileSync } from 'node:fs';
import type { Environment, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../infra/functions.js';
import {
  awsNamePrefix,
  DEAD_LETTER_QUEUES,
  deadLetterQueue,
  urlVariableOf,
} from '../../scripts/redrive-queues.js';
import { synthHotline } from './synth.js';

// The operator paged by an alarm finds what to do: a dead-letter alarm names the redrive command of
// its own queue, and every alarm the stacks make has its entry in docs/runbook.md (a new alarm
// without one fails here).

// With Amazon Connect's CTR stream, so its consumer's failure queue and alarm are checked too.
const PARTITIONS: [string, Environment | undefined, string][] = [
  ['aws', undefined, 'arn:aws:kinesis:ap-northeast-1:111111111111:stream/connect-ctr-12345'],
  [
    'aws-cn',
    { region: 'cn-north-1', account: '123456789012' },
    'arn:aws-cn:kinesis:cn-north-1:123456789012:stream/connect-ctr-12345',
  ],
];

/** The alarm's name as the runbook's headings give it: its construct path inside its stack. */
function alarmNames(stack: Stack): string[] {
  return stack.node
    .findAll()
    .filter((c) => c instanceof cloudwatch.Alarm)
    .map((c) => c.node.path.split('/').slice(1).join('/'));
}

/** The construct id of each queue of the stack, by its logical id. */
function queueIds(stack: Stack): Map<string, string> {
  return new Map(
    stack.node
      .findAll()
      .filter((c): c is sqs.CfnQueue => c instanceof sqs.CfnQueue)
      .map((c) => [stack.getLogicalId(c), c.node.scope?.node.id ?? '']),
  );
}

/** The `## ` headings of docs/runbook.md, without backticks. */
function runbookHeadings(): string[] {
  const markdown = readFileSync(new URL('../../docs/runbook.md', import.meta.url), 'utf8');
  return [...markdown.matchAll(/^## (.+)$/gm)].map((m) => (m[1] ?? '').replaceAll('`', '').trim());
}

/** True when `heading` names the alarm, `<function>` standing for any function of the catalogue. */
function covers(heading: string, alarm: string): boolean {
  if (heading === alarm) return true;
  if (!heading.includes('<function>')) return false;
  return FUNCTIONS.some((fn) => heading.replaceAll('<function>', fn.name) === alarm);
}

describe.each(PARTITIONS)('Runbook and redrive (%s)', (_partition, env, connectCtrStreamArn) => {
  const { data, service, edge } = synthHotline(env, undefined, { connectCtrStreamArn });
  // The edge stack (us-east-1, where WAF for CloudFront lives) exists where the partition offers it.
  const stacks = [data, service, ...(edge ? [edge] : [])];

  it('names `npm run redrive -- <queue>` of its own queue in every dead-letter alarm', () => {
    // Prepare
    const checked: string[] = [];

    for (const stack of stacks) {
      const ids = queueIds(stack);
      const alarms = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm', {
        Properties: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible' },
      });
      for (const alarm of Object.values(alarms)) {
        // Act
        const [dimension] = alarm.Properties.Dimensions as { Value: { 'Fn::GetAtt': [string, string] } }[];
        const queue = ids.get(dimension?.Value['Fn::GetAtt'][0] ?? '') ?? '';

        // Assess
        expect(deadLetterQueue(queue), `scripts/redrive-queues.ts knows ${queue}`).toBeDefined();
        expect(alarm.Properties.AlarmDescription).toContain(`npm run redrive -- ${queue}`);
        checked.push(queue);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['intake-dlq', 'notices-dlq', 'case-stream-failures']));
    expect(checked.some((q) => q.endsWith('-schedule-dlq'))).toBe(true);
  });

  it('finds each queue redrive knows by the name CloudFormation gives it', () => {
    // Prepare
    const queues = new Map(
      stacks.flatMap((stack) =>
        [...queueIds(stack)].map(([logicalId, id]) => [id, `${stack.stackName}-${logicalId}`] as const),
      ),
    );

    for (const queue of DEAD_LETTER_QUEUES) {
      // Act
      const generated = queues.get(queue.name);

      // Assess: the stack, then the logical id (construct id without hyphens, a hash): the physical name's start
      expect(generated, `a queue ${queue.name} in the stacks`).toBeDefined();
      expect(generated?.startsWith(awsNamePrefix(queue))).toBe(true);
    }
  });

  it("outputs the data stack's dead-letter queue URLs under the variable names redrive reads", () => {
    // Prepare
    const template = Template.fromStack(data);
    const ids = new Map([...queueIds(data)].map(([logicalId, id]) => [id, logicalId]));

    for (const name of ['intake-dlq', 'notices-dlq', 'case-stream-failures']) {
      // Act
      const queue = deadLetterQueue(name);

      // Assess
      expect(queue).toBeDefined();
      template.hasOutput('*', {
        Value: { Ref: ids.get(name) },
        Description: Match.stringLikeRegexp(`^${urlVariableOf(queue as NonNullable<typeof queue>)} `),
      });
    }
  });

  it('has a runbook entry for every alarm the stacks make', () => {
    // Prepare
    const headings = runbookHeadings();

    // Act
    const alarms = stacks.flatMap(alarmNames);
    const missing = alarms.filter((alarm) => !headings.some((heading) => covers(heading, alarm)));

    // Assess
    expect(alarms.length).toBeGreaterThan(10);
    expect(missing, 'alarms without a `## <alarm-name>` entry in docs/runbook.md').toEqual([]);
  });
});
