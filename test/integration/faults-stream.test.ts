import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FUNCTIONS } from '../../infra/functions.js';
import { lambdaContext } from '../../local/lambda-context.js';
import { toItem } from '../../shared/adapters/case-item.js';
import { type Case, createCase } from '../../shared/domain/case.js';
import { dossierKeys } from '../../shared/domain/dossier/index.js';
import { deriveCaseId } from '../../shared/domain/identity.js';
import { buildDirectory, WEEKENDS_ONLY } from '../../shared/domain/index.js';
import { SEED_DIRECTORY } from '../../shared/seed/directory.js';
import { closedCase } from '../unit/fixtures/dossier.js';
import { ddb, routedPair, s3, stack } from './helpers.js';

// Faults inside the cases stream's consumer, against DynamoDB Local and the S3 emulator (issue 16,
// "nothing lost"): a write throttled half way through the projection, and the archive refusing a
// dossier. Lambda retries a failed stream batch whole; after the retry the aggregates must equal
// those of the same batch applied once without a fault (a control table), and the dossier must be
// there once. Tables of their own: the live stack's aggregates (and the drift test) are untouched.

const run = randomUUID().slice(0, 8);
const faulted = `faults-${run}`;
const control = `faults-control-${run}`;
const spec = FUNCTIONS.find((f) => f.name === 'project-case-events');
const directory = buildDirectory(SEED_DIRECTORY);
const created = Math.floor(Date.parse('2026-11-20T02:00:06Z') / 1000);
let seq = 10n ** 20n;

type Handler = typeof import('../../functions/project-case-events/handler.js').handler;
type Clients = typeof import('../../shared/adapters/clients.js');

/** A fault injected into the SDK client the handler uses, after the SDK's own retries gave up. */
type Fault = (target: string) => Error | undefined;

/**
 * A cold container of project-case-events writing to `table`, whose SDK clients throw what `fault`
 * returns for a request (by its DynamoDB target or S3 method and path), before the request is sent.
 */
async function container(table: string, fault: Fault = () => undefined): Promise<Handler> {
  process.env.METRICS_TABLE_NAME = table;
  vi.resetModules();
  const clients: Clients = await import('../../shared/adapters/clients.js');
  type Args = { request: { headers: Record<string, string>; method: string; path: string } };
  const inject = (next: (args: Args) => Promise<unknown>) => async (args: Args) => {
    const { headers, method, path } = args.request;
    const error = fault(headers['x-amz-target'] ?? `${method} ${path}`);
    if (error) throw error;
    return next(args);
  };
  // The build step runs once per send, before the retry middleware: the error reaches the handler.
  clients.documentClient().middlewareStack.add(inject as never, { step: 'build', name: 'injectFault' });
  clients.s3Client().middlewareStack.add(inject as never, { step: 'build', name: 'injectFault' });
  return (await import('../../functions/project-case-events/handler.js')).handler;
}

const invoke = (handler: Handler, records: DynamoDBRecord[]) =>
  handler({ Records: records }, lambdaContext(spec as never));

function record(before: Case | undefined, after: Case): DynamoDBRecord {
  seq += 1n;
  return {
    eventID: `faults-${seq}`,
    eventName: before ? 'MODIFY' : 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      ApproximateCreationDateTime: created,
      Keys: marshall({ pk: `CASE#${after.caseId}`, sk: 'CASE' }) as never,
      ...(before ? { OldImage: marshall(toItem(before), { removeUndefinedValues: true }) as never } : {}),
      NewImage: marshall(toItem(after), { removeUndefinedValues: true }) as never,
      SequenceNumber: String(seq),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

function newCase(n: number): Case {
  const { category, district } = routedPair();
  const sourceId = `faults-${run}-${n}`;
  return createCase(
    {
      caseId: deriveCaseId('webform', sourceId),
      trackingNo: `F${n}`.padEnd(12, '0'),
      channel: 'webform',
      sourceId,
      receivedAt: '2026-11-20T02:00:00.000Z',
      type: 'complaint',
      urgency: 'normal',
      category,
      district,
      content: '故障注入测试',
      contact: { phoneHash: 'f'.repeat(64), phoneMasked: '139****0000' },
      attachments: [],
    },
    { directory, calendar: WEEKENDS_ONLY, now: new Date('2026-11-20T02:00:05Z') },
  );
}

/** Every aggregate item of `table` as its counters (the marks left out). */
async function aggregates(table: string): Promise<Record<string, Record<string, number>>> {
  const { Items = [] } = await ddb.send(new ScanCommand({ TableName: table, ConsistentRead: true }));
  return Object.fromEntries(
    Items.map((item) => [
      `${item.pk}|${item.sk}`,
      Object.fromEntries(Object.entries(item).filter(([, v]) => typeof v === 'number')) as Record<
        string,
        number
      >,
    ]),
  );
}

const throttled = () =>
  new ProvisionedThroughputExceededException({
    message: 'The level of configured provisioned throughput for the table was exceeded',
    $metadata: { httpStatusCode: 400 },
  });

describe('project-case-events under faults, against the emulators', () => {
  const admin = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: stack.endpoints.dynamodb,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

  beforeAll(async () => {
    for (const TableName of [faulted, control]) {
      await admin.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        }),
      );
    }
    // The handler's SDK clients read these on first use.
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
      AWS_ENDPOINT_URL_S3: stack.endpoints.s3,
      S3_FORCE_PATH_STYLE: 'true',
      ARCHIVE_BUCKET_NAME: stack.resources.archiveBucket,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
  });

  afterAll(async () => {
    for (const TableName of [faulted, control]) await admin.send(new DeleteTableCommand({ TableName }));
    admin.destroy();
  });

  it('counts a batch throttled half way once, after Lambda retries it whole', async () => {
    // Catches: a retry that adds again what the failed attempt wrote before the throttle (double
    // counting), or one that skips what it had not yet written (a lost count).
    // Prepare: the third aggregate write is throttled, once
    const batch = [newCase(1), newCase(2), newCase(3)].map((c) => record(undefined, c));
    let updates = 0;
    const handler = await container(faulted, (target) =>
      target.endsWith('.UpdateItem') && ++updates === 3 ? throttled() : undefined,
    );

    // Act
    const first = await invoke(handler, batch).then(
      () => 'applied',
      (error: Error) => error.name,
    );
    await invoke(handler, batch);
    await invoke(await container(control), batch);

    // Assess
    expect(first).toBe('ProvisionedThroughputExceededException');
    const counted = await aggregates(faulted);
    expect(counted['all|2026-11-20']).toMatchObject({ appeals: 3, dispatches: 3 });
    expect(counted).toEqual(await aggregates(control));
  });

  it('archives a dossier the bucket refused on the retry, once, and counts its case once', async () => {
    // Catches: the aggregates applied before a failed archive and again on the retry, or a dossier
    // missing after the retry (the closed case never archived).
    // Prepare: a case written completed, then closed; the archive refuses the first dossier put
    const { completed, closed } = closedCase({
      caseId: deriveCaseId('webform', `faults-${run}-archive`),
      sourceId: `faults-${run}-archive`,
      attachments: [],
    });
    const batch = [record(undefined, completed), record(completed, closed)];
    const keys = dossierKeys(closed.caseId, closed.history.at(-1)?.at as string);
    let refused = 0;
    const handler = await container(faulted, (target) =>
      target.startsWith('PUT ') && target.includes(closed.caseId) && ++refused === 1
        ? new S3ServiceException({
            name: 'ServiceUnavailable',
            $fault: 'server',
            message: 'Please reduce your request rate.',
            $metadata: { httpStatusCode: 503 },
          })
        : undefined,
    );
    const before = await aggregates(faulted);

    // Act
    const first = await invoke(handler, batch).then(
      () => 'applied',
      (error: Error) => error.name,
    );
    const afterFailure = await aggregates(faulted);
    await invoke(handler, batch);
    await invoke(await container(control), batch);

    // Assess: nothing counted by the failed attempt; once after the retry, as the control
    expect(first).toBe('ServiceUnavailable');
    expect(afterFailure).toEqual(before);
    const dossier = await s3.send(
      new GetObjectCommand({ Bucket: stack.resources.archiveBucket, Key: keys.json }),
    );
    expect(JSON.parse(await (dossier.Body?.transformToString() ?? '{}'))).toMatchObject({
      caseId: closed.caseId,
    });
    expect(await aggregates(faulted)).toEqual(await aggregates(control));
  });
});
