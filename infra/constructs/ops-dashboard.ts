import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RATE_TEXT } from '../../shared/domain/labels.js';
import { type HeadlineRate, TARGETS } from '../../shared/domain/metrics/rates.js';
import { METRICS_NAMESPACE } from './service-function.js';

/**
 * The function that emits the aggregates' EMF metrics. Powertools gives every EMF metric a `service`
 * dimension (POWERTOOLS_SERVICE_NAME): the "service totals" of the metrics contract are the metrics
 * with this one dimension.
 */
export const EMF_SERVICE = 'project-case-events';

/** Error rate above which a function alarms, per 5 minutes (errors / invocations). */
export const ERROR_RATE_THRESHOLD_PERCENT = 5;

/** The headline rates as metric math over the contract's EMF sums (DESIGN §7), named as the glossary names them. */
const HEADLINE: Readonly<Record<HeadlineRate, { label: string; numerator: string; denominator: string }>> = {
  answerRate: {
    label: `${RATE_TEXT.answerRate} answerRate`,
    numerator: 'CallsAnswered',
    denominator: 'CallsQueued',
  },
  onTimeRate: { label: `${RATE_TEXT.onTimeRate} onTimeRate`, numerator: 'SlaOnTime', denominator: 'SlaDue' },
  satisfactionRate: {
    label: `${RATE_TEXT.satisfactionRate} satisfactionRate`,
    numerator: 'RatingsSatisfied',
    denominator: 'Ratings',
  },
};

export interface OpsDashboardProps {
  readonly apiId: string;
  readonly apiStage: string;
  /** The HTTP routes (`POST /v1/channels/webform`); their per-route counts need detailed metrics on. */
  readonly routes: readonly { readonly method: string; readonly path: string }[];
  /** Every function of the service, by name. */
  readonly functions: ReadonlyMap<string, lambda.IFunction>;
  readonly intakeQueue: sqs.IQueue;
  /** Every dead-letter queue; their "any message" alarms live beside them, not here. */
  readonly deadLetterQueues: readonly { readonly label: string; readonly queue: sqs.IQueue }[];
  readonly alarmTopic: sns.ITopic;
}

/**
 * The operators' CloudWatch dashboard (in Chinese) and the alarms the other stacks do not already
 * raise: each function's error rate, and each headline rate below its target over a day.
 *
 * @example
 * new OpsDashboard(this, 'ops', { apiId: api.apiId, apiStage: '$default', routes, functions, intakeQueue,
 *   deadLetterQueues: [{ label: 'intake DLQ', queue: dlq }], alarmTopic: topic });
 */
export class OpsDashboard extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;
  /** One per function, by function name. */
  public readonly errorRateAlarms: ReadonlyMap<string, cloudwatch.Alarm>;
  public readonly headlineAlarms: Readonly<Record<HeadlineRate, cloudwatch.Alarm>>;

  public constructor(scope: Construct, id: string, props: OpsDashboardProps) {
    super(scope, id);
    const action = new actions.SnsAction(props.alarmTopic);

    const errorRateAlarms = new Map<string, cloudwatch.Alarm>();
    for (const [name, fn] of props.functions) {
      const alarm = new cloudwatch.Alarm(this, `${name}-error-rate`, {
        alarmDescription: `${name}: more than ${ERROR_RATE_THRESHOLD_PERCENT} % of invocations failed in 5 minutes`,
        metric: errorRate(fn, 0),
        threshold: ERROR_RATE_THRESHOLD_PERCENT,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        // An idle function publishes no datapoints at all: silence is not a failure.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      errorRateAlarms.set(name, alarm);
    }
    this.errorRateAlarms = errorRateAlarms;

    const headlineAlarm = (rate: HeadlineRate) => {
      const alarm = new cloudwatch.Alarm(this, `${kebab(rate)}-below-target`, {
        alarmDescription: `${HEADLINE[rate].label} below its target ${TARGETS[rate] * 100} % over the last day`,
        metric: headlineRate(rate, Duration.days(1)),
        threshold: TARGETS[rate],
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        // A day without calls, deadlines or ratings has no rate: nothing to judge, not a breach.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      return alarm;
    };
    this.headlineAlarms = {
      answerRate: headlineAlarm('answerRate'),
      onTimeRate: headlineAlarm('onTimeRate'),
      satisfactionRate: headlineAlarm('satisfactionRate'),
    };

    this.dashboard = new cloudwatch.Dashboard(this, 'dashboard', {
      dashboardName: 'hotline12345-operations',
      defaultInterval: Duration.hours(6),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown:
          '# 12345 热线运行看板\n进件速率、受理队列、死信队列、函数错误与耗时、三项核心指标（EMF）。' +
          '告警发送至运维 SNS 主题；死信队列和最久消息告警见数据栈。',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: '告警状态',
        alarms: [...Object.values(this.headlineAlarms), ...errorRateAlarms.values()],
        width: 24,
        height: 3,
      }),
    );
    this.dashboard.addWidgets(...this.ingestWidgets(props));
    this.dashboard.addWidgets(...this.queueWidgets(props));
    this.dashboard.addWidgets(...this.functionWidgets(props));
    this.dashboard.addWidgets(...this.headlineWidgets());
  }

  private ingestWidgets(props: OpsDashboardProps): cloudwatch.IWidget[] {
    const perMinute = { period: Duration.minutes(1), statistic: 'Sum' };
    const routeCount = (r: { method: string; path: string }) =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName: 'Count',
        // Route-level dimensions (detailed metrics on the stage).
        dimensionsMap: { ApiId: props.apiId, Stage: props.apiStage, Method: r.method, Resource: r.path },
        label: `${r.method} ${r.path}`,
        ...perMinute,
      });
    const channels = props.routes.filter((r) => r.path.startsWith('/v1/channels/'));
    const others = props.routes.filter((r) => !r.path.startsWith('/v1/channels/'));
    const stage = (metricName: string, label: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: props.apiId, Stage: props.apiStage },
        label,
        ...perMinute,
      });
    return [
      new cloudwatch.GraphWidget({
        title: '进件：各渠道接口请求数（每分钟）与受理诉求数',
        left: channels.map(routeCount),
        right: [emf('AppealsReceived', '受理诉求 AppealsReceived', perMinute)],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: '其他接口请求数（每分钟）',
        left: others.map(routeCount),
        width: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'API 错误（每分钟）',
        left: [stage('4xx', '4xx'), stage('5xx', '5xx')],
        width: 6,
      }),
    ];
  }

  private queueWidgets(props: OpsDashboardProps): cloudwatch.IWidget[] {
    const max = { period: Duration.minutes(1), statistic: 'Maximum' };
    return [
      new cloudwatch.GraphWidget({
        title: '受理队列深度',
        left: [
          props.intakeQueue.metricApproximateNumberOfMessagesVisible({ ...max, label: '待处理' }),
          props.intakeQueue.metricApproximateNumberOfMessagesNotVisible({ ...max, label: '处理中' }),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: '受理队列最久消息（秒）',
        left: [props.intakeQueue.metricApproximateAgeOfOldestMessage({ ...max, label: '最久消息' })],
        leftAnnotations: [{ value: 300, label: '告警线 5 分钟', color: cloudwatch.Color.RED }],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: '死信队列深度（应为 0）',
        left: props.deadLetterQueues.map((d) =>
          d.queue.metricApproximateNumberOfMessagesVisible({ ...max, label: d.label }),
        ),
        width: 8,
      }),
    ];
  }

  private functionWidgets(props: OpsDashboardProps): cloudwatch.IWidget[] {
    const fns = [...props.functions.entries()];
    const fiveMinutes = Duration.minutes(5);
    return [
      new cloudwatch.GraphWidget({
        title: '函数错误数（每 5 分钟）',
        left: fns.map(([name, fn]) =>
          fn.metricErrors({ period: fiveMinutes, statistic: 'Sum', label: name }),
        ),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: `函数错误率 %（告警线 ${ERROR_RATE_THRESHOLD_PERCENT} %）`,
        left: fns.map(([name, fn], i) => errorRate(fn, i, name)),
        leftAnnotations: [{ value: ERROR_RATE_THRESHOLD_PERCENT, color: cloudwatch.Color.RED }],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: '函数耗时 p99（毫秒）',
        left: fns.map(([name, fn]) =>
          fn.metricDuration({ period: fiveMinutes, statistic: 'p99', label: name }),
        ),
        width: 8,
      }),
    ];
  }

  private headlineWidgets(): cloudwatch.IWidget[] {
    const rates = Object.keys(HEADLINE) as HeadlineRate[];
    return rates.map(
      (rate) =>
        new cloudwatch.GraphWidget({
          title: `${HEADLINE[rate].label}（按日，目标 ≥ ${TARGETS[rate] * 100} %）`,
          left: [headlineRate(rate, Duration.days(1))],
          leftYAxis: { min: 0, max: 1 },
          leftAnnotations: [{ value: TARGETS[rate], label: '目标', color: cloudwatch.Color.GREEN }],
          width: 8,
        }),
    );
  }
}

/** An aggregate EMF metric of the contract, as a service total (only the Powertools service dimension). */
function emf(metricName: string, label: string, options: { period: Duration; statistic: string }) {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: EMF_SERVICE },
    label,
    ...options,
  });
}

/**
 * Errors as a percentage of invocations, 0 when there were none (an idle function is not failing).
 * `n` keeps the metric ids apart when several functions share one graph.
 */
function errorRate(fn: lambda.IFunction, n: number, label?: string): cloudwatch.MathExpression {
  const period = Duration.minutes(5);
  return new cloudwatch.MathExpression({
    expression: `IF(invocations${n} > 0, 100 * errors${n} / invocations${n}, 0)`,
    usingMetrics: {
      [`errors${n}`]: fn.metricErrors({ period, statistic: 'Sum' }),
      [`invocations${n}`]: fn.metricInvocations({ period, statistic: 'Sum' }),
    },
    period,
    ...(label ? { label } : {}),
  });
}

/**
 * numerator / denominator of the EMF sums. The projection emits only sums above zero, so a period
 * has a denominator above zero or none at all; none gives no datapoint (missing, not a breach).
 * FILL makes a period with a denominator but no numerator (every deadline missed) 0 %, a breach,
 * instead of a gap.
 */
export function headlineRate(rate: HeadlineRate, period: Duration): cloudwatch.MathExpression {
  const { label, numerator, denominator } = HEADLINE[rate];
  return new cloudwatch.MathExpression({
    expression: 'FILL(n, 0) / d',
    usingMetrics: {
      n: emf(numerator, numerator, { period, statistic: 'Sum' }),
      d: emf(denominator, denominator, { period, statistic: 'Sum' }),
    },
    period,
    label,
  });
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
