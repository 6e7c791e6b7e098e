import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LOCAL_REGION } from './lambda-context.js';

export interface LocalClients {
  dynamodb: DynamoDBClient;
  document: DynamoDBDocumentClient;
  streams: DynamoDBStreamsClient;
  sqs: SQSClient;
  s3: S3Client;
  destroy(): void;
}

/** The stack's own clients (setup, pollers, snapshots), with explicit endpoints: this is local code. */
export function localClients(endpoints: { dynamodb: string; sqs: string; s3: string }): LocalClients {
  const base = { region: LOCAL_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const dynamodb = new DynamoDBClient({ ...base, endpoint: endpoints.dynamodb });
  const document = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const streams = new DynamoDBStreamsClient({ ...base, endpoint: endpoints.dynamodb });
  // fauxqs's queue URLs name a host that does not resolve; the endpoint must come from here.
  const sqs = new SQSClient({ ...base, endpoint: endpoints.sqs, useQueueUrlAsEndpoint: false });
  const s3 = new S3Client({ ...base, endpoint: endpoints.s3, forcePathStyle: true });
  return {
    dynamodb,
    document,
    streams,
    sqs,
    s3,
    destroy() {
      for (const c of [document, dynamodb, streams, sqs, s3]) c.destroy();
    },
  };
}
