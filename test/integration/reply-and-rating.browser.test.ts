import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { AXE_SOURCE, seriousViolations } from './axe.js';
import { casesByTrackingNo, eventually, routedPair, stack, staffCall, uniquePhone } from './helpers.js';

// The department's reply and the rating, where the citizen looks: the citizen page submits an
// appeal, the department completes it, the lookup shows the reply and "去评价", and the rating page
// takes a comment, a choice and its confirmation. Real Chromium against the local stack.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';
const REPLY = '已安排维修人员更换路灯，现已恢复照明。';
const INTERNAL = '内部备注：由区城管二中队处理';

describe('The reply and the rating in Chromium', () => {
  let browser: Browser;
  let department: string;
  const { category, district, departmentId } = routedPair();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const jwt = await loadDevJwt(stack.dataDir);
    department = await jwt.issue({ sub: 'it-reply-dept', role: 'department', departmentId });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function newPage(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    return { page, errors };
  }

  /** Submits through the citizen page and answers the tracking number and the phone used. */
  async function submitOnPage(page: Page): Promise<{ trackingNo: string; phone: string }> {
    const phone = uniquePhone();
    await page.goto(`${stack.url}/`);
    await page.waitForSelector('#appeal-form[data-ready="true"]', { timeout: 20_000 });
    await page.selectOption('#category', category);
    await page.selectOption('#type', 'complaint');
    await page.selectOption('#district', district);
    await page.fill('#content', '小区门口的路灯坏了一个星期，晚上很黑，请尽快修理。');
    await page.fill('#phone', phone);
    await page.click('#submit-button');
    await page.waitForSelector('#result-section:not([hidden])', { timeout: 20_000 });
    return { trackingNo: (await page.textContent('#tracking-no'))?.trim() ?? '', phone };
  }

  /** The department acknowledges and completes the case with a reply and an internal note. */
  async function completeAsDepartment(trackingNo: string): Promise<void> {
    const [item] = await eventually(
      async () => {
        const items = await casesByTrackingNo(trackingNo);
        return items.length > 0 ? items : undefined;
      },
      { what: 'the dispatched case' },
    );
    const actions = `/v1/cases/by-id/${item?.caseId as string}/actions`;
    expect((await staffCall(department, 'POST', actions, { action: 'acknowledge' })).status).toBe(200);
    const done = await staffCall(department, 'POST', actions, {
      action: 'complete',
      reply: REPLY,
      internalNote: INTERNAL,
    });
    expect(done.status).toBe(200);
  }

  /** Submitted, completed, looked up: the page with the reply and the link shown. */
  async function lookedUpCompleted(): Promise<{ page: Page; errors: string[]; trackingNo: string }> {
    const { page, errors } = await newPage();
    const { trackingNo } = await submitOnPage(page);
    await completeAsDepartment(trackingNo);
    await page.click('#lookup-after-submit');
    await page.waitForSelector('#rate-box:not([hidden])', { timeout: 25_000 });
    return { page, errors, trackingNo };
  }

  it('shows the department reply and a 去评价 link once the case is completed', async () => {
    // Prepare
    const { page, errors, trackingNo } = await lookedUpCompleted();

    // Act
    const details = (await page.textContent('#case-details')) ?? '';
    const href = (await page.getAttribute('#rate-link', 'href')) ?? '';
    await page.screenshot({ path: `${ARTIFACTS}/web-page-reply.png`, fullPage: true });

    // Assess
    expect(details).toContain('办理答复');
    expect(details).toContain(REPLY);
    expect(details).not.toContain(INTERNAL);
    expect(await page.textContent('#rate-link')).toBe('去评价');
    expect(href).toMatch(new RegExp(`^/v1/cases/${trackingNo}/feedback\\?token=[\\w%-]+$`));
    if (AXE_SOURCE) expect(await seriousViolations(page)).toEqual([]);
    expect(errors.filter((e) => /Content Security Policy|Uncaught|TypeError/.test(e))).toEqual([]);
    await page.context().close();
  }, 90_000);

  it.skipIf(AXE_SOURCE !== undefined)(
    'axe-core is not installed here: the accessibility checks in this file did not run',
    () => {},
  );
});
