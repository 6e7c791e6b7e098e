import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../unit/domain/disclosure/numbers.js';
import { seriousViolations } from './axe.js';
import { ARTIFACTS, launchBrowser } from './console-browser.js';
import { stack, uniquePhone } from './helpers.js';

// The citizen page's 政府信息公开申请 form (#disclosure, the address WeChat's reply gives) in
// Chromium against the local stack: a valid request gets its tracking number, a wrong identity number
// is refused on the page with the server's own check, nothing sent. Screenshots to test-artifacts/.

const ID = makeIdNumber('110105', '19870615', '006');

describe('Citizen page: 政府信息公开申请 in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** The page on a phone-sized screen at #disclosure; CSP refusals and script errors collected. */
  async function openForm(): Promise<string[]> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', function (e) { console.error('Content Security Policy: ' + e.violatedDirective); });",
    );
    await page.goto(`${stack.url}/#disclosure`);
    await page.waitForSelector('#disclosure-form[data-ready="true"]', { timeout: 20_000 });
    return errors;
  }

  /** A citizen's request, typed with the keyboard where a person would. */
  async function fillCitizen(number: string): Promise<void> {
    await page.check('#dr-kind-citizen');
    await page.fill('#dr-name', '张三');
    await page.selectOption('#dr-doc-kind', 'resident_id_card');
    await page.fill('#dr-doc-number', number);
    await page.fill('#dr-phone', uniquePhone());
    await page.fill('#dr-address', '江城市鼓楼区人民路 1 号');
    await page.selectOption('#dr-department', 'housing');
    await page.fill('#dr-description', '2025 年本市老旧小区改造项目的立项批复');
    await page.fill('#dr-purpose', '了解本小区改造计划');
    await page.selectOption('#dr-medium', 'paper');
    await page.selectOption('#dr-delivery', 'post');
  }

  it('submits a valid request and shows the tracking number and the day of receipt', async () => {
    // Prepare
    const errors = await openForm();
    await fillCitizen(ID);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/disclosure-form-filled.png`, fullPage: true });

    // Act: sent from the keyboard, as a screen-reader user would.
    await page.focus('#dr-delivery');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#dr-result:not([hidden])', { timeout: 20_000 });

    // Assess
    expect((await page.textContent('#dr-tracking-no'))?.trim()).toMatch(/^\d{6}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect((await page.textContent('#dr-received-on'))?.trim()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/disclosure-form-submitted.png`, fullPage: true });
    // The section alone, readable at its size: the result under the emptied form.
    await page.locator('#dr-result').screenshot({ path: `${ARTIFACTS}/disclosure-form-result.png` });
    expect(errors.filter((e) => /Content Security Policy|Uncaught|TypeError/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('refuses a wrong identity number beside its field and sends nothing', async () => {
    // Prepare
    await openForm();
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST') sent.push(r.url());
    });
    await fillCitizen(`${ID.slice(0, 17)}${ID.endsWith('1') ? '2' : '1'}`);

    // Act
    await page.click('#dr-submit');
    await page.waitForSelector('#err-dr-doc-number:not(:empty)', { timeout: 10_000 });

    // Assess
    expect(await page.textContent('#err-dr-doc-number')).toMatch(/校验码/);
    expect(await page.getAttribute('#dr-doc-number', 'aria-invalid')).toBe('true');
    expect(await page.isVisible('#dr-summary')).toBe(true);
    expect(sent).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/disclosure-form-refused.png`, fullPage: true });
    await page
      .locator('#disclosure')
      .screenshot({ path: `${ARTIFACTS}/disclosure-form-refused-section.png` });
    await page.context().close();
  });
});
