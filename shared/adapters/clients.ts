import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { counted } from './request-count.js';

/**
 * The one place AWS SDK clients are made. No endpoint is set here: in AWS the SDK finds the
 * regional one, and the local stack points it at the emulators through `AWS_ENDPOINT_URL_<SERVICE>`,
 * which the SDK reads by itself. With COUNT_AWS_REQUESTS=true (the benchmark) each client also
 * counts its requests (request-count.ts).
 */
let ddb: DynamoDBDocumentClient | undefined;
let sqs: SQSClient | undefined;
let s3: S3Client | undefined;

export function documentClient(): DynamoDBDocumentClient {
  ddb ??= DynamoDBDocumentClient.from(counted(new DynamoDBClient({})), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return ddb;
}

export function sqsClient(): SQSClient {
  // The regional endpoint serves every queue URL; taking the host from the queue URL would break
  // against emulators whose queue URLs name hosts that do not resolve.
  sqs ??= counted(new SQSClient({ useQueueUrlAsEndpoint: false }));
  return sqs;
}

export function s3Client(): S3Client {
  // Path-style addressing only where the local stack asks for it: emulators on localhost have no
  // per-bucket DNS names.
  s3 ??= counted(new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' }));
  return s3;
}
