import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import {
  type ConsolePage,
  expectNoSeriousViolations,
  launchBrowser,
  openConsole,
  screenshot,
  signInAs,
} from './console-browser.js';
import {
  casesByTrackingNo,
  eventually,
  idempotencyKey,
  postWebform,
  routedPair,
  stack,
  staffCall,
  uniquePhone,
  webform,
} from './helpers.js';

// 承办 in the console, as a department handler works it: a citizen's appeal from the web form that
// the seeded catalogue routes to the department shows in its queue with the working-day countdown;
// the handler opens it with the keyboard, acknowledges, asks for an extension; a supervisor approves
// it (through the API, meanwhile), so the handler's completion meets a 409 and the reload; the
// completion then goes through with the reply the citizen's status page shows. axe on every screen
// and dialog, screenshots under test-artifacts/console-department-*.png.

const REPLY = '经现场核查，施工单位已停止夜间作业，今后夜间施工须办理许可并提前公示。';
const INTERNAL = '内部备注：已与区城管执法中队联合检查';
const CONFLICT = '工单已被他人更新，请刷新';

describe('The department handler in the console', () => {
  let browser: Browser;
  let supervisor: string;
  let department: string;
  const { category, district, departmentId } = routedPair();

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    supervisor = await jwt.issue({ sub: 'it-console-supervisor', role: 'supervisor' });
    department = await jwt.issue({ sub: 'it-console-dept-api', role: 'department', departmentId });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** Through the citizen page, as a citizen would: the tracking number and the phone used. */
  async function appealOnCitizenPage(page: Page): Promise<{ trackingNo: string; phone: string }> {
    const phone = uniquePhone();
    await page.goto(`${stack.url}/`);
    await page.waitForSelector('#appeal-form[data-ready="true"]', { timeout: 20_000 });
    await page.selectOption('#category', category);
    await page.selectOption('#type', 'complaint');
    await page.selectOption('#district', district);
    await page.fill('#content', '小区旁工地夜间施工到凌晨两点，噪音很大，影响休息，请尽快处理。');
    await page.fill('#phone', phone);
    await page.click('#submit-button');
    await page.waitForSelector('#result-section:not([hidden])', { timeout: 20_000 });
    return { trackingNo: (await page.textContent('#tracking-no'))?.trim() ?? '', phone };
  }

  async function dispatchedCaseId(trackingNo: string): Promise<string> {
    const [item] = await eventually(
      async () => {
        const items = await casesByTrackingNo(trackingNo);
        return items[0]?.status === 'dispatched' ? items : undefined;
      },
      { what: 'the dispatched case', timeoutMs: 20_000 },
    );
    return item?.caseId as string;
  }

  function withoutNoise(errors: string[]): string[] {
    // The API's own refusals (the 409 this walk provokes) are logged by Chromium as failed loads.
    return errors.filter((e) => !/Failed to load resource/.test(e));
  }

  it('acknowledges, asks for an extension, meets a conflict and completes with a reply the citizen reads', async () => {
    // Prepare: the appeal, through the citizen page
    const citizen = await openConsole(browser, { width: 390, height: 844 });
    const { trackingNo, phone } = await appealOnCitizenPage(citizen.page);
    const caseId = await dispatchedCaseId(trackingNo);
    const listed = await staffCall(department, 'GET', `/v1/departments/${departmentId}/cases?limit=100`);
    const summary = (listed.json.items as { caseId: string; workingDaysLeft?: number }[]).find(
      (i) => i.caseId === caseId,
    );
    const { page, errors }: ConsolePage = await openConsole(browser);

    // Act 1: the queue, signed in as the department
    await signInAs(page, { role: 'department', departmentId, name: '承办测试' }, '/console/department');
    const row = page.locator('.el-table__row', { hasText: trackingNo });
    await row.waitFor({ timeout: 20_000 });
    const countdown = (await row.locator('.countdown').textContent())?.trim();
    await screenshot(page, 'console-department-queue');
    await expectNoSeriousViolations(page);

    // Assess 1: the countdown is the calendar's, as the API counted it
    expect(summary?.workingDaysLeft).toEqual(expect.any(Number));
    expect(countdown).toBe(`剩余 ${summary?.workingDaysLeft} 个工作日`);

    // Act 2: open the case with the keyboard
    const link = row.getByRole('link', { name: trackingNo });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/console/cases/${caseId}$`));
    await page.getByRole('heading', { name: `工单 ${trackingNo}` }).waitFor();
    await page.getByRole('button', { name: '签收' }).waitFor();
    await screenshot(page, 'console-department-case');
    await expectNoSeriousViolations(page);

    // Assess 2: only what the department may do on a dispatched order
    const offered = await page.locator('.action-bar button').allTextContents();
    expect(offered.map((t) => t.trim())).toEqual(['签收', '要求补正', '中止计时', '退单']);
    expect(await page.locator('.case-appeal').textContent()).toContain('夜间施工');
    expect(await page.locator('.history-timeline').textContent()).toContain('派单');

    // Act 3: 签收, Enter in the note submits
    await page.getByRole('button', { name: '签收' }).click();
    const ackDialog = page.getByRole('dialog', { name: '签收工单' });
    await ackDialog.waitFor();
    await expectNoSeriousViolations(page);
    await screenshot(page, 'console-department-acknowledge');
    await ackDialog.getByLabel('备注（选填）').fill('已安排专人跟进');
    await page.keyboard.press('Enter');
    await page.getByText('已完成：签收').waitFor();
    await page.getByRole('button', { name: '申请延期' }).waitFor();

    // Act 4: 申请延期, five days past the current deadline
    const dueAt = String((await staffCall(department, 'GET', `/v1/cases/by-id/${caseId}`)).json.dueAt);
    const until = new Date(new Date(dueAt).getTime() + 5 * 86_400_000 + 8 * 3_600_000)
      .toISOString()
      .slice(0, 10);
    await page.getByRole('button', { name: '申请延期' }).click();
    const extDialog = page.getByRole('dialog', { name: '申请延期' });
    await extDialog.waitFor();
    await extDialog.getByLabel('延期至（当日 23:59 截止）').fill(until);
    await extDialog.getByLabel('延期理由').fill('需协调住建部门联合执法，现场核查时间较长');
    await expectNoSeriousViolations(page);
    await screenshot(page, 'console-department-extension');
    await extDialog.getByRole('button', { name: '提交延期申请' }).click();
    await page.getByText('延期申请待审批').waitFor();

    // Act 5: the reply is typed, the page reloaded (a new sign-in: tokens live in memory only), the
    // draft is still there; a supervisor approves the extension meanwhile, and the handler, still on
    // the version loaded before, completes
    await page.getByRole('button', { name: '办结' }).click();
    const typing = page.getByRole('dialog', { name: '办结' });
    await typing.waitFor();
    await typing.getByLabel('答复市民（市民可见）').fill(REPLY);
    await typing.getByLabel('内部备注（选填，仅工作人员可见）').fill(INTERNAL);
    await signInAs(page, { role: 'department', departmentId, name: '承办测试' }, `/console/cases/${caseId}`);
    await page.getByRole('button', { name: '办结' }).click();
    const doneDialog = page.getByRole('dialog', { name: '办结' });
    await doneDialog.waitFor();
    const afterReload = await doneDialog.getByLabel('答复市民（市民可见）').inputValue();
    const approved = await staffCall(supervisor, 'POST', `/v1/cases/by-id/${caseId}/actions`, {
      action: 'approve_extension',
      note: '同意延期',
    });
    await doneDialog.getByRole('button', { name: '确认办结' }).click();
    await doneDialog.getByText(CONFLICT).waitFor();
    await expectNoSeriousViolations(page);
    await screenshot(page, 'console-department-conflict');
    const stillActive = (await casesByTrackingNo(trackingNo))[0]?.status;

    // Assess 5: the draft survived the reload; the stale completion is refused, nothing written
    expect(afterReload).toBe(REPLY);
    expect(approved.status).toBe(200);
    expect(stillActive).toBe('acknowledged');

    // Act 6: reload, the typed reply is still there, complete
    await doneDialog.getByRole('button', { name: '刷新工单' }).click();
    await page.getByText('延期申请待审批').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '办结' }).click();
    const again = page.getByRole('dialog', { name: '办结' });
    await again.waitFor();
    const kept = await again.getByLabel('答复市民（市民可见）').inputValue();
    await again.getByRole('button', { name: '确认办结' }).click();
    await page.getByText('已完成：办结').waitFor();
    await page.locator('.case-reply').waitFor();
    await screenshot(page, 'console-department-completed');
    await expectNoSeriousViolations(page);

    // Assess 6
    expect(kept).toBe(REPLY);
    expect(await page.locator('.case-head').textContent()).toContain('已办结，待回访');
    expect(await page.locator('.action-bar').textContent()).toContain('当前状态下无可执行的操作');
    const history = (await page.locator('.history-timeline').textContent()) ?? '';
    expect(history).toContain('批准延期');
    expect(history).toContain(INTERNAL);

    // Act 7: the citizen's status page
    await citizen.page.goto(`${stack.url}/#lookup-section`);
    await citizen.page.fill('#lookup-no', trackingNo);
    await citizen.page.fill('#lookup-last4', phone.slice(-4));
    await citizen.page.press('#lookup-last4', 'Enter');
    await citizen.page.waitForSelector('#case-details:not([hidden])', { timeout: 20_000 });
    const details = (await citizen.page.textContent('#case-details')) ?? '';
    await screenshot(citizen.page, 'console-department-citizen-reply');

    // Assess 7: the reply, never the internal note
    expect(details).toContain(REPLY);
    expect(details).not.toContain(INTERNAL);
    expect(withoutNoise(errors)).toEqual([]);
    expect(withoutNoise(citizen.errors)).toEqual([]);
    await page.context().close();
    await citizen.page.context().close();
  }, 180_000);

  it('lists a co-handled case read-only in its own tab, and opens it without actions', async () => {
    // Prepare: the seed routes 供暖 to the heating company with housing (住建) as co-handler
    const posted = await postWebform(webform({ category: 'heating', type: 'help' }), {
      'idempotency-key': idempotencyKey(),
    });
    const trackingNo = posted.json.trackingNo as string;
    const caseId = await dispatchedCaseId(trackingNo);
    const { page, errors } = await openConsole(browser);
    await signInAs(
      page,
      { role: 'department', departmentId: 'housing', name: '协办测试' },
      '/console/department',
    );
    await page.locator('#pane-lead .el-table').waitFor({ timeout: 20_000 });

    // Act
    await page.getByRole('tab', { name: '协办工单（只读）' }).click();
    await page.waitForURL(/tab=co/);
    const row = page.locator('#pane-co .el-table__row', { hasText: trackingNo });
    await row.waitFor({ timeout: 20_000 });
    const countdown = (await row.locator('.countdown').textContent())?.trim();
    await screenshot(page, 'console-department-co');
    await expectNoSeriousViolations(page);
    await row.getByRole('link', { name: trackingNo }).click();
    await page.waitForURL(new RegExp(`/console/cases/${caseId}$`));
    await page.getByText('本单位为协办单位').waitFor();
    await screenshot(page, 'console-department-co-case');
    await expectNoSeriousViolations(page);

    // Assess
    expect(countdown).toMatch(/^剩余 \d+ 个工作日$/);
    expect(await page.locator('.action-bar button').count()).toBe(0);
    expect(await page.locator('.action-bar').textContent()).toContain('当前状态下无可执行的操作');
    expect(withoutNoise(errors)).toEqual([]);
    await page.context().close();
  }, 90_000);
});
