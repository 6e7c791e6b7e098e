import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  checkHotline,
  checkWebform,
  checkWechat,
  chooseRoutedPair,
  type SmokeOptions,
  smokeRunId,
  verdictOf,
} from '../../../scripts/smoke-checks.js';
import { verifySignature } from '../../../shared/channels/hotline-signature.js';
import { sha1Signature } from '../../../shared/channels/wechat-crypto.js';

// The smoke's checks against a stubbed API: what each sends, and the verdict each answer gives.

const BASE = 'https://api.test';
const OPTIONS: SmokeOptions = {
  url: BASE,
  secrets: { hotlineSecret: 'hmac-secret', wechatToken: 'wxtoken', supervisorToken: 'eyJ.super' },
  waitMs: 2_000,
  runId: 'smoke-20261204000000-abcdef',
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fetch stub answering by `METHOD path` (without the query), recording every call. */
function stubApi(routes: Record<string, (url: URL, init?: RequestInit) => Response>) {
  const calls: { key: string; url: URL; init?: RequestInit }[] = [];
  const stub = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const key = `${init?.method ?? 'GET'} ${url.pathname}`;
    calls.push({ key, url, ...(init ? { init } : {}) });
    const route = routes[key];
    if (!route) throw new Error(`unexpected ${key}`);
    return route(url, init);
  });
  vi.stubGlobal('fetch', stub);
  return calls;
}

describe('Function: checkWechat', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('passes when the right signature gets the echostr back and a wrong one a 401', async () => {
    // Prepare
    const calls = stubApi({
      'GET /v1/channels/wechat': (url) => {
        const q = url.searchParams;
        const right = sha1Signature(['wxtoken', q.get('timestamp') ?? '', q.get('nonce') ?? '']);
        return q.get('signature') === right
          ? new Response(q.get('echostr'), { status: 200 })
          : json(401, { error: { code: 'invalid_signature' } });
      },
    });

    // Act
    const verdict = await checkWechat(OPTIONS);

    // Assess
    expect(verdict).toMatchObject({ channel: 'wechat', outcome: 'OK' });
    expect(verdict.detail).toContain('a wrong signature refused (401)');
    expect(calls).toHaveLength(2);
  });

  it('fails when a wrong signature is answered too: the check is not running', async () => {
    // Prepare
    stubApi({
      'GET /v1/channels/wechat': (url) => new Response(url.searchParams.get('echostr'), { status: 200 }),
    });

    // Act
    const verdict = await checkWechat(OPTIONS);

    // Assess
    expect(verdict).toMatchObject({ outcome: 'FAIL' });
    expect(verdict.detail).toContain('a wrong signature → 200, expected 401');
  });
});

describe('Function: checkWebform', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('skips, posting nothing, where the form requires an SMS code', async () => {
    // Prepare
    const calls = stubApi({
      'GET /v1/directory': () => json(200, { phoneVerification: true, phoneVerificationRequired: true }),
    });

    // Act
    const verdict = await checkWebform(OPTIONS, { category: 'water-supply', district: 'gulou' });

    // Assess
    expect(verdict).toMatchObject({ channel: 'webform', outcome: 'SKIP' });
    expect(calls.map((c) => c.key)).toEqual(['GET /v1/directory']);
  });
});

describe('Function: checkHotline', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends a signed test call and, when its case stays 待派单, fails and still closes it as smoke', async () => {
    // Prepare
    const calls = stubApi({
      'POST /v1/channels/hotline/calls': (url, init) => {
        const headers = init?.headers as Record<string, string>;
        const check = verifySignature({
          secret: 'hmac-secret',
          signature: headers['x-signature'],
          timestamp: headers['x-timestamp'],
          body: String(init?.body),
          nowMs: Date.now(),
          version: headers['x-signature-version'],
          request: { method: 'POST', path: url.pathname },
        });
        return check.ok
          ? json(202, { callId: OPTIONS.runId, trackingNo: '261204-AAAA-BBBB' })
          : json(401, { error: { code: 'invalid_signature' } });
      },
      'GET /v1/cases/search': () =>
        json(200, {
          items: [{ caseId: 'hlcase1', trackingNo: '261204-AAAA-BBBB', status: 'pending_dispatch' }],
        }),
      'POST /v1/cases/by-id/hlcase1/actions': () => json(200, { status: 'closed', closeReason: 'smoke' }),
    });

    // Act
    const verdict = await checkHotline(OPTIONS, { category: 'water-supply', district: 'gulou' });

    // Assess
    expect(verdict).toMatchObject({ channel: 'hotline', outcome: 'FAIL', trackingNo: '261204-AAAA-BBBB' });
    expect(verdict.detail).toContain('not dispatched');
    expect(verdict.detail).toContain('status pending_dispatch), closed as smoke');
    const record = JSON.parse(String(calls[0]?.init?.body));
    expect(record).toMatchObject({ callId: OPTIONS.runId, disposition: 'answered', test: true });
    expect(record).not.toHaveProperty('caller');
    const close = calls.find((c) => c.key === 'POST /v1/cases/by-id/hlcase1/actions');
    expect(JSON.parse(String(close?.init?.body))).toEqual({
      action: 'close',
      reason: 'smoke',
      note: `部署冒烟测试 ${OPTIONS.runId}`,
    });
  });
});

describe('Function: chooseRoutedPair', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('takes the first category and district a rule routes, leaving out the disclosure category', async () => {
    // Prepare
    stubApi({
      'GET /v1/admin/directory': () =>
        json(200, {
          departments: [
            { id: 'gov-office', name: '市政府办公室' },
            { id: 'water-group', name: '市水务集团' },
          ],
          categories: [
            { code: 'gov-info-disclosure', name: '政府信息公开', keywords: [] },
            { code: 'noise', name: '噪音', keywords: [] },
            { code: 'water-supply', name: '供水', keywords: [] },
          ],
          districts: [{ code: 'gulou', name: '鼓楼区' }],
          rules: [
            { category: 'gov-info-disclosure', district: '*', departmentId: 'gov-office', priority: 0 },
            { category: 'water-supply', district: '*', departmentId: 'water-group', priority: 0 },
          ],
        }),
    });

    // Act
    const pair = await chooseRoutedPair(OPTIONS);

    // Assess
    expect(pair).toEqual({ category: 'water-supply', district: 'gulou', departmentId: 'water-group' });
  });
});

describe('Function: verdictOf', () => {
  it('turns a check that threw into its channel’s FAIL, with the network’s reason', async () => {
    // Act
    const verdict = await verdictOf('webform', () =>
      Promise.reject(
        new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ENOTFOUND' }) }),
      ),
    );

    // Assess
    expect(verdict).toEqual({ channel: 'webform', outcome: 'FAIL', detail: 'fetch failed (ENOTFOUND)' });
  });
});

describe('Function: smokeRunId', () => {
  it('gives each run an id of its own, stamped with the time', () => {
    // Act
    const ids = new Set(Array.from({ length: 50 }, () => smokeRunId(new Date('2026-12-04T04:37:52Z'))));

    // Assess
    expect(ids.size).toBe(50);
    expect([...ids][0]).toMatch(/^smoke-20261204043752-[0-9a-f]{6}$/);
  });
});
