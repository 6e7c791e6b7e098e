import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { FUNCTIONS } from '../infra/functions.js';
import { lambdaContext } from '../local/lambda-context.js';
import { toItem } from '../shared/adapters/case-item.js';
import {
  type Actor,
  applyAction,
  buildDirectory,
  type Case,
  createCase,
  deriveCaseId,
  WEEKENDS_ONLY,
} from '../shared/domain/index.js';
import { eachLimited } from '../shared/each-limited.js';
import { randomWebformBody, seededRandom } from '../shared/seed/appeals.js';
import { SEED_DIRECTORY } from '../shared/seed/directory.js';

// The stream projection (project-case-events) invoked directly on generated stream records, as
// Lambda would with batches of the event source's size, against DynamoDB Local; beside a floor of
// the same number of plain PutItems (one per record, as a per-record projection would need at
// least). DynamoDB write requests are counted by an SDK middleware on the handler's client.

export interface ProjectionRun {
  readonly batchSize: number;
  readonly records: number;
  readonly batches: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly writeRequests: number;
  readonly readRequests: number;
  readonly writesPerRecord: number;
}

export interface ProjectionResult {
  readonly cases: number;
  /** Over how many days the cases were received: the density of the stream. */
  readonly days: number;
  readonly runs: readonly ProjectionRun[];
  readonly floor: { readonly puts: number; readonly seconds: number; readonly putsPerSecond: number };
  /** Projection time / floor time, for the event source's batch size. */
  readonly ratio: number;
}

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);
const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand']);
const HOUR = 3_600_000;

/**
 * Case lives, received over `days` days, in time order as the stream would carry them: received and
 * dispatched, acknowledged, completed, rated; every item change is one record.
 */
function streamRecords(cases: number, days: number, seed: number): DynamoDBRecord[] {
  const rng = seededRandom(seed);
  const directory = buildDirectory(SEED_DIRECTORY);
  const start = Date.parse('2026-11-16T00:00:00Z');
  const changes: { at: number; before?: Case; after: Case }[] = [];
  for (let i = 0; i < cases; i++) {
    const body = randomWebformBody(rng);
    const sourceId = `bench-${seed}-${i}`;
    const received = start + Math.floor(rng() * days * 24 * HOUR);
    let kase = createCase(
      {
        caseId: deriveCaseId('webform', sourceId),
        trackingNo: `B${String(i).padStart(11, '0')}`,
        channel: (['webform', 'hotline', 'wechat'] as const)[i % 3] as Case['channel'],
        sourceId,
        receivedAt: new Date(received).toISOString(),
        type: body.type,
        urgency: 'normal',
        category: body.category,
        district: body.district,
        content: body.content,
        contact: { phoneHash: 'c'.repeat(64), phoneMasked: '139****0000' },
        attachments: [],
      },
      { directory, calendar: WEEKENDS_ONLY, now: new Date(received + 1000) },
    );
    changes.push({ at: received, after: kase });
    if (!kase.departmentId) continue;
    const department: Actor = { role: 'department', id: 'u', departmentId: kase.departmentId };
    let at = received;
    const steps: [Parameters<typeof applyAction>[1], Actor][] = [
      [{ action: 'acknowledge' }, department],
      [{ action: 'complete', reply: '已处理' }, department],
      [
        { action: 'rate', rating: rng() < 0.9 ? 'satisfied' : 'dissatisfied' },
        { role: 'citizen', id: 'link' },
      ],
    ];
    for (const [action, actor] of steps) {
      at += Math.floor((2 + rng() * 40) * HOUR);
      const result = applyAction(kase, action, actor, {
        now: new Date(at),
        calendar: WEEKENDS_ONLY,
        directory,
      });
      if (!result.ok) break;
      changes.push({ at, before: kase, after: result.case });
      kase = result.case;
    }
  }
  changes.sort((a, b) => a.at - b.at);
  let seq = 10n ** 20n;
  return changes.map((c) => {
    seq += 1n;
    const image = (k: Case) => marshall(toItem(k), { removeUndefinedValues: true }) as never;
    return {
      eventID: randomUUID().replaceAll('-', ''),
      eventName: c.before ? 'MODIFY' : 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(c.at / 1000),
        Keys: marshall({ pk: `CASE#${c.after.caseId}`, sk: 'CASE' }) as never,
        ...(c.before ? { OldImage: image(c.before) } : {}),
        NewImage: image(c.after),
        SequenceNumber: String(seq),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
  });
}

async function createTable(client: DynamoDBClient, name: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
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

/** A mid-sized city's day: some 800 appeals (a large one has several thousand). */
export async function measureProjection(
  dynamodbEndpoint: string,
  cases = 800,
  days = 1,
  seed = 2026,
): Promise<ProjectionResult> {
  const admin = new DynamoDBClient({
    endpoint: dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const run = randomUUID().slice(0, 8);
  // One table name (the handler keeps it from its first use), created afresh for each run.
  const metricsTable = `metrics-bench-${run}`;
  const floorTable = `floor-bench-${run}`;
  await createTable(admin, floorTable);

  // The handler's SDK clients read these on first use; the counting middleware goes on its client.
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    METRICS_TABLE_NAME: metricsTable,
    // The handler also archives the cases that close; its names must be there, its S3 is not.
    CASES_TABLE_NAME: 'cases',
    DIRECTORY_TABLE_NAME: 'directory',
    INTAKE_QUEUE_URL: 'http://127.0.0.1/000000000000/intake',
    ARCHIVE_BUCKET_NAME: 'archive',
  });
  // Archive excluded, as the target says: S3 answers at once (no raw objects, every dossier new), so
  // the figures are the aggregates' DynamoDB work plus the archive's CPU (hashing, rendering) only.
  const s3 = mockClient(S3Client);
  s3.on(GetObjectCommand).rejects(
    new NoSuchKey({ message: 'no such key', $metadata: { httpStatusCode: 404 } }),
  );
  s3.on(PutObjectCommand).resolves({});
  const { documentClient } = await import('../shared/adapters/clients.js');
  const counts = new Map<string, number>();
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'bench-count-requests' },
  );
  const spec = FUNCTIONS.find((f) => f.name === 'project-case-events');
  if (!spec) throw new Error('no project-case-events in infra/functions.ts');

  const records = streamRecords(cases, days, seed);
  const runs: ProjectionRun[] = [];
  try {
    const { handler } = await import('../functions/project-case-events/handler.js');
    for (const size of [100, 10]) {
      await admin.send(new DeleteTableCommand({ TableName: metricsTable })).catch(() => undefined);
      await createTable(admin, metricsTable);
      counts.clear();
      const started = performance.now();
      let batches = 0;
      for (let i = 0; i < records.length; i += size) {
        await handler({ Records: records.slice(i, i + size) }, lambdaContext(spec));
        batches++;
      }
      const seconds = (performance.now() - started) / 1000;
      const sum = (set: Set<string>) => [...counts].reduce((n, [k, v]) => (set.has(k) ? n + v : n), 0);
      runs.push({
        batchSize: size,
        records: records.length,
        batches,
        seconds,
        recordsPerSecond: records.length / seconds,
        writeRequests: sum(WRITES),
        readRequests: sum(READS),
        writesPerRecord: sum(WRITES) / records.length,
      });
    }

    // The floor: one plain PutItem per record, with the projection's concurrency.
    const items = records.map((r, i) => ({
      pk: { S: `r-${i}` },
      sk: { S: 'R' },
      seq: { S: r.dynamodb?.SequenceNumber as string },
    }));
    const started = performance.now();
    await eachLimited(items, 16, (Item) => admin.send(new PutItemCommand({ TableName: floorTable, Item })));
    const seconds = (performance.now() - started) / 1000;
    const main = runs.find((r) => r.batchSize === 100) as ProjectionRun;
    return {
      cases,
      days,
      runs,
      floor: { puts: items.length, seconds, putsPerSecond: items.length / seconds },
      ratio: main.seconds / seconds,
    };
  } finally {
    s3.restore();
    for (const t of [metricsTable, floorTable]) {
      await admin.send(new DeleteTableCommand({ TableName: t })).catch(() => undefined);
    }
    admin.destroy();
  }
}

/** Write requests per record the aggregates may take at the event source's batch size. */
export const WRITES_PER_RECORD_TARGET = 1.5;

/** Prints the projection's figures (as the other benches do); true when the write target is met. */
export function reportProjection(result: ProjectionResult, table: (rows: string[][]) => string): boolean {
  const first = result.runs[0];
  console.log(
    `\n流式投影（project-case-events 直接调用，DynamoDB Local；${result.days} 天内受理 ${result.cases} 件工单，${first?.records ?? 0} 条流记录）`,
  );
  console.log(
    table([
      ['批大小', '批数', '耗时', '记录/秒', '写请求', '写请求/记录', '写请求/工单', '读请求'],
      ...result.runs.map((r) => [
        String(r.batchSize),
        String(r.batches),
        `${r.seconds.toFixed(2)} s`,
        r.recordsPerSecond.toFixed(1),
        String(r.writeRequests),
        r.writesPerRecord.toFixed(2),
        (r.writeRequests / result.cases).toFixed(2),
        String(r.readRequests),
      ]),
      [
        `底线：逐条 PutItem（并发 16）`,
        '',
        `${result.floor.seconds.toFixed(2)} s`,
        result.floor.putsPerSecond.toFixed(1),
        String(result.floor.puts),
        '1.00',
        '',
        '',
      ],
    ]),
  );
  const main = result.runs.find((r) => r.batchSize === 100);
  const ok = main !== undefined && main.writesPerRecord <= WRITES_PER_RECORD_TARGET;
  console.log(`  比值 投影/底线（批 100）：${result.ratio.toFixed(2)}×`);
  console.log(
    `  目标 写请求/记录 ≤ ${WRITES_PER_RECORD_TARGET}（批 100，事件源的批大小；不含归档）：${ok ? 'meets' : 'misses'}（${main?.writesPerRecord.toFixed(2) ?? 'n/a'}）`,
  );
  return ok;
}
