import { describe, expect, it } from 'vitest';
import { PartialResultError, phase } from '../../../bench/phase.js';

describe('Function: phase', () => {
  it('gives the value of a phase that succeeds', async () => {
    // Act
    const outcome = await phase('ok', async () => 42);

    // Assess
    expect(outcome).toEqual({ ok: true, value: 42 });
  });

  it('gives the reason and what was measured of a phase that fails part-way', async () => {
    // Act
    const outcome = await phase('partial', async () => {
      throw new PartialResultError('fetch failed', { completed: 12, of: 400 });
    });

    // Assess
    expect(outcome).toEqual({ ok: false, error: 'fetch failed', partial: { completed: 12, of: 400 } });
  });

  it('gives up on a phase that does not answer in time', async () => {
    // Act
    const outcome = await phase('hung', () => new Promise<never>(() => {}), 20);

    // Assess
    expect(outcome).toEqual({ ok: false, error: 'no result within 0 s' });
  });
});
