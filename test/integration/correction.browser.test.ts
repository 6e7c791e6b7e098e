import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { loadDevSecrets } from '../../local/secrets.js';
import { correctionToken } from '../../shared/adapters/correction-token.js';
import {
  casesByTrackingNo,
  eventually,
  idempotencyKey,
  postWebform,
  routedPair,
  stack,
  staffCall,
  webform,
} from './helpers.js';

// The 补正 page in a real browser (Debian's Chromium, playwright-core) against the local stack: its
// hashed script runs under the page's CSP, uploads a photo through the web form's upload path and
// posts the answer; the case then lists the archived photo. Screenshots go to test-artifacts/.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';
/** A 1×1 PNG: the smallest real photo the upload path accepts. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('补正 page in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the question, uploads a photo and records the answer, with no CSP violation', async () => {
    // Prepare: a case whose department asks for a correction
    const { departmentId } = routedPair();
    const jwt = await loadDevJwt(stack.dataDir);
    const department = await jwt.issue({ sub: 'it-corr-page', role: 'department', departmentId });
    const posted = await postWebform(webform(), { 'idempotency-key': idempotencyKey() });
    const trackingNo = posted.json.trackingNo as string;
    const [item] = await eventually(async () => {
      const items = await casesByTrackingNo(trackingNo);
      return items.length > 0 ? items : undefined;
    });
    const caseId = item?.caseId as string;
    const requested = await staffCall(department, 'POST', `/v1/cases/by-id/${caseId}/actions`, {
      action: 'request_correction',
      question: '请拍一张门牌的照片',
    });
    const requestedAt = (requested.json.correction as { requestedAt: string }).requestedAt;
    const key = loadDevSecrets(join(stack.dataDir, 'dev-secrets.json')).FEEDBACK_TOKEN_KEY;
    const token = correctionToken(caseId, requestedAt, key);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });

    // (A string: this project's tests compile without the DOM's types.)
    await page.addInitScript(`
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.cspViolations.push(e.effectiveDirective + ' ' + e.blockedURI);
      });
    `);

    // Act
    await page.goto(`${stack.url}/v1/cases/${trackingNo}/correction?token=${token}`);
    const question = (await page.textContent('#question'))?.trim();
    await page.fill('#answer', '门牌号是东街 12 号，照片见附件');
    await page.setInputFiles('#photos', { name: '门牌.png', mimeType: 'image/png', buffer: PNG });
    await page.click('#send');
    await page.waitForSelector('#result:has-text("补正材料已收到")', { timeout: 20_000 });
    await page.screenshot({ path: `${ARTIFACTS}/correction-page-answered.png`, fullPage: true });
    const violations = await page.evaluate('window.cspViolations');
    await context.close();

    // Assess
    expect(question).toBe('请拍一张门牌的照片');
    expect(errors).toEqual([]);
    expect(violations).toEqual([]);
    const [after] = await casesByTrackingNo(trackingNo);
    expect(after?.correction).toMatchObject({
      answer: '门牌号是东街 12 号，照片见附件',
      answeredVia: 'web',
      attachments: [expect.stringMatching(/^uploads\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f-]{36}\.png$/)],
    });
    expect(after?.pausedSince).toBeUndefined();
  }, 60_000);
});
