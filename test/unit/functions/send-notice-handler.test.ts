import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffSeconds, handler } from '../../../functions/send-notice/handler.js';
import { toItem } from '../../../shared/adapters/case-item.js';
import { resetConfig } from '../../../shared/adapters/config.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { hashPhone } from '../../../shared/domain/identity.js';
import { applyAction } from '../../../shared/domain/lifecycle/index.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { logger } from '../../../shared/logger.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { TEST_ENV, testContext } from '../fixtures/lambda.js';

const provider = vi.hoisted(() => ({ send: vi.fn() }));
vi.mock('../../../shared/adapters/notifiers/select.js', () => ({
  smsNotifier: async () => ({ provider: 'tencent', send: provider.send }),
  wechatNotifier: async () => undefined,
}));

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const s3 = mockClient(S3Client);
const PHONE = '13912345678';
const QUEUE_URL = 'https://sqs.cn-north-1.amazonaws.com.cn/123456789012/notices';

function completed(): Case {
  const kase = createCase(
    testAppeal({
      contact: { phoneHash: hashPhone(PHONE, TEST_ENV.CONTACT_HASH_KEY), phoneMasked: '139****5678' },
    }),
    {
      directory: TEST_DIRECTORY,
      calendar: WEEKENDS_ONLY,
      now: new Date('2026-11-20T02:00:05Z'),
      rawKey: 'raw/k.json',
    },
  );
  const ctx = { now: new Date('2026-11-23T02:00:00Z'), calendar: WEEKENDS_ONLY };
  const actor = { role: 'department' as const, id: 'u-1', departmentId: 'water-group' };
  const acked = applyAction(kase, { action: 'acknowledge' }, actor, ctx);
  if (!acked.ok) throw new Error(acked.refusal.code);
  const done = applyAction(acked.case, { action: 'complete', reply: '已修复' }, actor, ctx);
  if (!done.ok) throw new Error(done.refusal.code);
  return done.case;
}

function sqsRecord(id: string, body: unknown, receiveCount: number): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `rh-${id}`,
    body: JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '0',
      SenderId: 'x',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:cn-north-1:123456789012:notices',
    awsRegion: 'cn-north-1',
  };
}

describe('Function: send-notice', () => {
  const kase = completed();
  const ref = { caseId: kase.caseId, noticeId: `completion#${kase.completedAt}` };

  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('NOTICES_QUEUE_URL', QUEUE_URL);
    vi.stubEnv('REQUEST_MARKS_TABLE_NAME', 'request-marks');
    vi.stubEnv('FEEDBACK_TOKEN_KEY', 'unit-feedback-key');
    vi.stubEnv('PUBLIC_BASE_URL', 'https://12345.example.gov.cn');
    resetConfig();
  });

  afterAll(() => {
    vi.unstubAllEnvs();
  });

  beforeEach(() => {
    ddb.on(GetCommand, { TableName: 'cases' }).resolves({ Item: toItem(kase) });
    ddb.on(PutCommand).resolves({});
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    const raw = JSON.stringify({
      caseId: kase.caseId,
      channel: 'webform',
      contentType: 'application/json',
      body: JSON.stringify({ phone: PHONE }),
    });
    s3.on(GetObjectCommand).resolves({ Body: { transformToString: async () => raw } as never });
  });

  afterEach(() => {
    ddb.reset();
    sqs.reset();
    s3.reset();
    provider.send.mockReset();
  });

  it('holds a failed attempt back for its backoff and reports only that record as failed', async () => {
    // Prepare
    provider.send.mockRejectedValue(Object.assign(new Error('busy'), { code: 'InternalError.Timeout' }));

    // Act
    const response = (await handler(
      { Records: [sqsRecord('m-1', ref, 3), sqsRecord('m-2', { bogus: true }, 1)] },
      testContext('send-notice'),
    )) as SQSBatchResponse;

    // Assess
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m-1', 'm-2']);
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityCommand, {
      QueueUrl: QUEUE_URL,
      ReceiptHandle: 'rh-m-1',
      VisibilityTimeout: 120,
    });
    const caseWrites = ddb.commandCalls(PutCommand).filter((c) => c.args[0].input.TableName === 'cases');
    const notices = caseWrites.at(-1)?.args[0].input.Item?.notices as { state: string; reason?: string }[];
    expect(notices[0]).toMatchObject({ state: 'failed', reason: 'InternalError.Timeout' });
  });

  it('logs a record that failed otherwise than by the provider with its messageId, and not a provider refusal', async () => {
    // Prepare
    provider.send.mockRejectedValue(Object.assign(new Error('busy'), { code: 'InternalError.Timeout' }));
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);

    // Act
    await handler(
      { Records: [sqsRecord('m-1', ref, 1), sqsRecord('m-2', { bogus: true }, 2)] },
      testContext('send-notice'),
    );

    // Assess
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors).toHaveBeenCalledWith(
      'notice message failed',
      expect.objectContaining({ messageId: 'm-2', receiveCount: 2, error: expect.any(Error) }),
    );
    errors.mockRestore();
  });

  it('claims the attempt in the request-marks table, then writes the receipt mark before the case', async () => {
    // Prepare
    provider.send.mockResolvedValue({
      outcome: 'accepted',
      provider: 'tencent',
      via: 'sms',
      messageId: 'sid-7',
    });

    // Act
    const response = (await handler(
      { Records: [sqsRecord('m-3', ref, 1)] },
      testContext('send-notice'),
    )) as SQSBatchResponse;

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const puts = ddb
      .commandCalls(PutCommand)
      .map((c) => `${c.args[0].input.TableName}:${String(c.args[0].input.Item?.pk)}`);
    expect(puts).toEqual([
      `request-marks:NOTICE#${ref.caseId}#${ref.noticeId}#1`,
      expect.stringMatching(/^request-marks:LINK#[0-9A-Za-z]{10}$/),
      'request-marks:NOTICEMSG#tencent#sid-7',
      `cases:CASE#${ref.caseId}`,
    ]);
    expect(sqs).toHaveReceivedCommandTimes(ChangeMessageVisibilityCommand, 0);
  });

  it('backs off 30 s doubling per receive, within SQS limit of 12 hours', () => {
    expect([1, 2, 3, 6, 30].map((n) => backoffSeconds(n))).toEqual([30, 60, 120, 960, 43_200]);
  });

  describe('NOTICE_BACKOFF_BASE_SECONDS', () => {
    afterEach(() => {
      // Back to unset, as the other cases expect; the suite's own stubs stay.
      vi.stubEnv('NOTICE_BACKOFF_BASE_SECONDS', undefined);
    });

    it.each([
      ['0', [0, 0, 0]],
      ['2', [2, 4, 8]],
      ['', [30, 60, 120]],
      ['-1', [30, 60, 120]],
      ['1.5', [30, 60, 120]],
    ])('takes %j as the base: %j for the first three receives', (base, expected) => {
      // Prepare
      vi.stubEnv('NOTICE_BACKOFF_BASE_SECONDS', base);

      // Act
      const seconds = [1, 2, 3].map((n) => backoffSeconds(n));

      // Assess
      expect(seconds).toEqual(expected);
    });
  });
});
