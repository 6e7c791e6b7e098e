import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshMobile, runWalk, WalkStepError } from '../../../scripts/run-walk.js';
import { MainlandMobileSchema } from '../../../shared/domain/index.js';

// The walk against a stubbed fetch: where it stops, and how it says so. The whole walk against a
// real stack is test/integration/walk.test.ts.

const BASE = 'http://stack.test';

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('Function: runWalk', () => {
  let dataDir: string;
  const fetchStub = vi.fn<typeof fetch>();

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'walk-'));
    vi.stubGlobal('fetch', fetchStub);
  });

  afterEach(() => {
    fetchStub.mockReset();
  });

  afterAll(() => {
    vi.unstubAllGlobals();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names the first step when the stack refuses the appeal', async () => {
    // Prepare
    fetchStub.mockResolvedValue(answer(422, { error: { code: 'validation_failed', message: '…' } }));
    const lines: string[] = [];

    // Act
    const walk = runWalk({ url: BASE, dataDir, log: (l) => lines.push(l) });

    // Assess
    await expect(walk).rejects.toBeInstanceOf(WalkStepError);
    await expect(walk).rejects.toMatchObject({
      step: expect.stringMatching(/^1 受理 submit/),
      message: expect.stringContaining('HTTP 422 validation_failed'),
    });
    expect(lines).toContain('[1/14] 受理 submit: a citizen reports a burst water main (web form)');
  });

  it('says what it waited for when the case is not stored in time', async () => {
    // Prepare: accepted, then the lookup never finds it
    fetchStub.mockImplementation(async (input) =>
      String(input).endsWith('/v1/channels/webform')
        ? answer(202, { trackingNo: '261203-AAAA-BBBB' })
        : answer(404, { error: { code: 'case_not_found', message: '…' } }),
    );

    // Act
    const walk = runWalk({ url: BASE, dataDir, log: () => undefined, waitMs: 300 });

    // Assess
    await expect(walk).rejects.toMatchObject({
      step: expect.stringMatching(/^2 查询 lookup/),
      message: expect.stringMatching(/等待工单入库并派单.*超时（0\.3 秒）/),
    });
  });
});

describe('Function: freshMobile', () => {
  it('gives valid mainland mobile numbers, a different one each time', () => {
    // Act
    const numbers = Array.from({ length: 50 }, () => freshMobile());

    // Assess
    for (const n of numbers) expect(MainlandMobileSchema.safeParse(n).success).toBe(true);
    expect(new Set(numbers).size).toBeGreaterThan(45);
  });
});
