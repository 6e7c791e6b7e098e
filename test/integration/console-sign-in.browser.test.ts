import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CONSOLE_CLIENT_ID } from '../../local/oidc/issuer.js';
import { seriousViolations } from './axe.js';
import { stack } from './helpers.js';

// The development issuer's sign-in page as a developer uses it: keyboard only, no CSP violation,
// no serious axe finding, and its 登录 lands on the console's callback with a code.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';

describe('Local sign-in page in Chromium', () => {
  let browser: Browser;

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

  it('signs a department handler in with the keyboard, accessibly and within its CSP', async () => {
    // Prepare
    const context = await browser.newContext({ viewport: { width: 400, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const verifier = randomBytes(32).toString('base64url');
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: LOCAL_CONSOLE_CLIENT_ID,
      redirect_uri: `${stack.url}/console/callback`,
      scope: 'openid profile email',
      state: 'browser-state',
      nonce: 'browser-nonce',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    // The callback is the console's (another slice): only where the browser lands matters here.
    await page.route(`${stack.url}/console/callback**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/plain', body: 'callback' }),
    );
    await page.goto(`${stack.url}/local/oidc/authorize?${query}`);
    const violations = await seriousViolations(page);
    await page.screenshot({ path: `${ARTIFACTS}/console-sign-in-local.png`, fullPage: true });

    // Act
    // The role select has the focus (autofocus); the arrow keys move a closed <select>.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const role = await page.getByLabel('角色').inputValue();
    await page.getByLabel('承办单位（承办人必选）').focus();
    // The first department of the seed (a closed <select> moves with the arrow keys).
    await page.keyboard.press('ArrowDown');
    const department = await page.getByLabel('承办单位（承办人必选）').inputValue();
    await page.getByLabel('姓名').focus();
    await page.keyboard.type('张承办');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/console\/callback\?/);

    // Assess
    expect(violations).toEqual([]);
    expect(role).toBe('department');
    expect(department).toBe('water-group');
    const landed = new URL(page.url());
    expect(landed.searchParams.get('state')).toBe('browser-state');
    expect(landed.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await context.close();
  });
});
