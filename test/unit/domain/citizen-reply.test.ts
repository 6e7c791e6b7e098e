import { describe, expect, it } from 'vitest';
import { citizenReply, feedbackPath, ratingOpenUntil } from '../../../shared/domain/citizen-reply.js';

const completedAt = '2026-11-20T02:00:00.000Z';
const done = { status: 'completed' as const, reply: ' 已修复。 ', completedAt, dueAt: completedAt };

describe('Domain: the reply and the rating a citizen is shown', () => {
  it('gives the trimmed reply of a completed, dissatisfied or closed case', () => {
    // Act and Assess
    for (const status of ['completed', 'dissatisfied', 'closed'] as const) {
      expect(citizenReply({ ...done, status })).toBe('已修复。');
    }
  });

  it('gives no reply while the case is handled, or when it was closed without a completion', () => {
    // Act and Assess
    expect(citizenReply({ ...done, status: 'reopened' })).toBeUndefined();
    expect(citizenReply({ ...done, status: 'closed', completedAt: undefined })).toBeUndefined();
    expect(citizenReply({ ...done, reply: '  ' })).toBeUndefined();
  });

  it('keeps rating open for an unrated completed case until the window ends', () => {
    // Prepare
    const before = new Date('2026-11-27T01:59:59.000Z');
    const after = new Date('2026-11-27T02:00:00.000Z');

    // Act and Assess
    expect(ratingOpenUntil(done, before, 7)?.toISOString()).toBe('2026-11-27T02:00:00.000Z');
    expect(ratingOpenUntil(done, after, 7)).toBeUndefined();
    expect(
      ratingOpenUntil({ ...done, feedback: { rating: 'satisfied', at: completedAt } }, before, 7),
    ).toBeUndefined();
    expect(ratingOpenUntil({ ...done, status: 'dissatisfied' }, before, 7)).toBeUndefined();
  });

  it('makes the rating path with the token escaped', () => {
    // Act and Assess
    expect(feedbackPath('261120-ABCD-EFGH', 'a+b/c')).toBe(
      '/v1/cases/261120-ABCD-EFGH/feedback?token=a%2Bb%2Fc',
    );
  });
});
