import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FunctionSpec } from '../../../infra/functions.js';
import type { LocalFunctions } from '../../../local/functions.js';
import { ScheduleRunner } from '../../../local/schedule-runner.js';

const SCHEDULED: FunctionSpec = {
  name: 'supervise-deadlines',
  description: 'scheduled',
  triggers: [{ kind: 'schedule', rateMinutes: 5 }],
  timeoutSeconds: 240,
  memoryMb: 512,
};
const HTTP: FunctionSpec = {
  name: 'get-directory',
  description: 'http',
  triggers: [{ kind: 'http', method: 'GET', path: '/v1/directory', auth: 'public' }],
  timeoutSeconds: 10,
  memoryMb: 256,
};

describe('ScheduleRunner', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('invokes only the scheduled functions, one run at a time, and waits for the last on stop', async () => {
    // Prepare
    let finish: () => void = () => undefined;
    const invoke = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    const runner = new ScheduleRunner({
      specs: [SCHEDULED, HTTP],
      functions: { invoke } as unknown as LocalFunctions,
      intervalMs: 1_000,
      log: () => undefined,
    });

    // Act
    runner.start();
    await vi.advanceTimersByTimeAsync(3_500);
    const stopped = runner.stop();
    finish();
    await stopped;
    await vi.advanceTimersByTimeAsync(5_000);

    // Assess
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke).toHaveBeenCalledWith('supervise-deadlines', { source: 'local.scheduler' });
  });

  it('logs a failed run and runs again on the next tick', async () => {
    // Prepare
    const invoke = vi.fn().mockRejectedValueOnce(new Error('boom')).mockResolvedValue(undefined);
    const log = vi.fn();
    const runner = new ScheduleRunner({
      specs: [SCHEDULED],
      functions: { invoke } as unknown as LocalFunctions,
      intervalMs: 1_000,
      log,
    });

    // Act
    runner.start();
    await vi.advanceTimersByTimeAsync(2_500);
    await runner.stop();

    // Assess
    expect(invoke).toHaveBeenCalledTimes(2);
    expect(log).toHaveBeenCalledWith('supervise-deadlines (scheduled) failed: boom');
  });

  it('never runs with an interval of 0', async () => {
    // Prepare
    const invoke = vi.fn();
    const runner = new ScheduleRunner({
      specs: [SCHEDULED],
      functions: { invoke } as unknown as LocalFunctions,
      intervalMs: 0,
      log: () => undefined,
    });

    // Act
    runner.start();
    await vi.advanceTimersByTimeAsync(10_000);
    await runner.stop();

    // Assess
    expect(invoke).not.toHaveBeenCalled();
  });
});
