import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { routedPair, stack, uniquePhone } from './helpers.js';

// The citizen page's 短信验证码 step in Chromium. The browser is told the directory has verification
// on (optional, as the local stack makes it, or required where a test says so), and the code endpoint
// and the form are answered in the browser (page.route): what is tested is the page (when it asks,
// the countdown, what it sends); the endpoints are tested in phone-verification.test.ts and the unit
// tests.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';
const VERIFICATION_ID = 'AAAAAAAAAAAAAAAAAAAAAA';

describe('The citizen page asks for an SMS code where verification is on', () => {
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

  /** The page with verification on; `sent` collects the bodies it POSTs to the code endpoint and the form. */
  async function openWithVerification(
    required = false,
  ): Promise<{ page: Page; sent: { url: string; body: unknown }[] }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const sent: { url: string; body: unknown }[] = [];
    await page.route('**/v1/directory', async (route) => {
      const response = await route.fetch();
      await route.fulfill({
        response,
        json: {
          ...(await response.json()),
          phoneVerification: true,
          phoneVerificationRequired: required,
        },
      });
    });
    await page.route('**/v1/channels/webform/verifications', async (route) => {
      sent.push({ url: route.request().url(), body: route.request().postDataJSON() });
      await route.fulfill({ status: 202, json: { verificationId: VERIFICATION_ID, expiresInSeconds: 300 } });
    });
    await page.route('**/v1/channels/webform', async (route) => {
      sent.push({ url: route.request().url(), body: route.request().postDataJSON() });
      await route.fulfill({
        status: 202,
        json: { trackingNo: '261124-ABCD-EFGH', statusUrl: '/v1/cases/261124-ABCD-EFGH' },
      });
    });
    await page.goto(`${stack.url}/`);
    await page.waitForSelector('#appeal-form[data-ready="true"]', { timeout: 20_000 });
    const { category, district } = routedPair();
    await page.selectOption('#category', category);
    await page.selectOption('#type', 'complaint');
    await page.selectOption('#district', district);
    await page.fill('#content', '小区门口的路灯坏了一个星期，晚上很黑，请尽快修理。');
    return { page, sent };
  }

  it('sends the code with the appeal after 获取验证码, with a countdown', async () => {
    // Prepare
    const { page, sent } = await openWithVerification();
    const phone = uniquePhone();
    await page.fill('#phone', phone);

    // Act
    await page.click('#code-button');
    await page.waitForSelector('#code-button[disabled]');
    const counting = await page.textContent('#code-button');
    const hint = await page.textContent('#code-hint');
    await page.fill('#code', '123456');
    await page.screenshot({ path: `${ARTIFACTS}/web-page-sms-code.png`, fullPage: true });
    const violations = await seriousViolations(page);
    await page.click('#submit-button');
    await page.waitForSelector('#result-section:not([hidden])', { timeout: 10_000 });

    // Assess
    expect(counting).toMatch(/^重新获取（\d+ 秒）$/);
    expect(hint).toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(sent).toEqual([
      { url: expect.stringContaining('/verifications'), body: { phone } },
      {
        url: expect.stringMatching(/\/v1\/channels\/webform$/),
        body: expect.objectContaining({ phone, verificationId: VERIFICATION_ID, code: '123456' }),
      },
    ]);
    expect(violations).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('sends the appeal without a code where the code is optional, the field marked 选填', async () => {
    // Prepare
    const { page, sent } = await openWithVerification();
    const phone = uniquePhone();
    await page.fill('#phone', phone);

    // Act
    const label = await page.textContent('label[for="code"]');
    const optional = await page.isVisible('#code-opt');
    const star = await page.isVisible('#code-req');
    const hint = await page.textContent('#code-hint');
    await page.click('#submit-button');
    await page.waitForSelector('#result-section:not([hidden])', { timeout: 10_000 });

    // Assess
    expect(label).toContain('选填');
    expect([optional, star]).toEqual([true, false]);
    expect(hint).toContain('合并办理');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toMatchObject({ phone });
    expect(sent[0]?.body).not.toHaveProperty('code');
    expect(sent[0]?.body).not.toHaveProperty('verificationId');
    await page.context().close();
  }, 60_000);

  it('checks a code typed where it is optional: without 获取验证码 it sends nothing', async () => {
    // Prepare
    const { page, sent } = await openWithVerification();
    await page.fill('#phone', uniquePhone());
    await page.fill('#code', '123456');

    // Act
    await page.click('#submit-button');
    await page.waitForSelector('#err-code:not(:empty)');

    // Assess
    expect(await page.textContent('#err-code')).toBe('请先获取短信验证码');
    expect(sent).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('sends nothing without a code where it is required, and says so at the code field', async () => {
    // Prepare
    const { page, sent } = await openWithVerification(true);
    await page.fill('#phone', uniquePhone());

    // Act
    await page.click('#submit-button');
    await page.waitForSelector('#err-code:not(:empty)');

    // Assess
    expect(await page.textContent('#err-code')).toBe('请先获取短信验证码');
    expect(sent).toEqual([]);
    await page.context().close();
  }, 60_000);
});
