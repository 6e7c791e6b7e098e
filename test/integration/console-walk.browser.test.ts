import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { localHotlineSecret, postHotline } from '../../scripts/hotline-client.js';
import { maskPhone } from '../../shared/domain/identity.js';
import {
  type ConsolePage,
  expectNoSeriousViolations,
  launchBrowser,
  openConsole,
  screenshot,
  signInAs,
} from './console-browser.js';
import { casesByTrackingNo, eventually, stack, staffCall, uniquePhone } from './helpers.js';

// The whole centre in one walk, in the order the issue tells it, each person in their own browser:
// an agent takes a call and submits its appeal for dispatch in a category × district no rule routes
// (其他 × 东湖区), so it waits in 待派单; a dispatcher routes it to the district government; the
// department acknowledges it and asks for an extension on the case page; a supervisor approves the
// extension; the department completes it with a reply; the citizen reads the reply on the status
// page; an administrator adds the missing rule, and the next appeal for the pair is routed by itself
// into the department's queue. axe at every screen, no console error or CSP violation anywhere,
// screenshots under test-artifacts/console-walk-NN-<step>.png.

const CATEGORY = 'other';
const DISTRICT = 'donghu';
const DEPARTMENT = 'donghu-government';
const DEPARTMENT_NAME = '东湖区人民政府';
/** The admin screen names a rule category#district#lead. */
const RULE_ID = `${CATEGORY}#${DISTRICT}#${DEPARTMENT}`;
/** The local stack's directory cache (DIRECTORY_CACHE_SECONDS in global-setup), plus a margin. */
const CACHE_MS = 1_300;

const CONTENT = '东湖区湖滨路小区门口的公共座椅被人拆走，老人散步没地方歇脚，希望恢复。';
const ADDRESS = '湖滨路 66 号湖滨花园南门';
const REPLY = '经街道核查，座椅系施工临时拆除，已于本周五按原位置恢复安装三组，欢迎监督。';
const INTERNAL = '内部备注：街道城建科已现场复核';

const secret = localHotlineSecret(stack.dataDir);
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

describe('the whole centre, walked through the console', () => {
  let browser: Browser;
  let supervisorToken: string;
  const people: (ConsolePage & { who: string })[] = [];
  /** Every person's console errors and CSP violations, by who saw them. */
  const errorsOf = () => Object.fromEntries(people.map((p) => [p.who, p.errors]));

  beforeAll(async () => {
    supervisorToken = await (await loadDevJwt(stack.dataDir)).issue({
      sub: 'it-walk-supervisor-api',
      role: 'supervisor',
    });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    // The rule this walk adds is removed again, so later files find 其他 × 东湖区 unrouted.
    await fetch(`${stack.url}/v1/admin/directory/rules/${encodeURIComponent(RULE_ID)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${supervisorToken}` },
    });
    await new Promise((r) => setTimeout(r, CACHE_MS));
    await browser?.close();
  });

  /** A person at their own browser (own context, own storage). */
  async function person(who: string, viewport?: { width: number; height: number }): Promise<Page> {
    const opened = await openConsole(browser, viewport);
    people.push({ ...opened, who });
    return opened.page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await screenshot(page, `console-walk-${name}`);
  }

  /** A filterable picker found by its label, by keyboard: focus, type to search, Enter takes the first match. */
  async function pick(
    page: Page,
    label: string,
    search: string,
    within: Page | Locator = page,
  ): Promise<void> {
    await within.getByLabel(label, { exact: true }).focus();
    await page.keyboard.type(search);
    await page.getByRole('option', { name: search }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  async function caseByTrackingNo(trackingNo: string, status: string): Promise<Record<string, unknown>> {
    return eventually(async () => (await casesByTrackingNo(trackingNo)).find((c) => c.status === status), {
      timeoutMs: 20_000,
      what: `case ${trackingNo} ${status}`,
    });
  }

  /** Until a staff list (a stream projection) holds the case: a person's screen then shows it on opening. */
  async function listed(path: string, caseId: string): Promise<void> {
    await eventually(
      async () => {
        const r = await staffCall(supervisorToken, 'GET', path);
        return (r.json.items as { caseId: string }[]).some((i) => i.caseId === caseId) ? true : undefined;
      },
      { timeoutMs: 20_000, what: `${caseId} in ${path}` },
    );
  }

  it('takes a call, dispatches, acknowledges, extends, approves, completes, answers the citizen and adds the rule that routes the next appeal', async () => {
    // Prepare: no rule for the pair; the caller is on the line with the agent, as the CTI posts it
    const directory = (await staffCall(supervisorToken, 'GET', '/v1/admin/directory')).json as {
      rules: { category: string; district: string }[];
    };
    expect(directory.rules.filter((r) => r.category === CATEGORY && r.district === DISTRICT)).toEqual([]);
    const agentId = `it-walk-${randomUUID().slice(0, 6)}`;
    const phone = uniquePhone();
    const callId = `it-walk-${randomUUID()}`;
    const posted = await postHotline(
      stack.url,
      JSON.stringify({
        callId,
        caller: phone,
        line: '12345',
        queuedAt: iso(40_000),
        answeredAt: iso(30_000),
        disposition: 'answered',
        agentId,
        recordedAt: iso(1_000),
      }),
      secret,
    );
    expect(posted.status).toBe(202);

    // Act 1 — 坐席: the call opens by itself; the appeal typed with the keyboard, Ctrl+Enter submits
    const agent = await person('坐席');
    await signInAs(agent, { role: 'agent', agentId, name: '王坐席' }, '/console/agent');
    await agent
      .getByTestId('caller')
      .filter({ hasText: maskPhone(phone) })
      .waitFor({ timeout: 20_000 });
    await agent.getByLabel('诉求内容', { exact: true }).focus();
    await agent.keyboard.type(CONTENT);
    await pick(agent, '诉求类型', '求助');
    await pick(agent, '问题类别', '其他');
    await pick(agent, '所属区域', '东湖区');
    await agent.getByLabel('详细地址', { exact: true }).focus();
    await agent.keyboard.type(ADDRESS);
    await agent.keyboard.press('Tab');
    await agent.keyboard.type(phone);
    await shot(agent, '01-agent-call');
    await expectNoSeriousViolations(agent);
    await agent.keyboard.press('Control+Enter');
    const receipt = agent.getByTestId('appeal-receipt');
    await receipt.waitFor({ timeout: 20_000 });
    const trackingNo = ((await agent.getByTestId('tracking-no').textContent()) ?? '').trim();
    const receiptText = await receipt.textContent();
    await shot(agent, '02-agent-submitted');
    await expectNoSeriousViolations(agent);

    // Assess 1: no rule routes it: it waits for a dispatcher, linked to the call
    expect(receiptText).toContain('已提交派单');
    const pending = await caseByTrackingNo(trackingNo, 'pending_dispatch');
    expect(pending).toMatchObject({
      channel: 'hotline',
      category: CATEGORY,
      district: DISTRICT,
      content: CONTENT,
    });
    const caseId = pending.caseId as string;

    // Act 2 — 派单: the case from the queue (Tab to its number selects it), the lead picked by typing
    await listed('/v1/dispatch/cases?limit=100', caseId);
    const dispatcher = await person('派单员');
    await signInAs(dispatcher, { role: 'dispatcher', name: '赵派单' }, '/console/dispatch');
    await dispatcher.getByRole('link', { name: trackingNo }).focus();
    await dispatcher.getByRole('heading', { name: `工单 ${trackingNo}` }).waitFor({ timeout: 20_000 });
    await dispatcher.getByTestId('no-suggestion').waitFor();
    await shot(dispatcher, '03-dispatch-queue');
    await expectNoSeriousViolations(dispatcher);
    await dispatcher
      .getByRole('region', { name: `工单 ${trackingNo}` })
      .getByRole('button', { name: '派单', exact: true })
      .click();
    const dispatchDialog = dispatcher.getByRole('dialog', { name: '派单' });
    await dispatchDialog.getByText('目录中没有适用于该类别和属地的规则').waitFor();
    await dispatchDialog.getByLabel('主办单位（可输入名称搜索）').focus();
    await dispatcher.keyboard.type(DEPARTMENT_NAME);
    await dispatcher.getByRole('option', { name: DEPARTMENT_NAME }).waitFor();
    await dispatcher.keyboard.press('Enter');
    await dispatchDialog.getByText(`将派至 ${DEPARTMENT_NAME}`).waitFor();
    await dispatcher.getByRole('option', { name: DEPARTMENT_NAME }).waitFor({ state: 'hidden' });
    await dispatchDialog.getByLabel('派单说明（选填，承办单位可见）').fill('公共设施属地管理，请街道核实');
    await shot(dispatcher, '04-dispatch-dialog');
    await expectNoSeriousViolations(dispatcher);
    await dispatcher.keyboard.press('Enter');
    await dispatcher.getByText('已完成：派单').waitFor();
    await dispatcher.getByRole('link', { name: trackingNo }).waitFor({ state: 'detached' });
    await expectNoSeriousViolations(dispatcher);

    // Assess 2
    expect(await caseByTrackingNo(trackingNo, 'dispatched')).toMatchObject({ departmentId: DEPARTMENT });

    // Act 3 — 承办: the queue, the case by keyboard, 签收, 申请延期 five days past the deadline
    await listed(`/v1/departments/${DEPARTMENT}/cases?limit=100`, caseId);
    const handler = await person('承办人');
    const handlerIdentity = { role: 'department', departmentId: DEPARTMENT, name: '孙承办' } as const;
    await signInAs(handler, handlerIdentity, '/console/department');
    const queueLink = handler.getByRole('link', { name: trackingNo });
    await queueLink.waitFor({ timeout: 20_000 });
    await shot(handler, '05-department-queue');
    await expectNoSeriousViolations(handler);
    await queueLink.focus();
    await handler.keyboard.press('Enter');
    await handler.getByRole('heading', { name: `工单 ${trackingNo}` }).waitFor();
    await handler.getByRole('button', { name: '签收' }).click();
    const ackDialog = handler.getByRole('dialog', { name: '签收工单' });
    await ackDialog.getByLabel('备注（选填）').fill('已转湖滨街道核实');
    await expectNoSeriousViolations(handler);
    await handler.keyboard.press('Enter');
    await handler.getByText('已完成：签收').waitFor();
    const dueAt = String((await staffCall(supervisorToken, 'GET', `/v1/cases/by-id/${caseId}`)).json.dueAt);
    const until = new Date(new Date(dueAt).getTime() + 5 * 86_400_000 + 8 * 3_600_000)
      .toISOString()
      .slice(0, 10);
    await handler.getByRole('button', { name: '申请延期' }).click();
    const extDialog = handler.getByRole('dialog', { name: '申请延期' });
    await extDialog.getByLabel('延期至（当日 23:59 截止）').fill(until);
    await extDialog.getByLabel('延期理由').fill('座椅需向园林部门申领，调拨需一周');
    await shot(handler, '06-department-extension');
    await expectNoSeriousViolations(handler);
    await extDialog.getByRole('button', { name: '提交延期申请' }).click();
    await handler.getByText('延期申请待审批').waitFor();
    await shot(handler, '07-department-acknowledged');
    await expectNoSeriousViolations(handler);

    // Act 4 — 督办: the extension in its queue, approved with the keyboard
    await listed('/v1/supervision/cases?queue=extension&limit=100', caseId);
    const supervisor = await person('督办');
    await signInAs(supervisor, { role: 'supervisor', name: '钱督办' }, '/console/supervision');
    const extRow = supervisor.getByRole('row').filter({ hasText: trackingNo });
    await extRow.waitFor({ timeout: 20_000 });
    const extRowText = await extRow.textContent();
    await shot(supervisor, '08-supervision-extensions');
    await expectNoSeriousViolations(supervisor);
    await extRow.getByRole('button', { name: /批准延期/ }).focus();
    await supervisor.keyboard.press('Enter');
    const approveDialog = supervisor.getByRole('dialog', { name: '批准延期' });
    await approveDialog.getByText('座椅需向园林部门申领').waitFor();
    await approveDialog.getByLabel('审批意见（选填）').focus();
    await supervisor.keyboard.type('同意，请按新期限办结');
    await shot(supervisor, '09-supervision-approve-dialog');
    await expectNoSeriousViolations(supervisor);
    await supervisor.keyboard.press('Enter');
    await supervisor.getByText(/已完成：批准延期/).waitFor();
    await extRow.waitFor({ state: 'detached', timeout: 20_000 });
    await shot(supervisor, '10-supervision-approved');
    await expectNoSeriousViolations(supervisor);

    // Assess 4: the new deadline is the requested one
    const extended = (await staffCall(supervisorToken, 'GET', `/v1/cases/by-id/${caseId}`)).json;
    expect(extended.dueAt).toBe(new Date(`${until}T23:59:59+08:00`).toISOString());
    expect(extRowText).toContain('座椅需向园林部门申领');

    // Act 5 — 承办: back to the queue (the menu), the case again, 办结 with the reply and a note
    await handler.getByRole('menuitem', { name: '承办' }).click();
    await handler.getByRole('link', { name: trackingNo }).click();
    await handler.getByRole('heading', { name: `工单 ${trackingNo}` }).waitFor();
    await handler.getByText('延期申请待审批').waitFor({ state: 'detached' });
    await handler.getByRole('button', { name: '办结' }).click();
    const doneDialog = handler.getByRole('dialog', { name: '办结' });
    await doneDialog.getByLabel('答复市民（市民可见）').fill(REPLY);
    await doneDialog.getByLabel('内部备注（选填，仅工作人员可见）').fill(INTERNAL);
    await shot(handler, '11-department-complete');
    await expectNoSeriousViolations(handler);
    await doneDialog.getByRole('button', { name: '确认办结' }).click();
    await handler.getByText('已完成：办结').waitFor();
    const history = (await handler.locator('.history-timeline').textContent()) ?? '';
    await shot(handler, '12-department-completed');
    await expectNoSeriousViolations(handler);

    // Assess 5: the case's history has every hand it passed through
    for (const step of ['派单', '签收', '申请延期', '批准延期', '办结']) expect(history).toContain(step);

    // Act 6 — 市民: the status page, by the tracking number and the phone's last four digits
    const citizen = await person('市民', { width: 390, height: 844 });
    await citizen.goto(`${stack.url}/#lookup-section`);
    await citizen.getByLabel('工单号').fill(trackingNo);
    await citizen.getByLabel('手机号后四位').fill(phone.slice(-4));
    await citizen.keyboard.press('Enter');
    const details = citizen.locator('#case-details');
    await details.getByText(REPLY).waitFor({ timeout: 20_000 });
    const detailsText = (await details.textContent()) ?? '';
    await shot(citizen, '13-citizen-reply');
    await expectNoSeriousViolations(citizen);

    // Assess 6: the reply, never the internal note
    expect(detailsText).not.toContain(INTERNAL);

    // Act 7 — 管理员: 新增规则 for the pair, with the keyboard
    const admin = await person('管理员');
    await signInAs(admin, { role: 'admin', name: '周管理' }, '/console/admin');
    await admin.getByRole('button', { name: '新增规则' }).waitFor({ timeout: 20_000 });
    await shot(admin, '14-admin-rules');
    await expectNoSeriousViolations(admin);
    await admin.getByRole('button', { name: '新增规则' }).focus();
    await admin.keyboard.press('Enter');
    const ruleDialog = admin.getByRole('dialog', { name: '新增派单规则' });
    await ruleDialog.waitFor();
    await pick(admin, '诉求类别', '其他', ruleDialog);
    await pick(admin, '区县', '东湖区', ruleDialog);
    await pick(admin, '主办单位', DEPARTMENT_NAME, ruleDialog);
    await ruleDialog.getByText(`规则编号：${RULE_ID}`).waitFor();
    await shot(admin, '15-admin-rule-dialog');
    await expectNoSeriousViolations(admin);
    // Enter in a closed picker opens it again: the person saves with the button.
    await ruleDialog.getByRole('button', { name: '保存' }).click();
    await ruleDialog.waitFor({ state: 'hidden' });
    await pick(admin, '按类别筛选', '其他');
    await admin.getByRole('row').filter({ hasText: '东湖区' }).filter({ hasText: DEPARTMENT_NAME }).waitFor();
    await shot(admin, '16-admin-rule-listed');
    await expectNoSeriousViolations(admin);

    // Act 8 — the next appeal for the pair, from the citizen page, lands in the department's queue
    await new Promise((r) => setTimeout(r, CACHE_MS));
    await citizen.goto(`${stack.url}/`);
    await citizen.waitForSelector('#appeal-form[data-ready="true"]', { timeout: 20_000 });
    await citizen.getByLabel('诉求类别').selectOption(CATEGORY);
    await citizen.getByLabel('诉求类型').selectOption('help');
    await citizen.getByLabel('所在区县').selectOption(DISTRICT);
    await citizen.getByLabel('诉求内容').fill('东湖区湖滨路小区门口的公共座椅又被拆走一组，请一并恢复。');
    await citizen.getByLabel('手机号码').fill(uniquePhone());
    await citizen.getByRole('button', { name: '提交诉求' }).click();
    await citizen.locator('#result-section:not([hidden])').waitFor({ timeout: 20_000 });
    const second = ((await citizen.locator('#tracking-no').textContent()) ?? '').trim();
    const routed = await caseByTrackingNo(second, 'dispatched');
    await listed(`/v1/departments/${DEPARTMENT}/cases?limit=100`, routed.caseId as string);
    await handler.getByRole('menuitem', { name: '承办' }).click();
    await handler.getByRole('link', { name: second }).waitFor({ timeout: 20_000 });
    await shot(handler, '17-department-routed-by-rule');
    await expectNoSeriousViolations(handler);

    // Assess 8: routed by the rule, without a dispatcher; nobody saw an error
    expect(routed).toMatchObject({ departmentId: DEPARTMENT });
    expect(errorsOf()).toEqual(Object.fromEntries(people.map((p) => [p.who, []])));
  }, 150_000);
});
