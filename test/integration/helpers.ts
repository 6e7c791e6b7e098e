import { randomInt, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { buildDirectory, route } from '../../shared/domain/index.js';
import { SEED_DIRECTORY } from '../../shared/seed/directory.js';

export const stack = inject('stack');

/**
 * The stack's cases table has a stream, and its consumers run (DynamoDB Local). On dynalite it has
 * none: a test of something projected from the stream skips there (dynalite/files.ts).
 */
export const hasStream = stack.dynamodb !== 'dynalite';

const base = { region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
export const ddb = DynamoDBDocumentClient.from(
  new DynamoDBClient({ ...base, endpoint: stack.endpoints.dynamodb }),
);
export const sqs = new SQSClient({ ...base, endpoint: stack.endpoints.sqs, useQueueUrlAsEndpoint: false });
export const s3 = new S3Client({ ...base, endpoint: stack.endpoints.s3, forcePathStyle: true });

/** A category and district of the seed that a rule routes, and the department it routes them to. */
export function routedPair(): {
  category: string;
  district: string;
  departmentId: string;
  departmentName: string;
} {
  const directory = buildDirectory(SEED_DIRECTORY);
  for (const category of directory.categories.keys()) {
    for (const district of directory.districts.keys()) {
      const assignment = route(directory, category, district);
      const department = assignment && directory.departments.get(assignment.departmentId);
      if (department)
        return { category, district, departmentId: department.id, departmentName: department.name };
    }
  }
  throw new Error('the seed routes no category and district');
}

/**
 * A mobile number of its own ending in 5678: the stack merges a caller's appeals of one category and
 * district within 7 days (并单), so tests that share one stack must not share one caller.
 */
export function uniquePhone(): string {
  return `1${randomInt(3, 10)}${String(randomInt(0, 100_000)).padStart(5, '0')}5678`;
}

export function webform(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { category, district } = routedPair();
  return {
    type: 'complaint',
    category,
    district,
    content: '小区楼下餐馆夜间施工噪音扰民，已持续一周',
    phone: uniquePhone(),
    ...overrides,
  };
}

export function idempotencyKey(): string {
  return `it-${randomUUID()}`;
}

export async function postWebform(
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${stack.url}/v1/channels/webform`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

export async function getStatus(trackingNo: string, phoneLast4: string) {
  const res = await fetch(`${stack.url}/v1/cases/${trackingNo}?phoneLast4=${phoneLast4}`);
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Items of the cases table with this tracking number, through the by-tracking-no index. */
export async function casesByTrackingNo(trackingNo: string): Promise<Record<string, unknown>[]> {
  const out = await ddb.send(
    new QueryCommand({
      TableName: stack.resources.casesTable,
      IndexName: 'by-tracking-no',
      KeyConditionExpression: 'trackingNo = :t',
      ExpressionAttributeValues: { ':t': trackingNo },
    }),
  );
  return out.Items ?? [];
}

/** Handler invocation counts, read from the stack's process through its local admin route. */
export async function invocations(): Promise<Record<string, number>> {
  return (await (await fetch(`${stack.url}/_local/invocations`)).json()) as Record<string, number>;
}

/** Waits until the intake queue is drained and the stream consumer has caught up. */
export async function idle(): Promise<void> {
  const res = await fetch(`${stack.url}/_local/idle`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`idle: ${res.status} ${await res.text()}`);
}

/** Polls until `probe` returns a value other than undefined, or fails at the deadline. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs = 15_000, intervalMs = 100, what = 'the condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: last });
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A staff API answer as the tests read it. */
export type StaffJson = Record<string, unknown> & { error?: { code: string; details?: { path: string }[] } };

/** A staff request through the gateway (its JWT check included), with a dev token. */
export async function staffCall(
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: StaffJson }> {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as StaffJson };
}

/**
 * The supervision job, run in this worker against the stack's tables as the stack would invoke it,
 * so a test runs it at the moment it chooses: its module reads the environment on first use, so
 * the environment is set before the import.
 */
export async function supervisionJob(logLevel: 'WARN' | 'ERROR' = 'WARN') {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
    CASES_TABLE_NAME: stack.resources.casesTable,
    DIRECTORY_TABLE_NAME: stack.resources.directoryTable,
    INTAKE_QUEUE_URL: stack.resources.intakeQueueUrl,
    ARCHIVE_BUCKET_NAME: stack.resources.archiveBucket,
    POWERTOOLS_LOG_LEVEL: logLevel,
  });
  return (await import('../../functions/supervise-deadlines/handler.js')).supervise;
}
