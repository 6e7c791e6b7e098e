import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DEMO_REQUESTS,
  demoCreditCode,
  demoIdNumber,
  printDisclosure,
  sendDisclosureRequests,
  workDisclosureRequests,
} from '../../../scripts/demo-disclosure.js';
import { annualReport } from '../../../shared/domain/disclosure/annual-report.js';
import { checkCreditCode, checkIdNumber } from '../../../shared/domain/disclosure/identity-numbers.js';
import { parseDisclosureRequest } from '../../../shared/domain/disclosure/request.js';
import { seededRandom } from '../../../shared/seed/appeals.js';

// The demo's 依申请公开 phase against a stubbed fetch: valid identity numbers, each request on its
// way in (web form or the office's entry), the office's steps per request, and the printed table.

const BASE = 'http://stack.test';
const NOW = new Date('2026-12-03T02:00:00Z');

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** The `sub` of a dev token, read from its payload. */
function subOf(authorization: string | undefined): string {
  if (!authorization) return '';
  const payload = (authorization ?? '').replace('Bearer ', '').split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sub: string; role: string }).sub;
}

describe('Function: demoIdNumber, demoCreditCode', () => {
  it('makes numbers whose check characters validate, for any seed', () => {
    for (let seed = 0; seed < 200; seed++) {
      const rng = seededRandom(seed);
      expect(checkIdNumber(demoIdNumber(rng)).ok).toBe(true);
      for (const prefix of ['91', '12', '52'] as const)
        expect(checkCreditCode(demoCreditCode(rng, prefix)).ok).toBe(true);
    }
  });
});

describe('Demo phase: 政府信息公开申请', () => {
  let dataDir: string;
  const fetchStub = vi.fn<typeof fetch>();

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'demo-disclosure-'));
    vi.stubGlobal('fetch', fetchStub);
  });

  afterEach(() => {
    fetchStub.mockReset();
  });

  afterAll(() => {
    vi.unstubAllGlobals();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends the on-line requests to the web form and the others to the office entry, each one valid', async () => {
    // Prepare
    const posts: { url: string; headers: Record<string, string>; body: Record<string, unknown> }[] = [];
    fetchStub.mockImplementation(async (input, init) => {
      const headers = init?.headers as Record<string, string>;
      posts.push({ url: String(input), headers, body: JSON.parse(String(init?.body)) });
      return answer(202, {
        trackingNo: `T-${posts.length}`,
        ...(headers.authorization ? { caseId: `of-${posts.length}` } : {}),
      });
    });

    // Act
    const summary = await sendDisclosureRequests({ url: BASE, dataDir, seed: 42, now: NOW });

    // Assess
    expect(summary).toMatchObject({ sent: DEMO_REQUESTS.length, refused: {} });
    expect(summary.accepted).toHaveLength(DEMO_REQUESTS.length);
    const web = posts.filter((p) => p.url.endsWith('/v1/channels/webform'));
    const office = posts.filter((p) => p.url.endsWith('/v1/disclosure/requests'));
    expect(web).toHaveLength(2);
    expect(office).toHaveLength(4);
    for (const p of web) {
      expect(p.body.type).toBe('disclosure');
      expect(p.headers.authorization).toBeUndefined();
      const request = {
        ...(p.body.disclosureRequest as object),
        arrival: { way: 'online', confirmedAt: NOW.toISOString() },
      };
      expect(parseDisclosureRequest(request)).toMatchObject({ ok: true });
    }
    expect(office.map((p) => (p.body.arrival as { way: string }).way).sort()).toEqual([
      'in_person',
      'in_person',
      'post',
      'post',
    ]);
    for (const p of office) expect(parseDisclosureRequest(p.body)).toMatchObject({ ok: true });
    const kinds = posts.map((p) => {
      const body = (p.body.disclosureRequest ?? p.body) as { applicant: { kind: string } };
      return body.applicant.kind;
    });
    expect(new Set(kinds)).toEqual(new Set(['citizen', 'organisation']));
    expect(new Set(posts.map((p) => p.headers['idempotency-key'])).size).toBe(posts.length);
  });

  it('registers every request, works each by its plan, has another person approve, and prints the year’s table', async () => {
    // Prepare: six office entries, so every case id is known
    const sent = DEMO_REQUESTS.map((_, index) => ({ index, trackingNo: `T-${index}`, caseId: `c${index}` }));
    const steps: { caseId: string; action: string; sub: string }[] = [];
    const table = annualReport(2026, [
      {
        requestId: 'c0',
        applicantKind: 'natural_person',
        receivedOn: '2026-12-03',
        reply: { outcome: 'disclosed', repliedOn: '2026-12-03' },
      },
      { requestId: 'c1', applicantKind: 'research_institution', receivedOn: '2026-12-03' },
    ]);
    let version = 1;
    fetchStub.mockImplementation(async (input, init) => {
      const url = String(input);
      const sub = subOf((init?.headers as Record<string, string> | undefined)?.authorization);
      if (url.includes('/_local/idle')) return answer(200, {});
      if (url.includes('/annual-report?year=2026')) return answer(200, table);
      const caseId = /\/(c\d)\//.exec(`${url}/`)?.[1] ?? '';
      if (init?.method === 'GET') return answer(200, { caseId, version });
      const body = JSON.parse(String(init?.body)) as { action?: string };
      steps.push({ caseId, action: body.action ?? 'approve', sub });
      version++;
      return answer(200, { caseId, version });
    });

    // Act
    const summary = await workDisclosureRequests(
      { url: BASE, dataDir, now: NOW },
      { sent: sent.length, accepted: sent, refused: {} },
    );
    const lines: string[] = [];
    printDisclosure(summary, (line) => lines.push(line));

    // Assess: the steps of each plan
    const of = (caseId: string) => steps.filter((s) => s.caseId === caseId).map((s) => s.action);
    expect(of('c0')).toEqual(['register', 'draft_reply', 'approve']);
    expect(of('c1')).toEqual(['register']);
    expect(of('c2')).toEqual([
      'register',
      'request_correction',
      'answer_correction',
      'draft_reply',
      'approve',
    ]);
    expect(of('c3')).toEqual([
      'register',
      'consult_third_party',
      'record_third_party_opinion',
      'draft_reply',
      'approve',
    ]);
    expect(of('c5')).toEqual(['register']);
    expect(summary.handled).toMatchObject({
      registered: 6,
      converted: 1,
      corrected: 1,
      thirdParties: 1,
      drafted: 4,
      approved: 4,
      refusals: {},
    });
    // Assess: two-person rule — the reviewer is never the drafter
    for (const caseId of ['c0', 'c2', 'c3', 'c4']) {
      const drafter = steps.find((s) => s.caseId === caseId && s.action === 'draft_reply')?.sub;
      const reviewer = steps.find((s) => s.caseId === caseId && s.action === 'approve')?.sub;
      expect(reviewer).toBe('demo-reviewer');
      expect(drafter).not.toBe(reviewer);
    }
    // Assess: the printed table, its totals as the report's
    expect(lines).toContain(
      '  2026 年政府信息公开工作年度报告（本地演示数据）：'.trim() === ''
        ? ''
        : '2026 年政府信息公开工作年度报告（本地演示数据）：',
    );
    const total = lines.find((l) => l.trim().startsWith('（七）总计')) ?? '';
    expect(total.trim().split(/\s+/).slice(1).map(Number)).toEqual([1, 0, 0, 0, 0, 0, 1]);
    const received = lines.find((l) => l.trim().startsWith('一、本年新收')) ?? '';
    expect(received.trim().split(/\s+/).at(-1)).toBe('2');
  });
});
