import { mkdirSync } from 'node:fs';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { LOCAL_NAMES } from '../../local/resources.js';
import { seriousViolations } from './axe.js';
import { ARTIFACTS, launchBrowser } from './console-browser.js';
import {
  casesByTrackingNo,
  ddb,
  eventually,
  idempotencyKey,
  postWebform,
  routedPair,
  stack,
  staffCall,
  webform,
} from './helpers.js';

// 信息发布 the public releases page in a real browser (Debian's Chromium, playwright-core): releases
// published through the staff API (March 2018's figures from aggregates put straight into the
// metrics table, a correction of them, and typical cases from a case walked to completion), then
// the page read as a phone reads it, checked with axe-core and for CSP refusals.

const PERIOD = '2018-03';
const RESPONSIBLE = { id: 'it-page-a', name: '李科长' };

function item(pk: string, day: string, counters: Record<string, number>, value?: string) {
  return {
    pk,
    sk: value === undefined ? day : `${day}#${value}`,
    day,
    ...(value ? { value } : {}),
    ...counters,
  };
}

const ITEMS = [
  item('all', '2018-03-05', {
    appeals: 120,
    completed: 100,
    slaDue: 100,
    slaOnTime: 95,
    ratings: 60,
    satisfied: 50,
    basicallySatisfied: 5,
    followUpContacted: 70,
  }),
  item(
    'department',
    '2018-03-05',
    { appeals: 70, completed: 60, slaDue: 60, slaOnTime: 59, ratings: 40, satisfied: 38 },
    'water-group',
  ),
  item(
    'department',
    '2018-03-05',
    { appeals: 50, completed: 40, slaDue: 40, slaOnTime: 36, ratings: 20, satisfied: 17 },
    'urban-management',
  ),
  item('call', '2018-03-05', {
    callsQueued: 500,
    callsAnswered: 480,
    callsAnsweredIn15s: 450,
    callsAbandoned: 20,
  }),
  item(
    'line',
    '2018-03-05',
    { callsQueued: 500, callsAnswered: 480, callsAnsweredIn15s: 450, callsAbandoned: 20 },
    '12345',
  ),
];

describe('the public releases page in a browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let figuresId: string;
  let correctionId: string;
  let problems: string[];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const jwt = await loadDevJwt(stack.dataDir);
    const drafter = await jwt.issue({ sub: 'it-page-a', role: 'supervisor' });
    const reviewer = await jwt.issue({ sub: 'it-page-b', role: 'supervisor' });
    const { departmentId } = routedPair();
    const department = await jwt.issue({ sub: 'it-page-d', role: 'department', departmentId });
    await ddb.send(
      new BatchWriteCommand({
        RequestItems: { [LOCAL_NAMES.metricsTable]: ITEMS.map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
    const publish = async (body: Record<string, unknown>, prepare?: (id: string) => Promise<number>) => {
      const made = await staffCall(drafter, 'POST', '/v1/releases', { ...body, responsible: RESPONSIBLE });
      const id = (made.json.release as { releaseId: string }).releaseId;
      const version = prepare ? await prepare(id) : 0;
      await staffCall(drafter, 'POST', `/v1/releases/${id}/actions`, {
        action: 'submit',
        expectedVersion: version,
      });
      const done = await staffCall(reviewer, 'POST', `/v1/releases/${id}/actions`, {
        action: 'publish',
        expectedVersion: version + 1,
      });
      expect(done.status).toBe(200);
      return id;
    };
    figuresId = await publish({ kind: 'monthly_figures', period: PERIOD });
    correctionId = await publish({ kind: 'monthly_figures', period: PERIOD, corrects: figuresId });

    // A case walked to completion, chosen as a typical case.
    const posted = await postWebform(webform(), { 'idempotency-key': idempotencyKey() });
    const [kase] = await eventually(async () => {
      const items = await casesByTrackingNo(posted.json.trackingNo as string);
      return items.length > 0 ? items : undefined;
    });
    const actions = `/v1/cases/by-id/${kase?.caseId as string}/actions`;
    await staffCall(department, 'POST', actions, { action: 'acknowledge' });
    await staffCall(department, 'POST', actions, { action: 'complete', reply: '已协调施工单位调整作业时间' });
    await publish({ kind: 'typical_cases', period: PERIOD }, async (id) => {
      const added = await staffCall(drafter, 'POST', `/v1/releases/${id}/actions`, {
        action: 'add_case',
        expectedVersion: 0,
        caseId: kase?.caseId,
        summary: {
          asked: '市民反映小区楼下餐馆夜间施工，噪音扰民已持续一周。',
          done: '承办单位约谈施工方，将作业时间调整至白天，并安排夜间巡查。',
        },
      });
      expect(added.status).toBe(200);
      return 1;
    });

    browser = await launchBrowser();
  }, 90_000);

  afterEach(async () => {
    await context?.close();
  });

  afterAll(async () => {
    await browser?.close();
    // Fixture figures out of the way of the suites that recount the table (metrics-drift).
    await ddb.send(
      new BatchWriteCommand({
        RequestItems: {
          [LOCAL_NAMES.metricsTable]: ITEMS.map(({ pk, sk }) => ({ DeleteRequest: { Key: { pk, sk } } })),
        },
      }),
    );
  });

  it('shows each release on a 375 px phone with tables, hash and corrections, no serious axe violation and no CSP refusal', async () => {
    // Prepare
    context = await browser.newContext({
      viewport: { width: 375, height: 812 },
      locale: 'zh-CN',
      deviceScaleFactor: 2,
    });
    page = await context.newPage();
    problems = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.addInitScript(`
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.cspViolations.push(e.effectiveDirective + ' ' + e.sourceFile + ':' + e.lineNumber);
      });
    `);
    const published = (await (await fetch(`${stack.url}/v1/public/releases`)).json()) as {
      items: { releaseId: string; sha256: string }[];
    };

    // Act
    await page.goto(`${stack.url}/releases`);
    await page.waitForSelector('#main[data-state="ready"]');
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${ARTIFACTS}/releases-375.png`, fullPage: true });
    const original = page.locator(`#release-${figuresId}`);
    const pageWidth = await page.evaluate('document.documentElement.scrollWidth');
    const violations = (await page.evaluate('window.cspViolations')) as string[];
    const header = (await fetch(`${stack.url}/releases`)).headers.get('content-security-policy') ?? '';

    // Assess
    expect(await seriousViolations(page)).toEqual([]);
    expect(violations).toEqual([]);
    expect(header).toMatch(/script-src 'self'(;|$)/);
    expect(header).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(problems).toEqual([]);
    expect(pageWidth).toBeLessThanOrEqual(375);
    expect(await page.locator('article').count()).toBe(published.items.length);
    const sha = published.items.find((r) => r.releaseId === figuresId)?.sha256 as string;
    await expect(original.locator('code.hash').textContent()).resolves.toBe(sha);
    await expect(original.locator('.note.warn a').getAttribute('href')).resolves.toBe(
      `#release-${correctionId}`,
    );
    await expect(page.locator(`#release-${correctionId} .note a`).first().getAttribute('href')).resolves.toBe(
      `#release-${figuresId}`,
    );
    // The chart is hidden from screen readers; the table beside it has every department's figures.
    await expect(original.locator('.chart').getAttribute('aria-hidden')).resolves.toBe('true');
    const rows = await original.locator('table').nth(1).locator('tbody tr').allTextContents();
    expect(rows.join('|')).toMatch(/98\.3%（59 \/ 60）/);
    await expect(page.locator('.case').first().textContent()).resolves.toContain('噪音扰民');
  });
});
