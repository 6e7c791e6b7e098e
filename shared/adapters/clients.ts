import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The one place AWS SDK clients are made. No endpoint is set here: in AWS the SDK finds the
 * regional one, and the local stack points it at the emulators through `AWS_ENDPOINT_URL_<SERVICE>`,
 * which the SDK reads by itself.
 */
let ddb: DynamoDBDocumentClient | undefined;
let sqs: SQSClient | undefined;
let s3: S3Client | undefined;

export function documentClient(): DynamoDBDocumentClient {
  ddb ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return ddb;
}

export function sqsClient(): SQSClient {
  // The regional endpoint serves every queue URL; taking the host from the queue URL would break
  // against emulators whose queue URLs name hosts that do not resolve.
  sqs ??= new SQSClient({ useQueueUrlAsEndpoint: false });
  return sqs;
}

export function s3Client(): S3Client {
  // Path-style addressing only where the local stack asks for it: emulators on localhost have no
  // per-bucket DNS names.
  s3 ??= new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' });
  return s3;
}
