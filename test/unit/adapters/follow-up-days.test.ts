import { afterEach, describe, expect, it, vi } from 'vitest';
import { toItem } from '../../../shared/adapters/case-item.js';
import { followUpDays } from '../../../shared/adapters/config.js';
import { createCase } from '../../../shared/domain/case.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const COMPLETED_AT = '2026-11-20T02:10:00.000Z';

/** A consultation the agent answered on the call: completed at intake, waiting for its rating. */
function completedCase() {
  return createCase(testAppeal({ resolution: { at: COMPLETED_AT, by: 'agent:a-1', reply: '已电话答复' } }), {
    directory: TEST_DIRECTORY,
    calendar: WEEKENDS_ONLY,
    now: new Date(COMPLETED_AT),
  });
}

describe('Setting: FOLLOW_UP_DAYS', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is 7 days unless set, and what it says when set', () => {
    // Act
    const unset = followUpDays();
    vi.stubEnv('FOLLOW_UP_DAYS', '3');
    const set = followUpDays();

    // Assess
    expect([unset, set]).toEqual([7, 3]);
  });

  it('refuses a value that is not a whole number of days from 1 to 60', () => {
    for (const bad of ['0', '61', '2.5', 'seven']) {
      // Prepare
      vi.stubEnv('FOLLOW_UP_DAYS', bad);

      // Act & Assess
      expect(() => followUpDays()).toThrow(/FOLLOW_UP_DAYS/);
    }
  });

  it('keys a completed case in the supervision index at the end of its window', () => {
    // Prepare
    const kase = completedCase();
    const days = (n: number) => new Date(new Date(COMPLETED_AT).getTime() + n * 86_400_000).toISOString();

    // Act
    const byDefault = toItem(kase, { followUpDays: followUpDays() }).nextCheckAt;
    vi.stubEnv('FOLLOW_UP_DAYS', '3');
    const shorter = toItem(kase, { followUpDays: followUpDays() }).nextCheckAt;

    // Assess
    expect(kase.status).toBe('completed');
    expect([byDefault, shorter]).toEqual([days(7), days(3)]);
  });
});
