import type { CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { deployedFunctions } from '../../infra/functions.js';
import type { DataStack } from '../../infra/stacks/data-stack.js';
import type { ServiceStack } from '../../infra/stacks/service-stack.js';
import { TARGETS } from '../../shared/domain/metrics/rates.js';
import { synthHotline } from './synth.js';

/** What a deployment without optional channels has (no -c connectCtrStreamArn). */
const FUNCTIONS = deployedFunctions(() => undefined);

// The operators' CloudWatch dashboard and the alarms it adds. synthHotline fails on any
// unacknowledged cdk-nag finding, so every test here also shows the stacks stay nag-clean.

type Resource = { Properties: Record<string, unknown> };

describe('Construct: OpsDashboard', () => {
  let data: DataStack;
  let service: ServiceStack;
  let template: Template;
  let dataTemplate: Template;
  /** The dashboard body with its tokens left as their JSON: logical ids show up as text. */
  let body: string;

  const logicalId = (stack: DataStack | ServiceStack, construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const alarmsOf = (t: Template) => Object.values(t.findResources('AWS::CloudWatch::Alarm')) as Resource[];
  const opsTopic = () => Match.objectLike({ 'Fn::ImportValue': Match.stringLikeRegexp('opsalarms') });

  beforeAll(() => {
    ({ data, service } = synthHotline());
    template = Template.fromStack(service);
    dataTemplate = Template.fromStack(data);
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as Resource[];
    expect(dashboards).toHaveLength(1);
    body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);
  });

  it('names the dashboard and shows ingest, queues, dead letters, functions and the headline rates', () => {
    // Prepare
    const titles = [
      '进件：各渠道接口请求数',
      '受理队列深度',
      '受理队列最久消息（秒）',
      '死信队列深度',
      '函数错误数',
      '函数错误率',
      '函数耗时 p99',
      '接通率 answerRate',
      '按时办结率 onTimeRate',
      '满意率 satisfactionRate',
    ];

    // Act
    const dashboard = template.findResources('AWS::CloudWatch::Dashboard', {
      Properties: { DashboardName: 'hotline12345-operations' },
    });

    // Assess
    expect(Object.keys(dashboard)).toHaveLength(1);
    for (const title of titles) expect(body).toContain(title);
  });

  it('graphs every function of FUNCTIONS: errors, error rate and p99 duration', () => {
    // Act
    const ids = FUNCTIONS.map((spec) => {
      const fn = service.functions.get(spec.name);
      if (!fn) throw new Error(`no function ${spec.name}`);
      return logicalId(service, fn);
    });

    // Assess
    for (const id of ids) {
      // Errors, errors and invocations of the rate, duration: four references per function.
      expect(body.match(new RegExp(`"Ref":"${id}"`, 'g'))?.length).toBe(4);
    }
    expect(body).toContain('\\"p99\\"');
  });

  it('graphs the requests of every channel route and the appeals received (EMF)', () => {
    // Prepare
    const channelRoutes = FUNCTIONS.flatMap((f) => f.triggers).filter(
      (t) => t.kind === 'http' && t.path.startsWith('/v1/channels/'),
    );

    // Act & Assess
    expect(channelRoutes.length).toBeGreaterThanOrEqual(4);
    for (const route of channelRoutes) {
      if (route.kind !== 'http') continue;
      expect(body).toContain(`\\"Method\\",\\"${route.method}\\",\\"Resource\\",\\"${route.path}\\"`);
    }
    expect(body).toContain(
      '\\"Hotline12345\\",\\"AppealsReceived\\",\\"service\\",\\"project-case-events\\"',
    );
  });

  it('turns on per-route metrics on the stage, for the ingest graphs', () => {
    // Act & Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: Match.objectLike({ DetailedMetricsEnabled: true }),
    });
  });

  it('graphs the intake queue and every dead-letter queue, the schedule DLQ included', () => {
    // Prepare
    const scheduleDlqs = Object.keys(template.findResources('AWS::SQS::Queue')).filter((id) =>
      id.includes('scheduledlq'),
    );

    // Act
    const dataQueues = [data.intakeQueue, data.intakeDlq, data.streamFailuresQueue].map((q) =>
      logicalId(data, q),
    );

    // Assess
    expect(scheduleDlqs.length).toBeGreaterThanOrEqual(1);
    for (const id of dataQueues) expect(body).toContain(id);
    for (const id of scheduleDlqs) expect(body).toContain(`"Fn::GetAtt":["${id}","QueueName"]`);
    expect(body).toContain('ApproximateAgeOfOldestMessage');
  });

  it.each(FUNCTIONS)(
    'alarms the operators when more than 5 % of $name invocations fail in 5 minutes',
    (spec) => {
      // Prepare
      const fn = service.functions.get(spec.name);
      const ref = { Ref: fn ? logicalId(service, fn) : 'missing' };
      const stat = (metricName: string) =>
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: {
              Dimensions: [{ Name: 'FunctionName', Value: ref }],
              MetricName: metricName,
              Namespace: 'AWS/Lambda',
            },
            Period: 300,
            Stat: 'Sum',
          }),
        });

      // Act & Assess
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmDescription: `${spec.name}: more than 5 % of invocations failed in 5 minutes`,
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 5,
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
        AlarmActions: [opsTopic()],
        Metrics: Match.arrayWith([
          Match.objectLike({
            Expression: 'IF(invocations0 > 0, 100 * errors0 / invocations0, 0)',
            ReturnData: true,
          }),
          stat('Errors'),
          stat('Invocations'),
        ]),
      });
    },
  );

  it.each([
    ['answerRate', 'CallsAnswered', 'CallsQueued'],
    ['onTimeRate', 'SlaOnTime', 'SlaDue'],
    ['satisfactionRate', 'RatingsSatisfied', 'Ratings'],
  ] as const)('alarms when %s (%s / %s of the EMF sums) is below its target over a day', (rate, n, d) => {
    // Prepare
    const sum = (id: string, metricName: string) =>
      Match.objectLike({
        Id: id,
        MetricStat: {
          Metric: {
            Dimensions: [{ Name: 'service', Value: 'project-case-events' }],
            MetricName: metricName,
            Namespace: 'Hotline12345',
          },
          Period: 86_400,
          Stat: 'Sum',
        },
      });

    // Act & Assess
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ComparisonOperator: 'LessThanThreshold',
      Threshold: TARGETS[rate],
      EvaluationPeriods: 1,
      // A day with no denominator has no rate, and no rate is not a breach.
      TreatMissingData: 'notBreaching',
      AlarmActions: [opsTopic()],
      Metrics: [
        Match.objectLike({ Expression: 'FILL(n, 0) / d', ReturnData: true }),
        sum('n', n),
        sum('d', d),
      ],
    });
  });

  it('alarms once per dead-letter queue and once on the intake age, never twice', () => {
    // Prepare
    const all = [...alarmsOf(template), ...alarmsOf(dataTemplate)];
    const queueOf = (a: Resource) => JSON.stringify(a.Properties.Dimensions ?? '');

    // Act
    const dlqAlarms = all.filter((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible');
    const ageAlarms = all.filter((a) => a.Properties.MetricName === 'ApproximateAgeOfOldestMessage');

    // Assess: the intake DLQ, the stream failures, the notices DLQ (issue 11), each schedule's DLQ
    // and each SNS consumer's failure queue (issue 15), one alarm each
    const dlqCount =
      3 + FUNCTIONS.filter((f) => f.triggers.some((t) => t.kind === 'schedule' || t.kind === 'sns')).length;
    expect(dlqAlarms).toHaveLength(dlqCount);
    expect(new Set(dlqAlarms.map(queueOf)).size).toBe(dlqCount);
    expect(ageAlarms).toHaveLength(1);
    expect(ageAlarms[0]?.Properties.Threshold).toBe(300);
    for (const alarm of [...dlqAlarms, ...ageAlarms]) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });
});
