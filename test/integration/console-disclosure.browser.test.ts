import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import {
  expectNoSeriousViolations,
  launchBrowser,
  openConsole,
  screenshot,
  signInAs,
} from './console-browser.js';
import { casesByTrackingNo, eventually, routedPair, stack, staffCall } from './helpers.js';

// 依申请公开 in the console, the office's day: a walk-in request entered at 来信来访登记 (a wrong
// identity number named beside its field first), registered and drafted (部分公开, a withheld part)
// by the department; the reviewer finds it in the 审核 list (its only screen); the drafter's own
// approval is refused (two-person rule, by the API: the local issuer gives a supervisor and a
// department user different subjects, so no one signs in as both); a supervisor approves it from
// the 审核 list after the confidentiality review (the case API does not yet let a reviewer read a
// case, so the reviewer cannot open it); the 答复书 downloads as a PDF; the 依申请公开 list and the
// 年度报告 screen. axe on every screen and dialog, screenshots under test-artifacts/console-disclosure-*.png.

const ID_NUMBER = '11010519491231002X';

describe('The disclosure office in the console', () => {
  let browser: Browser;
  let supervisor: string;
  const { departmentId } = routedPair();

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    supervisor = await jwt.issue({ sub: 'it-disclosure-supervisor', role: 'supervisor' });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  function withoutNoise(errors: string[]): string[] {
    return errors.filter((e) => !/Failed to load resource/.test(e));
  }

  async function shot(page: Page, name: string): Promise<void> {
    await screenshot(page, `console-disclosure-${name}`);
  }

  async function pick(page: Page, label: string, search: string): Promise<void> {
    await page.getByLabel(label, { exact: true }).focus();
    await page.keyboard.type(search);
    await page.locator('.el-select-dropdown__item:visible', { hasText: search }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  /** Presses a case page's action button, waits for its dialog. */
  async function openAction(page: Page, button: string, title: string) {
    await page.getByRole('button', { name: button, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: title });
    await dialog.waitFor();
    return dialog;
  }

  it('walks a walk-in request from the counter to the 答复书', async () => {
    // Act 1 — 来信来访登记 by the department's clerk: a wrong number first, then the right one
    const { page: clerk, errors: clerkErrors } = await openConsole(browser);
    await signInAs(clerk, { role: 'department', departmentId, name: '王五' }, '/console/disclosure-entry');
    await clerk.getByRole('heading', { name: '来信来访登记' }).waitFor({ timeout: 20_000 });
    await clerk.getByLabel('姓名', { exact: true }).fill('张三');
    await clerk.getByLabel('证件号码').fill('110105194912310021');
    await clerk.getByLabel('联系电话').fill('13800138000');
    await clerk.getByLabel('通信地址').fill('东湖区中山路 1 号');
    await clerk.getByLabel('所需政府信息的描述').fill('2025 年本区老旧小区改造项目的立项批复及资金安排');
    await clerk.getByTestId('dr-submit').click();
    await clerk.getByText('身份证号码校验码不符').waitFor();
    await shot(clerk, 'entry-refused');
    await expectNoSeriousViolations(clerk);
    await clerk.getByLabel('证件号码').fill(ID_NUMBER);
    await clerk.keyboard.press('Control+Enter');
    const trackingNo =
      (await clerk.getByTestId('dr-tracking-no').textContent({ timeout: 20_000 }))?.trim() ?? '';
    await shot(clerk, 'entry-done');
    await expectNoSeriousViolations(clerk);

    // Act 2 — the case, as the department opens it from the entry's link
    const caseId = await eventually(
      async () => (await casesByTrackingNo(trackingNo))[0]?.caseId as string | undefined,
      { what: 'the disclosure case', timeoutMs: 20_000 },
    );
    await clerk.getByTestId('dr-case-link').click();
    await clerk.getByRole('heading', { name: /政府信息公开/ }).waitFor({ timeout: 20_000 });
    const identity = await clerk.getByTestId('dr-identity').textContent();
    const receivedOn = await clerk.getByTestId('dr-received-on').textContent();
    const buttonsBefore = await clerk.locator('.action-bar button').allTextContents();
    await shot(clerk, 'case');
    await expectNoSeriousViolations(clerk);

    // Act 3 — 登记 (accepted, 专人 the clerk), then 拟稿: 部分公开 with one withheld part
    const register = await openAction(clerk, '登记', '登记');
    await expectNoSeriousViolations(clerk);
    await register.getByRole('button', { name: '登记', exact: true }).click();
    await clerk.getByText(/已完成：登记/).waitFor({ timeout: 20_000 });
    const draft = await openAction(clerk, '拟稿', '拟稿');
    await pick(clerk, '答复类型', '部分公开');
    await draft.getByRole('button', { name: '提交审核' }).click();
    await draft.getByText('部分公开须列明不予公开的内容及理由').first().waitFor();
    await draft.getByRole('button', { name: '添加不予公开的内容' }).click();
    await draft.getByLabel('第 1 项内容').fill('资金安排表中的个人银行账户');
    await pick(clerk, '不予公开的依据', '保护第三方合法权益');
    await draft.getByLabel('理由', { exact: true }).last().fill('涉及个人隐私，公开会损害第三方合法权益');
    await draft.getByLabel('获取时间').fill('答复之日起 5 个工作日内');
    await shot(clerk, 'draft');
    await expectNoSeriousViolations(clerk);
    await draft.getByRole('button', { name: '提交审核' }).click();
    await clerk.getByText(/已完成：拟稿/).waitFor({ timeout: 20_000 });
    await clerk.getByTestId('dr-draft').waitFor();

    // Act 4 — the drafter's own approval, refused by the API (its subject as a supervisor's token)
    const jwt = await loadDevJwt(stack.dataDir);
    const drafterAsSupervisor = await jwt.issue({
      sub: `local-department-${departmentId}`,
      role: 'supervisor',
    });
    const current = (await staffCall(supervisor, 'GET', `/v1/cases/by-id/${caseId}`)).json;
    const selfApproval = await staffCall(
      drafterAsSupervisor,
      'POST',
      `/v1/disclosure/cases/${caseId}/approve`,
      {
        expectedVersion: current.version,
        confidentialityReviewed: true,
        reviewerName: '王五',
      },
    );

    // Act 5 — the reviewer: its one screen, the draft waiting in it
    const { page: reviewer, errors: reviewerErrors } = await openConsole(browser);
    await signInAs(reviewer, { role: 'reviewer', name: '赵六' }, '/console/');
    await reviewer.getByRole('heading', { name: '审核' }).waitFor({ timeout: 20_000 });
    const reviewRow = reviewer.locator('.el-table__row', { hasText: trackingNo });
    await reviewRow.waitFor({ timeout: 30_000 });
    const reviewRowText = await reviewRow.textContent();
    await shot(reviewer, 'review-list');
    await expectNoSeriousViolations(reviewer);
    const menu = await reviewer.getByRole('navigation', { name: '功能菜单' }).textContent();

    // Act 6 — a supervisor approves from the 审核 list: 保密审查 first, then 审核通过并答复
    const { page: lead, errors: leadErrors } = await openConsole(browser);
    await signInAs(lead, { role: 'supervisor', name: '督办测试' }, '/console/disclosure-review');
    const row = lead.locator('.el-table__row', { hasText: trackingNo });
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('link', { name: trackingNo }).click();
    await lead.getByTestId('dr-draft').waitFor({ timeout: 20_000 });
    const approve = await openAction(lead, '审核', '审核答复');
    await approve.getByRole('button', { name: '审核通过并答复' }).click();
    await approve.getByText('请先完成保密审查并勾选确认').waitFor();
    await approve.getByTestId('approve-confidentiality').click();
    await shot(lead, 'approve');
    await expectNoSeriousViolations(lead);
    await approve.getByRole('button', { name: '审核通过并答复' }).click();
    await lead.getByText(/已完成：审核通过并答复/).waitFor({ timeout: 60_000 });

    // Act 7 — the 答复书, downloaded with the bearer token
    const letterButton = lead.getByTestId('dr-letter');
    await letterButton.waitFor({ timeout: 20_000 });
    const [download] = await Promise.all([lead.waitForEvent('download'), letterButton.click()]);
    const pdf = readFileSync((await download.path()) ?? '');
    await shot(lead, 'replied');
    await expectNoSeriousViolations(lead);
    const closed = (await staffCall(supervisor, 'GET', `/v1/cases/by-id/${caseId}`)).json;

    // Assess
    expect(closed.departmentId).toBe(departmentId);
    expect(identity).toBe('居民身份证 **************002X');
    expect(receivedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(buttonsBefore).toContain('登记');
    expect(buttonsBefore).not.toContain('签收');
    expect(buttonsBefore).not.toContain('办结');
    expect(buttonsBefore).not.toContain('中止计时');
    expect(reviewRowText).toContain('****002X');
    expect(reviewRowText).toContain('王五');
    expect(selfApproval.status).toBe(403);
    expect(selfApproval.json.error?.code).toBe('self_approval');
    expect(menu).toContain('审核');
    expect(menu).not.toContain('承办');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(closed.status).toBe('closed');
    expect(JSON.stringify(closed)).not.toContain(ID_NUMBER);
    expect(withoutNoise(clerkErrors)).toEqual([]);
    expect(withoutNoise(reviewerErrors)).toEqual([]);
    expect(withoutNoise(leadErrors)).toEqual([]);
    await clerk.context().close();
    await reviewer.context().close();
    await lead.context().close();
  }, 240_000);

  it('shows the supervisor the 依申请公开 list', async () => {
    // Prepare
    const { page, errors } = await openConsole(browser);

    // Act
    await signInAs(page, { role: 'supervisor', name: '督办测试' }, '/console/disclosure');
    await page.getByRole('heading', { name: '依申请公开' }).waitFor({ timeout: 20_000 });
    await page.locator('.el-table').waitFor();
    await shot(page, 'open-list');
    await expectNoSeriousViolations(page);
    const headers = await page.locator('.el-table__header th').allTextContents();

    // Assess
    expect(headers).toEqual(
      expect.arrayContaining(['工单号', '申请人', '收到申请之日', '答复期限', '专人负责']),
    );
    expect(withoutNoise(errors)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('shows the analyst the 年度报告 of this year and downloads its CSV', async () => {
    // Prepare
    const { page, errors } = await openConsole(browser);

    // Act
    await signInAs(page, { role: 'analyst', name: '分析测试' }, '/console/annual-report');
    await page.getByText('三、收到和处理政府信息公开申请情况').waitFor({ timeout: 20_000 });
    await shot(page, 'annual-report');
    await expectNoSeriousViolations(page);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ar-csv').click()]);
    const text = readFileSync((await csv.path()) ?? '', 'utf8');

    // Assess
    expect(await page.locator('.report-table').count()).toBe(2);
    expect(text).toContain('本年新收政府信息公开申请数量');
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    expect(withoutNoise(errors)).toEqual([]);
    await page.context().close();
  }, 120_000);
});
