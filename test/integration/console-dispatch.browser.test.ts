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
import {
  casesByTrackingNo,
  eventually,
  idempotencyKey,
  postWebform,
  stack,
  staffCall,
  webform,
} from './helpers.js';

// 派单 in the console, as a dispatcher works it: an appeal no rule routes (the seed's 其他 has no
// rule) waits in the 待派单 queue; the dispatcher picks a department with the keyboard and
// dispatches; a case its department returned shows why and from whom, and is redispatched on the
// catalogue's suggestion with one key; a duplicate is merged into its master after a side-by-side
// look. axe on every screen and dialog, screenshots under test-artifacts/console-dispatch-*.png.

describe('The dispatcher in the console', () => {
  let browser: Browser;
  let dispatcher: string;

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    dispatcher = await jwt.issue({ sub: 'it-console-dispatcher-api', role: 'dispatcher' });
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function appeal(overrides: Record<string, unknown>): Promise<{ trackingNo: string; caseId: string }> {
    const posted = await postWebform(webform(overrides), { 'idempotency-key': idempotencyKey() });
    const trackingNo = posted.json.trackingNo as string;
    const caseId = await eventually(async () => (await casesByTrackingNo(trackingNo))[0]?.caseId as string, {
      what: 'the case',
      timeoutMs: 20_000,
    });
    return { trackingNo, caseId };
  }

  /** Until the dispatchers' queue (the stream's projection) lists the case. */
  async function inDispatchQueue(caseId: string): Promise<void> {
    await eventually(
      async () => {
        const r = await staffCall(dispatcher, 'GET', '/v1/dispatch/cases?limit=100');
        return (r.json.items as { caseId: string }[]).some((i) => i.caseId === caseId) ? true : undefined;
      },
      { what: 'the case in the dispatch queue', timeoutMs: 20_000 },
    );
  }

  async function caseOf(caseId: string): Promise<Record<string, unknown>> {
    return (await staffCall(dispatcher, 'GET', `/v1/cases/by-id/${caseId}`)).json;
  }

  function withoutNoise(errors: string[]): string[] {
    return errors.filter((e) => !/Failed to load resource/.test(e));
  }

  /** Selects a queue row by clicking its 来由 cell (the tracking number is a link to the case page). */
  async function selectRow(page: Page, trackingNo: string): Promise<void> {
    const row = page.locator('.dispatch-queue .el-table__row', { hasText: trackingNo });
    await row.waitFor({ timeout: 20_000 });
    await row.locator('td').nth(3).click();
    await page.getByRole('heading', { name: `工单 ${trackingNo}` }).waitFor();
  }

  it('dispatches an unrouted appeal to a department picked with the keyboard', async () => {
    // Prepare
    const { trackingNo, caseId } = await appeal({
      category: 'other',
      type: 'consultation',
      content: '想咨询小区门口的共享单车停放点由哪个部门管理，能否增设。',
    });
    await inDispatchQueue(caseId);
    const { page, errors } = await openConsole(browser);

    // Act 1: the queue and the case beside it
    await signInAs(page, { role: 'dispatcher', name: '派单测试' }, '/console/dispatch');
    await selectRow(page, trackingNo);
    await page.getByTestId('no-suggestion').waitFor();
    await screenshot(page, 'console-dispatch-queue');
    await expectNoSeriousViolations(page);
    const content = await page.getByTestId('panel-content').textContent();
    const offered = (await page.locator('.dispatch-panel .action-bar button').allTextContents()).map((t) =>
      t.trim(),
    );

    // Act 2: 派单, the lead picked by typing and Enter, the note's Enter submits
    await page.locator('.dispatch-panel .action-bar').getByRole('button', { name: '派单' }).click();
    const dialog = page.getByRole('dialog', { name: '派单' });
    await dialog.getByText('目录中没有适用于该类别和属地的规则').waitFor();
    await expectNoSeriousViolations(page);
    const lead = dialog.getByLabel('主办单位（可输入名称搜索）');
    await lead.focus();
    await page.keyboard.type('交通运输');
    await page.getByRole('option', { name: '市交通运输局' }).waitFor();
    await page.keyboard.press('Enter');
    await dialog.getByText('将派至 市交通运输局').waitFor();
    await page.getByRole('option', { name: '市交通运输局' }).waitFor({ state: 'hidden' });
    await dialog.getByLabel('派单说明（选填，承办单位可见）').fill('共享单车停放点由交通部门牵头');
    await screenshot(page, 'console-dispatch-dialog');
    await expectNoSeriousViolations(page);
    await page.keyboard.press('Enter');
    await page.getByText('已完成：派单').waitFor();
    await page
      .locator('.dispatch-queue .el-table__row', { hasText: trackingNo })
      .waitFor({ state: 'detached' });
    const after = await caseOf(caseId);

    // Assess
    expect(content).toContain('共享单车');
    expect(offered).toEqual(['派单', '并单']);
    expect(after).toMatchObject({ status: 'dispatched', departmentId: 'transport' });
    expect(withoutNoise(errors)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('shows a returned case’s reason and who returned it, and redispatches it on the suggestion', async () => {
    // Prepare: the seed routes 供暖 to the heating company with housing as co-handler; it returns it
    const { trackingNo, caseId } = await appeal({
      category: 'heating',
      type: 'complaint',
      content: '暖气一直不热，室温只有十四度。',
    });
    await eventually(async () => ((await caseOf(caseId)).status === 'dispatched' ? true : undefined), {
      what: 'the dispatched case',
      timeoutMs: 20_000,
    });
    const jwt = await loadDevJwt(stack.dataDir);
    const heating = await jwt.issue({
      sub: 'it-heating',
      role: 'department',
      departmentId: 'heating-company',
    });
    const returned = await staffCall(heating, 'POST', `/v1/cases/by-id/${caseId}/actions`, {
      action: 'return',
      reason: 'insufficient_information',
      note: '缺少楼号和单元号',
    });
    await inDispatchQueue(caseId);
    const { page, errors } = await openConsole(browser);

    // Act 1: the queue shows why it came back
    await signInAs(page, { role: 'dispatcher', name: '派单测试' }, '/console/dispatch');
    const row = page.locator('.dispatch-queue .el-table__row', { hasText: trackingNo });
    await row.waitFor({ timeout: 20_000 });
    const rowText = await row.textContent();
    await selectRow(page, trackingNo);
    await page.getByText('退单原因：诉求信息不全').waitFor();
    await page.getByTestId('panel-suggestions').waitFor();
    const by = await page.getByTestId('returned-by').textContent();
    await screenshot(page, 'console-dispatch-returned');
    await expectNoSeriousViolations(page);

    // Act 2: 改派, the suggestion applied with Enter, confirmed
    await page.locator('.dispatch-panel .action-bar').getByRole('button', { name: '改派' }).click();
    const dialog = page.getByRole('dialog', { name: '改派' });
    const suggestion = dialog.getByTestId('suggestion').first();
    await suggestion.waitFor();
    await suggestion.focus();
    await page.keyboard.press('Enter');
    await dialog.getByText('将派至 江城热力有限公司，协办 市住房和城乡建设局').waitFor();
    await screenshot(page, 'console-dispatch-redispatch');
    await expectNoSeriousViolations(page);
    await dialog.getByRole('button', { name: '确认改派' }).click();
    await page.getByText('已完成：改派').waitFor();
    const after = await caseOf(caseId);

    // Assess
    expect(returned.status).toBe(200);
    expect(rowText).toContain('退单：诉求信息不全');
    expect(rowText).toContain('江城热力有限公司');
    expect(by).toContain('退单单位：江城热力有限公司');
    expect(after).toMatchObject({
      status: 'dispatched',
      departmentId: 'heating-company',
      coHandlers: ['housing'],
    });
    expect(withoutNoise(errors)).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('merges a duplicate into its master after a side-by-side look', async () => {
    // Prepare: two callers, one matter, no rule for 其他: both wait for a dispatcher
    const master = await appeal({
      category: 'other',
      type: 'suggestion',
      district: 'beishan',
      content: '北山区文化广场东侧的健身器材损坏，单杠松动，存在安全隐患。',
    });
    const duplicate = await appeal({
      category: 'other',
      type: 'suggestion',
      district: 'beishan',
      content: '文化广场健身器材单杠松了，孩子玩很危险，请尽快修。',
    });
    await inDispatchQueue(duplicate.caseId);
    const { page, errors } = await openConsole(browser);

    // Act 1: 并单 from the queue, the master by its tracking number (Enter searches, not submits)
    await signInAs(page, { role: 'dispatcher', name: '派单测试' }, '/console/dispatch');
    await selectRow(page, duplicate.trackingNo);
    await page.locator('.dispatch-panel .action-bar').getByRole('button', { name: '并单' }).click();
    const dialog = page.getByRole('dialog', { name: '并单' });
    await dialog.getByText(/同属地同类别的在办工单 \d+ 件/).waitFor();
    const nearbyListed = await dialog.locator('.merge-candidates').textContent();
    await dialog.getByLabel('按工单号查找主工单（留空则列出同属地同类别在办工单）').fill(master.trackingNo);
    await page.keyboard.press('Enter');
    await dialog.getByText(`工单号 ${master.trackingNo}`).waitFor();
    await dialog.locator('.merge-candidates label', { hasText: master.trackingNo }).click();
    const compare = dialog.getByTestId('merge-compare');
    await compare.getByText('健身器材损坏').waitFor();
    await dialog.getByLabel('并单理由').fill('同一地点同一设施的重复诉求');
    await screenshot(page, 'console-dispatch-merge');
    await expectNoSeriousViolations(page);
    const sideBySide = await compare.textContent();
    await dialog.getByRole('button', { name: '确认并单' }).click();
    await page.getByText('已完成：并单').waitFor();
    const merged = await caseOf(duplicate.caseId);
    const masterAfter = await caseOf(master.caseId);

    // Assess
    expect(nearbyListed).toContain(master.trackingNo);
    expect(sideBySide).toContain('单杠松了');
    expect(sideBySide).toContain('单杠松动');
    expect(merged).toMatchObject({ status: 'merged', mergedInto: master.caseId });
    expect(JSON.stringify(masterAfter.history)).toContain(duplicate.caseId);
    expect(withoutNoise(errors)).toEqual([]);
    await page.context().close();
  }, 120_000);
});
