import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { wafEnabled } from '../edge-settings.js';
import { ARCHIVE_BUCKET } from '../resources.js';
import { opsAlarm } from './ops-alarms.js';
import { METRICS_NAMESPACE } from './service-function.js';
import { type UploadStaging, uploadStaging } from './upload-staging.js';

/** The function that archives dossiers: the `service` dimension of its ArchiveConflict metric. */
const ARCHIVING_FUNCTION = 'project-case-events';

/** The archive bucket (归档) and the managed policies through which functions reach it. */
export interface Archive {
  readonly bucket: s3.Bucket;
  /** Put-only access to `raw/*` of the archive, attached to the functions that archive payloads. */
  readonly rawWriterPolicy: iam.ManagedPolicy;
  /**
   * Put (and read back, to tell a redelivery) under `uploads/*`: the dispatcher copies a referenced
   * photo from staging into the archive. No citizen's upload ever writes here directly.
   */
  readonly uploadWriterPolicy: iam.ManagedPolicy;
  /** Read-only access to `raw/*`: the completion notice finds the citizen's address there. */
  readonly rawReaderPolicy: iam.ManagedPolicy;
  /**
   * 归档: put `cases/*` (and read it back), read `raw/*`, `uploads/*` and `letters/*`, and set the
   * legal hold (法律保全) of all four: the stream consumer's.
   */
  readonly dossierWriterPolicy: iam.ManagedPolicy;
  /** 发布: put `releases/*` once (and read it back): the releases function's frozen documents. */
  readonly releaseWriterPolicy: iam.ManagedPolicy;
  /**
   * 答复书: put `letters/*` and read it back (the disclosure desk stores each letter once and serves
   * it after checking its hash).
   */
  readonly letterWriterPolicy: iam.ManagedPolicy;
  /** The staging bucket photos are posted to, expired after a day (upload-staging.ts). */
  readonly staging: UploadStaging;
}

/**
 * The archive: its access-log bucket, the bucket itself (Object Lock, lifecycle) and the four
 * policies, each with the cdk-nag acknowledgement of its prefix wildcard, and the staging bucket the
 * page posts photos to (upload-staging.ts, logging to the same access-log bucket). Everything is made in
 * `scope` itself (ids `access-logs`, `archive`, `archive-*`), so the logical ids are the stack's
 * own: a changed logical id would replace the bucket, and the archive is evidence.
 *
 * @example
 * const archive = archiveBucket(this, dataKey);
 * fn.role?.addManagedPolicy(archive.rawWriterPolicy);
 */
export function archiveBucket(scope: Construct, dataKey: kms.IKey): Archive {
  const { bucket, accessLogs } = bucketOf(scope, dataKey);
  const policy = archivePolicy(scope, bucket);
  const keyUse = (...actions: string[]) => new iam.PolicyStatement({ actions, resources: [dataKey.keyArn] });
  const objects = (actions: string[], ...prefixes: string[]) =>
    new iam.PolicyStatement({ actions, resources: prefixes.map((p) => bucket.arnForObjects(`${p}/*`)) });

  // Only new raw payloads: no read, no delete, no other prefix. Writing under the data key needs
  // GenerateDataKey (and Encrypt/Decrypt for the bucket key), named rather than wildcarded.
  const rawWriterPolicy = policy(
    'archive-raw-writer',
    'Put new raw payloads into the archive under raw/',
    [objects(['s3:PutObject'], 'raw'), keyUse('kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey')],
    {
      raw: 'Object keys are raw/YYYY/MM/DD/<caseId>.json, unknown in advance: the raw/ prefix is the bound',
    },
  );

  // The citizens' photos: the dispatcher copies each one an appeal references from staging, its
  // SHA-256 verified, under the same key (a citizen's POST never reaches the locked archive). Get
  // and ListBucket so that a redelivery finds the copy already there (404, not 403, when absent)
  // instead of writing a second locked version.
  const uploadWriterPolicy = policy(
    'archive-upload-writer',
    'Copy referenced photo attachments into the archive under uploads/ (put, and read back)',
    [
      objects(['s3:PutObject', 's3:GetObject'], 'uploads'),
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
      keyUse('kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'),
    ],
    {
      uploads:
        'Upload keys are uploads/YYYY/MM/DD/<uuid>.<ext>, named on each appeal: the uploads/ prefix is the bound',
    },
  );

  // The completion notice reads the citizen's openid or phone from the original payload (the case
  // keeps only keyed hashes): get-only, raw/ only, and Decrypt for the data key it is under.
  const rawReaderPolicy = policy(
    'archive-raw-reader',
    'Get raw payloads from the archive under raw/ (the citizen address for notices)',
    [objects(['s3:GetObject'], 'raw'), keyUse('kms:Decrypt')],
    {
      raw: 'Object keys are raw/YYYY/MM/DD/<caseId>.json, named on each case (rawKey): the raw/ prefix is the bound',
    },
  );

  // 答复书: the disclosure desk puts each rendered letter once under letters/<caseId>/<sha256>.pdf
  // (reading first, so a retry finds the same bytes there: 404, not 403, needs ListBucket), and
  // reads it back to serve it. No delete, and no other prefix.
  const letterWriterPolicy = policy(
    'archive-letter-writer',
    'Put disclosure reply letters into the archive under letters/ (put, and read back)',
    [
      objects(['s3:PutObject', 's3:GetObject'], 'letters'),
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
      keyUse('kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'),
    ],
    {
      letters:
        'Letter keys are letters/<caseId>/<sha256>.pdf, named by the rendered bytes: the letters/ prefix is the bound',
    },
  );

  // 归档: the stream consumer writes each dossier once under cases/ (reading it back first, to
  // tell a replay from a conflict) and reads the raw payload and photos it hashes. ListBucket only
  // so that S3 answers a missing key with 404 rather than 403: a photo key a citizen submitted but
  // never uploaded is then recorded as missing, and a real denial still fails loudly instead of
  // being written into create-only evidence as "missing". No delete; S3 encrypts under the data
  // key on its behalf and decrypts what it reads.
  // letters/: a disclosure case's 答复书, hashed into its dossier like the payload and the photos.
  // 法律保全: a supervisor's legal_hold on a closed case reaches S3 through this consumer only (the
  // stream is its one source), which sets or lifts the legal hold on every object the dossier
  // covers. PutObjectLegalHold neither deletes nor shortens a retention: a hold only adds a lock
  // that outlasts it. No GetObjectLegalHold: the put is idempotent, so nothing is read first.
  const prefixes = ['cases', 'raw', 'uploads', 'letters'];
  const dossierWriterPolicy = policy(
    'archive-dossier-writer',
    'Write case dossiers under cases/; read the raw payloads, attachments and reply letters they hash; set their legal hold',
    [
      objects(['s3:PutObject'], 'cases'),
      objects(['s3:GetObject'], ...prefixes),
      objects(['s3:PutObjectLegalHold'], ...prefixes),
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
      keyUse('kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'),
    ],
    Object.fromEntries(
      prefixes.map((p) => [
        p,
        `Keys under ${p}/ carry a date and an id unknown in advance: the ${p}/ prefix is the bound`,
      ]),
    ),
  );

  // 发布: a published release's document is written once under releases/ (locked like every
  // object here) and read back, by the releases function only; ListBucket so a missing document is
  // a 404, which tells a first publish from a retried one. No delete.
  const releaseWriterPolicy = policy(
    'archive-release-writer',
    'Write frozen release documents under releases/ and read them back',
    [
      objects(['s3:PutObject', 's3:GetObject'], 'releases'),
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
      keyUse('kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'),
    ],
    {
      releases:
        'Release keys are releases/<releaseId>.json, one per release made later: the releases/ prefix is the bound',
    },
  );

  const staging = uploadStaging(scope, dataKey, accessLogs, webOrigins(Stack.of(scope)));
  return {
    bucket,
    rawWriterPolicy,
    uploadWriterPolicy,
    rawReaderPolicy,
    dossierWriterPolicy,
    releaseWriterPolicy,
    letterWriterPolicy,
    staging,
  };
}

/**
 * A dossier that exists with other bytes was not overwritten: edited evidence, or a changed dossier
 * format meeting an old one. Either way an operator must look.
 */
export function alarmArchiveConflicts(scope: Construct, topic: sns.ITopic): void {
  opsAlarm(
    scope,
    'archive-conflict',
    {
      description:
        'A case dossier already exists in the archive with different bytes; it was not overwritten',
      metric: new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: 'ArchiveConflict',
        dimensionsMap: { service: ARCHIVING_FUNCTION },
        period: Duration.minutes(5),
        statistic: 'Sum',
      }),
      threshold: 0,
    },
    topic,
  );
}

function bucketOf(scope: Construct, dataKey: kms.IKey): { bucket: s3.Bucket; accessLogs: s3.Bucket } {
  // Server access logs of the archive go to their own bucket: the archive is evidence, so who
  // read or wrote it is recorded. Access-log delivery supports only SSE-S3 on the target bucket.
  const accessLogs = new s3.Bucket(scope, 'access-logs', {
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
  const bucket = new s3.Bucket(scope, ARCHIVE_BUCKET.id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: dataKey,
    bucketKeyEnabled: true,
    enforceSSL: true,
    // Versioned: an overwritten or deleted payload can still be produced as evidence.
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: 'archive/',
    // No CORS: the citizen page posts its photos to the staging bucket (upload-staging.ts), never
    // here. No lifecycle rule on uploads/: a photo here was copied because a case references it,
    // and is evidence like raw/.
    // 归档: every object version is locked (WORM) for the retention the city's records schedule
    // sets. GOVERNANCE by default: only a principal granted s3:BypassGovernanceRetention (none
    // here) can shorten it for a court-ordered correction; COMPLIANCE (context
    // archiveObjectLockMode) lets nobody, root included. Mode and period are set below.
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
  (bucket.node.defaultChild as s3.CfnBucket).objectLockConfiguration = {
    objectLockEnabled: 'Enabled',
    rule: {
      defaultRetention: {
        mode: archiveObjectLockMode(Stack.of(scope)),
        years: archiveRetentionYears(Stack.of(scope)),
      },
    },
  };
  return { bucket, accessLogs };
}

/**
 * A maker of the archive's managed policies. Each names its prefixes with a wildcard, which cdk-nag
 * reports (AwsSolutions-IAM5) once per prefix: `reasons` acknowledges each prefix with its reason.
 */
function archivePolicy(scope: Construct, bucket: s3.Bucket) {
  const bucketLogicalId = Stack.of(scope).getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  return (
    id: string,
    description: string,
    statements: iam.PolicyStatement[],
    reasons: Readonly<Record<string, string>>,
  ): iam.ManagedPolicy => {
    const managed = new iam.ManagedPolicy(scope, id, { description, statements });
    for (const [prefix, reason] of Object.entries(reasons)) {
      Validations.of(managed).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/${prefix}/*]`,
        reason,
      });
    }
    return managed;
  };
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

/** The Object Lock modes S3 offers for a default retention. */
export const OBJECT_LOCK_MODES = ['GOVERNANCE', 'COMPLIANCE'] as const;
export type ObjectLockMode = (typeof OBJECT_LOCK_MODES)[number];

/**
 * The default retention's mode (context `archiveObjectLockMode`), GOVERNANCE unless the city's
 * archives office decides otherwise. COMPLIANCE cannot be undone for the objects written under it:
 * nobody, root included, can shorten or delete them before their retention ends. A typo must not
 * fall back silently to either mode, so anything else fails the synth.
 */
function archiveObjectLockMode(stack: Stack): ObjectLockMode {
  const raw: unknown = stack.node.tryGetContext('archiveObjectLockMode') ?? 'GOVERNANCE';
  if (typeof raw !== 'string' || !(OBJECT_LOCK_MODES as readonly string[]).includes(raw)) {
    throw new Error(
      `archiveObjectLockMode must be ${OBJECT_LOCK_MODES.join(' or ')} (upper case), not '${String(raw)}'`,
    );
  }
  return raw as ObjectLockMode;
}

/**
 * The origins the citizen page is served from, for the staging bucket's CORS rule: the context
 * `webOrigins` (comma-separated https origins: the deployed API's own
 * `https://<api id>.execute-api.<region>.<suffix>`, a custom domain), else every execute-api host
 * of the region (and every CloudFront distribution's where the edge fronts the API). The API's own origin cannot be the default: the API is in the service stack,
 * which depends on this data stack (tables, key, bucket), so naming it here would be a dependency
 * cycle, and a custom resource in the service stack rewriting this bucket's CORS would fight this
 * stack's template on its next deploy. What the wildcard allows is little: another execute-api
 * page may read S3's answer to a POST, not write more than a presigned grant lets anyone write (a
 * plain form POST needs no CORS at all). Narrow it after the first deploy with
 * `-c webOrigins=<the API's URL origin>`.
 */
function webOrigins(stack: Stack): string[] {
  const configured = stack.node.tryGetContext('webOrigins') as string | string[] | undefined;
  if (configured === undefined) {
    return [
      `https://*.execute-api.${stack.region}.${stack.urlSuffix}`,
      // The page served through the edge's CloudFront distribution (infra/edge-settings.ts).
      ...(wafEnabled((key) => stack.node.tryGetContext(key), stack.region)
        ? ['https://*.cloudfront.net']
        : []),
    ];
  }
  const origins = (Array.isArray(configured) ? configured : configured.split(','))
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  const bad = origins.find((origin) => !isHttpsOrigin(origin));
  if (origins.length === 0 || bad !== undefined) {
    throw new Error(
      `webOrigins must be https origins (https://host[:port], no path and no wildcard), not '${bad ?? String(configured)}'`,
    );
  }
  return origins;
}

/** `https://host[:port]` exactly, a host without `*`: what a browser sends as Origin. */
function isHttpsOrigin(text: string): boolean {
  if (!URL.canParse(text) || text.includes('*')) return false;
  const url = new URL(text);
  return url.protocol === 'https:' && url.origin === text;
}
