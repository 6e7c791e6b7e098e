import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/answer-correction/handler.js';
import { toItem } from '../../../shared/adapters/case-item.js';
import { correctionToken } from '../../../shared/adapters/correction-token.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { deriveCaseId, deriveTrackingNo } from '../../../shared/domain/identity.js';
import { type Actor, applyAction, type LifecycleAction } from '../../../shared/domain/lifecycle/index.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const s3 = mockClient(S3Client);
const KEY = 'unit-test-feedback-key';
/** Monday 2026-11-23 10:00 in Shanghai. */
const NOW = new Date('2026-11-23T02:00:00Z');
const water: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };
const PHOTO_KEY = 'uploads/2026/11/23/0b7e5a52-3c1a-4b8e-9a55-6a1f0f3b2c11.png';
const LOST_KEY = 'uploads/2026/11/23/1b7e5a52-3c1a-4b8e-9a55-6a1f0f3b2c11.png';
const PHOTO = Buffer.from('a photo of the house number');
const SHA = createHash('sha256').update(PHOTO).digest('base64');

function advanced(kase: Case, action: LifecycleAction, at: string): Case {
  const result = applyAction(kase, action, water, { now: new Date(at), calendar: WEEKENDS_ONLY });
  if (!result.ok) throw new Error(result.refusal.code);
  return result.case;
}

/** Received Friday 11-20, due Friday 11-27; 补正 requested Friday 11-20 16:00 Shanghai. */
function requestedCase(sourceId = 'fixture-key-1'): Case {
  const caseId = deriveCaseId('webform', sourceId);
  const trackingNo = deriveTrackingNo(caseId, new Date('2026-11-20T02:00:00Z'));
  const dispatched = createCase(testAppeal({ sourceId, caseId, trackingNo }), {
    directory: TEST_DIRECTORY,
    calendar: WEEKENDS_ONLY,
    now: new Date('2026-11-20T02:00:05Z'),
  });
  const acknowledged = advanced(dispatched, { action: 'acknowledge' }, '2026-11-20T06:00:00Z');
  return advanced(
    acknowledged,
    { action: 'request_correction', question: '请补充<b>门牌号</b>' },
    '2026-11-20T08:00:00Z',
  );
}

function tokenOf(kase: Case): string {
  return correctionToken(kase.caseId, kase.correction?.requestedAt ?? '', KEY);
}

let table: Map<string, Case>;

async function call(options: {
  method: string;
  trackingNo: string;
  body?: unknown;
  query?: Record<string, string>;
}) {
  const result = (await handler(
    httpEvent({
      method: options.method,
      path: `/v1/cases/${options.trackingNo}/correction`,
      routeKey: `${options.method} /v1/cases/{trackingNo}/correction`,
      pathParameters: { trackingNo: options.trackingNo },
      headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(options.body === undefined
        ? {}
        : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
      ...(options.query ? { query: options.query } : {}),
    }),
    testContext('answer-correction'),
  )) as APIGatewayProxyStructuredResultV2;
  const text = String(result.body ?? '');
  return {
    status: result.statusCode,
    text,
    body: text.startsWith('{') ? JSON.parse(text) : undefined,
    headers: result.headers ?? {},
  };
}

const answer = (kase: Case, body: unknown) => call({ method: 'POST', trackingNo: kase.trackingNo, body });

describe('Function: answer-correction', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('FEEDBACK_TOKEN_KEY', KEY);
    vi.stubEnv('REQUEST_MARKS_TABLE_NAME', 'request-marks');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });

  afterAll(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  beforeEach(() => {
    table = new Map();
    ddb.on(QueryCommand, { IndexName: 'by-tracking-no' }).callsFake((input) => ({
      Items: [...table.values()]
        .filter((k) => k.trackingNo === input.ExpressionAttributeValues[':t'])
        .map((kase) => toItem(kase)),
    }));
    ddb.on(QueryCommand, { TableName: 'directory' }).callsFake(directoryQuery);
    ddb.on(GetCommand).callsFake((input) => {
      const kase = table.get(String(input.Key.pk).replace(/^CASE#/, ''));
      return kase ? { Item: toItem(kase) } : {};
    });
    ddb.on(PutCommand).resolves({});
    ddb.on(UpdateCommand).resolves({ Attributes: { sha256: SHA } });
    s3.on(HeadObjectCommand).rejects(
      new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }),
    );
    s3.on(GetObjectCommand, { Key: PHOTO_KEY }).resolves({
      Body: { transformToByteArray: async () => new Uint8Array(PHOTO) } as never,
      ChecksumSHA256: SHA,
      ContentType: 'image/png',
    });
    s3.on(GetObjectCommand, { Key: LOST_KEY }).rejects(
      new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }),
    );
    s3.on(PutObjectCommand).resolves({});
  });

  afterEach(() => {
    ddb.reset();
    s3.reset();
  });

  it('records the answer with its archived photo, resumes the clock and confirms in Chinese', async () => {
    // Prepare
    const kase = requestedCase();
    table.set(kase.caseId, kase);

    // Act
    const { status, body } = await answer(kase, {
      token: tokenOf(kase),
      answer: '门牌号是12号',
      attachments: [PHOTO_KEY],
    });

    // Assess
    expect(status).toBe(200);
    expect(body).toMatchObject({
      trackingNo: kase.trackingNo,
      message: expect.stringContaining('补正材料已收到'),
    });
    expect(ddb).toReceiveCommandWith(UpdateCommand, {
      TableName: 'request-marks',
      Key: { pk: `UPLOAD#${PHOTO_KEY}`, sk: 'MARK' },
    });
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'archive',
      Key: PHOTO_KEY,
      ChecksumSHA256: SHA,
    });
    const written = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item as Record<string, unknown>;
    expect(written).not.toHaveProperty('pausedSince');
    expect(written.correction).toMatchObject({
      answer: '门牌号是12号',
      answeredVia: 'web',
      attachments: [PHOTO_KEY],
    });
    // Paused Friday, answered Monday: the deadline moves by one working day, to Monday 11-30.
    expect(written.dueAt).toBe('2026-11-30T15:59:59.000Z');
  });

  it('keeps the answer when a photo never arrived, and says so', async () => {
    // Prepare
    const kase = requestedCase();
    table.set(kase.caseId, kase);

    // Act
    const { status, body } = await answer(kase, {
      token: tokenOf(kase),
      answer: '12号',
      attachments: [LOST_KEY],
    });

    // Assess
    expect(status).toBe(200);
    expect(body.missingAttachments).toBe(1);
    const written = ddb.commandCalls(PutCommand)[0]?.args[0].input.Item as Record<string, unknown>;
    expect(written.correction).toMatchObject({ answer: '12号' });
    expect(written.correction).not.toHaveProperty('attachments');
  });

  it('answers 403 invalid_token alike for a wrong token, another case’s token and a number of no case', async () => {
    // Prepare
    const kase = requestedCase();
    const other = requestedCase('fixture-key-2');
    table.set(kase.caseId, kase);
    table.set(other.caseId, other);

    // Act
    const results = await Promise.all([
      answer(kase, { token: 'x'.repeat(43), answer: '12号' }),
      answer(kase, { token: tokenOf(other), answer: '12号' }),
      answer({ ...kase, trackingNo: '261120-AAAA-AAAA' }, { token: tokenOf(kase), answer: '12号' }),
      answer(kase, { token: '', answer: '12号' }),
    ]);

    // Assess
    for (const r of results) {
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('invalid_token');
    }
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('refuses the token of an earlier request (403) and a replay after answering (409 no_open_correction)', async () => {
    // Prepare
    const first = requestedCase();
    const firstToken = tokenOf(first);
    const answered = applyAction(
      first,
      { action: 'answer_correction', answer: '12号', via: 'web' },
      { role: 'citizen', id: 'citizen' },
      { now: NOW, calendar: WEEKENDS_ONLY },
    );
    if (!answered.ok) throw new Error('not answered');
    table.set(first.caseId, answered.case);
    const replay = await answer(first, { token: firstToken, answer: '12号' });
    const second = advanced(
      answered.case,
      { action: 'request_correction', question: '请补充照片' },
      '2026-11-23T03:00:00Z',
    );
    table.set(first.caseId, second);

    // Act
    const stale = await answer(first, { token: firstToken, answer: '12号' });

    // Assess
    expect(replay.status).toBe(409);
    expect(replay.body.error.code).toBe('no_open_correction');
    expect(stale.status).toBe(403);
    expect(stale.body.error.code).toBe('invalid_token');
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('refuses a blank or oversized answer, too many photos and a photo not granted, writing nothing', async () => {
    // Prepare
    const kase = requestedCase();
    table.set(kase.caseId, kase);
    const token = tokenOf(kase);

    // Act
    const blank = await answer(kase, { token, answer: ' \n ' });
    const long = await answer(kase, { token, answer: '答'.repeat(2001) });
    const many = await answer(kase, { token, answer: '12号', attachments: ['a', 'b', 'c', 'd', 'e', 'f'] });
    const notJson = await answer(kase, '{"token":');
    ddb.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }));
    const foreign = await answer(kase, { token, answer: '12号', attachments: [PHOTO_KEY] });

    // Assess
    expect([blank.status, long.status, many.status]).toEqual([422, 422, 422]);
    expect(blank.body.error.code).toBe('validation_failed');
    expect(notJson.status).toBe(400);
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.code).toBe('invalid_attachment');
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  });

  it('refuses an odd tracking number (400) and reads no case for an odd or oversized token', async () => {
    // Prepare
    const kase = requestedCase();
    table.set(kase.caseId, kase);

    // Act
    const odd = await call({
      method: 'POST',
      trackingNo: '<script>',
      body: { token: tokenOf(kase), answer: '1' },
    });
    const huge = await answer(kase, { token: 'x'.repeat(257), answer: '12号' });
    const page = await call({ method: 'GET', trackingNo: '../../etc', query: { token: tokenOf(kase) } });
    const hugePage = await call({
      method: 'GET',
      trackingNo: kase.trackingNo,
      query: { token: 'x'.repeat(5000) },
    });

    // Assess
    expect(odd.status).toBe(400);
    expect(odd.body.error.code).toBe('invalid_tracking_no');
    expect(huge.status).toBe(422);
    expect(page.text).toContain('链接无效');
    expect(hugePage.text).toContain('链接无效');
    expect(ddb).not.toHaveReceivedCommand(QueryCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('serves the page with the escaped question and due date under a strict CSP; a wrong token only 链接无效', async () => {
    // Prepare
    const kase = requestedCase();
    table.set(kase.caseId, kase);

    // Act
    const page = await call({ method: 'GET', trackingNo: kase.trackingNo, query: { token: tokenOf(kase) } });
    const wrong = await call({ method: 'GET', trackingNo: kase.trackingNo, query: { token: 'nope' } });

    // Assess
    expect(page.status).toBe(200);
    expect(page.text).toContain(kase.trackingNo);
    expect(page.text).toContain('请补充&lt;b&gt;门牌号&lt;/b&gt;');
    expect(page.text).not.toContain('<b>门牌号');
    expect(page.text).toContain('2026-11-27');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'sha256-[^']+'; style-src 'sha256-/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(wrong.status).toBe(200);
    expect(wrong.text).toContain('链接无效');
    expect(wrong.text).not.toContain(kase.trackingNo);
  });
});
