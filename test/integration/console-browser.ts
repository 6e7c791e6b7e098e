import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousViolations } from './axe.js';
import { stack } from './helpers.js';

// The staff console in a real browser: Debian's Chromium through playwright-core, signed in through
// the local stack's development issuer exactly as a person would (the authorize page, the code,
// the PKCE exchange), with every CSP violation and console error collected for the test to assert.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = 'test-artifacts';

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
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
}

export interface StaffIdentity {
  readonly role: 'agent' | 'dispatcher' | 'department' | 'supervisor' | 'analyst' | 'admin' | 'reviewer';
  readonly departmentId?: string;
  readonly agentId?: string;
  readonly name?: string;
}

export interface ConsolePage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and CSP violations seen so far: a test expects it to stay empty. */
  readonly errors: string[];
}

/** A new browser context (its own storage: one person) with a page that records errors. */
export async function openConsole(
  browser: Browser,
  viewport: { width: number; height: number } = { width: 1366, height: 900 },
): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(
    "document.addEventListener('securitypolicyviolation', function (e) { console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI); });",
  );
  return { context, page, errors };
}

/**
 * Opens `path` of the console, is sent to the development issuer, picks the identity and signs in,
 * and waits for the console's shell. The authorize page's fields are found by their labels (角色,
 * 承办单位, 工号, 姓名), as a person finds them.
 */
export async function signInAs(page: Page, who: StaffIdentity, path = '/console/'): Promise<void> {
  await page.goto(`${stack.url}${path}`);
  await page.waitForURL(/\/local\/oidc\/authorize/, { timeout: 20_000 });
  await page.getByLabel('角色').selectOption(who.role);
  if (who.departmentId) await page.getByLabel('承办单位').selectOption(who.departmentId);
  if (who.agentId) await page.getByLabel('工号').fill(who.agentId);
  if (who.name) await page.getByLabel('姓名').fill(who.name);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForSelector('[data-testid="who"]', { timeout: 20_000 });
}

/**
 * Element's dialogs and dropdowns fade in and out (0.3 s); axe run mid-fade measures text at part
 * opacity and reports it as contrast. Waits (at most 5 s) until no finite animation runs — endless
 * ones (a loading skeleton) do not count. Polled with evaluate (the DevTools protocol):
 * waitForFunction's string form is an eval the console's CSP refuses.
 */
export async function animationsSettled(page: Page): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const running = await page.evaluate(
      "document.getAnimations().filter(function (a) { return a.playState === 'running' && !(a.effect && a.effect.getTiming().iterations === Infinity); }).length",
    );
    if (running === 0) return;
    await page.waitForTimeout(50);
  }
}

/** axe-core on the screen once its animations have settled: no serious or critical violation. */
export async function expectNoSeriousViolations(page: Page): Promise<void> {
  await animationsSettled(page);
  expect(await seriousViolations(page)).toEqual([]);
}

/** A full-page screenshot once the screen's animations have settled (no half-drawn dialog). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await animationsSettled(page);
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}
