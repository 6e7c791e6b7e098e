import { describe, expect, it } from 'vitest';
import { type Case, createCase } from '../../../shared/domain/case.js';
import {
  completionNotice,
  enteredCompletion,
  feedbackUrlOf,
  REPLY_EXCERPT_CHARS,
} from '../../../shared/domain/follow-up.js';
import { type Actor, applyAction, type LifecycleAction } from '../../../shared/domain/lifecycle/index.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const water: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };

function act(kase: Case, action: LifecycleAction, actor: Actor): Case {
  const result = applyAction(kase, action, actor, {
    now: new Date('2026-11-23T02:00:00Z'),
    calendar: WEEKENDS_ONLY,
  });
  if (!result.ok) throw new Error(result.refusal.code);
  return result.case;
}

function completed(reply = '管道已修复，供水恢复'): Case {
  const dispatched = createCase(testAppeal(), {
    directory: TEST_DIRECTORY,
    calendar: WEEKENDS_ONLY,
    now: new Date('2026-11-20T02:00:05Z'),
  });
  return act(act(dispatched, { action: 'acknowledge' }, water), { action: 'complete', reply }, water);
}

describe('enteredCompletion', () => {
  it('is true for a move into completed and for a case created completed, false otherwise', () => {
    // Prepare
    const done = completed();
    const acknowledged = { ...done, status: 'acknowledged' as const };
    const closed = { ...done, status: 'closed' as const };

    // Act
    const results = [
      enteredCompletion(acknowledged, done),
      enteredCompletion(undefined, done),
      enteredCompletion(done, { ...done, version: done.version + 1 }),
      enteredCompletion(done, closed),
      enteredCompletion(undefined, acknowledged),
      enteredCompletion(done, undefined),
    ];

    // Assess
    expect(results).toEqual([true, true, false, false, false, false]);
  });
});

describe('completionNotice', () => {
  it('names the tracking number, the reply and the feedback link', () => {
    // Prepare
    const kase = completed();
    const feedbackUrl = feedbackUrlOf('https://12345.example.gov.cn/', kase.trackingNo, 'tok+/=');

    // Act
    const notice = completionNotice(kase, { feedbackUrl });

    // Assess
    expect(feedbackUrl).toBe(
      `https://12345.example.gov.cn/v1/cases/${kase.trackingNo}/feedback?token=tok%2B%2F%3D`,
    );
    expect(notice).toEqual({
      caseId: kase.caseId,
      trackingNo: kase.trackingNo,
      completedAt: kase.completedAt,
      channel: 'webform',
      feedbackUrl,
      text: [
        `【12345】您的诉求（工单号 ${kase.trackingNo}）已办结。`,
        '办理答复：管道已修复，供水恢复',
        `请对办理结果评价（满意／基本满意／不满意）：${feedbackUrl}`,
        '评价链接仅限本人使用一次；7 日内未评价的，工单将自动归档。',
      ].join('\n'),
    });
  });

  it('shortens a long reply and asks for no rating once the case has one', () => {
    // Prepare
    const long = completed('很'.repeat(REPLY_EXCERPT_CHARS + 10));
    const rated = { ...long, feedback: { rating: 'dissatisfied' as const, at: '2026-11-23T03:00:00.000Z' } };

    // Act
    const notice = completionNotice(rated, { feedbackUrl: 'https://x/v1/cases/a/feedback?token=t' });

    // Assess
    expect(notice.feedbackUrl).toBeUndefined();
    expect(notice.text).toContain(`办理答复：${'很'.repeat(REPLY_EXCERPT_CHARS)}…\n`);
    expect(notice.text).toContain('无需再次评价');
    expect(notice.text).not.toContain('token=');
  });

  it('refuses a case that is not completed', () => {
    // Prepare
    const kase = { ...completed(), status: 'closed' as const };

    // Act
    const build = () => completionNotice(kase, {});

    // Assess
    expect(build).toThrow(/not completed/);
  });
});
