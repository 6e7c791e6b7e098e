import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import type { FauxqsServer } from 'fauxqs';
import { INTAKE_QUEUE, NOTICES_QUEUE, TABLES, type TableSpec } from '../infra/resources.js';
import type { DynamoDbFeatures } from './dynamodb-engine.js';

/** Local names: one stack per machine (per data dir), so no stage prefix is needed. */
export const LOCAL_NAMES = {
  casesTable: 'cases',
  directoryTable: 'directory',
  metricsTable: 'metrics',
  requestMarksTable: 'request-marks',
  intakeQueue: 'intake',
  intakeDlq: 'intake-dlq',
  streamFailuresQueue: 'stream-failures',
  noticesQueue: 'notices',
  noticesDlq: 'notices-dlq',
  archiveBucket: 'hotline12345-archive',
  stagingBucket: 'hotline12345-uploads-staging',
} as const;

export function tableName(spec: TableSpec): string {
  if (spec.id === 'cases') return LOCAL_NAMES.casesTable;
  if (spec.id === 'request-marks') return LOCAL_NAMES.requestMarksTable;
  return spec.id === 'metrics' ? LOCAL_NAMES.metricsTable : LOCAL_NAMES.directoryTable;
}

/**
 * Creates each table of infra/resources.ts unless it survived from the last run; returns stream ARNs
 * (none on an emulator without streams, which is asked for no stream and no TTL).
 */
export async function ensureTables(
  client: DynamoDBClient,
  features: DynamoDbFeatures,
): Promise<Record<string, string | undefined>> {
  const streams: Record<string, string | undefined> = {};
  await Promise.all(
    TABLES.map(async (spec) => {
      const name = tableName(spec);
      const existing = await describe(client, name);
      if (existing === null) {
        streams[spec.id] = await createTable(client, spec, name, features.streams);
      } else {
        await addMissingIndexes(client, spec, name, existing.indexes);
        streams[spec.id] = existing.streamArn;
      }
      if (features.timeToLive) await ensureTimeToLive(client, spec, name);
    }),
  );
  return streams;
}

async function describe(
  client: DynamoDBClient,
  name: string,
): Promise<{ streamArn: string | undefined; indexes: string[] } | null> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    return {
      streamArn: Table?.LatestStreamArn,
      indexes: (Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName ?? ''),
    };
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return null;
    throw error;
  }
}

/**
 * A persisted `.local` table predates an index added to infra/resources.ts since: add it, as a
 * CloudFormation update would, so an old data dir keeps working (items get the index's attributes on
 * their next write).
 */
async function addMissingIndexes(
  client: DynamoDBClient,
  spec: TableSpec,
  name: string,
  present: readonly string[],
): Promise<void> {
  for (const index of spec.indexes.filter((i) => !present.includes(i.name))) {
    const keys = [index.partitionKey, ...(index.sortKey ? [index.sortKey] : [])];
    await client.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: keys.map((n) => ({ AttributeName: n, AttributeType: 'S' as const })),
        GlobalSecondaryIndexUpdates: [
          {
            Create: {
              IndexName: index.name,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
                ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }] : []),
              ],
              Projection: { ProjectionType: 'ALL' as const },
            },
          },
        ],
      }),
    );
  }
}

/**
 * The table's TTL, as the CDK stack declares it, also on a `.local` table that predates it. DynamoDB
 * Local takes the setting but may never delete: the code reads the moment itself (see TableSpec).
 */
async function ensureTimeToLive(client: DynamoDBClient, spec: TableSpec, name: string): Promise<void> {
  if (!spec.ttlAttribute) return;
  const { TimeToLiveDescription: ttl } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: name }),
  );
  if (ttl?.TimeToLiveStatus === 'ENABLED' && ttl.AttributeName === spec.ttlAttribute) return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
    }),
  );
}

/**
 * One table of infra/resources.ts under `name`, as the stack makes it (the bench copies the cases
 * table with it); without a stream where the emulator has none (dynalite).
 */
export async function createTable(
  client: DynamoDBClient,
  spec: TableSpec,
  name: string,
  streams = true,
): Promise<string | undefined> {
  const keyNames = new Set([spec.partitionKey, spec.sortKey]);
  for (const index of spec.indexes) {
    keyNames.add(index.partitionKey);
    if (index.sortKey) keyNames.add(index.sortKey);
  }
  // Every key of this model is a string (ids, ISO-8601 instants), as the CDK stack declares them.
  const AttributeDefinitions: AttributeDefinition[] = [...keyNames].map((n) => ({
    AttributeName: n,
    AttributeType: 'S',
  }));
  const out = await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions,
      KeySchema: [
        { AttributeName: spec.partitionKey, KeyType: 'HASH' },
        { AttributeName: spec.sortKey, KeyType: 'RANGE' },
      ],
      ...(spec.indexes.length > 0
        ? {
            GlobalSecondaryIndexes: spec.indexes.map((index) => ({
              IndexName: index.name,
              KeySchema: [
                { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
                ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }] : []),
              ],
              Projection: { ProjectionType: 'ALL' as const },
            })),
          }
        : {}),
      ...(spec.stream === false || !streams
        ? {}
        : { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }),
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1, maxDelay: 1 }, { TableName: name });
  return out.TableDescription?.LatestStreamArn;
}

export interface LocalQueues {
  intakeQueueUrl: string;
  intakeQueueArn: string;
  intakeDlqUrl: string;
  streamFailuresUrl: string;
  streamFailuresArn: string;
  noticesQueueUrl: string;
  noticesQueueArn: string;
  noticesDlqUrl: string;
}

/**
 * The intake queue and the notices queue, each with its DLQ after maxReceiveCount receives, and the
 * stream's on-failure queue.
 */
export function createQueues(fauxqs: FauxqsServer, visibilityTimeoutSeconds: number): LocalQueues {
  // 14 days, as the CDK DLQs keep their messages.
  const retention = { MessageRetentionPeriod: String(14 * 24 * 3600) };
  const dlq = fauxqs.createQueue(LOCAL_NAMES.intakeDlq, { attributes: retention });
  const intake = fauxqs.createQueue(LOCAL_NAMES.intakeQueue, {
    attributes: {
      VisibilityTimeout: String(visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: dlq.queueArn,
        maxReceiveCount: String(INTAKE_QUEUE.maxReceiveCount),
      }),
    },
  });
  const failures = fauxqs.createQueue(LOCAL_NAMES.streamFailuresQueue, { attributes: retention });
  const noticesDlq = fauxqs.createQueue(LOCAL_NAMES.noticesDlq, { attributes: retention });
  const notices = fauxqs.createQueue(LOCAL_NAMES.noticesQueue, {
    attributes: {
      VisibilityTimeout: String(Math.min(visibilityTimeoutSeconds, NOTICES_QUEUE.visibilityTimeoutSeconds)),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: noticesDlq.queueArn,
        maxReceiveCount: String(NOTICES_QUEUE.maxReceiveCount),
      }),
    },
  });
  return {
    noticesQueueUrl: notices.queueUrl,
    noticesQueueArn: notices.queueArn,
    noticesDlqUrl: noticesDlq.queueUrl,
    intakeQueueUrl: intake.queueUrl,
    intakeQueueArn: intake.queueArn,
    intakeDlqUrl: dlq.queueUrl,
    streamFailuresUrl: failures.queueUrl,
    streamFailuresArn: failures.queueArn,
  };
}
