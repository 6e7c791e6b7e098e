import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CASES_TABLE } from '../infra/resources.js';
import { createTable, LOCAL_NAMES } from '../local/resources.js';
import { SqsAppealQueue } from '../shared/adapters/appeal-queue.js';
import { DynamoCallbackStore } from '../shared/adapters/callback-store.js';
import { DynamoCaseStore } from '../shared/adapters/case-store.js';
import { firstReceipt } from '../shared/adapters/first-receipt.js';
import { rawPayloadKey, S3RawArchive } from '../shared/adapters/raw-archive.js';
import { DynamoRequestMarks } from '../shared/adapters/request-marks.js';
import { buildWorkingCalendar } from '../shared/domain/calendar/load-calendar.js';
import { callbackCallerRef } from '../shared/domain/callbacks/keys.js';
import {
  type AppealMessage,
  buildDirectory,
  type Case,
  callerKeyOf,
  intakeCase,
  repeatWindowStart,
} from '../shared/domain/index.js';
import { SEED_CALENDAR_YEARS } from '../shared/seed/calendar/index.js';
import { SEED_DIRECTORY } from '../shared/seed/directory.js';
import { BENCH_CONTACT_HASH_KEY } from './ingest.js';
import type { RemoteStack } from './stack-client.js';
import { type RunRate, rateOf } from './throughput-stats.js';

// The floor of the end-to-end throughput phase: the AWS calls the pipeline makes for one web-form
// appeal, made directly against the same emulators at the same concurrency, through the project's
// own adapters (so the same commands, conditions and item bytes), with no gateway, no handler, no
// poller. Per appeal, in the pipeline's order (read from ingest-webform and dispatch-appeal, and
// checked against the requests the stack's counting middleware sees in the same phase):
//   ingest-webform   DynamoDB PutItem   request-marks, the Idempotency-Key's mark (first-receipt.ts)
//                    SQS SendMessage    the intake message (SqsAppealQueue)
//   dispatch-appeal  S3 PutObject       the raw payload (S3RawArchive), before any case exists
//                    DynamoDB Query     the caller's cases of 7 days, by-caller index (重复来电/并单)
//                    DynamoDB PutItem   the case, attribute_not_exists(pk) (DynamoCaseStore.create)
//                    DynamoDB Query     the caller's callback task, to close it (closeCallerTask)
// and per batch of up to 10, as Lambda's poller: one ReceiveMessage and one DeleteMessageBatch.
// Left out, as not per appeal or not before the case exists: the directory and holiday calendar
// (cached by both functions), the stream consumers' metric updates after the case is written.
// The case goes to a copy of the cases table (same keys, indexes and stream, no consumer), the
// messages to a queue of the floor's own, so the stack's pollers see none of it.

const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const RECEIVE_BATCH = 10;

/** One appeal's floor work, prepared before the clock starts: the message and the case it makes. */
export interface FloorAppeal {
  readonly key: string;
  readonly message: AppealMessage;
  readonly kase: Case;
}

export interface FloorResult extends RunRate {
  /** Send start → the case's PutItem issued, ms, each appeal: as the pipeline's case history dates it. */
  latencies: number[];
  /** What the floor called, in total. */
  calls: Record<string, number>;
}

const DIRECTORY = buildDirectory(SEED_DIRECTORY);
const CALENDAR = buildWorkingCalendar(SEED_CALENDAR_YEARS);

/** The case the dispatcher would make of `message` (no earlier case of its caller: each is a citizen of its own). */
export function floorAppeal(key: string, message: AppealMessage): FloorAppeal {
  const receivedAt = new Date(message.appeal.receivedAt);
  const kase = intakeCase(
    message.appeal,
    {
      directory: DIRECTORY,
      calendar: CALENDAR,
      now: receivedAt,
      rawKey: rawPayloadKey(message.appeal.caseId, receivedAt),
    },
    {},
  );
  return { key, message, kase };
}

/** The emulators' clients and the floor's own queue and cases-table copy; `close` removes them. */
export async function openFloor(stack: RemoteStack, run: string) {
  const sqs = new SQSClient({
    endpoint: stack.endpoints.sqs,
    region: 'us-east-1',
    credentials,
    useQueueUrlAsEndpoint: false,
  });
  const raw = new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'us-east-1', credentials });
  const ddb = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const s3 = new S3Client({
    endpoint: stack.endpoints.s3,
    region: 'us-east-1',
    credentials,
    forcePathStyle: true,
  });
  const table = `bench-floor-cases-${run}`;
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-floor-intake-${run}` }));
  if (!QueueUrl) throw new Error('the floor queue was not created');
  await createTable(raw, CASES_TABLE, table);
  const cases = new DynamoCaseStore(ddb, table);
  return {
    sqs,
    queueUrl: QueueUrl,
    queue: new SqsAppealQueue(sqs, QueueUrl),
    marks: new DynamoRequestMarks(ddb, LOCAL_NAMES.requestMarksTable),
    archive: new S3RawArchive(s3, stack.resources.archiveBucket),
    cases,
    callbacks: new DynamoCallbackStore(ddb, table),
    close: async () => {
      await Promise.allSettled([
        sqs.send(new DeleteQueueCommand({ QueueUrl })),
        raw.send(new DeleteTableCommand({ TableName: table })),
      ]);
      sqs.destroy();
      raw.destroy();
      s3.destroy();
    },
  };
}

export type Floor = Awaited<ReturnType<typeof openFloor>>;

/**
 * The floor's calls for `appeals`: `concurrency` senders (as many as the pipeline's POSTs in
 * flight) and one receiver taking batches of up to 10, its records in parallel, as the local
 * stack's intake poller and the Powertools batch processor do. Timed from the first send to the
 * last case's PutItem.
 */
export async function runFloor(
  floor: Floor,
  appeals: readonly FloorAppeal[],
  concurrency: number,
): Promise<FloorResult> {
  const calls: Record<string, number> = {};
  const count = (name: string, by = 1) => {
    calls[name] = (calls[name] ?? 0) + by;
  };
  const byCase = new Map(appeals.map((a) => [a.message.appeal.caseId, a]));
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let settled = 0;
  let lastSettled = 0;
  let failure: unknown;

  const startedAt = performance.now();
  let next = 0;
  const send = async () => {
    while (next < appeals.length && failure === undefined) {
      const a = appeals[next++] as FloorAppeal;
      sentAt.set(a.message.appeal.caseId, performance.now());
      await firstReceipt(floor.marks, {
        channel: 'webform',
        markPk: `IDEMPOTENCY#${a.key}`,
        idempotencyKey: a.key,
        rawBody: a.message.raw.body,
        hashKey: BENCH_CONTACT_HASH_KEY,
        now: new Date(),
      });
      count('DynamoDB PutItem');
      await floor.queue.send(a.message);
      count('SQS SendMessage');
    }
  };
  const dispatch = async (m: Message) => {
    const message = JSON.parse(m.Body ?? '') as AppealMessage;
    const a = byCase.get(message.appeal.caseId);
    if (!a) throw new Error(`the floor received a message it did not send (${message.appeal.caseId})`);
    await floor.archive.put(message);
    count('S3 PutObject');
    const callerKey = callerKeyOf(message.appeal.contact);
    if (callerKey) {
      await floor.cases.listByCaller(
        callerKey,
        repeatWindowStart(message.appeal),
        new Date(message.appeal.receivedAt),
      );
      count('DynamoDB Query');
    }
    const at = performance.now();
    if ((await floor.cases.create(a.kase)).outcome !== 'created')
      throw new Error(`the floor's case ${a.kase.caseId} existed already`);
    count('DynamoDB PutItem');
    const phoneHash = a.kase.contact.phoneHash;
    if (phoneHash) {
      await floor.callbacks.listRounds(callbackCallerRef(phoneHash), 1);
      count('DynamoDB Query');
    }
    latencies.push(at - (sentAt.get(a.message.appeal.caseId) ?? at));
    lastSettled = Math.max(lastSettled, at);
    settled++;
  };
  const receive = async () => {
    while (settled < appeals.length && failure === undefined) {
      const { Messages = [] } = await floor.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: floor.queueUrl,
          MaxNumberOfMessages: RECEIVE_BATCH,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      count('SQS ReceiveMessage');
      if (Messages.length === 0) continue;
      await Promise.all(Messages.map(dispatch));
      await floor.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: floor.queueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
      count('SQS DeleteMessageBatch');
    }
  };
  // A failure stops the senders and the receiver both, then fails the floor.
  const guard = (work: Promise<void>) =>
    work.catch((error: unknown) => {
      failure ??= error;
    });
  await Promise.all([
    ...Array.from({ length: Math.max(1, concurrency) }, () => guard(send())),
    guard(receive()),
  ]);
  if (failure !== undefined) throw failure;
  return { ...rateOf(appeals.length, startedAt, lastSettled), latencies, calls };
}
