import { beforeAll, describe, expect, it, vi } from 'vitest';
import { statusQueryReply } from '../../../../functions/ingest-wechat/status-query.js';
import { verifyFeedbackToken } from '../../../../shared/adapters/feedback-token.js';
import { type Case, createCase } from '../../../../shared/domain/case.js';
import { WEEKENDS_ONLY } from '../../../../shared/domain/working-days.js';
import { testAppeal } from '../../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../../fixtures/directory.js';
import { TEST_ENV } from '../../fixtures/lambda.js';

const KEY = 'unit-test-feedback-key';
const now = new Date();
const base = createCase(testAppeal(), { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now });
const completed = {
  ...base,
  status: 'completed',
  completedAt: new Date(now.getTime() - 3_600_000).toISOString(),
  reply: '已抢修完毕。',
} as Case;

describe('Function: ingest-wechat, 查询 of a completed case', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('FEEDBACK_TOKEN_KEY', KEY);
    vi.stubEnv('PUBLIC_BASE_URL', 'https://12345.example.gov.cn/');
  });

  it('answers with the reply and the rating link on the public origin while rating is open', async () => {
    // Act
    const text = await statusQueryReply(completed, '市水务集团', now);

    // Assess
    expect(text).toContain('办理结果：已抢修完毕。');
    const link = text.match(/https:\/\/\S+/)?.[0] ?? '';
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe(
      `https://12345.example.gov.cn/v1/cases/${completed.trackingNo}/feedback`,
    );
    expect(verifyFeedbackToken(url.searchParams.get('token') ?? '', completed, KEY)).toBe(true);
    expect(text).toMatch(/请对办理结果作出评价（\d{4}-\d\d-\d\d 前有效）/);
  });

  it('leaves the link out once the case is rated', async () => {
    // Act
    const text = await statusQueryReply(
      { ...completed, status: 'closed', feedback: { rating: 'satisfied', at: now.toISOString() } } as Case,
      '市水务集团',
      now,
    );

    // Assess
    expect(text).toContain('办理结果：已抢修完毕。');
    expect(text).not.toContain('http');
  });

  it('leaves the link out while the case is handled', async () => {
    // Act
    const text = await statusQueryReply(base, '市水务集团', now);

    // Assess
    expect(text).not.toContain('评价');
  });
});
