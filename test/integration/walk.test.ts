import { describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { runWalk } from '../../scripts/run-walk.js';
import { getStatus, stack } from './helpers.js';

// `npm run walk` against the test stack: the README's whole-life walk as a script, on a fresh
// caller. What it leaves behind is read back from the API, not from the walk's own report.

interface Entry {
  actor: string;
  action: string;
}

async function staffGet(path: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const token = await (await loadDevJwt(stack.dataDir)).issue({ sub: 'it-walk', role: 'supervisor' });
  const res = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('Script: npm run walk', () => {
  it('walks a new case from receipt to the close and prints every step', async () => {
    // Prepare
    const lines: string[] = [];

    // Act
    const walk = await runWalk({ url: stack.url, dataDir: stack.dataDir, log: (l) => lines.push(l) });
    const read = await staffGet(`/v1/cases/by-id/${walk.caseId}`);
    const history = (read.json.history as Entry[]).filter((h) => h.actor !== 'system:supervise-deadlines');

    // Assess: the case is closed by the supervisor, with every step of the walk in its history
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ status: 'closed', closeReason: 'supervisor', slaOutcome: 'on_time' });
    expect(read.json.departmentId).toBe(walk.departments.redispatched);
    expect(history.map((h) => h.action)).toEqual([
      'receive',
      'dispatch',
      'return',
      'redispatch',
      'acknowledge',
      'link_duplicate',
      'pause',
      'resume',
      'request_extension',
      'approve_extension',
      'complete',
      'rate',
      'reopen',
      'acknowledge',
      'complete',
      'close',
    ]);
    expect(history.find((h) => h.action === 'rate')?.actor).toMatch(/^citizen:/);
    // Assess: the second appeal was merged into it by a dispatcher, and its lookup answers with
    // itself, merged, never with the case it joined
    const duplicate = await getStatus(walk.duplicate.trackingNo, walk.phoneLast4);
    expect(duplicate.json).toMatchObject({ trackingNo: walk.duplicate.trackingNo, status: 'merged' });
    expect(JSON.stringify(duplicate.json)).not.toContain(walk.trackingNo);
    // Assess: each step was printed, numbered, in Chinese and English
    const titles = lines.filter((l) => /^\[\d+\/14\] /.test(l));
    expect(titles).toHaveLength(14);
    expect(titles[0]).toMatch(/受理 submit/);
    expect(lines.at(-3)).toContain(walk.trackingNo);
  });

  it('is a new caller each run: a second walk makes a case of its own', async () => {
    // Act
    const walk = await runWalk({ url: stack.url, dataDir: stack.dataDir, log: () => undefined });
    const read = await staffGet(`/v1/cases/by-id/${walk.caseId}`);

    // Assess
    expect(read.json.status).toBe('closed');
    expect(read.json.repeatOf).toBeUndefined();
    expect(read.json.mergedInto).toBeUndefined();
  });
});
