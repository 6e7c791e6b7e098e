import { afterEach, describe, expect, it, vi } from 'vitest';
import { callbackPolicy } from '../../../shared/adapters/config.js';
import { DEFAULT_CALLBACK_POLICY } from '../../../shared/domain/callbacks/index.js';

describe('Function: callbackPolicy', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('takes the defaults when nothing is set', () => {
    // Prepare: empty reads as unset (an integration stack in the same run sets the gap to 0)
    for (const name of [
      'CALLBACK_DEADLINE_MINUTES',
      'CALLBACK_MAX_ATTEMPTS',
      'CALLBACK_ATTEMPT_GAP_MINUTES',
      'CALLBACK_HOLD_MINUTES',
      'CALLBACK_RETENTION_DAYS',
    ]) {
      vi.stubEnv(name, '');
    }

    // Act
    const policy = callbackPolicy();

    // Assess
    expect(policy).toEqual(DEFAULT_CALLBACK_POLICY);
  });

  it('reads each CALLBACK_* variable within its bounds', () => {
    // Prepare
    vi.stubEnv('CALLBACK_DEADLINE_MINUTES', '30');
    vi.stubEnv('CALLBACK_MAX_ATTEMPTS', '5');
    vi.stubEnv('CALLBACK_ATTEMPT_GAP_MINUTES', '0');
    vi.stubEnv('CALLBACK_HOLD_MINUTES', '2');
    vi.stubEnv('CALLBACK_RETENTION_DAYS', '90');

    // Act
    const policy = callbackPolicy();

    // Assess
    expect(policy).toEqual({
      deadlineMinutes: 30,
      warnAtShare: 0.8,
      maxAttempts: 5,
      attemptGapMinutes: 0,
      holdMinutes: 2,
      retentionDays: 90,
    });
  });

  it.each([
    ['CALLBACK_DEADLINE_MINUTES', '4'],
    ['CALLBACK_MAX_ATTEMPTS', '0'],
    ['CALLBACK_HOLD_MINUTES', '1.5'],
    ['CALLBACK_RETENTION_DAYS', 'forever'],
  ])('refuses %s=%s with a clear error', (name, value) => {
    // Prepare
    vi.stubEnv(name, value);

    // Act
    const reading = () => callbackPolicy();

    // Assess
    expect(reading).toThrow(new RegExp(`${name} must be a whole number`));
  });
});
