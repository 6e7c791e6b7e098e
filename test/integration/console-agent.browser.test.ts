import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { localHotlineSecret, postHotline } from '../../scripts/hotline-client.js';
import { maskPhone } from '../../shared/domain/identity.js';
import {
  type ConsolePage,
  expectNoSeriousViolations,
  launchBrowser,
  openConsole,
  type StaffIdentity,
  screenshot,
  signInAs,
} from './console-browser.js';
import { casesByTrackingNo, eventually, routedPair, stack, staffCall, uniquePhone } from './helpers.js';

// 坐席受理 in a real browser: the call centre posts an answered call for an agent, as the CTI does;
// the agent's screen opens it by itself, the agent types the appeal with the keyboard while talking,
// takes the classifier's suggestion, loses nothing to a reload, submits it for dispatch and reads
// out the tracking number; the next call is answered on the line and becomes a completed case.

const secret = localHotlineSecret(stack.dataDir);
/** A walk through intake, two sign-ins and a dispatch in one browser: well past the 30 s default. */
const WALK_MS = 120_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

/** A call the agent is on now: answered, not ended, no appeal yet. */
function callOnTheLine(callId: string, caller: string, agentId: string): Record<string, unknown> {
  return {
    callId,
    caller,
    line: '12345',
    queuedAt: iso(40_000),
    answeredAt: iso(30_000),
    disposition: 'answered',
    agentId,
    recordedAt: iso(1_000),
  };
}

async function cti(record: Record<string, unknown>): Promise<Record<string, unknown>> {
  const posted = await postHotline(stack.url, JSON.stringify(record), secret);
  expect(posted.status).toBe(202);
  return posted.json;
}

async function caseOf(trackingNo: string, status: string): Promise<Record<string, unknown>> {
  const [found] = await eventually(
    async () => {
      const items = await casesByTrackingNo(trackingNo);
      return items[0]?.status === status ? items : undefined;
    },
    { timeoutMs: 30_000, what: `case ${trackingNo} ${status}` },
  );
  return found as Record<string, unknown>;
}

const focusedId = (page: Page) => page.evaluate('document.activeElement && document.activeElement.id');
const focusedText = (page: Page) =>
  page.evaluate('document.activeElement && document.activeElement.textContent.trim()');

/** Signs in (again: tokens live in memory, so a reload goes through the issuer) and opens 坐席受理. */
async function signInToAgentScreen(page: Page, who: StaffIdentity, path: string): Promise<void> {
  await signInAs(page, who, path);
  // Where the sign-in returns to is the shell's business: from wherever it lands, the menu leads here.
  if (!new URL(page.url()).pathname.startsWith('/console/agent'))
    await page.getByRole('menuitem', { name: '坐席受理' }).click();
  await page.waitForURL(/\/console\/agent/);
}

/** axe once Element's enter transitions (a dropdown, a message zooming in) have finished. */
async function noSeriousViolations(page: Page): Promise<void> {
  await page.waitForTimeout(400);
  await expectNoSeriousViolations(page);
}

describe("the agent's screen (坐席受理) in a browser", () => {
  let browser: Browser;
  let consolePage: ConsolePage;
  let agentToken: string;
  const agentId = `it-ag-${randomUUID().slice(0, 8)}`;
  const who: StaffIdentity = { role: 'agent', agentId, name: '李坐席' };
  const { category, district } = routedPair();

  /** The directory's names, as the pickers show them. */
  let directory: Record<'categories' | 'districts', { code: string; name: string }[]>;
  const nameIn = (list: 'categories' | 'districts', code: string) =>
    directory[list].find((e) => e.code === code)?.name ?? code;

  beforeAll(async () => {
    browser = await launchBrowser();
    consolePage = await openConsole(browser);
    agentToken = await (await loadDevJwt(stack.dataDir)).issue({
      sub: `local-agent-${agentId}`,
      role: 'agent',
      agentId,
    });
    directory = (await staffCall(agentToken, 'GET', '/v1/staff/directory')).json as typeof directory;
  });

  afterEach(async (context) => {
    // What the screen showed when a step failed: the walk's screenshots stop there.
    if (context.task.result?.state === 'fail')
      await screenshot(consolePage.page, `console-agent-failed-${context.task.name.slice(0, 20)}`);
  });

  afterAll(async () => {
    await consolePage?.context.close();
    await browser?.close();
  });

  it(
    'takes a call, types its appeal by keyboard with the suggestion, keeps it across a reload and submits it for dispatch',
    async () => {
      // Prepare: the caller has called before (a case from the CTI's own record), and calls again now.
      const { page, errors } = consolePage;
      const phone = uniquePhone();
      const earlier = await cti({
        ...callOnTheLine(`it-${randomUUID()}`, phone, `it-other-${randomUUID().slice(0, 6)}`),
        queuedAt: iso(3_600_000),
        answeredAt: iso(3_590_000),
        endedAt: iso(3_400_000),
        appeal: { type: 'complaint', category, district, content: '上周反映的小区水压低，至今未解决。' },
      });
      await caseOf(earlier.trackingNo as string, 'dispatched');
      const callId = `it-${randomUUID()}`;
      await cti(callOnTheLine(callId, phone, agentId));
      const content = '鼓楼区中山路幸福小区停水两天了，请尽快恢复供水。';
      const expected = (await staffCall(agentToken, 'POST', '/v1/classify', { text: content })).json;

      // Act: sign in; the call opens by itself with the focus in the content.
      await signInToAgentScreen(page, who, '/console/agent');
      await page
        .getByTestId('caller')
        .filter({ hasText: maskPhone(phone) })
        .waitFor();
      await page.getByRole('link', { name: new RegExp(earlier.trackingNo as string) }).waitFor();
      expect(await focusedId(page)).toBe('appeal-content');
      await page.keyboard.type(content);
      const suggestion = page.getByTestId('suggestion');
      await suggestion.waitFor();

      // Assess
      expect(await suggestion.textContent()).toContain('建议：');
      await screenshot(page, 'console-agent-1-call');
      await noSeriousViolations(page);

      // Act: Tab to the suggestion, Enter applies it; the focus moves on to the address.
      await page.keyboard.press('Tab');
      expect(await focusedText(page)).toBe('采用建议');
      await page.keyboard.press('Enter');
      await page.waitForFunction("document.activeElement && document.activeElement.id === 'appeal-address'");
      await page.keyboard.type('中山路 18 号幸福小区 3 栋');
      await page.keyboard.press('Tab');
      expect(await focusedId(page)).toBe('appeal-callback-phone');
      await page.keyboard.type(phone);
      // Enter in a one-line field submits nothing.
      await page.keyboard.press('Enter');
      await page.waitForTimeout(500);
      expect(await page.getByTestId('appeal-receipt').count()).toBe(0);

      // Act: a reload mid-typing (tokens are in memory: the issuer signs the agent in again).
      await signInToAgentScreen(page, who, `/console/agent?call=${encodeURIComponent(callId)}`);
      await page.locator('#appeal-content').waitFor();

      // Assess: everything typed is there.
      expect(await page.inputValue('#appeal-content')).toBe(content);
      expect(await page.inputValue('#appeal-address')).toBe('中山路 18 号幸福小区 3 栋');
      expect(await page.inputValue('#appeal-callback-phone')).toBe(phone);
      await screenshot(page, 'console-agent-2-draft-after-reload');
      await noSeriousViolations(page);

      // Act: Ctrl+Enter submits for dispatch.
      await page.focus('#appeal-address');
      await page.keyboard.press('Control+Enter');
      const receipt = page.getByTestId('tracking-no');
      await receipt.waitFor({ timeout: 20_000 });
      const trackingNo = ((await receipt.textContent()) ?? '').trim();

      // Assess: the tracking number is shown to be read out, the case is the typed one, linked to the call.
      expect(trackingNo).toMatch(/^\d{6}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(await page.getByTestId('appeal-receipt').textContent()).toContain('已提交派单');
      expect(await focusedText(page)).toBe('复制编号');
      await screenshot(page, 'console-agent-3-submitted');
      await noSeriousViolations(page);
      const kase = await eventually(
        async () => (await casesByTrackingNo(trackingNo)).find((c) => c.status !== 'received'),
        { timeoutMs: 30_000, what: `case ${trackingNo} past intake` },
      );
      expect(kase).toMatchObject({
        channel: 'hotline',
        category: expected.category,
        district: expected.district,
        type: expected.type,
        content,
        address: '中山路 18 号幸福小区 3 栋',
      });
      await page.locator('.call-item', { hasText: `已受理 ${trackingNo}` }).waitFor({ timeout: 20_000 });
      expect(errors).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'opens the next call by itself and makes a question answered on the line a completed case',
    async () => {
      // Prepare
      const { page, errors } = consolePage;
      const phone = uniquePhone();
      const callId = `it-${randomUUID()}`;

      // Act: the CTI posts the next call; the screen's poll opens it.
      await cti(callOnTheLine(callId, phone, agentId));
      await page
        .getByTestId('caller')
        .filter({ hasText: maskPhone(phone) })
        .waitFor({ timeout: 20_000 });
      await page.waitForFunction("document.activeElement && document.activeElement.id === 'appeal-content'");
      await page.keyboard.type('请问中山路一带停水什么时候能恢复？');
      // The pickers by keyboard: the name typed, Enter takes the first match.
      await page.focus('#appeal-type');
      await page.keyboard.type('咨询');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      expect(await focusedId(page)).toBe('appeal-category');
      await page.keyboard.type(nameIn('categories', category));
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      await page.keyboard.type(nameIn('districts', district));
      await page.keyboard.press('Enter');
      await page.focus('#appeal-callback-phone');
      await page.keyboard.type(phone);
      await page.focus('#appeal-answered-directly');
      await page.keyboard.press('Space');
      await page.locator('#appeal-reply').waitFor();
      await page.focus('#appeal-reply');
      await page.keyboard.type('已告知：中山路供水管道正在抢修，预计今晚 20 时前恢复供水。');
      await screenshot(page, 'console-agent-4-direct-answer');
      await noSeriousViolations(page);
      await page.keyboard.press('Control+Enter');
      const receipt = page.getByTestId('tracking-no');
      await page
        .getByTestId('appeal-receipt')
        .filter({ hasText: '已直接答复并办结' })
        .waitFor({ timeout: 20_000 });
      const trackingNo = ((await receipt.textContent()) ?? '').trim();

      // Assess: a completed case, resolved at intake.
      const kase = await caseOf(trackingNo, 'completed');
      expect(kase).toMatchObject({ channel: 'hotline', type: 'consultation', category, district });
      await screenshot(page, 'console-agent-5-direct-answered');
      await noSeriousViolations(page);

      // Act: the look-up a caller asks for, by tracking number.
      await page.getByLabel('受理编号', { exact: true }).fill(trackingNo.toLowerCase());
      await page.keyboard.press('Enter');
      await page
        .getByRole('list', { name: '查询结果' })
        .getByRole('link', { name: new RegExp(trackingNo) })
        .waitFor();

      // Assess
      await screenshot(page, 'console-agent-6-lookup');
      await noSeriousViolations(page);
      expect(errors).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'says plainly that a call already has another appeal (409 appeal_exists) and keeps what was typed',
    async () => {
      // Prepare: a call on the screen, typed; the CTI's own record of it then arrives carrying an
      // appeal, before the screen's next poll has seen it (polls paused as for a hidden tab).
      const { page, errors } = consolePage;
      const phone = uniquePhone();
      const callId = `it-${randomUUID()}`;
      await cti(callOnTheLine(callId, phone, agentId));
      await page
        .getByTestId('caller')
        .filter({ hasText: maskPhone(phone) })
        .waitFor({ timeout: 20_000 });
      await page.evaluate("Object.defineProperty(document, 'visibilityState', { value: 'hidden' })");
      await page.fill('#appeal-content', '小区门口道路井盖松动，车辆经过响声很大。');
      await page.focus('#appeal-type');
      await page.keyboard.type('投诉');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      await page.keyboard.type(nameIn('categories', category));
      await page.keyboard.press('Enter');
      await page.keyboard.press('Tab');
      await page.keyboard.type(nameIn('districts', district));
      await page.keyboard.press('Enter');
      await page.fill('#appeal-callback-phone', phone);
      const fromCti = await cti({
        ...callOnTheLine(callId, phone, agentId),
        recordedAt: iso(0),
        appeal: { type: 'help', category, district, content: '坐席在软电话上录入的另一份诉求。' },
      });
      await caseOf(fromCti.trackingNo as string, 'dispatched');

      // Act
      await page.focus('#appeal-content');
      await page.keyboard.press('Control+Enter');
      const alert = page.getByRole('alert').filter({ hasText: '此来电已有另一份诉求' });
      await alert.waitFor({ timeout: 20_000 });

      // Assess: the refusal in words, nothing typed lost, no receipt.
      expect(await page.inputValue('#appeal-content')).toBe('小区门口道路井盖松动，车辆经过响声很大。');
      expect(await page.getByTestId('appeal-receipt').count()).toBe(0);
      await screenshot(page, 'console-agent-7-appeal-exists');
      await noSeriousViolations(page);
      // The browser reports the 409 response itself; nothing else went wrong.
      expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
    },
    WALK_MS,
  );
});
