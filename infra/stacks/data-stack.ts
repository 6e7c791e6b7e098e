import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../constructs/service-function.js';
import { externalStaffIssuer, StaffIdentity, type StaffTokenIssuer } from '../constructs/staff-identity.js';
import {
  ARCHIVE_BUCKET,
  CASES_TABLE,
  DIRECTORY_TABLE,
  INTAKE_QUEUE,
  METRICS_TABLE,
  type TableSpec,
} from '../resources.js';

/** The function that archives dossiers: the `service` dimension of its ArchiveConflict metric. */
const ARCHIVING_FUNCTION = 'project-case-events';

/**
 * The stateful half: everything that holds a citizen's data or an operator's evidence. It changes
 * rarely and is never destroyed with the stack (RETAIN); the service stack redeploys freely on top.
 */
export class DataStack extends Stack {
  public readonly dataKey: kms.Key;
  public readonly casesTable: dynamodb.Table;
  public readonly directoryTable: dynamodb.Table;
  /** Metric aggregates: derived from the cases stream, rebuildable (npm run rebuild-metrics). */
  public readonly metricsTable: dynamodb.Table;
  public readonly archiveBucket: s3.Bucket;
  /** Put-only access to `raw/*` of the archive, attached to the functions that archive payloads. */
  public readonly archiveRawWriterPolicy: iam.ManagedPolicy;
  /** Put-only access to `uploads/*`: the rights a presigned photo upload acts with. */
  public readonly archiveUploadWriterPolicy: iam.ManagedPolicy;
  /** Read-only access to `raw/*`: the completion notice finds the citizen's address there. */
  public readonly archiveRawReaderPolicy: iam.ManagedPolicy;
  /** 归档: put `cases/*` (and read it back), read `raw/*` and `uploads/*`: the stream consumer's. */
  public readonly archiveDossierWriterPolicy: iam.ManagedPolicy;
  public readonly intakeQueue: sqs.Queue;
  public readonly intakeDlq: sqs.Queue;
  /** Where the cases-stream consumer parks the pointers of batches it could not process. */
  public readonly streamFailuresQueue: sqs.Queue;
  public readonly contactHashSecret: secretsmanager.Secret;
  /** The shared secret the call centre signs hotline call records with (HMAC-SHA256). */
  public readonly hotlineHmacSecret: secretsmanager.Secret;
  /** The WeChat Official Account's token, EncodingAESKey(s) and AppID, as one JSON secret. */
  public readonly wechatSecret: secretsmanager.Secret;
  /** The HMAC key of the one-time feedback tokens in completion notices (回访). */
  public readonly feedbackTokenSecret: secretsmanager.Secret;
  public readonly opsTopic: sns.Topic;
  /** The staff's Cognito user pool and console client; stateful (the accounts), hence here. */
  public readonly staffIdentity?: StaffIdentity;
  /** Who signs staff tokens: the pool above, or the provider given as context (China regions). */
  public readonly staffIssuer: StaffTokenIssuer;

  public constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    // One customer-managed key for the citizens' data (tables, raw archive): its use is logged
    // in CloudTrail per call, its policy can be tightened without touching the data, and deleting
    // the stack cannot take it (RETAIN; a lost key is lost data).
    this.dataKey = new kms.Key(this, 'data-key', {
      description: '12345 hotline: cases, directory and raw archive',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.casesTable = this.table(CASES_TABLE);
    this.directoryTable = this.table(DIRECTORY_TABLE);
    this.metricsTable = this.table(METRICS_TABLE);

    // Server access logs of the archive go to their own bucket: the archive is evidence, so who
    // read or wrote it is recorded. Access-log delivery supports only SSE-S3 on the target bucket.
    const accessLogs = new s3.Bucket(this, 'access-logs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      // Kept as long as the function logs: one year of public-service records.
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // The raw inbound payloads, as received (raw/YYYY/MM/DD/<caseId>.json). They carry callers'
    // phone numbers in clear, so they are encrypted with the customer-managed key rather than
    // SSE-S3: reading one needs kms:Decrypt, which is granted (and audited) separately from s3:Get.
    // A bucket key keeps the KMS request cost flat at high intake rates.
    this.archiveBucket = new s3.Bucket(this, ARCHIVE_BUCKET.id, {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.dataKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      // Versioned: an overwritten or deleted payload can still be produced as evidence.
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'archive/',
      // The citizen page posts photos straight to uploads/ with a presigned POST (the signed policy,
      // not CORS, is the bound on what is written). CORS only lets the page read S3's answer: POST
      // only, from the HTTP API's own origin (its id is unknown until deploy, hence the one wildcard
      // S3 allows) or a custom domain given as context `webOrigins`. No lifecycle rule on uploads/:
      // a photo a case references is evidence like raw/, and a rule cannot tell it from an orphan.
      cors: [
        {
          allowedMethods: [s3.HttpMethods.POST],
          allowedOrigins: webOrigins(this),
          maxAge: 3600,
        },
      ],
      // 归档: every object version is locked (WORM) for the retention the city's records schedule
      // sets; GOVERNANCE, so only a principal granted s3:BypassGovernanceRetention (none here) can
      // shorten it for a court-ordered correction. The period is set in years below.
      objectLockEnabled: true,
      // Dossiers are read rarely after their first quarter: Standard-IA reads at once (an audit and
      // verify-archive need no restore, unlike Glacier) and is offered in the China regions too.
      // S3 keeps objects under 128 KB in Standard, where they cost less than IA's 128 KB minimum.
      lifecycleRules: [
        {
          id: 'dossiers-to-infrequent-access',
          prefix: 'cases/',
          transitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) },
          ],
        },
      ],
      // RETAIN: the archive is evidence of what a citizen submitted; it outlives any stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // In years, not CDK's days: a retention schedule (保管期限) is stated in years, and 3650 days
    // would fall short of ten years by the leap days.
    (this.archiveBucket.node.defaultChild as s3.CfnBucket).objectLockConfiguration = {
      objectLockEnabled: 'Enabled',
      rule: { defaultRetention: { mode: 'GOVERNANCE', years: archiveRetentionYears(this) } },
    };

    // Only new raw payloads: no read, no delete, no other prefix. Writing under the data key needs
    // GenerateDataKey (and Encrypt/Decrypt for the bucket key), named rather than wildcarded.
    this.archiveRawWriterPolicy = new iam.ManagedPolicy(this, 'archive-raw-writer', {
      description: 'Put new raw payloads into the archive under raw/',
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [this.archiveBucket.arnForObjects('raw/*')],
        }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [this.dataKey.keyArn],
        }),
      ],
    });
    const bucketLogicalId = this.getLogicalId(this.archiveBucket.node.defaultChild as s3.CfnBucket);
    Validations.of(this.archiveRawWriterPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/raw/*]`,
      reason:
        'Object keys are raw/YYYY/MM/DD/<caseId>.json, unknown in advance: the raw/ prefix is the bound',
    });

    // The citizens' photos: a presigned POST is signed with the upload function's role, so this is
    // all a citizen's upload can ever do. S3 encrypts it under the data key on the role's behalf.
    this.archiveUploadWriterPolicy = new iam.ManagedPolicy(this, 'archive-upload-writer', {
      description: 'Put new photo attachments into the archive under uploads/',
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [this.archiveBucket.arnForObjects('uploads/*')],
        }),
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [this.dataKey.keyArn] }),
      ],
    });
    Validations.of(this.archiveUploadWriterPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/uploads/*]`,
      reason:
        'Upload keys are uploads/YYYY/MM/DD/<uuid>.<ext>, made per request: the uploads/ prefix is the bound',
    });

    // The completion notice reads the citizen's openid or phone from the original payload (the case
    // keeps only keyed hashes): get-only, raw/ only, and Decrypt for the data key it is under.
    this.archiveRawReaderPolicy = new iam.ManagedPolicy(this, 'archive-raw-reader', {
      description: 'Get raw payloads from the archive under raw/ (the citizen address for notices)',
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:GetObject'],
          resources: [this.archiveBucket.arnForObjects('raw/*')],
        }),
        new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [this.dataKey.keyArn] }),
      ],
    });
    Validations.of(this.archiveRawReaderPolicy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/raw/*]`,
      reason:
        'Object keys are raw/YYYY/MM/DD/<caseId>.json, named on each case (rawKey): the raw/ prefix is the bound',
    });
    // 归档: the stream consumer writes each dossier once under cases/ (reading it back first, to
    // tell a replay from a conflict) and reads the raw payload and photos it hashes. ListBucket only
    // so that S3 answers a missing key with 404 rather than 403: a photo key a citizen submitted but
    // never uploaded is then recorded as missing, and a real denial still fails loudly instead of
    // being written into create-only evidence as "missing". No delete; S3 encrypts under the data
    // key on its behalf and decrypts what it reads.
    this.archiveDossierWriterPolicy = new iam.ManagedPolicy(this, 'archive-dossier-writer', {
      description: 'Write case dossiers under cases/; read the raw payloads and attachments they hash',
      statements: [
        new iam.PolicyStatement({
          actions: ['s3:PutObject'],
          resources: [this.archiveBucket.arnForObjects('cases/*')],
        }),
        new iam.PolicyStatement({
          actions: ['s3:GetObject'],
          resources: ['cases/*', 'raw/*', 'uploads/*'].map((p) => this.archiveBucket.arnForObjects(p)),
        }),
        new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.archiveBucket.bucketArn] }),
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [this.dataKey.keyArn],
        }),
      ],
    });
    for (const prefix of ['cases', 'raw', 'uploads']) {
      Validations.of(this.archiveDossierWriterPolicy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${prefix}/*]`,
        reason: `Keys under ${prefix}/ carry a date and an id unknown in advance: the ${prefix}/ prefix is the bound`,
      });
    }

    // SQS-managed encryption: at rest encrypted without a KMS key in every producer's and
    // consumer's policy; the messages live minutes, the archive and the table hold the record.
    this.intakeDlq = new sqs.Queue(this, `${INTAKE_QUEUE.id}-dlq`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: an operator has two weeks to inspect and redrive.
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.intakeQueue = new sqs.Queue(this, INTAKE_QUEUE.id, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(INTAKE_QUEUE.visibilityTimeoutSeconds),
      // An appeal is acknowledged once it is here: keep it as long as SQS allows.
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: this.intakeDlq, maxReceiveCount: INTAKE_QUEUE.maxReceiveCount },
      // RETAIN: replacing the stack must not drop appeals that are acknowledged but not yet cases.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Stateful too, so it lives here: the records it points at are replayed by an operator.
    this.streamFailuresQueue = new sqs.Queue(this, 'case-stream-failures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.streamFailuresQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'It is itself a dead-letter queue (the stream consumer on-failure destination), alarmed below',
    });

    // The key of the callers' keyed hash (caller history, repeat detection). RETAIN: without it
    // no stored hash can be matched again.
    this.contactHashSecret = new secretsmanager.Secret(this, 'contact-hash-key', {
      description: '12345 hotline: HMAC key for callers contact hashes',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.contactHashSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the HMAC key would orphan every stored caller hash; it is re-keyed by a planned ' +
        'procedure that rehashes the caller index, not by a rotation Lambda',
    });

    // The WeChat account's server settings (服务器配置). The token is generated here for the operator
    // to paste into the WeChat console; the EncodingAESKey and AppID come from that console and
    // replace the placeholders (README, "WeChat Official Account"). Until then the function refuses
    // messages with a 500 naming the placeholder, rather than accepting unverifiable ones.
    this.wechatSecret = new secretsmanager.Secret(this, 'wechat-secret', {
      description: '12345 hotline: WeChat Official Account token, EncodingAESKey, previous key, AppID (JSON)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({
          encodingAesKey: 'REPLACE_WITH_THE_43_CHARACTER_ENCODING_AES_KEY',
          previousEncodingAesKey: '',
          appId: 'REPLACE_WITH_THE_APPID',
        }),
        generateStringKey: 'token',
        passwordLength: 32,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.wechatSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The token and EncodingAESKey are set in the WeChat console by hand, which no rotation Lambda ' +
        'can reach; a key change is a procedure (new key as encodingAesKey, old one as previousEncodingAesKey)',
    });

    // The key of the feedback tokens (回访). Its own secret, not derived from the contact-hash key:
    // that one can never rotate, this one may (it only voids the links still open, at most the
    // follow-up window), and the feedback function holds no key that could hash a phone number.
    this.feedbackTokenSecret = new secretsmanager.Secret(this, 'feedback-token-key', {
      description: '12345 hotline: HMAC key of the one-time feedback tokens in completion notices',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.feedbackTokenSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating it voids every feedback link still open (up to the 7-day follow-up window), so it is ' +
        'rotated by a planned procedure at a quiet time, not on a rotation Lambda schedule',
    });

    // The call centre's signing secret: generated here, read by the operator from Secrets Manager
    // and configured in the CTI. Stateful (the CTI holds a copy), so it lives in this stack.
    this.hotlineHmacSecret = new secretsmanager.Secret(this, 'hotline-hmac-secret', {
      description: '12345 hotline: HMAC-SHA256 secret of the CTI call-record webhook',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.hotlineHmacSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret is shared with the external call centre, which cannot fetch it: a rotation ' +
        'Lambda would break signing until the CTI is reconfigured, so it is rotated by procedure',
    });

    const external = externalStaffIssuer(this);
    if (external) {
      this.staffIssuer = external;
    } else {
      if (!Token.isUnresolved(this.region) && this.region.startsWith('cn-')) {
        throw new Error(
          `Amazon Cognito user pools are not offered in ${this.region}: give the staff's OIDC provider ` +
            'with -c staffJwtIssuer=https://... -c staffJwtAudience=<client id> (README, "Staff access")',
        );
      }
      const identity = new StaffIdentity(this, 'staff-identity');
      this.staffIdentity = identity;
      this.staffIssuer = {
        issuerUrl: identity.issuerUrl,
        audience: [identity.consoleClient.userPoolClientId],
      };
      new CfnOutput(this, 'staff-user-pool-id', { value: identity.userPool.userPoolId });
      new CfnOutput(this, 'staff-console-client-id', { value: identity.consoleClient.userPoolClientId });
    }

    // A key of its own for the alarm topic: CloudWatch must be allowed to use it to publish, and
    // that service grant should not reach the key of the citizens' data.
    const opsKey = new kms.Key(this, 'ops-key', {
      description: '12345 hotline: operator alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    opsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    this.opsTopic = new sns.Topic(this, 'ops-alarms', {
      displayName: '12345 hotline operator alarms',
      masterKey: opsKey,
      enforceSSL: true,
    });

    // Any message in the DLQ is an appeal that was acknowledged and not turned into a case.
    this.alarm(
      'intake-dlq-not-empty',
      'An appeal failed dispatch three times and sits in the intake DLQ',
      this.intakeDlq.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      0,
    );
    // Five minutes of backlog means dispatch is down or throttled while citizens wait.
    this.alarm(
      'intake-oldest-message-age',
      'The oldest appeal in the intake queue has waited more than 300 s',
      this.intakeQueue.metricApproximateAgeOfOldestMessage({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      300,
    );
    this.alarm(
      'case-stream-failures-not-empty',
      'A cases-stream batch failed after its retries; derived views miss its records',
      this.streamFailuresQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      0,
    );
    // A dossier that exists with other bytes was not overwritten: edited evidence, or a changed
    // dossier format meeting an old one. Either way an operator must look.
    this.alarm(
      'archive-conflict',
      'A case dossier already exists in the archive with different bytes; it was not overwritten',
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'ArchiveConflict',
        dimensionsMap: { service: ARCHIVING_FUNCTION },
        period: Duration.minutes(5),
        statistic: 'Sum',
      }),
      0,
    );
  }

  private table(spec: TableSpec): dynamodb.Table {
    const table = new dynamodb.Table(this, spec.id, {
      partitionKey: { name: spec.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: spec.sortKey, type: dynamodb.AttributeType.STRING },
      // On-demand: a hotline's load follows the day and spikes with storms and outages.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // Both images: the projector needs the old status to count transitions once.
      ...(spec.stream === false ? {} : { stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES }),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.dataKey,
      deletionProtection: true,
      // RETAIN: the cases table is the single source of truth of every appeal (and the others
      // hold the catalogue and the published figures).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of spec.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        ...(index.sortKey ? { sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING } } : {}),
        // ALL: the lookups read whole cases from the index, with no second GetItem per hit.
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }

  private alarm(id: string, description: string, metric: cloudwatch.IMetric, threshold: number): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // An idle queue publishes no datapoints; silence is not a failure.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.opsTopic));
  }
}

/** S3 Object Lock takes 1 to 100 years; the records schedule decides (context `archiveRetentionYears`). */
function archiveRetentionYears(stack: Stack): number {
  const raw: unknown = stack.node.tryGetContext('archiveRetentionYears') ?? 10;
  const years = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof years !== 'number' || !Number.isInteger(years) || years < 1 || years > 100) {
    throw new Error(
      `archiveRetentionYears must be a whole number of years from 1 to 100, not '${String(raw)}'`,
    );
  }
  return years;
}

/** The origins the citizen page is served from: the regional execute-api hosts, or `webOrigins`. */
function webOrigins(stack: Stack): string[] {
  const configured = stack.node.tryGetContext('webOrigins') as string | string[] | undefined;
  if (configured) return Array.isArray(configured) ? configured : configured.split(',');
  return [`https://*.execute-api.${stack.region}.${stack.urlSuffix}`];
}
