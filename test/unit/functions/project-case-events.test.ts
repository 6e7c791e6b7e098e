import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { toItem } from '../../../shared/adapters/case-item.js';
import { toDuplicateLinkItem } from '../../../shared/adapters/duplicate-link-item.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { markBucketOf } from '../../../shared/domain/metrics/index.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { callbackTask, erased, missedCall, reachedAt } from '../fixtures/callback-task.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { testContext } from '../fixtures/lambda.js';

type Handler = typeof import('../../../functions/project-case-events/handler.js').handler;
let handler: Handler;

const ddb = mockClient(DynamoDBDocumentClient);

/** Received and dispatched Friday 2026-11-20 10:00 in Shanghai. */
const kase = createCase(testAppeal(), {
  directory: TEST_DIRECTORY,
  calendar: WEEKENDS_ONLY,
  now: new Date('2026-11-20T02:00:05Z'),
});
const CREATED = Date.parse('2026-11-20T02:00:06Z') / 1000;
const BUCKET = markBucketOf(CREATED);

function image(c: Case) {
  return marshall(toItem(c), { removeUndefinedValues: true }) as never;
}

function streamRecord(seq: string, name: 'INSERT' | 'MODIFY', before?: Case, after?: Case): DynamoDBRecord {
  return {
    eventID: `event-${seq}`,
    eventName: name,
    eventSource: 'aws:dynamodb',
    awsRegion: 'cn-north-1',
    dynamodb: {
      ApproximateCreationDateTime: CREATED,
      Keys: marshall({ pk: `CASE#${kase.caseId}`, sk: 'CASE' }) as never,
      ...(before ? { OldImage: image(before) } : {}),
      ...(after ? { NewImage: image(after) } : {}),
      SequenceNumber: seq,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

function callRecord(seq: string): DynamoDBRecord {
  const call = {
    pk: 'CALL#c-1',
    sk: 'CALL',
    callId: 'c-1',
    line: '12345',
    disposition: 'answered',
    day: '2026-11-20',
    recordedAt: '2026-11-20T02:03:00.000Z',
    queuedAt: '2026-11-20T02:00:00.000Z',
    answeredAt: '2026-11-20T02:00:09.000Z',
  };
  return {
    ...streamRecord(seq, 'INSERT'),
    dynamodb: { ...streamRecord(seq, 'INSERT').dynamodb, NewImage: marshall(call) as never },
  };
}

/** A callback task's record (漏接回拨): the item as the store writes it, index attributes included. */
function callbackRecord(
  seq: string,
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
): DynamoDBRecord {
  const base = streamRecord(seq, 'MODIFY');
  const indexed = (task: Record<string, unknown>) =>
    marshall(
      task.status === 'open' ? { ...task, deptQueue: 'CALLBACKS#open', dueAt: task.callbackDueAt } : task,
      { removeUndefinedValues: true },
    ) as never;
  return {
    ...base,
    eventName: before ? 'MODIFY' : 'INSERT',
    dynamodb: {
      ...base.dynamodb,
      Keys: marshall({ pk: 'CALLBACK#a1b2c3d4e5f6a7b8c9d0e1f2', sk: 'TASK#000001' }) as never,
      OldImage: before ? indexed(before) : undefined,
      NewImage: after ? indexed(after) : undefined,
    },
  };
}

function conditionFailed(item?: Record<string, unknown>) {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(item ? { Item: marshall(item) } : {}),
  });
}

/** The EMF documents Powertools wrote to stdout during `run`. */
async function emfDuring(run: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.includes('"_aws"'))
    .map((l) => JSON.parse(l));
}

const updates = () => ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input as UpdateCommandInput);

describe('Function: project-case-events', () => {
  beforeAll(() => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'project-case-events');
    vi.stubEnv('METRICS_TABLE_NAME', 'metrics');
  });

  beforeEach(async () => {
    ddb.reset();
    // A fresh module per test: a cold container, which knows no item's mark attribute yet.
    vi.resetModules();
    ({ handler } = await import('../../../functions/project-case-events/handler.js'));
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("ignores the lookup's GUESS# counters: inserted, counted up and deleted by TTL, they change nothing", async () => {
    // Prepare
    const counter = (misses: number) =>
      marshall({
        pk: 'GUESS#261120-ABCD-EFGH',
        sk: 'GUESS',
        misses,
        since: 1,
        until: 2,
        expiresAt: 3,
      }) as never;
    const guess = (seq: string, name: 'INSERT' | 'MODIFY' | 'REMOVE', before?: number, after?: number) => {
      const base = streamRecord(seq, 'INSERT');
      return {
        ...base,
        eventName: name,
        dynamodb: {
          ...base.dynamodb,
          Keys: marshall({ pk: 'GUESS#261120-ABCD-EFGH', sk: 'GUESS' }) as never,
          ...(before === undefined ? {} : { OldImage: counter(before) }),
          ...(after === undefined ? {} : { NewImage: counter(after) }),
        },
      } as DynamoDBRecord;
    };
    const event: DynamoDBStreamEvent = {
      Records: [
        guess('100', 'INSERT', undefined, 1),
        guess('101', 'MODIFY', 1, 2),
        guess('102', 'REMOVE', 2),
      ],
    };

    // Act
    await handler(event, testContext('project-case-events'));

    // Assess
    expect(ddb.calls()).toHaveLength(0);
  });

  it('adds a new case to all four aggregates of its day, creating each with its mark in one write', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});
    const event: DynamoDBStreamEvent = { Records: [streamRecord('100', 'INSERT', undefined, kase)] };

    // Act
    await handler(event, testContext('project-case-events'));

    // Assess
    expect(
      updates()
        .map((u) => `${u.Key?.pk}|${u.Key?.sk}`)
        .sort(),
    ).toEqual([
      'all|2026-11-20',
      'category|2026-11-20#water-supply',
      'channel|2026-11-20#webform',
      'department|2026-11-20#water-group',
    ]);
    expect(updates().find((u) => u.Key?.pk === 'department')).toMatchObject({
      TableName: 'metrics',
      // …and it drops the half hours that just expired, whether or not the item has them
      UpdateExpression: expect.stringMatching(
        /^ADD #c0 :c0, #c1 :c1 SET #bk = :marks, #day = :day, #value = :value REMOVE #x0, #x1,/,
      ),
      ConditionExpression: 'attribute_not_exists(#bk)',
      ExpressionAttributeNames: expect.objectContaining({
        '#bk': BUCKET,
        '#day': 'day',
        '#value': 'value',
        '#c0': 'appeals',
        '#c1': 'dispatches',
      }),
      ExpressionAttributeValues: expect.objectContaining({
        ':marks': { 'event-100': '100' },
        ':day': '2026-11-20',
        ':value': 'water-group',
      }),
    });
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('writes one update per aggregate item for a batch of many records, then marks known items', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});
    const acknowledged = { ...kase, version: 2, status: 'acknowledged' as const };
    const completed = {
      ...acknowledged,
      version: 3,
      status: 'completed' as const,
      completedAt: '2026-11-20T06:00:00.000Z',
    };
    const first = [
      streamRecord('100', 'INSERT', undefined, kase),
      streamRecord('101', 'MODIFY', kase, acknowledged),
      streamRecord('102', 'MODIFY', acknowledged, { ...acknowledged, version: 3 }),
    ];
    await handler({ Records: first }, testContext('project-case-events'));
    ddb.resetHistory();

    // Act: the next batch reaches the same items
    await handler(
      { Records: [streamRecord('103', 'MODIFY', acknowledged, completed)] },
      testContext('project-case-events'),
    );

    // Assess
    expect(updates()).toHaveLength(4);
    expect(updates().find((u) => u.Key?.pk === 'all')).toMatchObject({
      UpdateExpression: 'ADD #c0 :c0, #c1 :c1 SET #bk.#b = :seq',
      ConditionExpression: 'attribute_exists(#bk) AND attribute_not_exists(#bk.#b)',
      ExpressionAttributeNames: {
        '#bk': BUCKET,
        '#b': 'event-103',
        '#c0': 'completed',
        '#c1': 'handlingSecondsSum',
      },
      ExpressionAttributeValues: { ':seq': '103', ':c0': 1, ':c1': 4 * 3600 },
    });
  });

  it('changes nothing when a batch it already applied is delivered again', async () => {
    // Prepare: every item already holds this batch's mark at its last record
    ddb
      .on(UpdateCommand)
      .callsFake((input: UpdateCommandInput) =>
        Promise.reject(conditionFailed({ ...input.Key, appeals: 1, [BUCKET]: { 'event-100': '100' } })),
      );
    const event: DynamoDBStreamEvent = { Records: [streamRecord('100', 'INSERT', undefined, kase)] };

    // Act
    const docs = await emfDuring(() => handler(event, testContext('project-case-events')));

    // Assess: one refused write per item, which showed the mark; nothing after it
    expect(updates()).toHaveLength(4);
    expect(docs).toEqual([]);
  });

  it('adds only the records after the mark when a retry carries more', async () => {
    // Prepare: the first attempt applied record 100 to the case's items; the retry brings a call too
    ddb
      .on(UpdateCommand)
      .callsFake((input: UpdateCommandInput) =>
        input.Key?.pk === 'call' || input.Key?.pk === 'line'
          ? Promise.resolve({})
          : Promise.reject(conditionFailed({ ...input.Key, appeals: 1, [BUCKET]: { 'event-100': '100' } })),
      );
    const event: DynamoDBStreamEvent = {
      Records: [streamRecord('100', 'INSERT', undefined, kase), callRecord('101')],
    };

    // Act
    await handler(event, testContext('project-case-events'));

    // Assess
    expect(updates().filter((u) => u.Key?.pk === 'line')).toEqual([
      expect.objectContaining({ Key: { pk: 'line', sk: '2026-11-20#12345' } }),
    ]);
    expect(updates().filter((u) => u.Key?.pk === 'call')).toEqual([
      expect.objectContaining({
        Key: { pk: 'call', sk: '2026-11-20' },
        ExpressionAttributeNames: expect.objectContaining({
          '#c0': 'callsQueued',
          '#c1': 'callsAnswered',
          '#c2': 'callsAnsweredIn15s',
        }),
        ExpressionAttributeValues: expect.objectContaining({ ':marks': { 'event-100': '101' } }),
      }),
    ]);
    expect(updates().filter((u) => u.Key?.pk !== 'call' && u.Key?.pk !== 'line')).toHaveLength(4);
  });

  it('adds the part after its mark to an item an earlier attempt reached half way', async () => {
    // Prepare: the all-item took record 100 before the first attempt failed; the retry has 101 too
    const completed = {
      ...kase,
      version: 2,
      status: 'completed' as const,
      completedAt: '2026-11-20T06:00:00.000Z',
    };
    ddb
      .on(UpdateCommand)
      .callsFake((input: UpdateCommandInput) =>
        input.Key?.pk === 'all' && input.ConditionExpression !== '#bk.#b = :seen'
          ? Promise.reject(
              conditionFailed({ ...input.Key, appeals: 1, dispatches: 1, [BUCKET]: { 'event-100': '100' } }),
            )
          : Promise.resolve({}),
      );
    const event: DynamoDBStreamEvent = {
      Records: [
        streamRecord('100', 'INSERT', undefined, kase),
        streamRecord('101', 'MODIFY', kase, completed),
      ],
    };

    // Act
    await handler(event, testContext('project-case-events'));

    // Assess
    expect(updates().filter((u) => u.ConditionExpression === '#bk.#b = :seen')).toEqual([
      expect.objectContaining({
        Key: { pk: 'all', sk: '2026-11-20' },
        UpdateExpression: 'ADD #c0 :c0, #c1 :c1 SET #bk.#b = :seq',
        ExpressionAttributeNames: {
          '#bk': BUCKET,
          '#b': 'event-100',
          '#c0': 'completed',
          '#c1': 'handlingSecondsSum',
        },
        ExpressionAttributeValues: { ':seq': '101', ':seen': '100', ':c0': 1, ':c1': 4 * 3600 },
      }),
    ]);
  });

  it('emits the contract EMF metrics for what it added: totals, by channel and by department', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});
    const completed = {
      ...kase,
      version: 4,
      status: 'completed' as const,
      completedAt: '2026-11-23T02:00:00.000Z',
      slaOutcome: 'on_time' as const,
      slaDueAt: kase.dueAt,
    };
    const event: DynamoDBStreamEvent = {
      Records: [
        streamRecord('100', 'INSERT', undefined, kase),
        streamRecord('101', 'MODIFY', kase, completed),
        callRecord('102'),
      ],
    };

    // Act
    const docs = await emfDuring(() => handler(event, testContext('project-case-events')));

    // Assess
    expect(docs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          AppealsReceived: 1,
          SlaDue: 1,
          SlaOnTime: 1,
          CallsQueued: 1,
          CallsAnswered: 1,
        }),
        expect.objectContaining({ AppealsReceived: 1, Channel: 'webform' }),
        expect.objectContaining({ SlaDue: 1, Department: 'water-group' }),
        expect.objectContaining({ SlaOnTime: 1, Department: 'water-group' }),
      ]),
    );
  });

  it('projects a callback task through the same delta: open → reached moves only the reached counters', async () => {
    // Prepare: missed at 10:00 on 12315, reached at 10:40 (due 11:00)
    ddb.on(UpdateCommand).resolves({});
    const open = callbackTask([missedCall('c-9', '12315', '2026-11-20T02:00:00Z')]);
    const reached = reachedAt(open, '2026-11-20T02:40:00Z');
    const event: DynamoDBStreamEvent = { Records: [callbackRecord('200', open, reached)] };

    // Act
    await handler(event, testContext('project-case-events'));

    // Assess: the city's hotline and the line, nothing else (no dossier, no co-handler link)
    expect(
      updates()
        .map((u) => `${u.Key?.pk}|${u.Key?.sk}`)
        .sort(),
    ).toEqual(['call|2026-11-20', 'line|2026-11-20#12315']);
    for (const u of updates()) {
      const added = Object.entries(u.ExpressionAttributeNames ?? {})
        .filter(([k]) => k.startsWith('#c'))
        .map(([, name]) => name)
        .sort();
      expect(added).toEqual(['callbacksReached', 'callbacksReachedOnTime']);
    }
    expect(ddb.calls().filter((c) => !(c.args[0] instanceof UpdateCommand))).toHaveLength(0);
  });

  it('emits CallbacksDue and CallbacksReached for what a callback task added', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});
    const open = callbackTask([missedCall('c-9', '12315', '2026-11-20T02:00:00Z')]);
    const event: DynamoDBStreamEvent = {
      Records: [
        callbackRecord('210', undefined, open),
        callbackRecord('211', open, reachedAt(open, '2026-11-20T02:40:00Z')),
      ],
    };

    // Act
    const docs = await emfDuring(() => handler(event, testContext('project-case-events')));

    // Assess
    expect(docs).toEqual(
      expect.arrayContaining([expect.objectContaining({ CallbacksDue: 1, CallbacksReached: 1 })]),
    );
  });

  it('writes nothing when a closed callback task has its number erased', async () => {
    // Prepare
    const reached = reachedAt(
      callbackTask([missedCall('c-9', '12315', '2026-11-20T02:00:00Z')]),
      '2026-11-20T02:40:00Z',
    );
    const event: DynamoDBStreamEvent = {
      Records: [callbackRecord('201', reached, erased(reached, '2026-12-20T02:40:00Z'))],
    };

    // Act
    await handler(event, testContext('project-case-events'));

    // Assess
    expect(ddb.calls()).toHaveLength(0);
  });

  it('fails the batch when a callback task item cannot be read', async () => {
    // Prepare
    ddb.on(UpdateCommand).resolves({});
    const event: DynamoDBStreamEvent = {
      Records: [callbackRecord('202', undefined, { pk: 'CALLBACK#x', sk: 'TASK#000001', status: 'open' })],
    };

    // Act & Assess
    await expect(handler(event, testContext('project-case-events'))).rejects.toThrow(/event-202.*unreadable/);
    expect(updates()).toEqual([]);
  });

  it('skips items that are neither cases nor call records', async () => {
    // Prepare
    const record: DynamoDBRecord = {
      ...streamRecord('3', 'INSERT'),
      dynamodb: {
        NewImage: marshall({ pk: 'RULE#1', sk: 'RULE' }) as never,
        SequenceNumber: '3',
        ApproximateCreationDateTime: CREATED,
      },
    };

    // Act
    await handler({ Records: [record] }, testContext('project-case-events'));

    // Assess
    expect(updates()).toEqual([]);
  });

  it("skips a master's duplicate link (并单), an item under the master's CASE# key", async () => {
    // Prepare
    const record: DynamoDBRecord = {
      ...streamRecord('3', 'INSERT'),
      dynamodb: {
        NewImage: marshall(
          toDuplicateLinkItem(kase.caseId, {
            duplicateCaseId: 'wfduplicate0000000000000000',
            duplicateTrackingNo: '261120-2345-6789',
            linkedAt: '2026-11-20T02:00:00.000Z',
            actor: 'system',
          }),
        ) as never,
        SequenceNumber: '3',
        ApproximateCreationDateTime: CREATED,
      },
    };

    // Act
    await handler({ Records: [record] }, testContext('project-case-events'));

    // Assess
    expect(updates()).toEqual([]);
  });

  it('fails the whole batch, writing nothing, when a record cannot be read', async () => {
    // Prepare: a case image missing required attributes
    ddb.on(UpdateCommand).resolves({});
    const broken: DynamoDBRecord = {
      ...streamRecord('4', 'INSERT'),
      dynamodb: {
        NewImage: marshall({ pk: 'CASE#x', sk: 'CASE', status: 'nonsense' }) as never,
        SequenceNumber: '4',
      },
    };
    const event: DynamoDBStreamEvent = { Records: [streamRecord('3', 'INSERT', undefined, kase), broken] };

    // Act & Assess
    await expect(handler(event, testContext('project-case-events'))).rejects.toThrow(/event-4.*unreadable/);
    expect(updates()).toEqual([]);
  });

  it('fails the batch when a write fails, so Lambda retries it whole', async () => {
    // Prepare
    ddb.on(UpdateCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    const event: DynamoDBStreamEvent = { Records: [streamRecord('5', 'INSERT', undefined, kase)] };

    // Act & Assess
    await expect(handler(event, testContext('project-case-events'))).rejects.toThrow(/Provisioned/);
  });
});
