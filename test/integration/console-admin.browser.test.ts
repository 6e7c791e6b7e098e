import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import {
  animationsSettled,
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
  stack,
  staffCall,
  webform,
} from './helpers.js';

// 目录与日历 in the console, as an administrator works it: a dispatch rule for a category × district
// that has none, added with the keyboard, listed, and routing the next web-form appeal; a reserved
// department id and an impossible date refused by the API, its message beside the field, nothing
// stored; next year's holiday calendar entered from its empty state; the rule deleted after a
// confirmation. A hotline line (热线线路) added, refused beside its fields (a fraction typed for the
// percentage, a reserved code), its target edited, listed and deleted. A supervisor sees the screen, an agent neither the menu entry nor the page. axe on
// every tab and dialog, screenshots under test-artifacts/console-admin-*.png.

/** The local stack's directory cache (DIRECTORY_CACHE_SECONDS in global-setup), plus a margin. */
const CACHE_MS = 1_000 + 300;
/** 其他 has no rule in the seed (appeals wait for a dispatcher); 青石县 is a district of it. */
const CATEGORY = 'other';
const DISTRICT = 'qingshi';
const LEAD = 'qingshi-government';
const CO = 'civil-affairs';
const RULE_ID = `${CATEGORY}#${DISTRICT}#${LEAD}`;
const RULE_TEXT = '其他 × 青石县 → 青石县人民政府';

interface Listing {
  departments: { id: string }[];
  rules: {
    ruleId: string;
    category: string;
    district: string;
    departmentId: string;
    coHandlers: string[];
    priority: number;
  }[];
  lines: { code: string; name: string; formerDepartmentId?: string; answerRateTarget: number }[];
}

/** 12358 (价格举报) is not in the seed: a hotline merged by this walk and removed at its end. */
const LINE = { code: '12358', name: '价格举报热线', formerDepartmentId: 'market-regulation' };

describe('The administrator in the console', () => {
  let browser: Browser;
  let supervisor: string;
  const nextYear = new Date().getFullYear() + 1;

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    supervisor = await jwt.issue({ sub: 'it-console-admin-api', role: 'supervisor' });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function listing(): Promise<Listing> {
    const { status, json } = await staffCall(supervisor, 'GET', '/v1/admin/directory');
    expect(status).toBe(200);
    return json as unknown as Listing;
  }

  function withoutNoise(errors: string[]): string[] {
    // The API's refusals this walk provokes (422, the calendar's 404) are logged as failed loads.
    return errors.filter((e) => !/Failed to load resource/.test(e));
  }

  /** A filterable picker, by keyboard: focus, type to search, Enter takes the first match. */
  async function pick(page: Page, field: Locator, search: string): Promise<void> {
    await field.focus();
    await page.keyboard.type(search);
    await page.locator('.el-select-dropdown__item:visible', { hasText: search }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  it('adds a rule with the keyboard that routes the next appeal, refuses bad input beside the field, enters next year, deletes the rule', async () => {
    // Prepare: no rule for 其他 × 青石县 yet, no calendar for next year
    const before = await listing();
    const calendarBefore = await staffCall(supervisor, 'GET', `/v1/admin/calendar/${nextYear}`);
    expect(before.rules.filter((r) => r.category === CATEGORY && r.district === DISTRICT)).toEqual([]);
    const { page, errors }: ConsolePage = await openConsole(browser);

    // Act 1: the screen, on its 派单规则 tab
    await signInAs(page, { role: 'admin', name: '管理员测试' }, '/console/admin');
    await page.getByRole('heading', { name: '目录与日历' }).waitFor();
    await page.locator('.admin-list .el-table__row').first().waitFor({ timeout: 20_000 });
    const menu = await page.locator('.shell-nav').textContent();
    await screenshot(page, 'console-admin-rules');
    await expectNoSeriousViolations(page);

    // Assess 1
    expect(menu).toContain('目录与日历');

    // Act 2: 新增规则 with the keyboard: pickers with search, Enter saves
    await page.getByRole('button', { name: '新增规则' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '新增派单规则' });
    await dialog.waitFor();
    await pick(page, dialog.locator('#rule-category'), '其他');
    await pick(page, dialog.locator('#rule-district'), '青石县');
    await pick(page, dialog.locator('#rule-lead'), '青石县人民政府');
    await pick(page, dialog.locator('#rule-co'), '市民政局');
    await dialog.locator('#rule-priority').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1');
    await dialog.getByText(`规则编号：${RULE_ID}`).waitFor();
    await screenshot(page, 'console-admin-rule-dialog');
    await expectNoSeriousViolations(page);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });

    // Act 3: listed (filtered to 其他)
    await pick(page, page.locator('#rule-filter-category'), '其他');
    const row = page.locator('.admin-list .el-table__row', { hasText: '青石县人民政府' });
    await row.waitFor();
    const rowText = await row.textContent();
    await screenshot(page, 'console-admin-rule-listed');
    await expectNoSeriousViolations(page);

    // Assess 3: stored as typed, and it routes the next appeal from a citizen (after the cache)
    expect(rowText).toContain('市民政局');
    expect((await listing()).rules).toContainEqual({
      ruleId: RULE_ID,
      category: CATEGORY,
      district: DISTRICT,
      departmentId: LEAD,
      coHandlers: [CO],
      priority: 1,
    });
    await new Promise((r) => setTimeout(r, CACHE_MS));
    const posted = await postWebform(webform({ category: CATEGORY, district: DISTRICT, type: 'help' }), {
      'idempotency-key': idempotencyKey(),
    });
    const routed = await eventually(
      async () => {
        const items = await casesByTrackingNo(posted.json.trackingNo as string);
        return items.find((i) => i.status === 'dispatched');
      },
      { what: 'the appeal routed by the new rule', timeoutMs: 20_000 },
    );
    expect(routed).toMatchObject({ departmentId: LEAD, coHandlers: [CO] });

    // Act 4: a reserved department id: the API's message beside 单位编号, the input kept
    await page.getByRole('tab', { name: '单位' }).click();
    await page.getByRole('button', { name: '新增单位' }).waitFor();
    await expectNoSeriousViolations(page);
    await page.getByRole('button', { name: '新增单位' }).click();
    const deptDialog = page.getByRole('dialog', { name: '新增单位' });
    await deptDialog.waitFor();
    await deptDialog.getByLabel('单位编号').fill('total');
    await deptDialog.getByLabel('单位名称').fill('测试单位');
    await page.keyboard.press('Enter');
    const idError = deptDialog.locator('[data-field-error="dept-id"]');
    await idError.waitFor();
    await screenshot(page, 'console-admin-department-refused');
    await expectNoSeriousViolations(page);

    // Assess 4
    expect(await idError.textContent()).toContain('编号 total 为系统保留');
    expect(await deptDialog.getByLabel('单位名称').inputValue()).toBe('测试单位');
    expect((await listing()).departments.map((d) => d.id)).not.toContain('total');

    // Act 5: Esc closes; the category tab and its keyword editor; the districts tab
    await page.keyboard.press('Escape');
    await deptDialog.waitFor({ state: 'hidden' });
    await page.getByRole('tab', { name: '诉求类别' }).click();
    await page.getByRole('button', { name: '编辑 供暖' }).click();
    const catDialog = page.getByRole('dialog', { name: '编辑诉求类别：供暖' });
    await catDialog.waitFor();
    const tags = await catDialog.locator('.el-tag').allTextContents();
    await animationsSettled(page);
    await screenshot(page, 'console-admin-category-dialog');
    await expectNoSeriousViolations(page);
    await page.keyboard.press('Escape');
    await catDialog.waitFor({ state: 'hidden' });
    await expectNoSeriousViolations(page);
    await page.getByRole('tab', { name: '区县' }).click();
    await page.locator('#pane-districts .el-table__row', { hasText: '青石县' }).waitFor();
    await expectNoSeriousViolations(page);

    // Assess 5
    expect(tags.map((t) => t.trim())).toEqual(expect.arrayContaining(['暖气', '供暖']));

    // Act 6: next year's calendar: its empty state, an impossible date refused, then saved
    await page.getByRole('tab', { name: '节假日安排' }).click();
    await page.locator('.el-select:has(#cal-year)').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: `${nextYear} 年` }).click();
    const empty = page.getByTestId('calendar-empty');
    if (calendarBefore.status === 404) {
      await empty.waitFor();
      await animationsSettled(page);
      await screenshot(page, 'console-admin-calendar-empty');
      await expectNoSeriousViolations(page);
      await empty.getByRole('button', { name: `录入 ${nextYear} 年安排` }).click();
    } else {
      await page.getByRole('button', { name: `编辑 ${nextYear} 年安排` }).click();
    }
    const calDialog = page.getByRole('dialog', { name: new RegExp(`${nextYear} 年节假日安排`) });
    await calDialog.waitFor();
    await calDialog.getByLabel('放假安排（每行一个假期）').fill(`国庆节 ${nextYear}-10-01 ${nextYear}-10-07`);
    await calDialog.getByLabel('调休上班日').fill(`${nextYear}-02-30`);
    await calDialog
      .getByLabel('依据（通知名称或文号）')
      .fill(`国务院办公厅关于${nextYear}年部分节假日安排的通知（测试）`);
    await calDialog.getByLabel('调休上班日').press('Enter');
    const dateError = calDialog.locator('[data-field-error="cal-makeup"]');
    await dateError.waitFor();
    const refusedText = await dateError.textContent();
    const stillAbsent = await staffCall(supervisor, 'GET', `/v1/admin/calendar/${nextYear}`);
    await screenshot(page, 'console-admin-calendar-refused');
    await expectNoSeriousViolations(page);
    const makeUp = firstSaturdayAfter(`${nextYear}-10-07`);
    await calDialog.getByLabel('调休上班日').fill(makeUp);
    await calDialog.getByLabel('调休上班日').press('Enter');
    await calDialog.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: /放假安排/ }).waitFor();
    const shown = await page.locator('#pane-calendar').textContent();
    await screenshot(page, 'console-admin-calendar');
    await expectNoSeriousViolations(page);

    // Assess 6: the API's own message beside the field, nothing stored; then the year as entered
    expect(refusedText).toContain(`${nextYear}-02-30 不是日历上存在的日期`);
    expect(stillAbsent.status).toBe(calendarBefore.status);
    const stored = await staffCall(supervisor, 'GET', `/v1/admin/calendar/${nextYear}`);
    expect(stored.json).toMatchObject({
      year: nextYear,
      holidays: [{ name: '国庆节', from: `${nextYear}-10-01`, to: `${nextYear}-10-07` }],
      makeUpWorkdays: [makeUp],
    });
    expect(shown).toContain('国庆节');
    expect(shown).toContain(`${makeUp}`);
    expect(shown).toContain('周六');

    // Act 7: delete the rule, after the confirmation
    await page.getByRole('tab', { name: '派单规则' }).click();
    await page.getByRole('button', { name: `删除规则 ${RULE_TEXT}` }).click();
    const confirm = page.getByRole('dialog', { name: '删除派单规则' });
    await confirm.waitFor();
    await animationsSettled(page);
    await screenshot(page, 'console-admin-rule-delete');
    await expectNoSeriousViolations(page);
    await confirm.getByRole('button', { name: '确认删除' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await row.waitFor({ state: 'detached' });

    // Assess 7: gone; later files see 其他 unrouted again once the cache expires
    expect((await listing()).rules.map((r) => r.ruleId)).not.toContain(RULE_ID);
    await new Promise((r) => setTimeout(r, CACHE_MS));
    expect(withoutNoise(errors)).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('adds a hotline line with its target as a percentage, refuses bad input beside the field, edits the target, deletes the line', async () => {
    // Prepare: the line is not in the directory
    expect((await listing()).lines.map((l) => l.code)).not.toContain(LINE.code);
    const { page, errors }: ConsolePage = await openConsole(browser);
    await signInAs(page, { role: 'admin', name: '管理员测试' }, '/console/admin');
    await page.getByRole('tab', { name: '热线线路' }).click();
    const seeded = page.locator('#pane-lines .el-table__row', { hasText: '江城供水服务热线' });
    await seeded.waitFor({ timeout: 20_000 });
    const seededText = await seeded.textContent();
    await expectNoSeriousViolations(page);

    // Act 1: 新增线路 — a fraction for the target (refused before sending), then a reserved code
    // (refused by the API), then saved
    await page.getByRole('button', { name: '新增线路' }).click();
    const dialog = page.getByRole('dialog', { name: '新增热线线路' });
    await dialog.waitFor();
    await dialog.getByLabel('线路代码').fill('total');
    await dialog.getByLabel('线路名称').fill(LINE.name);
    await pick(page, dialog.locator('#line-former'), '市市场监督管理局');
    await dialog.getByLabel('接通率目标（%）').fill('0.98');
    await dialog.getByLabel('接通率目标（%）').press('Enter');
    const targetError = dialog.locator('[data-field-error="line-target"]');
    await targetError.waitFor();
    const targetRefusal = await targetError.textContent();
    await dialog.getByLabel('接通率目标（%）').fill('97.5');
    await dialog.getByLabel('接通率目标（%）').press('Enter');
    const codeError = dialog.locator('[data-field-error="line-code"]');
    await codeError.waitFor();
    const codeRefusal = await codeError.textContent();
    await animationsSettled(page);
    await screenshot(page, 'console-admin-line-dialog');
    await expectNoSeriousViolations(page);
    const afterRefusals = await listing();
    await dialog.getByLabel('线路代码').fill(LINE.code);
    await dialog.getByLabel('线路代码').press('Control+Enter');
    await dialog.waitFor({ state: 'hidden' });
    const row = page.locator('#pane-lines .el-table__row', { hasText: LINE.name });
    await row.waitFor();

    // Assess 1: both refusals in Chinese beside their fields, nothing stored; then the line as typed
    expect(seededText).toContain('江城水务集团');
    expect(seededText).toContain('95%');
    expect(targetRefusal).toContain('请按百分比填写：0.98 应写作 98');
    expect(codeRefusal).toContain('编号 total 为系统保留');
    expect(afterRefusals.lines.map((l) => l.code)).not.toContain('total');
    expect((await listing()).lines).toContainEqual({ ...LINE, answerRateTarget: 0.975 });
    expect(await row.textContent()).toContain('97.5%');

    // Act 2: edit its target (Ctrl+Enter saves, the code stays fixed)
    await page.getByRole('button', { name: `编辑 ${LINE.name}` }).click();
    const editDialog = page.getByRole('dialog', { name: `编辑热线线路：${LINE.name}` });
    await editDialog.waitFor();
    const codeDisabled = await editDialog.getByLabel('线路代码').isDisabled();
    await editDialog.getByLabel('接通率目标（%）').fill('99');
    await editDialog.getByLabel('接通率目标（%）').press('Control+Enter');
    await editDialog.waitFor({ state: 'hidden' });
    await page
      .locator('#pane-lines .el-table__row', { hasText: '99%' })
      .filter({ hasText: LINE.name })
      .waitFor();
    const rowText = await row.textContent();
    await screenshot(page, 'console-admin-lines');
    await expectNoSeriousViolations(page);

    // Assess 2: listed with its code, name, former department by name and target as a percentage
    expect(codeDisabled).toBe(true);
    expect(rowText).toContain(LINE.code);
    expect(rowText).toContain('市市场监督管理局');
    expect(rowText).toContain('99%');
    expect((await listing()).lines).toContainEqual({ ...LINE, answerRateTarget: 0.99 });

    // Act 3: delete it, after the confirmation
    await page.getByRole('button', { name: `删除 ${LINE.name}` }).click();
    const confirm = page.getByRole('dialog', { name: '删除热线线路' });
    await confirm.waitFor();
    await animationsSettled(page);
    await expectNoSeriousViolations(page);
    await confirm.getByRole('button', { name: '确认删除' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await row.waitFor({ state: 'detached' });

    // Assess 3
    expect((await listing()).lines.map((l) => l.code)).not.toContain(LINE.code);
    expect(withoutNoise(errors)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('shows the screen to a supervisor, and neither the menu entry nor the page to an agent', async () => {
    // Prepare
    const supervisorPage = await openConsole(browser);
    const agentPage = await openConsole(browser);

    // Act
    await signInAs(supervisorPage.page, { role: 'supervisor', name: '督办测试' }, '/console/admin');
    await supervisorPage.page.locator('.admin-list .el-table__row').first().waitFor({ timeout: 20_000 });
    await screenshot(supervisorPage.page, 'console-admin-supervisor');
    await expectNoSeriousViolations(supervisorPage.page);
    await signInAs(agentPage.page, { role: 'agent', agentId: '8001', name: '坐席测试' }, '/console/admin');
    await agentPage.page.waitForURL((url) => !url.pathname.startsWith('/console/admin'), { timeout: 20_000 });
    const agentMenu = await agentPage.page.locator('.shell-nav').textContent();

    // Assess
    expect(await supervisorPage.page.locator('.shell-nav').textContent()).toContain('目录与日历');
    expect(new URL(agentPage.page.url()).pathname).not.toBe('/console/admin');
    expect(agentMenu).not.toContain('目录与日历');
    expect(await agentPage.page.getByRole('heading', { name: '目录与日历' }).count()).toBe(0);
    expect(withoutNoise(supervisorPage.errors)).toEqual([]);
    await supervisorPage.context.close();
    await agentPage.context.close();
  }, 90_000);
});

/** The first Saturday after a date: a make-up working day the calendar accepts. */
function firstSaturdayAfter(date: string): string {
  let t = Date.parse(`${date}T00:00:00Z`) + 86_400_000;
  while (new Date(t).getUTCDay() !== 6) t += 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
