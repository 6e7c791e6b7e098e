import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../infra/functions.js';
import { lambdaContext } from '../../local/lambda-context.js';
import { toItem } from '../../shared/adapters/case-item.js';
import type { CallbackTask } from '../../shared/domain/callbacks/task.js';
import { type Case, createCase } from '../../shared/domain/case.js';
import { deriveCaseId } from '../../shared/domain/identity.js';
import { buildDirectory, WEEKENDS_ONLY } from '../../shared/domain/index.js';
import { type NoticeEvent, noticesAfter, queuedNotice } from '../../shared/domain/notices/notice.js';
import { SEED_DIRECTORY } from '../../shared/seed/directory.js';
import { callbackTask } from '../unit/fixtures/callback-task.js';
import { ddb, routedPair, stack } from './helpers.js';

// The stream consumer invoked directly, as Lambda retries it, against DynamoDB Local: a batch
// delivered twice, and a retry with the same first record and more after it. A table of its own,
// so the live stack's aggregates (and the drift test) are not touched.

type Handler = typeof import('../../functions/project-case-events/handler.js').handler;
let handler: Handler;
const table = `metrics-replay-${randomUUID().slice(0, 8)}`;
const spec = FUNCTIONS.find((f) => f.name === 'project-case-events');
const directory = buildDirectory(SEED_DIRECTORY);
const created = Math.floor(Date.parse('2026-11-20T02:00:06Z') / 1000);
let seq = 10n ** 20n;

function kase(n: number): Case {
  const { category, district } = routedPair();
  const sourceId = `replay-${table}-${n}`;
  return createCase(
    {
      caseId: deriveCaseId('webform', sourceId),
      trackingNo: `T${n}`.padEnd(12, '0'),
      channel: 'webform',
      sourceId,
      receivedAt: '2026-11-20T02:00:00.000Z',
      type: 'complaint',
      urgency: 'normal',
      category,
      district,
      content: '重放测试',
      contact: { phoneHash: 'b'.repeat(64), phoneMasked: '139****0000' },
      attachments: [],
    },
    { directory, calendar: WEEKENDS_ONLY, now: new Date('2026-11-20T02:00:05Z') },
  );
}

function insert(c: Case): DynamoDBRecord {
  seq += 1n;
  return {
    eventID: `replay-${seq}`,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      ApproximateCreationDateTime: created,
      Keys: marshall({ pk: `CASE#${c.caseId}`, sk: 'CASE' }) as never,
      NewImage: marshall(toItem(c), { removeUndefinedValues: true }) as never,
      SequenceNumber: String(seq),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** A versioned write of the case, as the stream shows it: the old and the new image. */
function modify(before: Case, after: Case): DynamoDBRecord {
  seq += 1n;
  return {
    eventID: `replay-${seq}`,
    eventName: 'MODIFY',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      ApproximateCreationDateTime: created,
      Keys: marshall({ pk: `CASE#${after.caseId}`, sk: 'CASE' }) as never,
      OldImage: marshall(toItem(before), { removeUndefinedValues: true }) as never,
      NewImage: marshall(toItem(after), { removeUndefinedValues: true }) as never,
      SequenceNumber: String(seq),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/** The case after its last notice took `event` (what the notice pipeline writes). */
function noticeMoved(c: Case, event: NoticeEvent): Case {
  const notices = noticesAfter(c.notices, c.notices?.at(-1)?.noticeId as string, event);
  if (!notices) throw new Error(`${event.type} changed nothing`);
  return { ...c, notices, version: c.version + 1 };
}

/** A callback task's write (漏接回拨), as the stream shows it: the item before and after. */
function taskRecord(before: CallbackTask | undefined, after: CallbackTask): DynamoDBRecord {
  seq += 1n;
  return {
    eventID: `replay-${seq}`,
    eventName: before ? 'MODIFY' : 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      ApproximateCreationDateTime: created,
      Keys: marshall({ pk: after.pk, sk: after.sk }) as never,
      ...(before ? { OldImage: marshall(before, { removeUndefinedValues: true }) as never } : {}),
      NewImage: marshall(after, { removeUndefinedValues: true }) as never,
      SequenceNumber: String(seq),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

async function counters(pk: string, sk: string): Promise<Record<string, unknown>> {
  const out = await ddb.send(new GetCommand({ TableName: table, Key: { pk, sk }, ConsistentRead: true }));
  return Object.fromEntries(
    Object.entries(out.Item ?? {}).filter(([k, v]) => typeof v === 'number' && !k.startsWith('_')),
  );
}

const invoke = (records: DynamoDBRecord[]) => handler({ Records: records }, lambdaContext(spec as never));

describe('project-case-events replayed against DynamoDB Local', () => {
  beforeAll(async () => {
    const client = new DynamoDBClient({
      region: 'us-east-1',
      endpoint: stack.endpoints.dynamodb,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await client.send(
      new CreateTableCommand({
        TableName: table,
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
    client.destroy();
    // The handler's SDK clients read these on first use.
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
      METRICS_TABLE_NAME: table,
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    ({ handler } = await import('../../functions/project-case-events/handler.js'));
  });

  it('leaves the counters unchanged when the same batch is delivered again', async () => {
    // Prepare
    const { departmentId } = routedPair();
    const records = [insert(kase(1)), insert(kase(2))];
    await invoke(records);
    const all = await counters('all', '2026-11-20');
    const department = await counters('department', `2026-11-20#${departmentId}`);

    // Act
    await invoke(records);

    // Assess
    expect(all).toEqual({ appeals: 2, dispatches: 2 });
    expect(await counters('all', '2026-11-20')).toEqual(all);
    expect(await counters('department', `2026-11-20#${departmentId}`)).toEqual(department);
  });

  it('counts only the new records when a retry has the same first record and more after it', async () => {
    // Prepare
    const first = [insert(kase(3)), insert(kase(4))];
    await invoke(first);
    const before = (await counters('all', '2026-11-20')).appeals as number;

    // Act: Lambda retries the batch from its first record, now with two more records
    await invoke([...first, insert(kase(5)), insert(kase(6))]);

    // Assess
    expect((await counters('all', '2026-11-20')).appeals).toBe(before + 2);
  });

  it('counts a notice queued, failed, sent again and delivered once, 1 of 1, through a retried batch', async () => {
    // Prepare: a case completed on 2026-11-23 (Shanghai) with its 办结告知, then the notice's writes
    const completedAt = '2026-11-23T02:00:00.000Z';
    const done: Case = {
      ...kase(7),
      status: 'completed',
      completedAt,
      reply: '已处理',
      notices: [queuedNotice('completion', completedAt)],
    };
    const failed = noticeMoved(done, {
      type: 'attempt_failed',
      at: '2026-11-23T02:00:02.000Z',
      reason: 'timeout',
    });
    const sent = noticeMoved(failed, {
      type: 'accepted',
      at: '2026-11-23T02:01:00.000Z',
      provider: 'tencent',
      via: 'sms',
      messageId: 'replay-sid-1',
    });
    const delivered = noticeMoved(sent, {
      type: 'receipt',
      at: '2026-11-23T02:01:07.000Z',
      messageId: 'replay-sid-1',
      delivered: true,
    });
    const records = [insert(done), modify(done, failed), modify(failed, sent), modify(sent, delivered)];

    // Act: the first attempt stops after two records; Lambda retries with all four, and again
    await invoke(records.slice(0, 2));
    const queuedOnly = await counters('all', '2026-11-23');
    await invoke(records);
    await invoke(records);

    // Assess
    expect(queuedOnly).toMatchObject({ completed: 1, noticesQueued: 1 });
    expect(queuedOnly.noticesDelivered).toBeUndefined();
    expect(await counters('all', '2026-11-23')).toMatchObject({
      completed: 1,
      noticesQueued: 1,
      noticesDelivered: 1,
    });
  });

  it("counts a callback task's records once through a retried and a repeated batch", async () => {
    // Prepare: missed on 12319 at 10:00 on 2026-11-24 (Shanghai), joined at 10:20, reached at 10:50
    const ref = 'c0ffee00c0ffee00c0ffee00';
    const call = (n: number, missedAt: string, dueAt: string) => ({
      callId: `replay-cb-${n}`,
      line: '12319',
      reason: 'queue_abandoned' as const,
      missedAt,
      dueAt,
      day: '2026-11-24',
    });
    const first = call(1, '2026-11-24T02:00:00.000Z', '2026-11-24T03:00:00.000Z');
    const open = callbackTask(
      [first],
      { callerMasked: '139****0000', number: { ciphertext: 'sealed', callId: first.callId } },
      ref,
    );
    const joined = {
      ...open,
      version: 2,
      calls: [first, call(2, '2026-11-24T02:20:00.000Z', '2026-11-24T03:20:00.000Z')],
    };
    const at = '2026-11-24T02:50:00.000Z';
    const reached: CallbackTask = {
      ...joined,
      version: 3,
      status: 'reached',
      attempts: [{ at, by: 'agent:a-1', outcome: 'reached' }],
      closedAt: at,
    };
    const records = [taskRecord(undefined, open), taskRecord(open, joined), taskRecord(joined, reached)];

    // Act: the first attempt stops after one record; Lambda retries with all three, and again
    await invoke(records.slice(0, 1));
    const openOnly = await counters('line', '2026-11-24#12319');
    await invoke(records);
    await invoke(records);

    // Assess
    expect(openOnly).toEqual({ callbacksDue: 1 });
    const want = { callbacksDue: 2, callbacksReached: 2, callbacksReachedOnTime: 2 };
    expect(await counters('line', '2026-11-24#12319')).toEqual(want);
    expect(await counters('call', '2026-11-24')).toEqual(want);
  });
});
