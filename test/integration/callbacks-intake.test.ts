import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { localHotlineSecret, postHotline } from '../../scripts/hotline-client.js';
import { callbackKeyring, EnvelopePhoneVault } from '../../shared/adapters/phone-vault.js';
import {
  type CallbackTask,
  callbackCallerRef,
  callbackPartition,
  type SealedNumber,
} from '../../shared/domain/callbacks/index.js';
import { hashPhone } from '../../shared/domain/identity.js';
import { ddb, idle, postWebform, stack, uniquePhone, webform } from './helpers.js';

// 漏接回拨 at intake, through the local stack: signed call records in, callback tasks in the cases
// table out, the caller's number sealed from the door on.

const secret = localHotlineSecret(stack.dataDir);
const devSecrets = JSON.parse(readFileSync(join(stack.dataDir, 'dev-secrets.json'), 'utf8')) as Record<
  string,
  string
>;
/** The test opens a number with the stack's own raw key, as the callback desk would. */
const vault = new EnvelopePhoneVault(() => callbackKeyring({ rawKey: devSecrets.CALLBACK_RAW_KEY }));
const raw = new DynamoDBClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  endpoint: stack.endpoints.dynamodb,
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function abandoned(caller: string | undefined, minutes: number, extra: Record<string, unknown> = {}) {
  const callId = `it-cb-${randomUUID()}`;
  return {
    callId,
    ...(caller ? { caller } : {}),
    line: '12345',
    queuedAt: minutesAgo(minutes + 1),
    endedAt: minutesAgo(minutes),
    disposition: 'abandoned',
    recordedAt: minutesAgo(minutes),
    ...extra,
  };
}

function answered(caller: string) {
  return {
    callId: `it-cb-${randomUUID()}`,
    caller,
    line: '12345',
    queuedAt: minutesAgo(2),
    answeredAt: minutesAgo(1.5),
    endedAt: minutesAgo(1),
    disposition: 'answered',
    agentId: 'a-017',
    recordedAt: minutesAgo(1),
  };
}

async function post(record: Record<string, unknown>) {
  const res = await postHotline(stack.url, JSON.stringify(record), secret);
  expect(res.status).toBe(202);
  return res;
}

/** The caller's rounds, newest first, read as the dispatcher reads them. */
async function roundsOf(phone: string): Promise<CallbackTask[]> {
  const ref = callbackCallerRef(hashPhone(phone, devSecrets.CONTACT_HASH_KEY as string));
  const out = await ddb.send(
    new QueryCommand({
      TableName: stack.resources.casesTable,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': callbackPartition(ref) },
      ScanIndexForward: false,
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as CallbackTask[];
}

async function onlyTask(phone: string): Promise<CallbackTask> {
  const rounds = await roundsOf(phone);
  expect(rounds).toHaveLength(1);
  return rounds[0] as CallbackTask;
}

describe('callback tasks at intake (漏接回拨)', () => {
  const [a, b, c] = [uniquePhone(), uniquePhone(), uniquePhone()];
  const burst = [
    abandoned(a, 20),
    abandoned(b, 19),
    abandoned(a, 18),
    abandoned(c, 17),
    abandoned(a, 16),
    abandoned(b, 15),
  ];

  beforeAll(async () => {
    // Prepare: a burst of abandoned calls from three callers, posted at once.
    await Promise.all(burst.map(post));
    await idle();
  });

  it('makes one open task per caller, counting their missed calls', async () => {
    // Act
    const tasks = await Promise.all([a, b, c].map(onlyTask));

    // Assess
    expect(tasks.map((t) => [t.status, t.calls.length])).toEqual([
      ['open', 3],
      ['open', 2],
      ['open', 1],
    ]);
    const first = tasks[0] as CallbackTask;
    expect(first.calls.map((call) => call.reason)).toEqual([
      'queue_abandoned',
      'queue_abandoned',
      'queue_abandoned',
    ]);
    expect(first.callbackDueAt).toBe(first.calls[0]?.dueAt);
    const indexed = await ddb.send(
      new GetCommand({ TableName: stack.resources.casesTable, Key: { pk: first.pk, sk: first.sk } }),
    );
    expect(indexed.Item).toMatchObject({ deptQueue: 'CALLBACKS#open', dueAt: first.callbackDueAt });
  });

  it('stores the number as ciphertext only, which opens to the number', async () => {
    // Prepare
    const task = await onlyTask(c);

    // Act
    const item = await raw.send(
      new GetItemCommand({
        TableName: stack.resources.casesTable,
        Key: { pk: { S: task.pk }, sk: { S: task.sk } },
        ConsistentRead: true,
      }),
    );
    const opened = await vault.open(task.number as SealedNumber);

    // Assess
    const text = JSON.stringify(item.Item);
    for (let i = 0; i + 7 <= c.length; i++) expect(text).not.toContain(c.slice(i, i + 7));
    expect(opened).toBe(c);
  });

  it('adds no call when the same record is posted again', async () => {
    // Prepare
    const before = await onlyTask(c);

    // Act
    await post(burst[3] as Record<string, unknown>);
    await idle();

    // Assess
    const after = await onlyTask(c);
    expect([after.calls.length, after.version]).toEqual([1, before.version]);
  });

  it("closes a caller's task when their later call is answered", async () => {
    // Prepare
    const call = answered(a);

    // Act
    await post(call);
    await idle();

    // Assess
    const task = await onlyTask(a);
    expect(task).toMatchObject({ status: 'caller_got_through', closedBy: { callId: call.callId } });
    const item = await ddb.send(
      new GetCommand({ TableName: stack.resources.casesTable, Key: { pk: task.pk, sk: task.sk } }),
    );
    expect(item.Item).toMatchObject({ deptQueue: 'CALLBACKS#erase', dueAt: task.eraseAfter });
  });

  it("closes a caller's task when a web-form appeal with the same phone becomes a case", async () => {
    // Act
    const res = await postWebform(webform({ phone: b }));
    await idle();

    // Assess
    expect(res.status).toBe(202);
    const task = await onlyTask(b);
    expect(task.status).toBe('caller_got_through');
    expect(task.closedBy?.caseId).toEqual(expect.any(String));
  });

  it('makes a task for an IVR-only call outside service hours', async () => {
    // Prepare
    const phone = uniquePhone();
    const record = abandoned(phone, 5, {
      disposition: 'ivr_only',
      queuedAt: undefined,
      startedAt: minutesAgo(6),
      missed: 'after_hours',
    });

    // Act
    await post(record);
    await idle();

    // Assess
    const task = await onlyTask(phone);
    expect(task.calls.map((call) => call.reason)).toEqual(['after_hours']);
  });

  it('makes no task for a withheld number, nor for an IVR-only call the menu served', async () => {
    // Prepare
    const phone = uniquePhone();
    const withheld = abandoned(undefined, 4);
    const served = abandoned(phone, 4, {
      disposition: 'ivr_only',
      queuedAt: undefined,
      startedAt: minutesAgo(5),
    });

    // Act
    await post(withheld);
    await post(served);
    await idle();

    // Assess
    const call = await ddb.send(
      new GetCommand({
        TableName: stack.resources.casesTable,
        Key: { pk: `CALL#${withheld.callId}`, sk: 'CALL' },
      }),
    );
    expect(call.Item).toMatchObject({ disposition: 'abandoned' });
    expect(call.Item).not.toHaveProperty('callerHash');
    const open = await ddb.send(
      new QueryCommand({
        TableName: stack.resources.casesTable,
        IndexName: 'by-department-queue',
        KeyConditionExpression: 'deptQueue = :q',
        ExpressionAttributeValues: { ':q': 'CALLBACKS#open' },
      }),
    );
    const callIds = (open.Items ?? []).flatMap((t) => (t.calls as { callId: string }[]).map((x) => x.callId));
    expect(callIds).not.toContain(withheld.callId);
    expect(await roundsOf(phone)).toEqual([]);
  });
});
