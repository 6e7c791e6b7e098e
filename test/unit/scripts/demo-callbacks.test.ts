import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { printCallbacks, workDemoCallbacks } from '../../../scripts/demo-callbacks.js';

// The demo's pass over the callback list against a stubbed fetch: every listed task is taken and
// its call recorded, the appeals reached callers bring are handed on, a refusal is counted.

const BASE = 'http://stack.test';

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('Function: workDemoCallbacks', () => {
  let dataDir: string;
  const fetchStub = vi.fn<typeof fetch>();

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'demo-callbacks-'));
    vi.stubGlobal('fetch', fetchStub);
  });

  afterEach(() => {
    fetchStub.mockReset();
  });

  afterAll(() => {
    vi.unstubAllGlobals();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes every listed task, records one call each and keeps the cases of the appeals', async () => {
    // Prepare: twelve tasks; the take of the last is refused (another agent holds it).
    const ids = Array.from({ length: 12 }, (_, i) => `${'a'.repeat(23)}${i.toString(16)}-1`);
    const attempts: Record<string, unknown>[] = [];
    fetchStub.mockImplementation(async (input, init) => {
      const url = String(input);
      if (url.includes('/v1/callbacks?'))
        return answer(200, { items: ids.map((taskId) => ({ taskId })), nextCursor: null });
      if (url.endsWith(`${ids[11]}/take`))
        return answer(409, { error: { code: 'held_by_other', message: '…' } });
      if (url.endsWith('/take')) return answer(200, { callerNumber: '13812345678' });
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      attempts.push(body);
      return answer(200, body.appeal ? { case: { caseId: 'ht-x', trackingNo: `T-${attempts.length}` } } : {});
    });

    // Act
    const summary = await workDemoCallbacks({ url: BASE, dataDir, seed: 42 });
    const lines: string[] = [];
    printCallbacks(summary, (line) => lines.push(line));

    // Assess
    expect(summary.listed).toBe(12);
    expect(Object.values(summary.outcomes).reduce((a, b) => a + b, 0)).toBe(11);
    expect(summary.refusals).toEqual({ held_by_other: 1 });
    expect(summary.trackingNos).toHaveLength(attempts.filter((a) => a.appeal).length);
    expect(attempts.filter((a) => a.appeal).every((a) => a.outcome === 'reached')).toBe(true);
    expect(summary.outcomes.reached).toBeGreaterThan(0);
    expect(lines[0]).toContain(`回拨名单 12 个任务`);
    expect(lines.join()).not.toContain('13812345678');
  });
});
