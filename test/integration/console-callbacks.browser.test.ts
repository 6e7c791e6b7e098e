import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { localHotlineSecret, postHotline } from '../../scripts/hotline-client.js';
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

// 漏接回拨 in a real browser: the call centre posts abandoned calls (signed, as the CTI does); an
// agent finds the callers on the 漏接回拨 tab of the agent's screen, calls one back without an
// answer (an attempt recorded, the hold released), reaches another and enters the
// caller's appeal from the callback (a tracking number to read out). A second agent does not see a
// task the first holds, and meets 已被其他坐席领取 when the first took it under their eyes; the
// supervisor sees every task with its holder. The clear number never reaches localStorage.

const secret = localHotlineSecret(stack.dataDir);
const WALK_MS = 150_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const MINUTE = 60_000;

interface ListedTask {
  readonly taskId: string;
  readonly calls: readonly { readonly callId: string }[];
  readonly heldBy: string | null;
}

/** A call lost in the queue: the caller hung up before an agent answered. */
async function abandoned(phone: string, line: string, endedMsAgo: number): Promise<string> {
  const callId = `it-cb-${randomUUID()}`;
  const record = {
    callId,
    caller: phone,
    line,
    queuedAt: iso(endedMsAgo + 90_000),
    endedAt: iso(endedMsAgo),
    disposition: 'abandoned',
    recordedAt: iso(endedMsAgo - 1_000),
  };
  const posted = await postHotline(stack.url, JSON.stringify(record), secret);
  expect(posted.status).toBe(202);
  return callId;
}

const task = (page: Page, taskId: string) => page.locator(`[data-task="${taskId}"]`);

/** The 漏接回拨 tab of the agent's screen, opened by the address (as a bookmark would). */
async function openCallbacks(page: Page, who: StaffIdentity): Promise<void> {
  await signInAs(page, who, '/console/agent?side=callbacks');
  if (!new URL(page.url()).pathname.startsWith('/console/agent'))
    await page.goto(`${stack.url}/console/agent?side=callbacks`);
  await page.getByTestId('callbacks-offered').waitFor();
}

describe('漏接回拨 in a browser', () => {
  let browser: Browser;
  let first: ConsolePage;
  let second: ConsolePage;
  let supervisorToken: string;
  let firstToken: string;
  const firstAgentId = `it-cb-${randomUUID().slice(0, 6)}`;
  const firstAgent: StaffIdentity = { role: 'agent', agentId: firstAgentId, name: '王回拨' };
  const secondAgent: StaffIdentity = {
    role: 'agent',
    agentId: `it-cb-${randomUUID().slice(0, 6)}`,
    name: '赵坐席',
  };
  const { category, district } = routedPair();
  let directory: Record<'categories' | 'districts', { code: string; name: string }[]>;
  const nameIn = (list: 'categories' | 'districts', code: string) =>
    directory[list].find((e) => e.code === code)?.name ?? code;

  // Three callers: one lost twice on a merged line (overdue), one on 12345 (near its deadline), one
  // the first agent will hold while the second looks.
  const noAnswer = { phone: uniquePhone(), calls: [] as string[], taskId: '' };
  const reached = { phone: uniquePhone(), calls: [] as string[], taskId: '' };
  const held = { phone: uniquePhone(), calls: [] as string[], taskId: '' };

  /** The task of a caller, found by its calls in the supervisor's whole list. */
  async function taskOf(callId: string): Promise<ListedTask> {
    return eventually(
      async () => {
        const items: ListedTask[] = [];
        let cursor: string | undefined;
        do {
          const query = `/v1/callbacks?scope=all&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
          const page = await staffCall(supervisorToken, 'GET', query);
          expect(page.status).toBe(200);
          items.push(...(page.json.items as ListedTask[]));
          cursor = (page.json.nextCursor as string | null) ?? undefined;
        } while (cursor);
        return items.find((t) => t.calls.some((c) => c.callId === callId));
      },
      { timeoutMs: 30_000, what: `the callback task of ${callId}` },
    );
  }

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    supervisorToken = await jwt.issue({ sub: 'local-supervisor', role: 'supervisor' });
    firstToken = await jwt.issue({
      sub: `local-agent-${firstAgentId}`,
      role: 'agent',
      agentId: firstAgentId,
    });
    directory = (await staffCall(firstToken, 'GET', '/v1/staff/directory')).json as typeof directory;
    // Older than most tasks other tests leave open, so these lead the oldest-deadline-first list.
    noAnswer.calls.push(await abandoned(noAnswer.phone, '12315', 75 * MINUTE));
    noAnswer.calls.push(await abandoned(noAnswer.phone, '12315', 70 * MINUTE));
    reached.calls.push(await abandoned(reached.phone, '12345', 55 * MINUTE));
    held.calls.push(await abandoned(held.phone, '12345', 50 * MINUTE));
    noAnswer.taskId = (await taskOf(noAnswer.calls[0] as string)).taskId;
    reached.taskId = (await taskOf(reached.calls[0] as string)).taskId;
    held.taskId = (await taskOf(held.calls[0] as string)).taskId;
    browser = await launchBrowser();
    first = await openConsole(browser);
    second = await openConsole(browser);
  }, WALK_MS);

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') {
      await screenshot(first.page, `console-callbacks-failed-first-${context.task.name.slice(0, 16)}`);
      await screenshot(second.page, `console-callbacks-failed-second-${context.task.name.slice(0, 16)}`);
    }
  });

  afterAll(async () => {
    await first?.context.close();
    await second?.context.close();
    await browser?.close();
  });

  it(
    'lists the callers oldest deadline first and records a callback nobody answered',
    async () => {
      // Prepare
      const { page, errors } = first;
      const twice = await taskOf(noAnswer.calls[1] as string);

      // Act
      await openCallbacks(page, firstAgent);
      await task(page, noAnswer.taskId).waitFor({ timeout: 20_000 });
      await task(page, reached.taskId).waitFor();

      // Assess: both lost calls of one caller are one task; the list shows its facts in words.
      expect(twice.taskId).toBe(noAnswer.taskId);
      const row = task(page, noAnswer.taskId);
      const text = (await row.textContent()) ?? '';
      expect(text).toContain('漏接 2 次');
      expect(text).toContain('排队放弃');
      expect(text).toContain('已超时');
      expect(text).toContain('已回拨 0/3 次');
      expect(text).toContain(noAnswer.phone.slice(-4));
      expect(text).not.toContain(noAnswer.phone);
      const order = await page
        .locator('[data-task]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task')));
      expect(order.indexOf(noAnswer.taskId)).toBeLessThan(order.indexOf(reached.taskId));
      expect(await page.getByTestId('callbacks-tab').textContent()).toMatch(/漏接回拨\s*\d+/);
      await screenshot(page, 'console-callbacks-1-list');
      await expectNoSeriousViolations(page);

      // Act: 回拨 takes the task and shows the number to dial.
      await row.getByRole('button', { name: /回拨/ }).click();
      const dialog = page.getByRole('dialog', { name: /回拨/ });
      await dialog.waitFor();
      const dial = dialog.getByTestId('callback-number');

      // Assess
      expect(await dial.getAttribute('href')).toBe(`tel:${noAnswer.phone}`);
      expect(await dialog.locator('.callback-calls li').count()).toBe(2);
      await screenshot(page, 'console-callbacks-2-dialog');
      await expectNoSeriousViolations(page);

      // Act: 无人接听 with a note, Ctrl+Enter from the note.
      await dialog.getByText('无人接听', { exact: true }).click();
      await dialog.locator('#callback-note').fill('响铃无人接');
      await dialog.locator('#callback-note').press('Control+Enter');
      await dialog.waitFor({ state: 'hidden' });

      // Assess: recorded, the hold released. The test stack's gap between attempts is 0 (global-setup),
      // so the task is offered again at once, with its attempt; with a deployment's gap (10 minutes)
      // the API leaves it out of the offered list meanwhile.
      await page.getByText(/已登记：无人接听（已回拨 1\/3 次）/).waitFor();
      await task(page, noAnswer.taskId).filter({ hasText: '已回拨 1/3 次' }).waitFor({ timeout: 20_000 });
      expect(await task(page, noAnswer.taskId).textContent()).toContain('上次：无人接听');
      const after = await taskOf(noAnswer.calls[0] as string);
      expect(after).toMatchObject({ attempts: 1, heldBy: null, lastAttempt: { outcome: 'no_answer' } });
      expect(errors).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'reaches a caller and enters the appeal from the callback: a tracking number to read out',
    async () => {
      // Prepare
      const { page, errors } = first;
      const content = '回拨时来电人反映：鼓楼区中山路幸福小区停水两天，请尽快恢复供水。';

      // Act: 回拨, 回拨成功, 登记诉求, the agent's own appeal form.
      await task(page, reached.taskId).getByRole('button', { name: /回拨/ }).click();
      const dialog = page.getByRole('dialog', { name: /回拨/ });
      await dialog.waitFor();
      await dialog.getByText('回拨成功', { exact: true }).click();
      await dialog.getByTestId('callback-with-appeal').click();
      await dialog.locator('#appeal-content').fill(content);
      expect(await dialog.locator('#appeal-callback-phone').inputValue()).toBe(reached.phone);
      await dialog.locator('#appeal-type').focus();
      await page.keyboard.type('求助');
      await page.keyboard.press('Enter');
      await dialog.locator('#appeal-category').focus();
      await page.keyboard.type(nameIn('categories', category));
      await page.keyboard.press('Enter');
      await dialog.locator('#appeal-district').focus();
      await page.keyboard.type(nameIn('districts', district));
      await page.keyboard.press('Enter');
      await screenshot(page, 'console-callbacks-3-appeal');
      await expectNoSeriousViolations(page);
      await dialog.locator('#appeal-content').press('Control+Enter');
      const receipt = dialog.getByTestId('tracking-no');
      await receipt.waitFor({ timeout: 20_000 });
      const trackingNo = ((await receipt.textContent()) ?? '').trim();

      // Assess: the case is the typed one; the task is closed as reached and leaves the list.
      expect(trackingNo).toMatch(/^\d{6}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      await screenshot(page, 'console-callbacks-4-receipt');
      await expectNoSeriousViolations(page);
      const kase = await eventually(
        async () => (await casesByTrackingNo(trackingNo)).find((c) => c.status !== 'received'),
        { timeoutMs: 30_000, what: `case ${trackingNo} past intake` },
      );
      expect(kase).toMatchObject({ channel: 'hotline', content, category, district });
      await dialog.getByRole('button', { name: '完成' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await task(page, reached.taskId).waitFor({ state: 'detached', timeout: 20_000 });
      // The number was in the dialog only: nothing of it is left in this browser's storage.
      const stored = (await page.evaluate(
        'JSON.stringify(localStorage) + JSON.stringify(sessionStorage)',
      )) as string;
      expect(stored).not.toContain(reached.phone);
      expect(stored).not.toContain(noAnswer.phone);
      expect(errors).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'does not offer a held task to a second agent and says 已被其他坐席领取 when it was taken meanwhile',
    async () => {
      // Prepare: the second agent's list shows the task…
      const { page, errors } = second;
      await openCallbacks(page, secondAgent);
      const row = task(page, held.taskId);
      await row.waitFor({ timeout: 20_000 });

      // Act: …the first agent takes it, and the second clicks 回拨 on the list still on screen.
      const take = await staffCall(firstToken, 'POST', `/v1/callbacks/${held.taskId}/take`);
      expect(take.status).toBe(200);
      await row.getByRole('button', { name: /回拨/ }).click();

      // Assess: the refusal in Chinese with a reload, never a retry; after it the task is gone.
      const refusal = page.getByTestId('callback-take-error');
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain('已被其他坐席领取');
      expect(await page.getByRole('dialog').count()).toBe(0);
      await screenshot(page, 'console-callbacks-5-held-by-other');
      await expectNoSeriousViolations(page);
      await refusal.getByRole('button', { name: '刷新列表' }).click();
      await row.waitFor({ state: 'detached', timeout: 20_000 });
      // The refusal this walk provokes is logged by Chromium as a failed load; nothing else may be.
      expect(errors.filter((e) => !/Failed to load resource: .* 409/.test(e))).toEqual([]);
      // This person signs in as the supervisor next: the next walk starts with a clean record.
      errors.length = 0;
    },
    WALK_MS,
  );

  it(
    'shows the supervisor every task with who holds it',
    async () => {
      // Prepare
      const { page, errors } = second;
      // Histories name the holder `agent:<the token's subject>`: the local issuer's subject carries the 工号.
      const holder = new RegExp(`坐席 \\S*${firstAgentId}`);

      // Act
      await signInAs(page, { role: 'supervisor', name: '周督办' }, '/console/supervision?tab=callbacks');
      if (!new URL(page.url()).pathname.startsWith('/console/supervision'))
        await page.goto(`${stack.url}/console/supervision?tab=callbacks`);
      await page.getByRole('tab', { name: '漏接回拨' }).click();
      const watch = page.getByTestId('callback-watch');
      await watch.waitFor();
      const heldRow = watch.locator('tr', { hasText: holder });
      await heldRow.first().waitFor({ timeout: 20_000 });

      // Assess
      expect(await heldRow.count()).toBeGreaterThanOrEqual(1);
      expect((await watch.textContent()) ?? '').not.toContain(held.phone);
      await screenshot(page, 'console-callbacks-6-supervisor');
      await expectNoSeriousViolations(page);
      expect(errors).toEqual([]);
    },
    WALK_MS,
  );
});
