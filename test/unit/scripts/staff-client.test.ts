import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDevJwt } from '../../../local/jwt.js';
import { DemoStaff, request } from '../../../scripts/staff-client.js';

// The demo's staff client against a stubbed fetch: what it retries (a lost version race, a
// throttled request) and what it hands back at once.

const BASE = 'http://stack.test';

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

describe('Class: DemoStaff', () => {
  let dataDir: string;
  let staff: DemoStaff;
  const fetchStub = vi.fn<typeof fetch>();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'demo-staff-'));
    staff = await DemoStaff.load(BASE, dataDir);
    vi.stubGlobal('fetch', fetchStub);
  });

  afterEach(() => {
    fetchStub.mockReset();
  });

  afterAll(() => {
    vi.unstubAllGlobals();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('retries an action that lost a version race, and returns the answer that follows', async () => {
    // Prepare
    fetchStub
      .mockResolvedValueOnce(answer(409, { error: { code: 'version_conflict', message: '…' } }))
      .mockResolvedValueOnce(answer(200, { status: 'acknowledged' }));

    // Act
    const result = await staff.act('wf-1', { action: 'acknowledge' }, staff.department('water-group'));

    // Assess
    expect(result).toEqual({ status: 200, json: { status: 'acknowledged' } });
    expect(fetchStub).toHaveBeenCalledTimes(2);
    const [path, init] = fetchStub.mock.calls[0] ?? [];
    expect(path).toBe(`${BASE}/v1/cases/by-id/wf-1/actions`);
    expect(JSON.parse(String(init?.body))).toEqual({ action: 'acknowledge' });
  });

  it('hands any other refusal back at once', async () => {
    // Prepare
    fetchStub.mockResolvedValue(answer(409, { error: { code: 'illegal_transition', message: '…' } }));

    // Act
    const result = await staff.act(
      'wf-1',
      { action: 'complete', reply: '已处理' },
      staff.department('housing'),
    );

    // Assess
    expect(result.status).toBe(409);
    expect(result.json.error?.code).toBe('illegal_transition');
    expect(fetchStub).toHaveBeenCalledTimes(1);
  });

  it('signs each role with the data dir key, a department user with its department', async () => {
    // Prepare
    fetchStub.mockResolvedValue(answer(200, { items: [], nextCursor: null }));
    const jwt = await loadDevJwt(dataDir);

    // Act
    await staff.list('/v1/departments/housing/cases', staff.department('housing'));
    const headers = new Headers(fetchStub.mock.calls[0]?.[1]?.headers);
    const claims = await jwt.verify((headers.get('authorization') ?? '').replace(/^Bearer /, ''));

    // Assess
    expect(fetchStub.mock.calls[0]?.[0]).toBe(`${BASE}/v1/departments/housing/cases?limit=100`);
    expect(claims).toMatchObject({ role: 'department', departmentId: 'housing', sub: 'demo-housing' });
  });

  it('follows the cursor until the last page', async () => {
    // Prepare
    fetchStub
      .mockResolvedValueOnce(answer(200, { items: [{ caseId: 'a' }], nextCursor: 'c 1' }))
      .mockResolvedValueOnce(answer(200, { items: [{ caseId: 'b' }], nextCursor: null }));

    // Act
    const items = await staff.list('/v1/supervision/cases?queue=dissatisfied', staff.supervisor());

    // Assess
    expect(items.map((i) => i.caseId)).toEqual(['a', 'b']);
    expect(fetchStub.mock.calls[1]?.[0]).toBe(
      `${BASE}/v1/supervision/cases?queue=dissatisfied&limit=100&cursor=c%201`,
    );
  });
});

describe('Function: request', () => {
  const fetchStub = vi.fn<typeof fetch>();

  beforeAll(() => {
    vi.stubGlobal('fetch', fetchStub);
  });

  afterAll(() => {
    vi.unstubAllGlobals();
  });

  it('waits out a 429 and sends the request again', async () => {
    // Prepare
    fetchStub
      .mockResolvedValueOnce(answer(429, { error: { code: 'rate_limited' } }, { 'retry-after': '0' }))
      .mockResolvedValueOnce(answer(200, { status: 'closed' }));

    // Act
    const result = await request(BASE, 'POST', '/v1/cases/261130-ABCD-EFGH/feedback', {
      body: { token: 't', rating: 'satisfied' },
    });

    // Assess
    expect(result).toEqual({ status: 200, json: { status: 'closed' } });
    expect(fetchStub).toHaveBeenCalledTimes(2);
  });
});
