import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { opsAlarm, opsAlarmTopic } from '../constructs/ops-alarms.js';
import { numberAbove, publicPathScope } from '../edge-rules.js';
import { EDGE_REGION, WEB_ACL_ARN_OUTPUT, wafRateLimitOf } from '../edge-settings.js';
import type { FunctionSpec } from '../functions.js';

/**
 * The largest body any route accepts: the SMS providers' delivery receipts
 * (functions/record-notice-receipt, 256 KB). Above it, API Gateway would carry up to 10 MB to a
 * function that refuses it anyway.
 */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * The largest body a public route accepts: the web form's JSON (shared/http/json-body.ts' default,
 * 64 KB); photos go straight to S3 by presigned POST, never through the API.
 */
export const MAX_PUBLIC_BODY_BYTES = 64 * 1024;

/** The web ACL's CloudWatch metric name: the `WebACL` dimension of its AWS/WAFV2 metrics. */
export const WEB_ACL_METRIC = 'hotline12345-edge';

/**
 * Blocked requests in 5 minutes above which the operators hear of it: the internet's background of
 * scanners stays in the tens; a client flooding past the rate limit, or a managed rule suddenly
 * refusing citizens' own requests, passes it.
 */
export const BLOCKED_REQUESTS_ALARM_THRESHOLD = 300;

/** The path of the 短信验证码 route, limited per client on its own (each request costs an SMS). */
const VERIFICATION_PATH = '/v1/channels/webform/verifications';

/** Requests per 5 minutes from one address to the 短信验证码 route. */
export const VERIFICATION_RATE_LIMIT = 20;

export interface EdgeStackProps extends StackProps {
  /** The catalogue, from which the public routes' paths are read. */
  readonly functions: readonly FunctionSpec[];
}

type Statement = wafv2.CfnWebACL.StatementProperty;

const anyOf = (statements: Statement[]): Statement =>
  statements.length === 1 ? (statements[0] as Statement) : { orStatement: { statements } };

const uriMatches = (regexString: string): Statement => ({
  regexMatchStatement: {
    regexString,
    fieldToMatch: { uriPath: {} },
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

/** The declared body length (Content-Length) is above `bytes`. */
const contentLengthAbove = (bytes: number): Statement => ({
  regexMatchStatement: {
    regexString: numberAbove(bytes),
    fieldToMatch: { singleHeader: { Name: 'content-length' } },
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/**
 * Per client (the viewer's address), on the citizens' routes only: WeChat's servers and the call
 * centre bring many citizens through few addresses, and the staff sign in.
 */
const publicRateRule = (publicScope: Statement, limit: number): wafv2.CfnWebACL.RuleProperty => ({
  name: 'public-routes-rate',
  priority: 0,
  statement: {
    rateBasedStatement: {
      limit,
      evaluationWindowSec: 300,
      aggregateKeyType: 'IP',
      scopeDownStatement: publicScope,
    },
  },
  action: { block: { customResponse: { responseCode: 429 } } },
  visibilityConfig: visibility('public-routes-rate'),
});

/**
 * Behind CloudFront the 短信验证码 handler's own per-address count sees CloudFront's addresses; this
 * one counts the citizen's.
 */
const verificationRateRule = (): wafv2.CfnWebACL.RuleProperty => ({
  name: 'verification-rate',
  priority: 1,
  statement: {
    rateBasedStatement: {
      limit: VERIFICATION_RATE_LIMIT,
      evaluationWindowSec: 300,
      aggregateKeyType: 'IP',
      scopeDownStatement: uriMatches(`^${VERIFICATION_PATH}$`),
    },
  },
  action: { block: { customResponse: { responseCode: 429 } } },
  visibilityConfig: visibility('verification-rate'),
});

/**
 * The edge (us-east-1): the AWS WAF web ACL of the CloudFront distribution in front of the HTTP API
 * (an HTTP API stage cannot take a web ACL itself), its logs and its alarm. The service stack reads
 * the ACL's ARN from this stack's output and sets it on its distribution.
 */
export class EdgeStack extends Stack {
  public readonly webAcl: wafv2.CfnWebACL;

  public constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    if (this.region !== EDGE_REGION) throw new Error(`the edge stack must be in ${EDGE_REGION}`);
    const rateLimit = wafRateLimitOf((key) => this.node.tryGetContext(key));
    const { include, exclude } = publicPathScope(props.functions);
    // A catalogue without public routes (a test's) gets no per-client rule and one size limit.
    const isPublic = include.length > 0 ? anyOf(include.map(uriMatches)) : undefined;
    const publicScope: Statement | undefined =
      isPublic && exclude.length > 0
        ? {
            andStatement: {
              statements: [isPublic, { notStatement: { statement: anyOf(exclude.map(uriMatches)) } }],
            },
          }
        : isPublic;
    const hasVerificationRoute = props.functions.some((f) =>
      f.triggers.some((t) => t.kind === 'http' && t.path === VERIFICATION_PATH),
    );

    const rules: wafv2.CfnWebACL.RuleProperty[] = [
      ...(publicScope ? [publicRateRule(publicScope, rateLimit)] : []),
      ...(hasVerificationRoute ? [verificationRateRule()] : []),
      {
        // WAF sees only the first 16 KB of a body (CloudFront's default inspection limit), below
        // what the API accepts, so the declared length is judged: above the largest body any route
        // takes, or above the public routes' own limit on a public route. A body sent without a
        // Content-Length meets the handler's limit (413) and API Gateway's 10 MB instead.
        name: 'body-size',
        priority: 2,
        statement: publicScope
          ? {
              orStatement: {
                statements: [
                  contentLengthAbove(MAX_BODY_BYTES),
                  { andStatement: { statements: [publicScope, contentLengthAbove(MAX_PUBLIC_BODY_BYTES)] } },
                ],
              },
            }
          : contentLengthAbove(MAX_BODY_BYTES),
        action: { block: { customResponse: { responseCode: 413 } } },
        visibilityConfig: visibility('body-size'),
      },
      {
        name: 'aws-common',
        priority: 3,
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name: 'AWSManagedRulesCommonRuleSet',
            ruleActionOverrides: [
              // 8 KB is below what the API accepts (the web form's 64 KB): body-size judges size.
              { name: 'SizeRestrictions_BODY', actionToUse: { count: {} } },
              // The machine channels (WeChat's servers, the call centre, the SMS providers) need not
              // send a User-Agent, and their signatures are checked by the handlers.
              { name: 'NoUserAgent_HEADER', actionToUse: { count: {} } },
            ],
          },
        },
        overrideAction: { none: {} },
        visibilityConfig: visibility('aws-common'),
      },
      {
        name: 'aws-known-bad-inputs',
        priority: 4,
        statement: {
          managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' },
        },
        overrideAction: { none: {} },
        visibilityConfig: visibility('aws-known-bad-inputs'),
      },
    ];

    this.webAcl = new wafv2.CfnWebACL(this, 'web-acl', {
      name: 'hotline12345-edge',
      description: '12345 hotline: the public front of the HTTP API',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: visibility(WEB_ACL_METRIC),
    });

    this.logging();
    this.blockedRequestsAlarm();

    const arn = new CfnOutput(this, 'web-acl-arn', {
      value: this.webAcl.attrArn,
      description: "The web ACL of the service stack's CloudFront distribution",
    });
    arn.overrideLogicalId(WEB_ACL_ARN_OUTPUT);
  }

  /**
   * WAF's log of what it blocked or counted (allowed requests are in the API's access log): the
   * Authorization header and the query string (查询's phoneLast4, the feedback token, WeChat's
   * signature) redacted. The log group's name must start with `aws-waf-logs-`.
   */
  private logging(): void {
    const group = new logs.LogGroup(this, 'waf-logs', {
      logGroupName: 'aws-waf-logs-hotline12345',
      retention: logs.RetentionDays.ONE_YEAR,
      // Evidence of attacks on a public service: kept with the API's access logs' retention.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new wafv2.CfnLoggingConfiguration(this, 'waf-logging', {
      resourceArn: this.webAcl.attrArn,
      // WAF takes the log group's ARN without the `:*` that CloudFormation's Arn attribute ends in.
      logDestinationConfigs: [
        this.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: group.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { queryString: {} }],
      loggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [
          {
            Behavior: 'KEEP',
            Requirement: 'MEETS_ANY',
            Conditions: [{ ActionCondition: { Action: 'BLOCK' } }, { ActionCondition: { Action: 'COUNT' } }],
          },
        ],
      },
    });
  }

  /**
   * CloudFront web ACLs publish their metrics in us-east-1, and an alarm notifies a topic of its own
   * region only: the edge has its operators' topic here, beside the data stack's.
   */
  private blockedRequestsAlarm(): void {
    const topic = opsAlarmTopic(this);
    opsAlarm(
      this,
      'waf-blocked-requests',
      {
        description:
          'AWS WAF blocked more requests than usual at the edge (a client over the rate limit, or a managed rule refusing requests): docs/runbook.md#waf-blocked-requests',
        metric: new cloudwatch.Metric({
          namespace: 'AWS/WAFV2',
          metricName: 'BlockedRequests',
          dimensionsMap: { WebACL: WEB_ACL_METRIC, Rule: 'ALL' },
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
        threshold: BLOCKED_REQUESTS_ALARM_THRESHOLD,
      },
      topic,
    );
    new CfnOutput(this, 'edge-alarms-topic-arn', {
      value: topic.topicArn,
      description: "The edge's alarm topic (us-east-1): subscribe the operators as to the data stack's",
    });
  }
}
