import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { routedPair, stack } from './helpers.js';

// The citizen page in a real browser: Debian's Chromium, driven by playwright-core, against the
// local stack. Screenshots go to test-artifacts/ (gitignored) for a human to look at.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';
/** A 1×1 PNG: the smallest real photo the upload path accepts. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('Citizen web page in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function openForm(): Promise<string[]> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') violations.push(m.text());
    });
    await page.goto(`${stack.url}/`);
    await page.waitForSelector('#appeal-form[data-ready="true"]', { timeout: 20_000 });
    return violations;
  }

  it('submits an appeal with a photo, shows the tracking number and finds the case', async () => {
    // Prepare
    const { category, district, departmentName } = routedPair();
    const errors = await openForm();
    await page.selectOption('#category', category);
    await page.selectOption('#type', 'complaint');
    await page.selectOption('#district', district);
    await page.fill('#address', '人民路 88 号');
    await page.fill('#content', '小区门口的路灯坏了一个星期，晚上很黑，请尽快修理。');
    await page.fill('#phone', '138 1234 5678');
    await page.setInputFiles('#attachments', { name: '路灯.png', mimeType: 'image/png', buffer: PNG });
    const uploadRequests: unknown[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/v1/channels/webform/uploads'))
        uploadRequests.push(r.postDataJSON());
    });

    // Act
    await page.click('#submit-button');
    await page.waitForSelector('#result-section:not([hidden])', { timeout: 20_000 });
    const trackingNo = (await page.textContent('#tracking-no'))?.trim() ?? '';
    // axe-core: no serious or critical violation on the screen as the user sees it.
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/web-page-submitted.png`, fullPage: true });
    await page.click('#lookup-after-submit');
    // The page retries a lookup of a case still being dispatched; the test allows it generously.
    await page.waitForSelector('#case-details:not([hidden])', { timeout: 25_000 });
    const details = (await page.textContent('#case-details')) ?? '';
    // axe-core: no serious or critical violation on the screen as the user sees it.
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/web-page-lookup.png`, fullPage: true });

    // Assess
    expect(trackingNo).toMatch(/^\d{6}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    expect(details).toContain(trackingNo);
    expect(details).toContain(departmentName);
    expect(details).toMatch(/已派单|办理中|已受理/);
    // The browser's SHA-256 of the photo is the one S3 (here the local front) verified the bytes against.
    expect(uploadRequests).toEqual([
      expect.objectContaining({
        sha256: createHash('sha256').update(PNG).digest('base64'),
        size: PNG.length,
      }),
    ]);
    // No CSP refusal or script error on the way (a 404 of the lookup retried while dispatching is fine).
    expect(errors.filter((e) => /Content Security Policy|Uncaught|TypeError/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('shows the Chinese validation message for a bad phone number and sends nothing', async () => {
    // Prepare
    const { category, district } = routedPair();
    await openForm();
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') sent.push(r.url());
    });
    await page.selectOption('#category', category);
    await page.selectOption('#type', 'help');
    await page.selectOption('#district', district);
    await page.fill('#content', '楼道里的灯不亮了');
    await page.fill('#phone', '12345');

    // Act
    await page.click('#submit-button');
    await page.waitForSelector('#err-phone:not(:empty)', { timeout: 10_000 });

    // Assess
    expect(await page.textContent('#err-phone')).toBe('须为中国大陆手机号（11 位，13–19 开头）');
    expect(await page.getAttribute('#phone', 'aria-invalid')).toBe('true');
    expect(await page.isVisible('#form-summary')).toBe(true);
    expect(sent).toEqual([]);
    // axe-core: no serious or critical violation on the screen as the user sees it.
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/web-page-invalid-phone.png`, fullPage: true });
    await page.context().close();
  });
});
