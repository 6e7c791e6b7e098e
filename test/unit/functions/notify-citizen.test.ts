import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { newlyQueued } from '../../../functions/notify-citizen/forward.js';
import { handler } from '../../../functions/notify-citizen/handler.js';
import { toItem } from '../../../shared/adapters/case-item.js';
import { resetConfig } from '../../../shared/adapters/config.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { hashPhone } from '../../../shared/domain/identity.js';
import { type Actor, applyAction, type LifecycleAction } from '../../../shared/domain/lifecycle/index.js';
import { queuedNotice, withQueuedNotice } from '../../../shared/domain/notices/index.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { TEST_ENV, testContext } from '../fixtures/lambda.js';

// Changed in issue 11: notify-citizen no longer sends anything. It forwards each newly queued
// notice to the notices queue (send-notice sends it); the sending cases moved to send-notice.test.ts.

const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/notices';
const water: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };

function act(kase: Case, action: LifecycleAction): Case {
  const result = applyAction(kase, action, water, {
    now: new Date('2026-11-23T02:00:00Z'),
    calendar: WEEKENDS_ONLY,
  });
  if (!result.ok) throw new Error(result.refusal.code);
  return result.case;
}

function acknowledged(): Case {
  const kase = createCase(
    testAppeal({
      contact: { phoneHash: hashPhone('13912345678', TEST_ENV.CONTACT_HASH_KEY), phoneMasked: '139****5678' },
    }),
    {
      directory: TEST_DIRECTORY,
      calendar: WEEKENDS_ONLY,
      now: new Date('2026-11-20T02:00:05Z'),
      rawKey: 'raw/k.json',
    },
  );
  return act(kase, { action: 'acknowledge' });
}

const image = (item: Record<string, unknown>) => marshall(item, { removeUndefinedValues: true }) as never;

function record(
  seq: string,
  before: Case | undefined,
  after: Case | Record<string, unknown>,
): DynamoDBRecord {
  const newItem = 'pk' in after ? (after as Record<string, unknown>) : toItem(after as Case);
  return {
    eventID: seq,
    eventName: before ? 'MODIFY' : 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      ...(before ? { OldImage: image(toItem(before)) } : {}),
      NewImage: image(newItem),
      SequenceNumber: seq,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

async function run(...records: DynamoDBRecord[]): Promise<DynamoDBBatchResponse> {
  return (await handler({ Records: records }, testContext('notify-citizen'))) as DynamoDBBatchResponse;
}

function sentBodies(): unknown[] {
  return sqs.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody as string));
}

describe('Function: notify-citizen', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('NOTICES_QUEUE_URL', QUEUE_URL);
    resetConfig();
  });

  afterAll(() => {
    vi.unstubAllEnvs();
  });

  beforeEach(() => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  afterEach(() => {
    sqs.reset();
  });

  it('forwards the completion notice a completion queued, and nothing else', async () => {
    // Prepare
    const before = acknowledged();
    const after = act(before, { action: 'complete', reply: '已修复' });

    // Act
    const response = await run(record('1', before, after));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 1);
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, { QueueUrl: QUEUE_URL });
    expect(sentBodies()).toEqual([{ caseId: after.caseId, noticeId: `completion#${after.completedAt}` }]);
  });

  it('forwards a notice newly queued beside one already queued, not the old one again', async () => {
    // Prepare
    const completed = act(acknowledged(), { action: 'complete', reply: '已修复' });
    const later = {
      ...completed,
      version: completed.version + 1,
      notices: withQueuedNotice(
        completed.notices,
        queuedNotice('correction_request', '2026-11-24T01:00:00.000Z'),
      ),
    };

    // Act
    await run(record('2', completed, later));

    // Assess
    expect(sentBodies()).toEqual([
      { caseId: completed.caseId, noticeId: 'correction_request#2026-11-24T01:00:00.000Z' },
    ]);
  });

  it('forwards nothing for a record that queued nothing new (a notice sent, a note, another item)', async () => {
    // Prepare
    const completed = act(acknowledged(), { action: 'complete', reply: '已修复' });
    const notice = completed.notices?.[0];
    if (!notice) throw new Error('the completion queued no notice');
    const sent = {
      ...completed,
      version: completed.version + 1,
      notices: [{ ...notice, state: 'sent' as const, attempts: 1, messageId: 'sid-1' }],
    };
    const duplicateLink = { pk: `CASE#${completed.caseId}`, sk: 'DUP#other', status: 'completed' };

    // Act
    const response = await run(record('3', completed, sent), record('4', undefined, duplicateLink));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 0);
  });

  it('forwards again on a replayed record (send-notice takes the second as a replay)', async () => {
    // Prepare
    const before = acknowledged();
    const after = act(before, { action: 'complete', reply: '已修复' });

    // Act
    await run(record('5', before, after));
    await run(record('5', before, after));

    // Assess
    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 2);
    expect(sentBodies()[0]).toEqual(sentBodies()[1]);
  });

  it('fails only the record whose send failed, for the stream to retry', async () => {
    // Prepare
    const first = acknowledged();
    const firstDone = act(first, { action: 'complete', reply: '已修复' });
    sqs
      .on(SendMessageCommand)
      .rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }))
      .resolves({});

    // Act
    const response = await run(record('6', first, firstDone), record('7', first, firstDone));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: '6' }]);
  });
});

describe('newlyQueued', () => {
  it('answers the queued notices the old image had not queued', () => {
    // Prepare
    const before = acknowledged();
    const after = act(before, { action: 'complete', reply: '已修复' });

    // Act
    const refs = [
      newlyQueued(before, after),
      newlyQueued(after, after),
      newlyQueued(undefined, after),
      newlyQueued(after, undefined),
    ];

    // Assess
    const ref = { caseId: after.caseId, noticeId: `completion#${after.completedAt}` };
    expect(refs).toEqual([[ref], [], [ref], []]);
  });
});
