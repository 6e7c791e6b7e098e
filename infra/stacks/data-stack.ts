import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { alarmArchiveConflicts, archiveBucket } from '../constructs/archive-bucket.js';
import { channelSecrets } from '../constructs/channel-secrets.js';
import { dataTable } from '../constructs/data-table.js';
import { alarmIntakeQueues, intakeQueues, outputDeadLetterUrls } from '../constructs/intake-queues.js';
import { opsAlarmTopic } from '../constructs/ops-alarms.js';
import { type StaffIdentity, type StaffTokenIssuer, staffTokenIssuer } from '../constructs/staff-identity.js';
import { CASES_TABLE, DIRECTORY_TABLE, METRICS_TABLE, REQUEST_MARKS_TABLE } from '../resources.js';

/**
 * The stateful half: everything that holds a citizen's data or an operator's evidence. It changes
 * rarely and is never destroyed with the stack (RETAIN); the service stack redeploys freely on top.
 */
export class DataStack extends Stack {
  public readonly dataKey: kms.Key;
  /** 漏接回拨: the key that wraps the data keys of callers' numbers kept for a callback (only those). */
  public readonly callbackKey: kms.Key;
  public readonly casesTable: dynamodb.Table;
  public readonly directoryTable: dynamodb.Table;
  /** Metric aggregates: derived from the cases stream, rebuildable (npm run rebuild-metrics). */
  public readonly metricsTable: dynamodb.Table;
  /** The channels' short-lived marks (WeChat nonces seen, Idempotency-Keys): TTL, no stream. */
  public readonly requestMarksTable: dynamodb.Table;
  public readonly archiveBucket: s3.Bucket;
  /** Put-only access to `raw/*` of the archive, attached to the functions that archive payloads. */
  public readonly archiveRawWriterPolicy: iam.ManagedPolicy;
  /** Put and read back `uploads/*` of the archive: the dispatcher's copy of referenced photos. */
  public readonly archiveUploadWriterPolicy: iam.ManagedPolicy;
  /** Where the page's photos are posted: no Object Lock, every object expired after a day. */
  public readonly stagingBucket: s3.Bucket;
  /** Put-only access to `uploads/*` of staging: the rights a presigned photo upload acts with. */
  public readonly stagingPresignPolicy: iam.ManagedPolicy;
  /** Read `uploads/*` of staging: the dispatcher's side of the copy. */
  public readonly stagingReaderPolicy: iam.ManagedPolicy;
  /** Read-only access to `raw/*`: the completion notice finds the citizen's address there. */
  public readonly archiveRawReaderPolicy: iam.ManagedPolicy;
  /** 归档: put `cases/*` (and read it back), read `raw/*` and `uploads/*`: the stream consumer's. */
  public readonly archiveDossierWriterPolicy: iam.ManagedPolicy;
  /** 发布: put and read `releases/*`: the releases function's frozen documents. */
  public readonly archiveReleaseWriterPolicy: iam.ManagedPolicy;
  /** 答复书: put and read back `letters/*`: the disclosure desk's. */
  public readonly archiveLetterWriterPolicy: iam.ManagedPolicy;
  public readonly intakeQueue: sqs.Queue;
  public readonly intakeDlq: sqs.Queue;
  /** Where the cases-stream consumer parks the pointers of batches it could not process. */
  public readonly streamFailuresQueue: sqs.Queue;
  /** Queued notices (send-notice's input) and those that failed every attempt. */
  public readonly noticesQueue: sqs.Queue;
  public readonly noticesDlq: sqs.Queue;
  public readonly contactHashSecret: secretsmanager.Secret;
  /** 依申请公开: the HMAC key of applicants' identity numbers. */
  public readonly disclosureIdentitySecret: secretsmanager.Secret;
  /** The shared secret the call centre signs hotline call records with (HMAC-SHA256). */
  public readonly hotlineHmacSecret: secretsmanager.Secret;
  /** The WeChat Official Account's token, EncodingAESKey(s) and AppID, as one JSON secret. */
  public readonly wechatSecret: secretsmanager.Secret;
  /** The HMAC key of the one-time feedback tokens in completion notices (回访). */
  public readonly feedbackTokenSecret: secretsmanager.Secret;
  /** The SMS provider's credentials (Tencent or Alibaba), as JSON the operator fills. */
  public readonly smsProviderSecret: secretsmanager.Secret;
  public readonly noticeReceiptSecret: secretsmanager.Secret;
  public readonly opsTopic: sns.Topic;
  /**
   * The staff's Cognito user pool and its sign-in domain; stateful (the accounts), hence here. The
   * console client is the service stack's (its callback is the API's URL).
   */
  public readonly staffIdentity?: StaffIdentity;
  /** The staff's own OIDC provider given as context (China regions), instead of the pool. */
  public readonly staffExternalIssuer?: StaffTokenIssuer;

  public constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    // Every resource is made by a helper in this stack's own scope, not in a sub-construct: the
    // construct path, and so the logical id, stays what it was. A changed logical id would replace
    // a table, bucket, key or queue on deploy, and lose what it holds.

    // One customer-managed key for the citizens' data (tables, raw archive): its use is logged
    // in CloudTrail per call, its policy can be tightened without touching the data, and deleting
    // the stack cannot take it (RETAIN; a lost key is lost data).
    this.dataKey = new kms.Key(this, 'data-key', {
      description: '12345 hotline: cases, directory and raw archive',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.casesTable = dataTable(this, CASES_TABLE, this.dataKey);
    this.directoryTable = dataTable(this, DIRECTORY_TABLE, this.dataKey);
    this.metricsTable = dataTable(this, METRICS_TABLE, this.dataKey);
    this.requestMarksTable = dataTable(this, REQUEST_MARKS_TABLE, this.dataKey);

    const archive = archiveBucket(this, this.dataKey);
    this.archiveBucket = archive.bucket;
    this.archiveRawWriterPolicy = archive.rawWriterPolicy;
    this.archiveUploadWriterPolicy = archive.uploadWriterPolicy;
    this.archiveRawReaderPolicy = archive.rawReaderPolicy;
    this.archiveDossierWriterPolicy = archive.dossierWriterPolicy;
    this.archiveReleaseWriterPolicy = archive.releaseWriterPolicy;
    this.archiveLetterWriterPolicy = archive.letterWriterPolicy;
    this.stagingBucket = archive.staging.bucket;
    this.stagingPresignPolicy = archive.staging.presignPolicy;
    this.stagingReaderPolicy = archive.staging.readerPolicy;

    const queues = intakeQueues(this);
    this.intakeQueue = queues.intakeQueue;
    this.intakeDlq = queues.intakeDlq;
    this.streamFailuresQueue = queues.streamFailuresQueue;
    this.noticesQueue = queues.noticesQueue;
    this.noticesDlq = queues.noticesDlq;

    const secrets = channelSecrets(this);
    this.contactHashSecret = secrets.contactHashSecret;
    this.disclosureIdentitySecret = secrets.disclosureIdentitySecret;
    this.wechatSecret = secrets.wechatSecret;
    this.feedbackTokenSecret = secrets.feedbackTokenSecret;
    this.hotlineHmacSecret = secrets.hotlineHmacSecret;
    this.smsProviderSecret = secrets.smsProviderSecret;
    this.noticeReceiptSecret = secrets.noticeReceiptSecret;

    // 漏接回拨: callers' numbers, sealed by ingest-hotline with the Encryption SDK, have a key of their
    // own rather than the data key: its use is a CloudTrail record per number opened (an agent taking
    // a callback), its rights are two named functions' (GenerateDataKey to seal, Decrypt to open),
    // and an operator can disable it to make every kept number unreadable at once without touching
    // the tables. Rotation keeps the old key material, so numbers sealed before still open. RETAIN:
    // a deleted key would shred the numbers of every open callback.
    this.callbackKey = new kms.Key(this, 'callback-key', {
      description: "12345 hotline: callers' numbers kept for callbacks (漏接回拨)",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      alias: `${this.stackName}/callback-number`,
    });

    const staff = staffTokenIssuer(this);
    this.staffExternalIssuer = staff.external;
    this.staffIdentity = staff.identity;

    // The alarms of the stateful resources go to the operators' topic, made last so that the
    // resources above keep their order in the template.
    this.opsTopic = opsAlarmTopic(this);
    alarmIntakeQueues(this, queues, this.opsTopic);
    outputDeadLetterUrls(this, queues);
    alarmArchiveConflicts(this, this.opsTopic);
  }
}
