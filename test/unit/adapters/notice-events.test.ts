import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { applyNoticeEvent, noticeOfMessage } from '../../../shared/adapters/notice-events.js';
import { DynamoNoticeSendMarks } from '../../../shared/adapters/notice-send-marks.js';
import type { VersionedCaseStore } from '../../../shared/adapters/update-case.js';
import type { Case } from '../../../shared/domain/case.js';
import { queuedNotice } from '../../../shared/domain/notices/index.js';
import { testAppeal } from '../fixtures/appeal.js';

const ddb = mockClient(DynamoDBDocumentClient);
const NOW = new Date('2026-11-23T03:00:00.000Z');
const accepted = {
  type: 'accepted',
  at: NOW.toISOString(),
  provider: 'tencent',
  via: 'sms',
  messageId: 'sid-1',
} as const;

function caseWithNotice(): Case {
  const appeal = testAppeal();
  return {
    ...appeal,
    status: 'completed',
    version: 4,
    completedAt: '2026-11-23T02:00:00.000Z',
    notices: [queuedNotice('completion', '2026-11-23T02:00:00.000Z')],
    history: [],
  } as unknown as Case;
}

/** One case in memory; `conflicts` version conflicts before a write lands. */
function store(kase: Case | undefined, conflicts = 0): VersionedCaseStore & { writes: Case[] } {
  let current = kase;
  let left = conflicts;
  const writes: Case[] = [];
  return {
    writes,
    getById: async () => current,
    update: async (next, expected) => {
      if (left > 0 || !current || current.version !== expected) {
        left--;
        return { outcome: 'version_conflict', current };
      }
      writes.push(next);
      current = next;
      return { outcome: 'updated' };
    },
  };
}

describe('applyNoticeEvent', () => {
  it('moves the notice and bumps the version, adding no history entry', async () => {
    // Prepare
    const cases = store(caseWithNotice());

    // Act
    const result = await applyNoticeEvent(cases, 'c', 'completion#2026-11-23T02:00:00.000Z', accepted);

    // Assess
    expect(result).toBe('updated');
    expect(cases.writes[0]?.version).toBe(5);
    expect(cases.writes[0]?.notices?.[0]).toMatchObject({ state: 'sent', messageId: 'sid-1' });
    expect(cases.writes[0]?.history).toEqual([]);
  });

  it('answers unchanged for a replayed event, and missing for no notice or no case', async () => {
    // Prepare
    const cases = store(caseWithNotice());
    await applyNoticeEvent(cases, 'c', 'completion#2026-11-23T02:00:00.000Z', accepted);

    // Act
    const results = [
      await applyNoticeEvent(cases, 'c', 'completion#2026-11-23T02:00:00.000Z', accepted),
      await applyNoticeEvent(cases, 'c', 'completion#other', accepted),
      await applyNoticeEvent(store(undefined), 'c', 'completion#2026-11-23T02:00:00.000Z', accepted),
    ];

    // Assess
    expect(results).toEqual(['unchanged', 'missing', 'missing']);
    expect(cases.writes).toHaveLength(1);
  });

  it('decides again after a version conflict', async () => {
    // Prepare
    const cases = store(caseWithNotice(), 2);

    // Act
    const result = await applyNoticeEvent(cases, 'c', 'completion#2026-11-23T02:00:00.000Z', accepted);

    // Assess
    expect(result).toBe('updated');
  });
});

describe('DynamoNoticeSendMarks', () => {
  afterEach(() => {
    ddb.reset();
  });

  it('claims an attempt once, answering the first claim time to a second caller', async () => {
    // Prepare
    const marks = new DynamoNoticeSendMarks(ddb as unknown as DynamoDBDocumentClient, 'request-marks');
    ddb
      .on(PutCommand)
      .resolvesOnce({})
      .rejectsOnce(
        new ConditionalCheckFailedException({
          message: 'exists',
          $metadata: {},
          Item: marshall({ pk: 'x', claimedAt: '2026-11-23T02:59:00.000Z' }),
        }),
      );
    const ref = { caseId: 'c-1', noticeId: 'completion#t' };

    // Act
    const claims = [await marks.claimAttempt(ref, 1, NOW), await marks.claimAttempt(ref, 1, NOW)];

    // Assess
    expect(claims).toEqual([{ kind: 'claimed' }, { kind: 'taken', claimedAt: '2026-11-23T02:59:00.000Z' }]);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: 'NOTICE#c-1#completion#t#1', sk: 'MARK' }),
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  });

  it('finds a notice by its message mark, not once the mark has expired', async () => {
    // Prepare
    const marks = new DynamoNoticeSendMarks(ddb as unknown as DynamoDBDocumentClient, 'request-marks');
    const live = Math.floor(NOW.getTime() / 1000) + 60;
    ddb
      .on(GetCommand)
      .resolves({})
      .on(GetCommand, { Key: { pk: 'NOTICEMSG#tencent#sid-1', sk: 'MARK' } })
      .resolves({ Item: { caseId: 'c-1', noticeId: 'completion#t', expiresAt: live } })
      .on(GetCommand, { Key: { pk: 'NOTICEMSG#tencent#old', sk: 'MARK' } })
      .resolves({ Item: { caseId: 'c-1', noticeId: 'completion#t', expiresAt: live - 120 } });

    // Act
    const found = [
      await noticeOfMessage('tencent', 'sid-1', marks, NOW),
      await noticeOfMessage('tencent', 'old', marks, NOW),
      await noticeOfMessage('aliyun', 'none', marks, NOW),
    ];

    // Assess
    expect(found).toEqual([{ caseId: 'c-1', noticeId: 'completion#t' }, undefined, undefined]);
  });
});
