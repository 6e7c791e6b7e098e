import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/submit-feedback/handler.js';
import { toItem } from '../../../shared/adapters/case-item.js';
import { feedbackToken } from '../../../shared/adapters/feedback-token.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { type Actor, applyAction, type LifecycleAction } from '../../../shared/domain/lifecycle/index.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const KEY = 'unit-test-feedback-key';
const NOW = new Date('2026-11-24T02:00:00Z');
const water: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };
const supervisor: Actor = { role: 'supervisor', id: 's-1' };

function advanced(kase: Case, action: LifecycleAction, actor: Actor, at = '2026-11-23T02:00:00Z'): Case {
  const result = applyAction(kase, action, actor, { now: new Date(at), calendar: WEEKENDS_ONLY });
  if (!result.ok) throw new Error(result.refusal.code);
  return result.case;
}

function completedCase(): Case {
  const dispatched = createCase(testAppeal(), {
    directory: TEST_DIRECTORY,
    calendar: WEEKENDS_ONLY,
    now: new Date('2026-11-20T02:00:05Z'),
  });
  const acknowledged = advanced(dispatched, { action: 'acknowledge' }, water);
  return advanced(acknowledged, { action: 'complete', reply: '管道已修复，供水恢复' }, water);
}

/** The mocked cases table, by case id. */
let table: Map<string, Case>;

function feedback(kase: Pick<Case, 'trackingNo'>, body: unknown, query?: Record<string, string>) {
  return handler(
    httpEvent({
      method: 'POST',
      path: `/v1/cases/${kase.trackingNo}/feedback`,
      routeKey: 'POST /v1/cases/{trackingNo}/feedback',
      pathParameters: { trackingNo: kase.trackingNo },
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...(query ? { query } : {}),
    }),
    testContext('submit-feedback'),
  ).then((r) => {
    const result = r as APIGatewayProxyStructuredResultV2;
    return {
      status: result.statusCode,
      body: JSON.parse(result.body as string),
      headers: result.headers ?? {},
    };
  });
}

describe('Function: submit-feedback', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('FEEDBACK_TOKEN_KEY', KEY);
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
    ddb.on(GetCommand).callsFake((input) => {
      const kase = table.get(String(input.Key.pk).replace(/^CASE#/, ''));
      return kase ? { Item: toItem(kase) } : {};
    });
    ddb.on(PutCommand).resolves({});
  });

  afterEach(() => {
    ddb.reset();
  });

  it('closes a case rated satisfied and answers with the new status in Chinese', async () => {
    // Prepare
    const kase = completedCase();
    table.set(kase.caseId, kase);

    // Act
    const { status, body } = await feedback(kase, {
      token: feedbackToken(kase, KEY),
      rating: 'satisfied',
      comment: '很快',
    });

    // Assess
    expect(status).toBe(200);
    expect(body).toEqual({
      trackingNo: kase.trackingNo,
      status: 'closed',
      statusText: '已归档',
      message: expect.stringContaining('感谢'),
    });
    expect(ddb).toReceiveCommandWith(PutCommand, {
      ConditionExpression: 'version = :expected',
      ExpressionAttributeValues: { ':expected': kase.version },
      Item: expect.objectContaining({
        status: 'closed',
        closeReason: 'rated',
        feedback: { rating: 'satisfied', comment: '很快', at: NOW.toISOString(), via: 'web' },
        version: kase.version + 1,
      }),
    });
    const put = ddb.commandCalls(PutCommand)[0]?.args[0].input;
    expect(put?.Item?.history.at(-1)).toEqual({
      at: NOW.toISOString(),
      actor: 'citizen:citizen',
      action: 'rate',
      note: 'satisfied',
    });
  });

  it('takes the token from the query and sends a dissatisfied case to the supervisors queue', async () => {
    // Prepare
    const kase = completedCase();
    table.set(kase.caseId, kase);

    // Act
    const { status, body } = await feedback(
      kase,
      { rating: 'dissatisfied' },
      { token: feedbackToken(kase, KEY) },
    );

    // Assess
    expect(status).toBe(200);
    expect(body.status).toBe('dissatisfied');
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({ status: 'dissatisfied', deptQueue: 'QUEUE#supervisor#dissatisfied' }),
    });
  });

  it('returns 403 for a wrong, missing or pre-reopen token, and writes nothing', async () => {
    // Prepare
    const first = completedCase();
    const oldToken = feedbackToken(first, KEY);
    const rated = advanced(first, { action: 'rate', rating: 'dissatisfied' }, { role: 'citizen', id: 'c' });
    const reopened = advanced(rated, { action: 'reopen' }, supervisor, '2026-11-23T03:00:00Z');
    const again = advanced(reopened, { action: 'acknowledge' }, water, '2026-11-23T04:00:00Z');
    const recompleted = advanced(
      again,
      { action: 'complete', reply: '已重新处理' },
      water,
      '2026-11-23T05:00:00Z',
    );
    const other = completedCase();
    table.set(recompleted.caseId, recompleted);

    // Act
    const results = [
      await feedback(recompleted, { token: oldToken, rating: 'satisfied' }),
      await feedback(recompleted, { rating: 'satisfied' }),
      await feedback(recompleted, { token: feedbackToken(other, 'another-key'), rating: 'satisfied' }),
      await feedback(recompleted, { token: 'x'.repeat(43), rating: 'satisfied' }),
    ];

    // Assess
    expect(results.map((r) => [r.status, r.body.error.code])).toEqual(
      Array(4).fill([403, 'invalid_feedback_token']),
    );
    expect(ddb).not.toReceiveCommand(PutCommand);
  });

  it('refuses a second rating, a case not awaiting feedback and an unknown rating, writing nothing', async () => {
    // Prepare
    const completed = completedCase();
    const rated = advanced(completed, { action: 'rate', rating: 'satisfied' }, { role: 'citizen', id: 'c' });
    const reopenedUnrated = advanced(completed, { action: 'reopen' }, supervisor);
    const token = feedbackToken(completed, KEY);

    // Act
    table.set(rated.caseId, rated);
    const second = await feedback(rated, { token, rating: 'dissatisfied' });
    table.set(reopenedUnrated.caseId, reopenedUnrated);
    const notAwaiting = await feedback(reopenedUnrated, { token, rating: 'satisfied' });
    table.set(completed.caseId, completed);
    const unknownRating = await feedback(completed, { token, rating: 'meh' });

    // Assess
    expect([second, notAwaiting, unknownRating].map((r) => [r.status, r.body.error.code])).toEqual([
      [409, 'already_rated'],
      [409, 'not_awaiting_feedback'],
      [422, 'invalid_rating'],
    ]);
    expect(ddb).not.toReceiveCommand(PutCommand);
  });

  it('answers an unknown tracking number exactly as a known one with a wrong token', async () => {
    // Prepare: one case exists, the other number names none.
    const known = completedCase();
    table.set(known.caseId, known);
    const unknown = { trackingNo: '261101-AAAA-BBBB' };

    // Act
    const wrongToken = await feedback(known, { token: 'x'.repeat(43), rating: 'satisfied' });
    const noSuchCase = await feedback(unknown, { token: 'x'.repeat(43), rating: 'satisfied' });

    // Assess: the same status, code and body, so the route tells no one which cases exist.
    expect(wrongToken.status).toBe(403);
    expect(noSuchCase.status).toBe(wrongToken.status);
    expect(noSuchCase.body).toEqual(wrongToken.body);
    expect(noSuchCase.body.error.code).toBe('invalid_feedback_token');
    expect(noSuchCase.headers).toEqual(wrongToken.headers);
    expect(ddb).not.toReceiveCommand(PutCommand);
  });

  it('returns 403 for an unknown tracking number, 400 for a malformed one or malformed JSON', async () => {
    // Prepare
    const kase = completedCase();
    const token = feedbackToken(kase, KEY);

    // Act
    const unknown = await feedback(kase, { token, rating: 'satisfied' });
    const malformedNo = await feedback({ trackingNo: 'not-a-number' }, { token, rating: 'satisfied' });
    const malformedJson = await feedback(kase, '{"rating":');
    const invalid = await feedback(kase, { token, rating: 'satisfied', comment: 'x'.repeat(501) });

    // Assess
    expect([unknown, malformedNo, malformedJson, invalid].map((r) => [r.status, r.body.error.code])).toEqual([
      [403, 'invalid_feedback_token'],
      [400, 'invalid_tracking_no'],
      [400, 'malformed_json'],
      [422, 'validation_failed'],
    ]);
    expect(ddb).not.toReceiveCommand(PutCommand);
  });

  it('re-reads once after a version conflict and rates the case as it now is', async () => {
    // Prepare
    const kase = completedCase();
    const reminded = { ...kase, version: kase.version + 1 };
    table.set(kase.caseId, kase);
    ddb
      .on(PutCommand)
      .rejectsOnce(
        new ConditionalCheckFailedException({
          message: 'conflict',
          $metadata: {},
          Item: marshall(toItem(reminded), { removeUndefinedValues: true }),
        }),
      )
      .resolves({});

    // Act
    const { status } = await feedback(kase, {
      token: feedbackToken(kase, KEY),
      rating: 'basically_satisfied',
    });

    // Assess
    expect(status).toBe(200);
    expect(ddb).toReceiveCommandTimes(PutCommand, 2);
    expect(ddb).toReceiveNthCommandWith(PutCommand, 2, {
      ExpressionAttributeValues: { ':expected': kase.version + 1 },
    });
  });

  it('rates the master of a merged case', async () => {
    // Prepare
    const master = completedCase();
    const duplicate: Case = {
      ...master,
      caseId: 'wfduplicateduplicateduplic',
      trackingNo: '261120-2222-3333',
      status: 'merged',
      mergedInto: master.caseId,
    };
    table.set(master.caseId, master);
    table.set(duplicate.caseId, duplicate);

    // Act
    const { status, body } = await feedback(duplicate, {
      token: feedbackToken(master, KEY),
      rating: 'satisfied',
    });

    // Assess
    expect(status).toBe(200);
    expect(body.trackingNo).toBe(master.trackingNo);
    expect(ddb).toReceiveCommandWith(PutCommand, {
      Item: expect.objectContaining({ pk: `CASE#${master.caseId}` }),
    });
  });

  function page(trackingNo: string, query: Record<string, string> = {}) {
    return handler(
      httpEvent({
        method: 'GET',
        path: `/v1/cases/${trackingNo}/feedback`,
        routeKey: 'GET /v1/cases/{trackingNo}/feedback',
        pathParameters: { trackingNo },
        query,
      }),
      testContext('submit-feedback'),
    ) as Promise<APIGatewayProxyStructuredResultV2>;
  }

  // The issue changes this page: it used to be one static page that read nothing; it now shows the
  // case the token verified for. A wrong token still gets one page whatever the number.
  it('serves the same invalid-link page for a known and an unknown number with a wrong token, with nosniff', async () => {
    // Prepare
    const known = completedCase();
    table.set(known.caseId, known);

    // Act
    const ofKnown = await page(known.trackingNo, { token: 'abc' });
    const ofUnknown = await page('261101-AAAA-BBBB', { token: 'abc' });
    const withoutToken = await page(known.trackingNo);
    const malformed = await page('not-a-number', { token: 'abc' });
    const oversized = await page(known.trackingNo, { token: 'x'.repeat(5000) });

    // Assess
    expect(ofUnknown).toEqual(ofKnown);
    for (const other of [withoutToken, malformed, oversized]) expect(other).toEqual(ofKnown);
    expect(ofKnown.statusCode).toBe(403);
    expect(ofKnown.body).toContain('评价链接无效或已过期');
    expect(ofKnown.body).not.toContain(known.trackingNo);
    expect(ofKnown.body).not.toContain('管道已修复');
    expect(ofKnown.headers?.['x-content-type-options']).toBe('nosniff');
    expect(ddb).not.toReceiveCommand(PutCommand);
  });

  it('shows the case, its category, completion time and reply to the right token, comment box before the choices', async () => {
    // Prepare
    const kase = completedCase();
    table.set(kase.caseId, kase);
    ddb.on(QueryCommand, { TableName: 'directory' }).callsFake(directoryQuery);

    // Act
    const result = await page(kase.trackingNo, { token: feedbackToken(kase, KEY) });

    // Assess
    expect(result.statusCode).toBe(200);
    const html = result.body as string;
    expect(html).toContain(kase.trackingNo);
    expect(html).toContain('<dd>供水</dd>');
    expect(html).toContain('2026-11-23 10:00');
    expect(html).toContain('管道已修复，供水恢复');
    expect(html.indexOf('id="comment"')).toBeLessThan(html.indexOf('data-rating="satisfied"'));
    expect(html).toContain('id="confirm"');
    expect(result.headers?.['cache-control']).toBe('no-store');
    expect(ddb).not.toReceiveCommand(PutCommand);
  });

  it('escapes the reply it shows', async () => {
    // Prepare
    const kase = { ...completedCase(), reply: '<script>alert(1)</script>&"\'' } as Case;
    table.set(kase.caseId, kase);
    ddb.on(QueryCommand, { TableName: 'directory' }).callsFake(directoryQuery);

    // Act
    const html = (await page(kase.trackingNo, { token: feedbackToken(kase, KEY) })).body as string;

    // Assess
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;');
  });

  it('tells the right token that its case is rated, or that the follow-up window has passed', async () => {
    // Prepare
    const kase = completedCase();
    const token = feedbackToken(kase, KEY);
    const rated = advanced(kase, { action: 'rate', rating: 'satisfied' }, { role: 'citizen', id: 'c' });
    const late = { ...kase, caseId: 'CASE-LATE', trackingNo: '261101-CCCC-DDDD' } as Case;
    late.completedAt = '2026-11-10T02:00:00.000Z';
    table.set(rated.caseId, rated);
    table.set(late.caseId, late);

    // Act
    const ofRated = await page(rated.trackingNo, { token });
    const ofLate = await page(late.trackingNo, { token: feedbackToken(late, KEY) });

    // Assess
    expect(ofRated.statusCode).toBe(410);
    expect(ofRated.body).toContain('该工单已评价');
    expect(ofLate.statusCode).toBe(410);
    expect(ofLate.body).toContain('评价期已结束');
  });

  it('runs only its own hashed script and style on every page', async () => {
    // Prepare
    const kase = completedCase();
    table.set(kase.caseId, kase);
    ddb.on(QueryCommand, { TableName: 'directory' }).callsFake(directoryQuery);

    // Act
    const results = [
      await page(kase.trackingNo, { token: feedbackToken(kase, KEY) }),
      await page(kase.trackingNo),
    ];

    // Assess
    for (const result of results) {
      const html = result.body as string;
      expect(html).toContain('办理结果评价');
      const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] as string;
      const style = /<style>([\s\S]*)<\/style>/.exec(html)?.[1] as string;
      const csp = result.headers?.['content-security-policy'] ?? '';
      expect(csp).toContain(
        `script-src 'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`,
      );
      expect(csp).toContain(
        `style-src 'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`,
      );
      expect(csp).not.toContain('unsafe-inline');
      expect(html).not.toMatch(/ on[a-z]+=|style="/);
      expect(result.headers?.['referrer-policy']).toBe('no-referrer');
    }
  });
});
