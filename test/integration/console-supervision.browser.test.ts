import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import {
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
  webform,
} from './helpers.js';

// 督办 in the console, as a supervisor works it: a department asks for an extension (through the
// API); the supervisor sees the reason and the requested date in the 延期审批 queue and approves with
// the keyboard, and the department's deadline moves; a decision on a case someone else decided first
// meets the 409 message; a dissatisfied case is reopened (重办) on the citizen's rating and comment,
// then urged (催办) from the case page with Ctrl+Enter and the reminder read in its history.
// axe on every screen and dialog, screenshots under test-artifacts/console-supervision-*.png.

const CONFLICT = '工单已被他人更新，请刷新';

describe('The supervisor in the console', () => {
  let browser: Browser;
  let supervisor: string;
  let department: string;
  let agent: string;
  const { departmentId } = routedPair();

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    supervisor = await jwt.issue({ sub: 'it-console-supervisor-api', role: 'supervisor' });
    department = await jwt.issue({ sub: 'it-console-sup-dept', role: 'department', departmentId });
    agent = await jwt.issue({ sub: 'it-console-sup-agent', role: 'agent', agentId: '9001' });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  const act = (token: string, caseId: string, body: unknown) =>
    staffCall(token, 'POST', `/v1/cases/by-id/${caseId}/actions`, body);

  /** A routed appeal its department has acknowledged: its caseId, tracking number and deadline. */
  async function acknowledgedCase(content: string) {
    const posted = await postWebform(webform({ content }), { 'idempotency-key': idempotencyKey() });
    const trackingNo = posted.json.trackingNo as string;
    const caseId = await eventually(
      async () => {
        const [item] = await casesByTrackingNo(trackingNo);
        return item?.status === 'dispatched' ? (item.caseId as string) : undefined;
      },
      { what: 'the dispatched case', timeoutMs: 20_000 },
    );
    expect((await act(department, caseId, { action: 'acknowledge' })).status).toBe(200);
    const dueAt = String((await staffCall(department, 'GET', `/v1/cases/by-id/${caseId}`)).json.dueAt);
    return { caseId, trackingNo, dueAt };
  }

  /** Five days past the deadline, at 23:59:59 Beijing time, as the department's console asks. */
  function laterDeadline(dueAt: string): string {
    const day = new Date(new Date(dueAt).getTime() + 5 * 86_400_000 + 8 * 3_600_000)
      .toISOString()
      .slice(0, 10);
    return new Date(`${day}T23:59:59+08:00`).toISOString();
  }

  async function inQueue(queue: string, caseId: string): Promise<void> {
    await eventually(
      async () => {
        const r = await staffCall(supervisor, 'GET', `/v1/supervision/cases?queue=${queue}&limit=100`);
        return (r.json.items as { caseId: string }[]).some((i) => i.caseId === caseId) ? true : undefined;
      },
      { what: `the case in the ${queue} queue`, timeoutMs: 20_000 },
    );
  }

  function withoutNoise(errors: string[]): string[] {
    return errors.filter((e) => !/Failed to load resource/.test(e));
  }

  it('approves an extension with the keyboard, and a stale decision meets the 409 message', async () => {
    // Prepare: two cases, each with a pending extension request
    const first = await acknowledgedCase('小区供水管道破裂，地下室积水，请维修。');
    const requested = laterDeadline(first.dueAt);
    const asked = await act(department, first.caseId, {
      action: 'request_extension',
      reason: '管道需整段更换，材料调拨需一周',
      requestedDueAt: requested,
    });
    const second = await acknowledgedCase('楼栋水压不足，高层住户白天无水。');
    await act(department, second.caseId, {
      action: 'request_extension',
      reason: '需加装二次供水泵',
      requestedDueAt: laterDeadline(second.dueAt),
    });
    await inQueue('extension', first.caseId);
    await inQueue('extension', second.caseId);
    const { page, errors } = await openConsole(browser);

    // Act 1: the queue, with what to decide on
    await signInAs(page, { role: 'supervisor', name: '督办测试' }, '/console/supervision');
    const row = page.locator('#pane-extension .el-table__row', { hasText: first.trackingNo });
    await row.waitFor({ timeout: 20_000 });
    const rowText = await row.textContent();
    await screenshot(page, 'console-supervision-extensions');
    await expectNoSeriousViolations(page);

    // Act 2: 批准延期 with the keyboard: the row's button, then Enter in the note
    await row.getByRole('button', { name: /批准延期/ }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '批准延期' });
    await dialog.getByText('管道需整段更换').waitFor();
    await expectNoSeriousViolations(page);
    await screenshot(page, 'console-supervision-approve');
    await dialog.getByLabel('审批意见（选填）').focus();
    await page.keyboard.type('同意，请按期办结');
    await page.keyboard.press('Enter');
    await page.getByText(/已完成：批准延期/).waitFor();
    await row.waitFor({ state: 'detached', timeout: 20_000 });
    const afterApproval = (await staffCall(department, 'GET', `/v1/cases/by-id/${first.caseId}`)).json;

    // Act 3: 驳回延期 on the second, while another supervisor approves it first
    const other = page.locator('#pane-extension .el-table__row', { hasText: second.trackingNo });
    await other.getByRole('button', { name: /驳回延期/ }).click();
    const reject = page.getByRole('dialog', { name: '驳回延期' });
    await reject.getByLabel('驳回理由（承办单位可见）').fill('可先临时加压，期限内办结');
    const meanwhile = await act(supervisor, second.caseId, { action: 'approve_extension', note: '同意' });
    await reject.getByRole('button', { name: '驳回', exact: true }).click();
    await reject.getByText(CONFLICT).waitFor();
    await expectNoSeriousViolations(page);
    await screenshot(page, 'console-supervision-conflict');
    await reject.getByRole('button', { name: '刷新工单' }).click();
    await other.waitFor({ state: 'detached', timeout: 20_000 });
    const secondAfter = (await staffCall(supervisor, 'GET', `/v1/cases/by-id/${second.caseId}`)).json;

    // Assess
    expect(asked.status).toBe(200);
    expect(rowText).toContain('管道需整段更换，材料调拨需一周');
    expect(rowText).toContain('申请延至');
    expect(afterApproval.dueAt).toBe(requested);
    expect(afterApproval.dueAt).not.toBe(first.dueAt);
    expect(afterApproval.pendingExtension).toBeUndefined();
    expect(meanwhile.status).toBe(200);
    expect(JSON.stringify(secondAfter.history)).not.toContain('reject_extension');
    expect(withoutNoise(errors)).toEqual([]);
    await page.context().close();
  }, 150_000);

  it('reopens a dissatisfied case on the rating and comment, and reads its history on the case page', async () => {
    // Prepare: completed, then rated dissatisfied on a follow-up call
    const kase = await acknowledgedCase('自来水发黄有异味，已经三天了。');
    await act(department, kase.caseId, { action: 'complete', reply: '已冲洗管网，水质检测合格。' });
    const rated = await act(agent, kase.caseId, {
      action: 'rate',
      rating: 'dissatisfied',
      comment: '水还是黄的，没人上门看过',
    });
    await inQueue('dissatisfied', kase.caseId);
    const { page, errors } = await openConsole(browser);

    // Act 1: the 不满意 tab
    await signInAs(page, { role: 'supervisor', name: '督办测试' }, '/console/supervision');
    await page.getByRole('tab', { name: '不满意工单' }).click();
    await page.waitForURL(/tab=dissatisfied/);
    const row = page.locator('#pane-dissatisfied .el-table__row', { hasText: kase.trackingNo });
    await row.waitFor({ timeout: 20_000 });
    const rowText = await row.textContent();
    await screenshot(page, 'console-supervision-dissatisfied');
    await expectNoSeriousViolations(page);

    // Act 2: 重办 with a requirement
    await row.getByRole('button', { name: /重办/ }).click();
    const dialog = page.getByRole('dialog', { name: '重办' });
    await dialog.getByText('水还是黄的').waitFor();
    await dialog.getByLabel('重办要求（承办单位可见）').fill('请上门取样复检并当面答复');
    await expectNoSeriousViolations(page);
    await screenshot(page, 'console-supervision-reopen');
    await dialog.getByRole('button', { name: '确认重办' }).click();
    await page.getByText(/已完成：重办/).waitFor();
    await row.waitFor({ state: 'detached', timeout: 20_000 });

    // Act 3: 逾期 (gathered from the departments' queues), then the case page's history
    await page.getByRole('tab', { name: '逾期工单' }).click();
    await page.locator('#pane-overdue .el-table').waitFor({ timeout: 30_000 });
    await screenshot(page, 'console-supervision-overdue');
    await expectNoSeriousViolations(page);
    // Tokens live in memory only: a new address is a new sign-in.
    await signInAs(page, { role: 'supervisor', name: '督办测试' }, `/console/cases/${kase.caseId}`);
    await page.getByRole('heading', { name: `工单 ${kase.trackingNo}` }).waitFor({ timeout: 20_000 });
    await page.locator('.history-timeline').waitFor();
    const history = await page.locator('.history-timeline').textContent();
    const offered = (await page.locator('.action-bar button').allTextContents()).map((t) => t.trim());
    await screenshot(page, 'console-supervision-case');
    await expectNoSeriousViolations(page);

    // Act 4: 催办 on the reopened (unfinished) case, submitted from the text area with Ctrl+Enter
    await page.locator('.action-bar').getByRole('button', { name: '催办' }).click();
    const remind = page.getByRole('dialog', { name: '催办' });
    await remind.getByLabel('催办要求（承办单位可见）').fill('请今日内签收并上门复检');
    await expectNoSeriousViolations(page);
    await screenshot(page, 'console-supervision-remind');
    await page.keyboard.press('Control+Enter');
    await page
      .locator('.history-timeline', { hasText: '请今日内签收并上门复检' })
      .waitFor({ timeout: 20_000 });
    const reminded = await page.locator('.history-timeline').textContent();

    // Assess
    expect(rated.status).toBe(200);
    expect(rowText).toContain('不满意');
    expect(rowText).toContain('水还是黄的，没人上门看过');
    expect(history).toContain('重办');
    expect(history).toContain('请上门取样复检并当面答复');
    expect(offered).toContain('强制归档');
    expect(offered).toContain('催办');
    expect(reminded).toContain('催办');
    expect(withoutNoise(errors)).toEqual([]);
    await page.context().close();
  }, 150_000);
});
