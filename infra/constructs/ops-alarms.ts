import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/**
 * The operators' alarm topic (`ops-alarms`) and its key (`ops-key`), made in `scope` itself so
 * their logical ids are the stack's own.
 *
 * @example
 * const opsTopic = opsAlarmTopic(this);
 */
export function opsAlarmTopic(scope: Construct): sns.Topic {
  // A key of its own for the alarm topic: CloudWatch must be allowed to use it to publish, and
  // that service grant should not reach the key of the citizens' data.
  const opsKey = new kms.Key(scope, 'ops-key', {
    description: '12345 hotline: operator alarm topic',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  opsKey.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
  );
  return new sns.Topic(scope, 'ops-alarms', {
    displayName: '12345 hotline operator alarms',
    masterKey: opsKey,
    enforceSSL: true,
  });
}

export interface OpsAlarmProps {
  readonly description: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  /** Default: above the threshold. */
  readonly comparisonOperator?: cloudwatch.ComparisonOperator;
}

/**
 * One alarm to the operators' topic, judged on a single period. Missing data is not breaching: an
 * idle queue or function publishes no datapoints, and silence is not a failure.
 *
 * @example
 * opsAlarm(this, 'intake-dlq-not-empty', { description, metric: dlq.metricApproximateNumberOfMessagesVisible(), threshold: 0 }, topic);
 */
export function opsAlarm(
  scope: Construct,
  id: string,
  props: OpsAlarmProps,
  topic: sns.ITopic,
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: props.description,
    metric: props.metric,
    threshold: props.threshold,
    evaluationPeriods: 1,
    comparisonOperator: props.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new actions.SnsAction(topic));
  return alarm;
}
