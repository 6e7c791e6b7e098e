import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { STAGING_BUCKET, UPLOAD_STAGING_DAYS } from '../resources.js';

/** The staging bucket citizens' photos are posted to, and the two policies that reach it. */
export interface UploadStaging {
  readonly bucket: s3.Bucket;
  /** Put-only access to `uploads/*` of staging: the rights a presigned photo upload acts with. */
  readonly presignPolicy: iam.ManagedPolicy;
  /** Get (and list, for a 404) under `uploads/*` of staging: the dispatcher reads what a case references. */
  readonly readerPolicy: iam.ManagedPolicy;
}

/**
 * Photos land here first, not in the archive: the archive is versioned under Object Lock, so
 * whatever a citizen (or anyone with a grant) posts there can never be deleted. Staging has no
 * Object Lock and no versioning, and a lifecycle rule expires every object after a day: an upload
 * no appeal references is gone by then, and one that is referenced has been copied into the archive
 * by the dispatcher (checksum verified) within seconds. Made in `scope` itself (id `uploads-staging`).
 *
 * @example
 * const staging = uploadStaging(this, dataKey, accessLogs, origins);
 */
export function uploadStaging(
  scope: Construct,
  dataKey: kms.IKey,
  accessLogs: s3.IBucket,
  allowedOrigins: string[],
): UploadStaging {
  const bucket = new s3.Bucket(scope, STAGING_BUCKET.id, {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    // Photos may show a citizen's home or face: the data key, like the archive.
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: dataKey,
    bucketKeyEnabled: true,
    enforceSSL: true,
    // Not versioned: an object that expires is gone, and a second POST under one grant (same key,
    // same size, same checksum) replaces the first instead of adding a version.
    versioned: false,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: 'uploads-staging/',
    // As the archive's rule was: the page reads S3's answer to its POST, from its own origins only.
    cors: [{ allowedMethods: [s3.HttpMethods.POST], allowedOrigins, maxAge: 3600 }],
    lifecycleRules: [
      {
        id: 'expire-unreferenced-uploads',
        expiration: Duration.days(UPLOAD_STAGING_DAYS),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
    // Nothing here outlives a day anyway; RETAIN so that a stack update never replaces a bucket
    // the page is posting to.
    removalPolicy: RemovalPolicy.RETAIN,
  });

  const bucketLogicalId = Stack.of(scope).getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  const acknowledged = (managed: iam.ManagedPolicy, reason: string) =>
    Validations.of(managed).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/uploads/*]`,
      reason,
    });
  const uploads = bucket.arnForObjects('uploads/*');

  // A presigned POST is signed with the upload function's role: this is all a grant can ever do.
  const presignPolicy = new iam.ManagedPolicy(scope, 'uploads-staging-writer', {
    description: 'Put new photo uploads into the staging bucket under uploads/ (presigned POST)',
    statements: [
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [uploads] }),
      new iam.PolicyStatement({ actions: ['kms:GenerateDataKey'], resources: [dataKey.keyArn] }),
    ],
  });
  acknowledged(
    presignPolicy,
    'Upload keys are uploads/YYYY/MM/DD/<uuid>.<ext>, made per request; each grant signs one key: the uploads/ prefix is the bound',
  );

  // ListBucket only so that S3 answers a key never uploaded with 404 rather than 403: the case
  // then notes the photo as missing, and a real denial still fails loudly (and is retried).
  const readerPolicy = new iam.ManagedPolicy(scope, 'uploads-staging-reader', {
    description: 'Read photo uploads from the staging bucket under uploads/ (to copy into the archive)',
    statements: [
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [uploads] }),
      // No s3:prefix condition: S3 decides 404 or 403 for a missing key on ListBucket of the
      // bucket as such, without a prefix in the request context.
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
      new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [dataKey.keyArn] }),
    ],
  });
  acknowledged(
    readerPolicy,
    'Keys referenced by an appeal are uploads/YYYY/MM/DD/<uuid>.<ext>, unknown in advance: the uploads/ prefix is the bound',
  );

  return { bucket, presignPolicy, readerPolicy };
}
