import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as lambdaDestinations from 'aws-cdk-lib/aws-lambda-destinations';
import {
  DynamoEventSource,
  KinesisEventSource,
  SqsDlq,
  SqsEventSource,
} from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as snsSubscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { callbackPolicyEnvironment } from '../callback-settings.js';
import { consoleSignIn } from '../console-sign-in.js';
import { QUEUE_DEFAULTS } from '../constructs/intake-queues.js';
import { opsAlarm } from '../constructs/ops-alarms.js';
import { OpsDashboard } from '../constructs/ops-dashboard.js';
import { METRICS_NAMESPACE, ServiceFunction } from '../constructs/service-function.js';
import { deployOutputs } from '../deploy-outputs.js';
import { EDGE_REGION, WEB_ACL_ARN_OUTPUT } from '../edge-settings.js';
import {
  deployedFunctions,
  FUNCTIONS,
  type FunctionSpec,
  KINESIS_STREAM_CONTEXT,
  type Trigger,
} from '../functions.js';
import { type Access, grantAccess } from '../grants.js';
import { noticeEnvironment, phoneVerificationEnvironment, smsProviderOf } from '../notice-settings.js';
import { publicRouteSettings } from '../public-routes.js';
import {
  ARCHIVE_BUCKET,
  CASES_TABLE,
  DIRECTORY_TABLE,
  INTAKE_QUEUE,
  METRICS_TABLE,
  NOTICES_QUEUE,
  REQUEST_MARKS_TABLE,
  STAGING_BUCKET,
} from '../resources.js';
import type { DataStack } from './data-stack.js';
import { type EdgeStack, WEB_ACL_METRIC } from './edge-stack.js';

export interface ServiceStackProps extends StackProps {
  /** The stateful resources, passed as constructs so grants and references stay typed. */
  readonly data: DataStack;
  /** Default: FUNCTIONS. The infra tests add a route of their own (a staff route, before one ships). */
  readonly functions?: readonly FunctionSpec[];
  /**
   * The edge (us-east-1) whose web ACL guards the CloudFront distribution made here in front of the
   * API; absent (`-c waf=false`, or a partition without it), the API's own URL is the public one.
   */
  readonly edge?: EdgeStack;
}

/**
 * The least privilege of each function, in one table a reviewer can check against the adapters
 * (what each kind grants: infra/grants.ts). The stream consumer's event source grants the stream
 * read, and its metrics are EMF lines in its own logs: here it needs only what it writes.
 */
/** The End User Messaging SMS events that settle a notice: delivered, or what became of it. */
const AWS_SMS_RECEIPT_EVENTS = [
  'TEXT_DELIVERED',
  'TEXT_BLOCKED',
  'TEXT_CARRIER_BLOCKED',
  'TEXT_CARRIER_UNREACHABLE',
  'TEXT_INVALID',
  'TEXT_INVALID_MESSAGE',
  'TEXT_SPAM',
  'TEXT_TTL_EXPIRED',
  'TEXT_UNKNOWN',
  'TEXT_UNREACHABLE',
] as const;

const ACCESS: Readonly<Record<string, readonly Access[]>> = {
  // An Idempotency-Key is marked once with its body's hash (IDEMPOTENCY# keys only).
  // Each attachment key must carry an upload grant's mark, claimed for this submission (UPLOAD#).
  'ingest-webform': [
    'directory:query',
    'intake:send',
    'contact-hash:read',
    // 政府信息公开申请: the applicant's identity number is kept as a keyed hash only.
    'disclosure-identity:read',
    'marks:put-idempotency',
    'marks:claim-upload',
    // 短信验证码, where an SMS provider is configured: checks and consumes the code (VERIFY# keys).
    'marks:check-verification',
  ],
  // Writes nothing but the queue: the dispatcher stores the call record. 漏接回拨: a missed caller's
  // number is sealed at the door with the callback key (GenerateDataKey only: it never opens one).
  'ingest-hotline': [
    'directory:query',
    'intake:send',
    'contact-hash:read',
    // 依申请公开 by telephone: the applicant's identity number is kept as a keyed hash only.
    'disclosure-identity:read',
    'hotline-hmac:read',
    'callback-key:encrypt',
  ],
  // 查询 reads a case by tracking number (and a merged case's master); the openid hash needs the contact key.
  // A plain-mode request's timestamp and nonce are marked once (NONCE# keys only); each appeal is
  // counted against its sender's limit (SENDER# keys only). 补正 by WeChat: the sender's latest
  // cases (by-caller), the answered case written back under its version condition.
  'ingest-wechat': [
    'directory:query',
    'intake:send',
    'contact-hash:read',
    'cases:query-by-tracking-no',
    'wechat-secret:read',
    'cases:get',
    'marks:put-nonce',
    'marks:count-sender',
    // A template message's receipt (TEMPLATESENDJOBFINISH) finds its notice (NOTICEMSG# only) and
    // moves it on the case.
    'marks:get-notice-message',
    'cases:query-by-caller',
    'cases:update',
    // 查询 of a completed case shows the rating link: the notice's token, made with the feedback key.
    'feedback-key:read',
  ],
  // Amazon Connect's CTR stream (-c connectCtrStreamArn): the webhook's rights without its HMAC key (a
  // stream record carries no signature; only the instance's data streaming writes to the stream).
  // The stream read and the failure queue's send come with its event source (consumeKinesis).
  'ingest-connect-stream': [
    'directory:query',
    'intake:send',
    'contact-hash:read',
    'disclosure-identity:read',
    'callback-key:encrypt',
  ],
  // Presigning is signed with the function's own role: it may only ever create uploads/ objects in
  // the staging bucket; each grant is marked (UPLOAD# keys only) for the web form to check.
  'create-upload': ['uploads:presign', 'marks:put-upload'],
  // 短信验证码: counts per number and source address and puts the code's keyed hash (VERIFY# keys);
  // the phone is hashed with the contact key. The SMS provider's credentials come with the notice
  // pipeline's access kind for them (the same as notify-citizen's SMS sending).
  // Sends the 短信验证码 through the deployment's SMS provider (its credentials; AWS SMS by role).
  'request-verification': ['contact-hash:read', 'marks:send-verification', 'sms-secret:read', 'sms:send-aws'],
  'get-directory': ['directory:query'],
  // The page needs no data; it presigns nothing that is used (only to learn the upload origin).
  'serve-web': [],
  // Stores queued call records (cases:put-call) besides the cases it creates; 并单: the caller's
  // recent cases (by-caller), then the master read (get) and the link put beside it (a DUP# item
  // under the master's CASE# key: cases:put); the master itself is never rewritten.
  // Referenced photos are copied from staging into the archive, checksum verified.
  'dispatch-appeal': [
    'archive:put-raw',
    'staging:read',
    'archive:put-attachment',
    'cases:put',
    'cases:put-call',
    'directory:query',
    'cases:query-by-caller',
    'cases:get',
    // 漏接回拨: a missed call joins its caller's open task or opens the next round, and the caller's
    // answered call or new case closes it: their CALLBACK# partition only. It carries the sealed
    // number from the queue to the task and never opens it (no callback key).
    'callbacks:query-rounds',
    'callbacks:put',
    'callbacks:update',
  ],
  // Wrong phoneLast4 answers are counted per tracking number (GUESS# keys only); a merged case
  // answers with itself, so no other case is read.
  // The rating link it shows while the follow-up window is open is the notice's token: the feedback
  // key, read only (the function writes no case).
  'get-case-status': [
    'cases:query-by-tracking-no',
    'directory:query',
    'lookup-guesses:update',
    'feedback-key:read',
  ],
  // Reads a case (and a merge's master) and its duplicate links, lists a department's queue, writes
  // a case back only under its version condition; the directory for the calendar and dispatch checks.
  // 查询 by tracking number or by the caller's keyed hash (the key to hash the number typed), 附近
  // and 协办 as filtered Queries of the work queues.
  'case-api': [
    'cases:get',
    'cases:query-by-tracking-no',
    'cases:query-by-caller',
    'cases:query-duplicate-links',
    'cases:query-department-queue',
    'cases:query-review-queue',
    'cases:update',
    'contact-hash:read',
    'directory:query',
  ],
  // 坐席: the agent's calls (its AGENT# partition of the work-queue index) and whether each has a case
  // (a batch read); a call and its case (get), the caller's cases (by-caller); the appeal typed for a
  // call goes to the intake queue, marked once with its keyed hash (CALLAPPEAL# keys); the directory
  // for its references and the classifier. Writes no case and no call record.
  'agent-desk': [
    'cases:get',
    'cases:batch-get',
    'cases:query-department-queue',
    'cases:query-by-caller',
    'directory:query',
    'intake:send',
    'contact-hash:read',
    // 依申请公开 typed for a call: the applicant's identity number is kept as a keyed hash only.
    'disclosure-identity:read',
    'marks:put-call-appeal',
  ],
  // 来信来访 (依申请公开): the request entered by staff goes to the intake queue; its Idempotency-Key is
  // marked once with the body's keyed hash (IDEMPOTENCY# keys); the applicant's phone is hashed with
  // the contact key, the identity number with the identity key (the only functions holding it are
  // the disclosure channels). Writes no case.
  'disclosure-intake': [
    'directory:query',
    'intake:send',
    'contact-hash:read',
    'disclosure-identity:read',
    'marks:put-idempotency',
  ],
  // 归档: writes each dossier once under cases/, reads the raw payloads and photos it hashes. The
  // aggregates: conditional ADDs (UpdateItem) and, when a retried batch must find its mark, a read
  // (GetItem), on the metrics table only; the stream read comes with the event source.
  // 协办 links beside each co-handled case (CASE# keys, sk CO#…), derived here from the stream.
  'project-case-events': ['archive:write-dossier', 'metrics:update', 'cases:put'],
  // The admin API of the catalogue: reads it whole, writes one entry at a time. 重算期限: after a
  // holiday calendar year is put, the open cases with a deadline in it (by-open-deadline index),
  // each read and written back under its version (CASE# keys only).
  'manage-directory': [
    'directory:query',
    'directory:write',
    'cases:query-open-deadline',
    'cases:get',
    'cases:update',
  ],
  // 依申请公开 desk: a case (get) and its approval (the versioned write); the book (by-disclosure) for
  // the lists and the annual report; the body's name and the calendar (directory); the 文号 counter
  // (LETTERNO# keys of the directory table); the 答复书 put once under letters/ and read back.
  'disclosure-desk': [
    'cases:get',
    'cases:update',
    'cases:query-disclosure',
    'directory:query',
    'letters:number',
    'archive:write-letter',
  ],
  // Finds the case by tracking number (a merged one's master by id), checks the token, writes the
  // rating back under the version condition.
  // Finds each receipt's notice by the sender's mark (NOTICEMSG# only) and moves it on the case.
  // The same matching as record-notice-receipt, for the AWS provider's events (no key: SNS invokes it).
  'record-sms-event': ['marks:get-notice-message', 'cases:get', 'cases:update'],
  'record-notice-receipt': [
    'notice-receipt-key:read',
    'marks:get-notice-message',
    'cases:get',
    'cases:update',
  ],
  // The rating page names the case's category: the directory, read only.
  'submit-feedback': [
    'cases:query-by-tracking-no',
    'cases:get',
    'cases:update',
    'feedback-key:read',
    'directory:query',
  ],
  // 补正: the case by tracking number, written back under its version condition; the token is made
  // with the feedback key; each photo's upload grant is claimed (UPLOAD# keys only) and the photo
  // copied from staging into the archive, checksum verified; the calendar for the resumed deadline.
  'answer-correction': [
    'cases:query-by-tracking-no',
    'cases:get',
    'cases:update',
    'feedback-key:read',
    'marks:claim-upload',
    'staging:read',
    'archive:put-attachment',
    'directory:query',
  ],
  // Forwards newly queued notices to the notices queue: nothing else (the stream read comes with
  // the event source).
  'notify-citizen': ['notices:send'],
  // Reads the case (consistently) and records each attempt on it under its version condition;
  // claims each attempt (NOTICE#) and marks each accepted message (NOTICEMSG#) and short link
  // (LINK#); the citizen's address from the raw payload (raw/ only), checked against the case's
  // keyed hash; the tokens' key; the calendar (补正 days); the providers' credentials.
  'send-notice': [
    'cases:get',
    'cases:update',
    'marks:put-notice',
    'marks:put-link',
    'archive:get-raw',
    'contact-hash:read',
    'feedback-key:read',
    'directory:query',
    'wechat-secret:read',
    'sms-secret:read',
    'sms:send-aws',
  ],
  // Reads one short link (LINK# keys only).
  'follow-short-link': ['marks:get-link'],
  // 电话回访: the call list on the by-follow-up-call index; a take reads the case, reads the caller's
  // number from its raw payload (raw/ only) checked against the case's keyed hash, and writes the
  // take back under the version condition (CASE# keys only). The outcome goes through case-api.
  'follow-up-calls': [
    'cases:query-follow-up-calls',
    'cases:get',
    'cases:update',
    'archive:get-raw',
    'contact-hash:read',
  ],
  // Finds due cases on the by-open-deadline index, reads each, writes it back under its version
  // condition (CASE# keys only); the directory for the working-day calendar. 漏接回拨: the open and
  // the erasure-due callback tasks on the by-department-queue index (CALLBACKS#open, CALLBACKS#erase),
  // each written back under its version (CALLBACK# keys only); never a number opened.
  'supervise-deadlines': [
    'cases:query-open-deadline',
    'cases:get',
    'cases:update',
    'directory:query',
    'cases:query-department-queue',
    'callbacks:update',
  ],
  // 漏接回拨: the open tasks on the by-department-queue index (CALLBACKS#open); a task, the first
  // missed call and the case of its appeal by key (cases:get, which reads the task too); the take and
  // the attempt written under the task's version (CALLBACK# keys only); the number opened for the
  // taker (Decrypt under the callback context only); the appeal of a reached caller marked once
  // (CALLAPPEAL#) and queued, its category and district checked against the directory, its contact
  // hashed with the contact key.
  'callback-desk': [
    'cases:query-department-queue',
    'cases:get',
    'callbacks:update',
    'callback-key:decrypt',
    'directory:query',
    'intake:send',
    'contact-hash:read',
    'marks:put-call-appeal',
    // 依申请公开 typed on a callback: the identity number kept as a keyed hash only.
    'disclosure-identity:read',
  ],
  // 发布: releases in the cases table's RELEASES partition (read, list, create, versioned puts); a
  // case read to make a typical case of it (cases:get); the 依申请公开 book for the 通报's replies
  // (by-disclosure index); the aggregates and the directory for the monthly figures, the calendar
  // and the names; each published document put once under releases/ of the archive and read back.
  releases: [
    'releases:read',
    'releases:write',
    'cases:get',
    'cases:query-disclosure',
    'metrics:query',
    'directory:query',
    'archive:write-release',
  ],
  // The monthly drafting: the month's releases (read), a draft put where none is; the calendar.
  'draft-releases': ['releases:read', 'releases:write', 'directory:query'],
  // Reads the aggregates (Query only, no index) and the directory for department names.
  'get-metrics': ['metrics:query', 'directory:query'],
};

/**
 * The CDK context value with the KMS key of each external stream, for one encrypted with a customer
 * managed key (absent: unencrypted, or the AWS managed key aws/kinesis, which needs no grant).
 */
const KINESIS_KEY_CONTEXT = { 'connect-ctr': 'connectCtrStreamKeyArn' } as const;

/** One kind of trigger of infra/functions.ts. */
type TriggerOf<K extends Trigger['kind']> = Extract<Trigger, { kind: K }>;

/** Default-stage throttling: a city's web form peaks in the low hundreds per second. */
const API_THROTTLE = { rateLimit: 200, burstLimit: 400 } as const;

/** Route keys the infra tests name (their limits: infra/public-routes.ts, PUBLIC_ROUTE_THROTTLE). */
export const UPLOAD_ROUTE_KEY = 'POST /v1/channels/webform/uploads';
export const VERIFICATION_ROUTE_KEY = 'POST /v1/channels/webform/verifications';

/**
 * The access log line: one JSON object per request, with the route key and never the raw path or
 * query (查询's phoneLast4, the feedback and correction tokens, WeChat's signature), the body, or a
 * header that carries a credential. Behind the distribution, `ip` is CloudFront's address: the
 * client's is in WAF's log and, for what reached a function, its X-Forwarded-For.
 */
export const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  // Why the gateway answered itself: throttled (429), the JWT refused (401), no route (404).
  errorMessage: '$context.error.message',
  errorResponseType: '$context.error.responseType',
  authorizerError: '$context.authorizer.error',
} as const;

/**
 * The stateless half: functions, their triggers, the HTTP API and the function alarms. Nothing here
 * holds data, so it can be destroyed and redeployed at will.
 */
export class ServiceStack extends Stack {
  public readonly api: HttpApi;
  public readonly functions: ReadonlyMap<string, ServiceFunction>;
  /** The operators' CloudWatch dashboard, with the error-rate and headline-rate alarms. */
  public readonly opsDashboard: OpsDashboard;

  private readonly data: DataStack;
  /** CloudFront with AWS WAF in front of the API, where the edge is on. */
  public readonly distribution?: cloudfront.Distribution;
  /** With `-c smsProvider=aws`: the configuration set whose events come back as receipts. */
  public smsConfigurationSetName?: string;
  /** The schedules' dead-letter queues, for the operators' dashboard. */
  private readonly scheduleDlqs: { label: string; queue: sqs.Queue }[] = [];
  /**
   * Every `auth: 'jwt'` route's authorizer: the staff pool's ID tokens for the console client (they
   * carry custom:role and custom:departmentId; access tokens do not), or the context's provider.
   */
  private readonly staffAuthorizer: HttpJwtAuthorizer;
  /** CONSOLE_OIDC_*, for serve-web's GET /console/config.json. */
  private readonly consoleSignInEnvironment: Readonly<Record<string, string>>;

  public constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    this.data = props.data;

    // Access logs carry the route key, not the raw path and query: phoneLast4 stays out of logs.
    const accessLogs = new logs.LogGroup(this, 'api-access-logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.api = new HttpApi(this, 'http-api', {
      apiName: 'hotline-12345',
      description: '12345 citizen service hotline: channels and status lookup',
      // The default stage is made below, where its throttling and access logging can be set.
      createDefaultStage: false,
    });
    const stage = new HttpStage(this, 'default-stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      // Per-route request counts (Method/Resource dimensions) for the operators' ingest graphs.
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    this.distribution = props.edge ? this.edgeDistribution(props.edge) : undefined;

    // The console is served from the API's own origin, and from the city's domain when it fronts it.
    const publicBaseUrl = this.node.tryGetContext('publicBaseUrl');
    const consoleOrigins = [
      this.api.apiEndpoint,
      ...(this.distribution ? [`https://${this.distribution.distributionDomainName}`] : []),
      ...(typeof publicBaseUrl === 'string' && URL.canParse(publicBaseUrl)
        ? [new URL(publicBaseUrl).origin]
        : []),
    ];
    const signIn = consoleSignIn(
      this,
      { identity: this.data.staffIdentity, external: this.data.staffExternalIssuer },
      consoleOrigins,
    );
    this.consoleSignInEnvironment = signIn.environment;
    const staffIssuer = signIn.issuer;
    this.staffAuthorizer = new HttpJwtAuthorizer('staff-jwt', staffIssuer.issuerUrl, {
      authorizerName: 'staff-jwt',
      jwtAudience: [...staffIssuer.audience],
    });

    const functions = new Map<string, ServiceFunction>();
    // An optional channel's consumer (Amazon Connect's CTR stream) only where its context is set.
    const specs = deployedFunctions((key) => this.node.tryGetContext(key), props.functions ?? FUNCTIONS);
    for (const spec of specs) {
      const fn = new ServiceFunction(this, spec.name, { spec, environment: this.environmentOf(spec) });
      grantAccess(fn, accessOf(spec), this.data);
      for (const trigger of spec.triggers) this.wire(fn, trigger);
      this.errorsAlarm(fn);
      functions.set(spec.name, fn);
    }
    this.throttlePublicRoutes(stage, props.functions ?? FUNCTIONS);
    // AWS SMS: the configuration set made above sends the delivery events back as receipts, so
    // send-notice sends through it unless the context names another (-c awsSmsConfigurationSet).
    const sender = functions.get('send-notice');
    if (this.smsConfigurationSetName && sender && !this.node.tryGetContext('awsSmsConfigurationSet')) {
      sender.addEnvironment('AWS_SMS_CONFIGURATION_SET', this.smsConfigurationSetName);
    }
    this.functions = functions;
    this.calendarYearAlarm();
    this.supervisionCaseAlarm();
    this.opsDashboard = new OpsDashboard(this, 'ops', {
      apiId: this.api.apiId,
      apiStage: stage.stageName,
      routes: specs.flatMap((spec) =>
        spec.triggers.flatMap((t) => (t.kind === 'http' ? [{ method: t.method, path: t.path }] : [])),
      ),
      functions,
      intakeQueue: this.data.intakeQueue,
      deadLetterQueues: [
        { label: '受理死信 intake DLQ', queue: this.data.intakeDlq },
        { label: '工单流失败 stream failures', queue: this.data.streamFailuresQueue },
        { label: '通知死信 notices DLQ', queue: this.data.noticesDlq },
        ...this.scheduleDlqs,
      ],
      alarmTopic: this.data.opsTopic,
    });
    if (this.distribution) this.wafWidget();

    new CfnOutput(this, 'api-url', {
      value: stage.url,
      description: this.distribution
        ? "The HTTP API's own URL (bypasses AWS WAF: give citizens and channels public-url)"
        : 'The HTTP API base URL',
    });
    new CfnOutput(this, 'public-url', {
      value: this.publicUrl(),
      description:
        'The public base URL: the CloudFront distribution with AWS WAF, or the API where there is none',
    });
    new CfnOutput(this, 'cases-table-name', { value: this.data.casesTable.tableName });
    new CfnOutput(this, 'directory-table-name', { value: this.data.directoryTable.tableName });
    deployOutputs(this, {
      publicUrl: this.publicUrl(),
      publicBaseUrl,
      metricsTableName: this.data.metricsTable.tableName,
      archiveBucketName: this.data.archiveBucket.bucketName,
    });
  }

  /** The address citizens and channels use: the distribution's where there is one, else the API's. */
  private publicUrl(): string {
    return this.distribution ? `https://${this.distribution.distributionDomainName}` : this.api.apiEndpoint;
  }

  /**
   * 电话回访 from `-c followUpCallAfterHours=N` (0–720 hours after completion); absent, the
   * functions' default of 24.
   */
  private followUpCallAfterHoursEnv(): Record<string, string> {
    const raw = this.node.tryGetContext('followUpCallAfterHours');
    if (raw === undefined) return {};
    const hours = Number(raw);
    if (!Number.isInteger(hours) || hours < 0 || hours > 720) {
      throw new Error(
        `context followUpCallAfterHours must be a whole number of hours from 0 to 720, not ${String(raw)}`,
      );
    }
    return { FOLLOW_UP_CALL_AFTER_HOURS: String(hours) };
  }

  /** 回访期 from `-c followUpDays=N` (1–60 days); absent, the functions' default of 7. */
  private followUpDaysEnv(): Record<string, string> {
    const raw = this.node.tryGetContext('followUpDays');
    if (raw === undefined) return {};
    const days = Number(raw);
    if (!Number.isInteger(days) || days < 1 || days > 60) {
      throw new Error(`context followUpDays must be a whole number of days from 1 to 60, not ${String(raw)}`);
    }
    return { FOLLOW_UP_DAYS: String(days) };
  }

  /**
   * 补正 days from `-c correctionDays=N` and `-c disclosureCorrectionDays=N` (1–60 working days);
   * absent, the functions' defaults of 5 and 7. Only the case API takes correction requests.
   */
  private correctionDaysEnv(spec: FunctionSpec): Record<string, string> {
    if (spec.name !== 'case-api') return {};
    const env: Record<string, string> = {};
    for (const [context, name] of [
      ['correctionDays', 'CORRECTION_DAYS'],
      ['disclosureCorrectionDays', 'DISCLOSURE_CORRECTION_DAYS'],
    ] as const) {
      const raw = this.node.tryGetContext(context);
      if (raw === undefined) continue;
      const days = Number(raw);
      if (!Number.isInteger(days) || days < 1 || days > 60) {
        throw new Error(
          `context ${context} must be a whole number of working days from 1 to 60, not ${String(raw)}`,
        );
      }
      env[name] = String(days);
    }
    return env;
  }

  /**
   * 专人负责 of the monthly releases from `-c releaseResponsibleId=… -c releaseResponsibleName=…`
   * (both or neither); absent, each draft waits for a supervisor to name one. The drafter only.
   */
  private releaseResponsibleEnv(spec: FunctionSpec): Record<string, string> {
    if (spec.name !== 'draft-releases') return {};
    const id = this.node.tryGetContext('releaseResponsibleId');
    const name = this.node.tryGetContext('releaseResponsibleName');
    if (id === undefined && name === undefined) return {};
    if (typeof id !== 'string' || typeof name !== 'string' || !id.trim() || !name.trim()) {
      throw new Error('context releaseResponsibleId and releaseResponsibleName go together, both non-empty');
    }
    return { RELEASE_RESPONSIBLE_ID: id.trim(), RELEASE_RESPONSIBLE_NAME: name.trim() };
  }

  private environmentOf(spec: FunctionSpec): Record<string, string> {
    // Every name, for every function: shared/adapters/config.ts parses them as one object.
    const environment: Record<string, string> = {
      [CASES_TABLE.env]: this.data.casesTable.tableName,
      [DIRECTORY_TABLE.env]: this.data.directoryTable.tableName,
      [INTAKE_QUEUE.env]: this.data.intakeQueue.queueUrl,
      [ARCHIVE_BUCKET.env]: this.data.archiveBucket.bucketName,
      [STAGING_BUCKET.env]: this.data.stagingBucket.bucketName,
      [METRICS_TABLE.env]: this.data.metricsTable.tableName,
      // Every writer of a case keys the supervision and call-list indexes with them, so every
      // function gets them.
      ...this.followUpDaysEnv(),
      ...this.followUpCallAfterHoursEnv(),
      ...this.correctionDaysEnv(spec),
      ...this.releaseResponsibleEnv(spec),
      ...callbackPolicyEnvironment((key) => this.node.tryGetContext(key)),
    };
    // Only the channels that mark requests learn the marks table's name.
    if (accessOf(spec).some((kind) => kind.startsWith('marks:'))) {
      environment[REQUEST_MARKS_TABLE.env] = this.data.requestMarksTable.tableName;
    }
    if (accessOf(spec).includes('contact-hash:read')) {
      environment.CONTACT_HASH_SECRET_ARN = this.data.contactHashSecret.secretArn;
    }
    if (accessOf(spec).includes('disclosure-identity:read')) {
      environment.DISCLOSURE_IDENTITY_SECRET_ARN = this.data.disclosureIdentitySecret.secretArn;
    }
    // 漏接回拨: the KMS key of callers' numbers, for the functions that seal or open one. Never
    // CALLBACK_RAW_KEY: that is the local stack's key, and no function in AWS holds a key itself.
    if (accessOf(spec).some((kind) => kind.startsWith('callback-key:'))) {
      environment.CALLBACK_KEY_ARN = this.data.callbackKey.keyArn;
    }
    if (accessOf(spec).includes('hotline-hmac:read')) {
      environment.HOTLINE_HMAC_SECRET_ARN = this.data.hotlineHmacSecret.secretArn;
    }
    if (accessOf(spec).includes('wechat-secret:read')) {
      environment.WECHAT_SECRET_ARN = this.data.wechatSecret.secretArn;
    }
    if (accessOf(spec).includes('notice-receipt-key:read')) {
      environment.NOTICE_RECEIPT_SECRET_ARN = this.data.noticeReceiptSecret.secretArn;
    }
    if (accessOf(spec).includes('feedback-key:read')) {
      environment.FEEDBACK_TOKEN_SECRET_ARN = this.data.feedbackTokenSecret.secretArn;
    }
    const access = accessOf(spec);
    // 答复书: the remedy venues and the 文号 prefix (-c disclosureReconsiderationBody=…,
    // -c disclosureCourt=…, -c disclosureLetterPrefix=…); absent, the function's neutral defaults.
    if (access.includes('archive:write-letter')) {
      for (const [context, name] of [
        ['disclosureReconsiderationBody', 'DISCLOSURE_RECONSIDERATION_BODY'],
        ['disclosureCourt', 'DISCLOSURE_COURT'],
        ['disclosureLetterPrefix', 'DISCLOSURE_LETTER_PREFIX'],
      ] as const) {
        const value = this.node.tryGetContext(context);
        if (typeof value === 'string' && value.trim() !== '') environment[name] = value.trim();
      }
    }
    if (
      access.includes('marks:put-link') ||
      access.includes('marks:get-link') ||
      access.includes('feedback-key:read')
    ) {
      // The short link in the notice and where it leads, the feedback link on WeChat 查询: the
      // city's own domain when given (-c publicBaseUrl=…), otherwise the distribution's (WAF in
      // front), or the HTTP API's own where there is none.
      const publicBaseUrl = this.node.tryGetContext('publicBaseUrl');
      environment.PUBLIC_BASE_URL = typeof publicBaseUrl === 'string' ? publicBaseUrl : this.publicUrl();
    }
    // Where the console signs in: serve-web answers it at GET /console/config.json.
    if (spec.name === 'serve-web') Object.assign(environment, this.consoleSignInEnvironment);
    const consumesNotices = spec.triggers.some((t) => t.kind === 'sqs' && t.queue === 'notices');
    if (access.includes('notices:send') || consumesNotices) {
      environment[NOTICES_QUEUE.env] = this.data.noticesQueue.queueUrl;
    }
    // Whether the deployment sends SMS at all: the web form and the directory offer the phone check
    // (短信验证码) only then, required unless -c webformPhoneVerification=optional.
    environment.NOTICE_SMS_PROVIDER = smsProviderOf((key) => this.node.tryGetContext(key));
    Object.assign(
      environment,
      phoneVerificationEnvironment((key) => this.node.tryGetContext(key)),
    );
    if (access.includes('sms-secret:read')) {
      environment.SMS_PROVIDER_SECRET_ARN = this.data.smsProviderSecret.secretArn;
      Object.assign(
        environment,
        noticeEnvironment((key) => this.node.tryGetContext(key)),
      );
    }
    return environment;
  }

  private wire(fn: ServiceFunction, trigger: Trigger): void {
    switch (trigger.kind) {
      case 'http':
        this.route(fn, trigger);
        break;
      case 'sqs':
        this.consumeQueue(fn, trigger);
        break;
      case 'stream':
        this.consumeCasesStream(fn, trigger);
        break;
      case 'schedule':
        this.schedule(fn, trigger.rateMinutes);
        break;
      case 'sns':
        this.consumeSmsEvents(fn);
        break;
      case 'kinesis':
        this.consumeKinesis(fn, trigger);
        break;
    }
  }

  /**
   * Amazon Connect's contact records from the Kinesis data stream its instance exports them to
   * (`-c connectCtrStreamArn`, a stream of the city's; `-c connectCtrStreamKeyArn` when it is
   * encrypted with a customer managed key). A failed record is retried a bounded number of times,
   * isolated by bisecting, and then its pointer (shard and sequence range, not the record) is parked
   * on an alarmed queue, so one bad CTR never blocks its shard for longer than a few retries.
   */
  private consumeKinesis(fn: ServiceFunction, trigger: TriggerOf<'kinesis'>): void {
    const context = KINESIS_STREAM_CONTEXT[trigger.stream];
    const streamArn = this.node.tryGetContext(context);
    if (
      typeof streamArn !== 'string' ||
      !/^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[\w.-]{1,128}$/.test(streamArn)
    ) {
      throw new Error(`context ${context} must be a Kinesis data stream ARN, not ${String(streamArn)}`);
    }
    const keyContext = KINESIS_KEY_CONTEXT[trigger.stream];
    const keyArn = this.node.tryGetContext(keyContext);
    if (keyArn !== undefined && (typeof keyArn !== 'string' || !/^arn:aws[a-z-]*:kms:/.test(keyArn))) {
      throw new Error(`context ${keyContext} must be a KMS key ARN, not ${String(keyArn)}`);
    }
    const stream = kinesis.Stream.fromStreamAttributes(this, `${trigger.stream}-stream`, {
      streamArn,
      // The stream's own key, for a customer managed one: the event source then grants kms:Decrypt
      // on it. The AWS managed key (aws/kinesis) needs no grant.
      ...(keyArn ? { encryptionKey: kms.Key.fromKeyArn(this, `${trigger.stream}-stream-key`, keyArn) } : {}),
    });
    const failures = new sqs.Queue(this, `${trigger.stream}-failures`, QUEUE_DEFAULTS);
    Validations.of(failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'It is itself a dead-letter queue (the CTR stream consumer on-failure destination), alarmed below',
    });
    this.scheduleDlqs.push({ label: `CTR 流失败 ${trigger.stream} failures`, queue: failures });
    fn.addEventSource(
      new KinesisEventSource(stream, {
        // From the oldest record the stream still holds: CTRs written before this consumer existed
        // (or while its mapping was replaced) are calls too, and a replay is harmless (the intake is
        // idempotent per ContactId); LATEST would lose them without a trace.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: trigger.batchSize,
        maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds),
        // Partial batch responses: only the failed record and those after it are retried; a
        // poison record is isolated by halving, and after three retries its pointer is parked.
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 3,
        // Six hours of an outage are retried; older records are parked rather than block the shard.
        // The stream's retention (24 hours at least) then leaves time to read them again.
        maxRecordAge: Duration.hours(6),
        onFailure: new SqsDlq(failures),
      }),
    );
    opsAlarm(
      this,
      `${trigger.stream}-failures-not-empty`,
      {
        description:
          `Amazon Connect contact records failed after their retries (${fn.node.id}). The queue holds ` +
          `their shard and sequence range, not the records: npm run redrive -- ${trigger.stream}-failures ` +
          '--dry-run lists them; read them again from the stream before its retention ends (docs/runbook.md)',
        metric: failures.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 0,
      },
      this.data.opsTopic,
    );
  }

  /**
   * The AWS End User Messaging SMS events: a topic the SMS service may publish to (from this account
   * only), this function subscribed, failures retried twice by Lambda and then parked on a queue
   * (alarmed on the dashboard). With `-c smsProvider=aws` a configuration set sends its events here;
   * in other deployments (China regions have no End User Messaging SMS) the topic stays silent.
   */
  private consumeSmsEvents(fn: ServiceFunction): void {
    const topic = new sns.Topic(this, 'sms-events', { enforceSSL: true });
    Validations.of(topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'The SMS service publishes delivery events that name no citizen but a message id; a customer ' +
        'key would need a key policy for sms-voice.amazonaws.com in the data stack, left for when the ' +
        'AWS provider is used in production (docs/notices.md)',
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    const failures = new sqs.Queue(this, `${fn.node.id}-failures`, QUEUE_DEFAULTS);
    Validations.of(failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'It is itself a dead-letter queue (SMS events that failed three times), alarmed below',
    });
    this.scheduleDlqs.push({ label: `短信回执失败 ${fn.node.id}`, queue: failures });
    // Paged, not only graphed: an event parked here leaves its notice `sent`, never delivered or failed.
    opsAlarm(
      this,
      `${fn.node.id}-failures-not-empty`,
      {
        description: `${fn.node.id}: SMS delivery events failed after their retries; their notices keep their last state. What to do: npm run redrive -- ${fn.node.id}-failures --dry-run; docs/runbook.md`,
        metric: failures.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 0,
      },
      this.data.opsTopic,
    );
    fn.configureAsyncInvoke({ retryAttempts: 2, onFailure: new lambdaDestinations.SqsDestination(failures) });
    topic.addSubscription(new snsSubscriptions.LambdaSubscription(fn, { deadLetterQueue: failures }));
    if (this.node.tryGetContext('smsProvider') === 'aws') {
      const set = new smsvoice.CfnConfigurationSet(this, 'sms-configuration-set', {
        eventDestinations: [
          {
            eventDestinationName: 'delivery-receipts',
            enabled: true,
            matchingEventTypes: [...AWS_SMS_RECEIPT_EVENTS],
            snsDestination: { topicArn: topic.topicArn },
          },
        ],
      });
      this.smsConfigurationSetName = set.ref;
    }
  }

  private route(fn: ServiceFunction, trigger: TriggerOf<'http'>): void {
    const routes = this.api.addRoutes({
      path: trigger.path,
      methods: [HttpMethod[trigger.method]],
      integration: new HttpLambdaIntegration(`${fn.node.id}-integration`, fn),
      // 'public' and 'signed' routes have no authorizer (DESIGN §9): citizens' own channels, and
      // machine channels whose handler checks the sender's signature before anything else.
      // 'jwt' routes (staff, departments, analysts) take the staff pool's JWT authorizer; the
      // handler then checks the role and department itself (staffClaimsOf).
      ...(trigger.auth === 'jwt' ? { authorizer: this.staffAuthorizer } : {}),
    });
    // Only the routes without an authorizer need APIG4 acknowledged.
    for (const route of trigger.auth === 'jwt' ? [] : routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          trigger.auth === 'signed'
            ? `${trigger.method} ${trigger.path} is a machine channel (DESIGN §8); the handler verifies the sender's signature before anything else`
            : `${trigger.method} ${trigger.path} is a public citizen channel (DESIGN §9); it is throttled and validated in the handler`,
      });
    }
  }

  private consumeQueue(fn: ServiceFunction, trigger: TriggerOf<'sqs'>): void {
    const queue = trigger.queue === 'notices' ? this.data.noticesQueue : this.data.intakeQueue;
    fn.addEventSource(
      new SqsEventSource(queue, {
        batchSize: trigger.batchSize,
        maxBatchingWindow: Duration.seconds(trigger.maxBatchingWindowSeconds),
        // One bad appeal (or notice) is retried alone; the rest of the batch is deleted.
        reportBatchItemFailures: true,
      }),
    );
  }

  private consumeCasesStream(fn: ServiceFunction, trigger: TriggerOf<'stream'>): void {
    const whole = trigger.batchFailure === 'whole';
    fn.addEventSource(
      new DynamoEventSource(this.data.casesTable, {
        // From the oldest record still in the stream: a new consumer must see every change.
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: trigger.batchSize,
        retryAttempts: 5,
        ...(whole
          ? {
              // All or nothing: a failed batch is retried whole, from the same first record,
              // which keeps the aggregates exactly-once (shared/domain/metrics/projection.ts).
              // So no partial batch responses and no bisecting: either would start a retry
              // elsewhere.
              reportBatchItemFailures: false,
              bisectBatchOnError: false,
              // Never older than this: it bounds how long a batch may be retried, hence how
              // long the aggregates keep its mark (MARK_RETENTION_SECONDS stays above it).
              maxRecordAge: Duration.hours(1),
              // Fewer, fuller batches: one write per aggregate item per batch, and fewer marks.
              maxBatchingWindow: Duration.seconds(5),
            }
          : {
              reportBatchItemFailures: true,
              // A poison record is isolated by halving, instead of blocking the shard.
              bisectBatchOnError: true,
              maxRecordAge: Duration.hours(6),
            }),
        onFailure: new SqsDlq(this.data.streamFailuresQueue),
        ...(trigger.newImageStatus || trigger.newImagePauseReason || trigger.newImageDisclosure
          ? {
              // Lambda invokes for a record that matches any one of the filters.
              filters: [
                ...(trigger.newImageStatus
                  ? [
                      lambda.FilterCriteria.filter({
                        dynamodb: {
                          NewImage: { status: { S: lambda.FilterRule.or(...trigger.newImageStatus) } },
                        },
                      }),
                    ]
                  : []),
                ...(trigger.newImagePauseReason
                  ? [
                      lambda.FilterCriteria.filter({
                        dynamodb: {
                          NewImage: {
                            pausedSince: {
                              M: { reason: { S: lambda.FilterRule.or(...trigger.newImagePauseReason) } },
                            },
                          },
                        },
                      }),
                    ]
                  : []),
                ...(trigger.newImageDisclosure
                  ? [
                      lambda.FilterCriteria.filter({
                        dynamodb: {
                          NewImage: {
                            disclosure: {
                              M: { request: { M: { receivedOn: { S: lambda.FilterRule.exists() } } } },
                            },
                          },
                        },
                      }),
                    ]
                  : []),
              ],
            }
          : {}),
      }),
    );
  }

  /**
   * An EventBridge Scheduler schedule (not an events rule: Scheduler has per-target retries and a
   * dead-letter queue). The job is idempotent, so a retried or late invocation is harmless, and one
   * that is dropped is made up by the next; the DLQ and its alarm tell the operator it keeps failing.
   */
  private schedule(fn: ServiceFunction, rateMinutes: number): void {
    const dlq = new sqs.Queue(this, `${fn.node.id}-schedule-dlq`, QUEUE_DEFAULTS);
    Validations.of(dlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'It is itself a dead-letter queue (the schedule target failures of the supervision job), alarmed below',
    });
    this.scheduleDlqs.push({ label: `定时任务死信 ${fn.node.id}`, queue: dlq });
    const role = new iam.Role(this, `${fn.node.id}-schedule-role`, {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: `EventBridge Scheduler: invoke ${fn.node.id}, dead-letter to its queue`,
    });
    const fnLogicalId = this.getLogicalId(fn.node.defaultChild as lambda.CfnFunction);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${fnLogicalId}.Arn>:*]`,
      reason: "grantInvoke's qualified-ARN form: this one function's versions and aliases, nothing else",
    });
    new scheduler.Schedule(this, `${fn.node.id}-schedule`, {
      description: `${fn.node.id} every ${rateMinutes} minutes`,
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(rateMinutes)),
      target: new schedulerTargets.LambdaInvoke(fn, {
        role,
        // Older than one interval, the next scheduled run does the same work.
        maxEventAge: Duration.minutes(rateMinutes),
        retryAttempts: 2,
        deadLetterQueue: dlq,
      }),
    });
    opsAlarm(
      this,
      `${fn.node.id}-schedule-dlq-messages`,
      {
        description: `${fn.node.id}: scheduled invocations failed after their retries. What to do: npm run redrive -- ${fn.node.id}-schedule-dlq; docs/runbook.md`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 0,
      },
      this.data.opsTopic,
    );
  }

  /**
   * Every public route's own limit (infra/public-routes.ts). Route settings name a route key, so the
   * stage is created after the routes.
   */
  private throttlePublicRoutes(stage: HttpStage, functions: readonly FunctionSpec[]): void {
    const settings = publicRouteSettings(functions);
    if (Object.keys(settings).length === 0) return;
    (stage.node.defaultChild as CfnStage).addPropertyOverride('RouteSettings', settings);
    for (const route of this.api.node.children.filter((c): c is HttpRoute => c instanceof HttpRoute)) {
      stage.node.addDependency(route);
    }
  }

  /**
   * The edge's requests by what WAF did, per rule, beside the routes' counts: its metrics are in
   * us-east-1, which a dashboard may graph from any region.
   */
  private wafWidget(): void {
    const metric = (metricName: string, rule: string, label: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/WAFV2',
        metricName,
        dimensionsMap: { WebACL: WEB_ACL_METRIC, Rule: rule },
        region: EDGE_REGION,
        statistic: 'Sum',
        period: Duration.minutes(5),
        label,
      });
    this.opsDashboard.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: '边缘防火墙 AWS WAF（每 5 分钟）',
        width: 24,
        left: [
          metric('AllowedRequests', 'ALL', '放行 allowed'),
          metric('BlockedRequests', 'ALL', '拦截 blocked'),
        ],
        right: [
          metric('BlockedRequests', 'public-routes-rate', '超频 public-routes-rate'),
          metric('BlockedRequests', 'verification-rate', '验证码超频 verification-rate'),
          metric('BlockedRequests', 'body-size', '过大 body-size'),
          metric('BlockedRequests', 'aws-common', 'aws-common'),
          metric('BlockedRequests', 'aws-known-bad-inputs', 'aws-known-bad-inputs'),
        ],
      }),
    );
  }

  /**
   * The viewer's Host as X-Forwarded-Host (overwriting any the viewer sent): the API is reached by
   * its own name, and serve-web builds the console's sign-in redirects on the name the browser used.
   */
  private viewerHostFunction(): cloudfront.Function {
    return new cloudfront.Function(this, 'edge-viewer-host', {
      comment: 'Passes the viewer Host to the API as X-Forwarded-Host',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(
        [
          'function handler(event) {',
          '  var request = event.request;',
          "  request.headers['x-forwarded-host'] = { value: request.headers.host.value };",
          '  return request;',
          '}',
        ].join('\n'),
      ),
    });
  }

  /**
   * CloudFront in front of the HTTP API, for AWS WAF (an HTTP API stage takes no web ACL): nothing
   * cached, every method, every viewer header but Host (the API answers only to its own name), so
   * the call centre's signature headers, WeChat's query and the staff's JWT reach it unchanged. The
   * web ACL is the edge stack's, in us-east-1: its ARN read from that stack's output at deploy time
   * (Fn::GetStackOutput; the CDK's automatic cross-region references need both regions pinned, and
   * this app deploys env-agnostic by default).
   */
  private edgeDistribution(edge: EdgeStack): cloudfront.Distribution {
    this.addStackDependency(edge, 'the distribution takes the web ACL of the edge stack');
    const distribution = new cloudfront.Distribution(this, 'edge-distribution', {
      comment: '12345 hotline: the public front of the HTTP API (AWS WAF)',
      defaultBehavior: {
        origin: new origins.HttpOrigin(
          Fn.join('', [this.api.apiId, '.execute-api.', this.region, '.', this.urlSuffix]),
          {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          },
        ),
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        // With caching disabled this policy forwards Authorization too (no cache key to guard).
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        // A webhook's POST must not be redirected (its body would be lost): https or nothing.
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        functionAssociations: [
          { eventType: cloudfront.FunctionEventType.VIEWER_REQUEST, function: this.viewerHostFunction() },
        ],
      },
      webAclId: Fn.getStackOutput(edge.stackName, WEB_ACL_ARN_OUTPUT, EDGE_REGION),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    });
    Validations.of(distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          "A city's citizens file from wherever they are (travelling, abroad); the per-client rate rule and the managed rules guard the API, not a country list",
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          "Nothing is cached, so every request CloudFront forwards is in the API's access log (JSON, no query strings), and every request WAF blocks or counts in WAF's log (aws-waf-logs-hotline12345): a third log of the same requests would carry the query strings those two keep out",
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "The distribution serves on CloudFront's default *.cloudfront.net certificate, whose TLS policy CloudFront fixes (a minimum version takes effect only with a custom certificate); a city's own domain with an ACM certificate and TLSv1.2_2021 is the way to raise it (docs/operations.md, the edge)",
      },
    );
    return distribution;
  }

  /**
   * 节假日安排 missing: dispatch-appeal counted a deadline into a year without calendar data, or
   * supervise-deadlines found next year's record still missing 45 days before the year ends. Each
   * publishes CalendarYearMissing under its own `service` dimension (Powertools), summed here. The
   * operator adds the year (PUT /v1/admin/calendar/{year}) and the alarm clears.
   */
  private calendarYearAlarm(): void {
    const services = ['dispatch-appeal', 'supervise-deadlines'].filter((name) => this.functions.has(name));
    if (services.length === 0) return;
    const usingMetrics = Object.fromEntries(
      services.map((service, i) => [
        `m${i}`,
        new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: 'CalendarYearMissing',
          dimensionsMap: { service },
          statistic: 'Sum',
          period: Duration.hours(1),
        }),
      ]),
    );
    opsAlarm(
      this,
      'calendar-year-missing',
      {
        description:
          "A deadline reached a year without holiday calendar data, or next year's is missing 45 days before the year ends: add it (PUT /v1/admin/calendar/{year})",
        metric: new cloudwatch.MathExpression({
          expression: Object.keys(usingMetrics)
            .map((id) => `FILL(${id}, 0)`)
            .join(' + '),
          usingMetrics,
          period: Duration.hours(1),
          label: 'CalendarYearMissing',
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      },
      this.data.opsTopic,
    );
  }

  /**
   * 督办 skipped a case: supervise-deadlines could not take a step on it (it logs the caseId) and went
   * on with the others, so its run succeeded and no error or DLQ alarm says so. The case is tried
   * again on every run; a count that stays up means one case keeps failing.
   */
  private supervisionCaseAlarm(): void {
    if (!this.functions.has('supervise-deadlines')) return;
    opsAlarm(
      this,
      'supervision-case-failed',
      {
        description:
          'supervise-deadlines could not take a step on a case (see its log for the caseId); the other cases went on',
        metric: new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: 'SupervisionCaseFailed',
          dimensionsMap: { service: 'supervise-deadlines' },
          statistic: 'Sum',
          period: Duration.minutes(15),
        }),
        threshold: 0,
      },
      this.data.opsTopic,
    );
    // 漏接回拨: the same for a callback task (a warning, an overdue mark or an erasure not written):
    // an erasure that keeps failing keeps a number past its retention.
    opsAlarm(
      this,
      'supervision-callback-failed',
      {
        description:
          'supervise-deadlines could not take a step on a callback task or read a page of them (see its log for the taskId); the rest went on',
        metric: new cloudwatch.Metric({
          namespace: METRICS_NAMESPACE,
          metricName: 'SupervisionCallbackFailed',
          dimensionsMap: { service: 'supervise-deadlines' },
          statistic: 'Sum',
          period: Duration.minutes(15),
        }),
        threshold: 0,
      },
      this.data.opsTopic,
    );
  }

  private errorsAlarm(fn: ServiceFunction): void {
    opsAlarm(
      this,
      `${fn.node.id}-errors`,
      {
        description: `${fn.node.id} threw an unhandled error`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
      },
      this.data.opsTopic,
    );
  }
}

function accessOf(spec: FunctionSpec): readonly Access[] {
  const access = ACCESS[spec.name];
  // A new function gets no permission by default: its access is written down here on purpose.
  if (!access) throw new Error(`infra/stacks/service-stack.ts: no ACCESS entry for function '${spec.name}'`);
  return access;
}
