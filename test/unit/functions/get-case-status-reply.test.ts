import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/get-case-status/handler.js';
import { toItem } from '../../../shared/adapters/case-item.js';
import { verifyFeedbackToken } from '../../../shared/adapters/feedback-token.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);
const KEY = 'unit-test-feedback-key';
const base = createCase(testAppeal(), {
  directory: TEST_DIRECTORY,
  calendar: WEEKENDS_ONLY,
  now: new Date(),
});
const completedAt = new Date(Date.now() - 3_600_000).toISOString();
const REPLY = '已安排维修人员抢修，今日 18 时恢复供水。';
const INTERNAL = '内部：施工方为区政府指定单位，勿对外提及';

/** The case as a department left it on completion: the reply for the citizen, the note in the history. */
function completed(patch: Partial<Case> = {}): Case {
  return {
    ...base,
    status: 'completed',
    completedAt,
    reply: REPLY,
    history: [
      ...base.history,
      { at: completedAt, actor: 'dept:water-group', action: 'complete', note: INTERNAL },
    ],
    ...patch,
  } as Case;
}

let stored: Case = completed();

async function lookup(): Promise<{ status: number; body: Record<string, unknown> }> {
  const result = (await handler(
    httpEvent({
      method: 'GET',
      path: `/v1/cases/${stored.trackingNo}`,
      routeKey: 'GET /v1/cases/{trackingNo}',
      pathParameters: { trackingNo: stored.trackingNo },
      query: { phoneLast4: '5678' },
    }),
    testContext('get-case-status'),
  )) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode as number, body: JSON.parse(result.body as string) };
}

describe('Function: get-case-status, the reply and the rating link', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('FEEDBACK_TOKEN_KEY', KEY);
  });

  beforeEach(() => {
    ddb
      .on(QueryCommand)
      .callsFake((input) =>
        input.IndexName === 'by-tracking-no' ? { Items: [toItem(stored)] } : directoryQuery(input),
      );
    ddb
      .on(UpdateCommand)
      .resolves({ Attributes: { misses: 1, since: Date.now(), until: Date.now() + 900_000 } });
  });

  afterEach(() => {
    ddb.reset();
    stored = completed();
  });

  it('shows the department reply and the rating link with the notice token once completed', async () => {
    // Act
    const { status, body } = await lookup();

    // Assess
    expect(status).toBe(200);
    expect(body.reply).toBe(REPLY);
    const url = new URL(String(body.feedbackUrl), 'https://12345.example.gov.cn');
    expect(url.pathname).toBe(`/v1/cases/${stored.trackingNo}/feedback`);
    expect(verifyFeedbackToken(url.searchParams.get('token') ?? '', stored, KEY)).toBe(true);
    expect(Date.parse(String(body.feedbackOpenUntil))).toBe(Date.parse(completedAt) + 7 * 86_400_000);
  });

  it('never shows the internal note of the history', async () => {
    // Act
    const { body } = await lookup();

    // Assess
    expect(JSON.stringify(body)).not.toContain(INTERNAL);
    expect(body).not.toHaveProperty('history');
  });

  it('shows the reply but no link once the case is rated', async () => {
    // Prepare
    stored = completed({
      status: 'closed',
      closeReason: 'rated',
      feedback: { rating: 'satisfied', at: new Date().toISOString() },
    } as Partial<Case>);

    // Act
    const { body } = await lookup();

    // Assess
    expect(body.reply).toBe(REPLY);
    expect(body).not.toHaveProperty('feedbackUrl');
    expect(body).not.toHaveProperty('feedbackOpenUntil');
  });

  it('shows no link once the follow-up window has passed', async () => {
    // Prepare
    stored = completed({ completedAt: new Date(Date.now() - 8 * 86_400_000).toISOString() });

    // Act
    const { body } = await lookup();

    // Assess
    expect(body.reply).toBe(REPLY);
    expect(body).not.toHaveProperty('feedbackUrl');
  });

  it('shows neither while the case is being handled, even when an earlier reply is kept (reopened)', async () => {
    // Prepare
    stored = completed({ status: 'reopened' });

    // Act
    const { body } = await lookup();

    // Assess
    expect(body).not.toHaveProperty('reply');
    expect(body).not.toHaveProperty('feedbackUrl');
  });

  it('shows neither to a wrong phoneLast4', async () => {
    // Act
    const result = (await handler(
      httpEvent({
        method: 'GET',
        path: `/v1/cases/${stored.trackingNo}`,
        routeKey: 'GET /v1/cases/{trackingNo}',
        pathParameters: { trackingNo: stored.trackingNo },
        query: { phoneLast4: '0000' },
      }),
      testContext('get-case-status'),
    )) as APIGatewayProxyStructuredResultV2;

    // Assess
    expect(result.statusCode).toBe(404);
    expect(result.body).not.toContain(REPLY);
    expect(result.body).not.toContain('token');
  });
});
