import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { feedbackToken, verifyFeedbackToken } from '../../../shared/adapters/feedback-token.js';

const KEY = 'unit-test-feedback-key';
const kase = { caseId: 'wfabcdefghijklmnopqrstuvwx', completedAt: '2026-11-23T02:00:00.000Z' };

describe('feedbackToken', () => {
  it('is the base64url HMAC-SHA256 of the labelled case id and completion', () => {
    // Prepare
    const expected = createHmac('sha256', KEY)
      .update(`feedback:v1:${kase.caseId}:${kase.completedAt}`)
      .digest('base64url');

    // Act
    const token = feedbackToken(kase, KEY);

    // Assess
    expect(token).toBe(expected);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses to make a token for a case that is not completed', () => {
    // Act
    const make = () => feedbackToken({ caseId: kase.caseId }, KEY);

    // Assess
    expect(make).toThrow(/not completed/);
  });
});

describe('verifyFeedbackToken', () => {
  it('accepts the token of this completion only', () => {
    // Prepare
    const token = feedbackToken(kase, KEY);

    // Act
    const results = [
      verifyFeedbackToken(token, kase, KEY),
      verifyFeedbackToken(token, { ...kase, completedAt: '2026-11-25T02:00:00.000Z' }, KEY),
      verifyFeedbackToken(token, { ...kase, caseId: 'wfother' }, KEY),
      verifyFeedbackToken(token, kase, 'another-key'),
      verifyFeedbackToken(token, { caseId: kase.caseId }, KEY),
      verifyFeedbackToken(`${token}x`, kase, KEY),
      verifyFeedbackToken('', kase, KEY),
      verifyFeedbackToken('令牌'.repeat(20), kase, KEY),
    ];

    // Assess
    expect(results).toEqual([true, false, false, false, false, false, false, false]);
  });
});
