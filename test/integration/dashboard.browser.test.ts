import { mkdirSync, readFileSync } from 'node:fs';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type DevJwt, loadDevJwt } from '../../local/jwt.js';
import { LOCAL_NAMES } from '../../local/resources.js';
import { MIN_RANKED_APPEALS } from '../../web/dashboard/src/league-ranking.js';
import { seriousViolations } from './axe.js';
import { ddb, stack } from './helpers.js';

// The analysts' dashboard in a real browser (Debian's Chromium, playwright-core) against the local
// stack and the real metrics API. The aggregates are put straight into the metrics table, in June
// 2018, which no other test and no projection of the tests' traffic touches; the figures on the page
// are compared with what the API answers the same token.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';
const FROM = '2018-06-01';
const TO = '2018-06-14';

function item(pk: string, day: string, counters: Record<string, number>, value?: string) {
  return {
    pk,
    sk: value === undefined ? day : `${day}#${value}`,
    day,
    ...(value ? { value } : {}),
    ...counters,
  };
}

/** A fortnight with a department below each target, one with overdue cases and every channel. */
const ITEMS = [
  item('all', '2018-06-01', {
    appeals: 45,
    directResolutions: 5,
    repeats: 3,
    dispatches: 40,
    returns: 3,
    completed: 30,
    handlingSecondsSum: 30 * 40 * 3600,
    slaDue: 30,
    slaOnTime: 27,
    ratings: 20,
    satisfied: 16,
    basicallySatisfied: 3,
    dissatisfied: 1,
    ratingsViaWeb: 12,
    satisfiedOrBasicViaWeb: 12,
    ratingsViaWechat: 5,
    satisfiedOrBasicViaWechat: 4,
    ratingsViaPhone: 3,
    satisfiedOrBasicViaPhone: 3,
    followUpContacted: 24,
    noticesQueued: 30,
    noticesDelivered: 27,
  }),
  item('all', '2018-06-03', {
    appeals: 25,
    dispatches: 25,
    completed: 20,
    handlingSecondsSum: 20 * 30 * 3600,
    slaDue: 20,
    slaOnTime: 20,
    ratings: 10,
    satisfied: 10,
    ratingsViaPhone: 10,
    satisfiedOrBasicViaPhone: 10,
    followUpContacted: 18,
    noticesQueued: 20,
    noticesDelivered: 20,
  }),
  item(
    'department',
    '2018-06-01',
    { appeals: 25, dispatches: 22, returns: 1, slaDue: 18, slaOnTime: 18, ratings: 12, satisfied: 12 },
    'water-group',
  ),
  item(
    'department',
    '2018-06-01',
    {
      appeals: 12,
      dispatches: 12,
      returns: 2,
      slaDue: 12,
      slaOnTime: 9,
      ratings: 8,
      satisfied: 4,
      basicallySatisfied: 3,
      dissatisfied: 1,
    },
    'housing',
  ),
  item(
    'department',
    '2018-06-03',
    { appeals: 25, dispatches: 25, slaDue: 20, slaOnTime: 20, ratings: 10, satisfied: 10 },
    'transport',
  ),
  // One appeal, on time and rated 满意: 100 %, yet too few to be ranked (MIN_RANKED_APPEALS).
  item(
    'department',
    '2018-06-03',
    { appeals: 1, dispatches: 1, slaDue: 1, slaOnTime: 1, ratings: 1, satisfied: 1 },
    'one-appeal-office',
  ),
  item('channel', '2018-06-01', { appeals: 30 }, 'hotline'),
  item('channel', '2018-06-01', { appeals: 10 }, 'webform'),
  item('channel', '2018-06-01', { appeals: 5 }, 'wechat'),
  item('channel', '2018-06-03', { appeals: 25 }, 'hotline'),
  item('category', '2018-06-01', { appeals: 30 }, 'water-supply'),
  item('category', '2018-06-03', { appeals: 15 }, 'noise'),
  // The city's callbacks are the lines' sums below.
  item('call', '2018-06-01', {
    callsQueued: 600,
    callsAnswered: 590,
    callsAnsweredIn15s: 560,
    callsAbandoned: 10,
    callbacksDue: 8,
    callbacksReached: 6,
    callbacksReachedOnTime: 5,
  }),
  item('call', '2018-06-03', {
    callsQueued: 400,
    callsAnswered: 395,
    callsAnsweredIn15s: 360,
    callsAbandoned: 5,
    callbacksDue: 4,
    callbacksReached: 3,
    callbacksReachedOnTime: 3,
  }),
  // The same calls by line: 12315 misses 98 %; 96123 (a merged line held to 95 %) meets its own.
  ...[
    ['2018-06-01', '12345', 500, 495, 4, 3, 3],
    ['2018-06-01', '12315', 100, 95, 4, 3, 2],
    ['2018-06-03', '12345', 300, 298, 1, 1, 1],
    ['2018-06-03', '96123', 100, 97, 3, 2, 2],
  ].map(([day, line, queued, answered, due, reached, onTime]) =>
    item(
      'line',
      day as string,
      {
        callsQueued: queued as number,
        callsAnswered: answered as number,
        callsAbandoned: (queued as number) - (answered as number),
        callbacksDue: due as number,
        callbacksReached: reached as number,
        callbacksReachedOnTime: onTime as number,
      },
      line as string,
    ),
  ),
];

interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
  met?: boolean | null;
}
interface Row {
  key: string;
  name: string;
  counts: Record<string, number>;
  rates: Record<string, Rate>;
}
interface Report {
  total: Row;
  groups: Row[];
}

/** How the page shows a rate and its fraction: the API's numbers, formatted, nothing recomputed. */
const pct = (rate: Rate) => (rate.value === null ? '—' : `${(rate.value * 100).toFixed(2)}%`);
const ratio = (rate: Rate) => `${rate.numerator} / ${rate.denominator}`;

describe('Analyst dashboard in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let jwt: DevJwt;
  let analyst: string;
  /** Console errors and CSP refusals of the open page. */
  let problems: string[];

  async function api(query: string, token = analyst): Promise<Report> {
    const res = await fetch(`${stack.url}/v1/metrics?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Report;
  }

  async function open(path: string): Promise<void> {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    problems = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${stack.url}${path}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  }

  const ready = (query: string) => page.waitForSelector(`#board[data-state="ready"][data-query="${query}"]`);

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    jwt = await loadDevJwt(stack.dataDir);
    analyst = await jwt.issue({ sub: 'it-analyst', role: 'analyst' });
    await ddb.send(
      new BatchWriteCommand({
        RequestItems: { [LOCAL_NAMES.metricsTable]: ITEMS.map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-sync'],
    });
  }, 60_000);

  afterEach(async () => {
    await context?.close();
  });

  afterAll(async () => {
    await browser?.close();
    // Fixture figures out of the way of the suites that recount the table (metrics-drift).
    await ddb.send(
      new BatchWriteCommand({
        RequestItems: {
          [LOCAL_NAMES.metricsTable]: ITEMS.map(({ pk, sk }) => ({ DeleteRequest: { Key: { pk, sk } } })),
        },
      }),
    );
  });

  it('shows the headline rates, the league table and the overdue counts exactly as the API gives them', async () => {
    // Prepare
    const day = await api(`from=${FROM}&to=${TO}&groupBy=day`);
    const departments = await api(`from=${FROM}&to=${TO}&groupBy=department`);

    // Act
    await open(`/dashboard?from=${FROM}&to=${TO}#token=${analyst}`);
    await ready(`from=${FROM}&to=${TO}&groupBy=day`);
    // Charts animate in; the screenshot waits for them to settle.
    await page.waitForTimeout(1_200);
    // axe-core: no serious or critical violation on the screen as the user sees it.
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard.png`, fullPage: true });

    // Assess: the three headline cards
    for (const key of ['answerRate', 'onTimeRate', 'satisfactionRate']) {
      const rate = day.total.rates[key] as Rate;
      const card = page.locator(`#card-${key}`);
      expect(await card.locator('.value').textContent()).toBe(pct(rate));
      expect(await card.locator('.ratio').textContent()).toBe(ratio(rate));
      expect(await card.locator('.badge').textContent()).toBe(rate.met ? '达标' : '未达标');
    }
    // Every headline has a denominator here: no card explains a "—"
    expect(await page.locator('#headline .why').count()).toBe(0);
    // Assess: one league row per department of the API, with its fractions and overdue count
    expect(departments.groups.map((g) => g.key).sort()).toEqual([
      'housing',
      'one-appeal-office',
      'transport',
      'water-group',
    ]);
    expect(await page.locator('#league tr').count()).toBe(departments.groups.length);
    for (const group of departments.groups) {
      const row = page.locator(`#league tr[data-key="${group.key}"]`);
      expect(await row.locator('td.name').textContent()).toBe(group.name);
      expect(await row.locator('[data-count="appeals"]').textContent()).toBe(String(group.counts.appeals));
      for (const key of ['onTimeRate', 'satisfactionRate', 'misrouteRate']) {
        const rate = group.rates[key] as Rate;
        const cell = row.locator(`[data-rate="${key}"]`);
        expect(await cell.textContent()).toBe(`${pct(rate)}${ratio(rate)}`);
      }
      const overdue = (group.counts.slaDue ?? 0) - (group.counts.slaOnTime ?? 0);
      expect(await row.locator('[data-count="overdue"]').textContent()).toBe(String(overdue));
    }
    expect(
      await page.locator('#league tr[data-key="housing"] [data-rate="onTimeRate"]').getAttribute('class'),
    ).toBe('miss');
    // Assess: the department of one appeal (100 %) is listed last and unranked, and the rule is shown
    const ranks: (string | null)[][] = [];
    for (const row of await page.locator('#league tr').all()) {
      ranks.push([await row.getAttribute('data-key'), await row.locator('td').first().textContent()]);
    }
    // (transport and water-group tie at 100 % on both rates: the key decides)
    expect(ranks).toEqual([
      ['transport', '1'],
      ['water-group', '2'],
      ['housing', '3'],
      ['one-appeal-office', '—'],
    ]);
    expect(await page.textContent('#league-rule')).toContain(`按办件量≥${MIN_RANKED_APPEALS}的单位排名`);
    // Assess: the token left the address bar and stays in this tab's session only
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.evaluate("sessionStorage.getItem('hotline12345.analyst-token')")).toBe(analyst);
    expect(problems).toEqual([]);
  });

  it('shows the delivery, follow-up and per-way satisfaction rates with their fractions as the API gives them', async () => {
    // Prepare
    const day = await api(`from=${FROM}&to=${TO}&groupBy=day`);

    // Act
    await open(`/dashboard?from=${FROM}&to=${TO}#token=${analyst}`);
    await ready(`from=${FROM}&to=${TO}&groupBy=day`);
    await page.locator('#reach-title').scrollIntoViewIfNeeded();
    await page.waitForTimeout(800);
    await page
      .locator('#reach-title')
      .locator('..')
      .screenshot({ path: `${ARTIFACTS}/dashboard-reach.png` });

    // Assess
    const keys = [
      'noticeDeliveryRate',
      'followUpContactRate',
      'satisfactionRateWeb',
      'satisfactionRateWechat',
      'satisfactionRatePhone',
    ];
    expect(await page.locator('#reach-rates tr').count()).toBe(keys.length);
    for (const key of keys) {
      const rate = day.total.rates[key] as Rate;
      const row = page.locator(`#reach-rates tr[data-rate="${key}"]`);
      expect(rate.denominator, key).toBeGreaterThan(0);
      expect(await row.locator('.value').textContent(), key).toBe(pct(rate));
      expect(await row.locator('.ratio').textContent(), key).toBe(ratio(rate));
      expect(await row.getAttribute('data-numerator')).toBe(String(rate.numerator));
      expect(await row.getAttribute('data-denominator')).toBe(String(rate.denominator));
    }
    // The fixture's figures, through the API: 47 of 50 notices, 42 of 50 completions reached
    expect(ratio(day.total.rates.noticeDeliveryRate as Rate)).toBe('47 / 50');
    expect(ratio(day.total.rates.followUpContactRate as Rate)).toBe('42 / 50');
    expect(ratio(day.total.rates.satisfactionRatePhone as Rate)).toBe('13 / 13');
    expect(await page.locator('#reach-chart canvas').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('ranks the hotline lines worst first against their own targets, with the callback rates, as the API gives them', async () => {
    // Prepare
    const lines = await api(`from=${FROM}&to=${TO}&groupBy=line`);

    // Act
    await open(`/dashboard?from=${FROM}&to=${TO}#token=${analyst}`);
    await ready(`from=${FROM}&to=${TO}&groupBy=day`);
    await page.locator('#calls-title').scrollIntoViewIfNeeded();
    await page.waitForTimeout(800);
    await page
      .locator('#calls-title')
      .locator('..')
      .screenshot({ path: `${ARTIFACTS}/dashboard-lines.png` });

    // Assess: a row per line of the API, the line that misses its target first, verdicts in words
    const rows = page.locator('#lines tr');
    expect(await rows.count()).toBe(lines.groups.length);
    const order = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')));
    expect(order.slice(0, 3)).toEqual(['12315', '12345', '96123']);
    for (const group of lines.groups) {
      const row = page.locator(`#lines tr[data-key="${group.key}"]`);
      const answer = group.rates.answerRate as Rate;
      expect(await row.locator('td.name').textContent()).toContain(group.name);
      expect(await row.locator('[data-rate="answerRate"]').textContent()).toBe(
        `${pct(answer)}${ratio(answer)}`,
      );
      expect(await row.locator('.badge').textContent()).toBe(
        answer.value === null ? '无来电' : answer.met ? '达标' : '未达标',
      );
      for (const key of ['callbackRate', 'callbackOnTimeRate']) {
        const rate = group.rates[key] as Rate;
        expect(await row.locator(`[data-rate="${key}"]`).textContent()).toBe(`${pct(rate)}${ratio(rate)}`);
      }
    }
    expect(await page.locator('#lines tr[data-key="12315"] .badge').textContent()).toBe('未达标');
    expect(await page.locator('#lines tr[data-key="96123"] .badge').textContent()).toBe('达标');
    expect(await page.textContent('#lines-summary')).toContain('1 条未达标');
    // Assess: the city's callback rates with their fractions (the call dimension's sums)
    expect(ratio(lines.total.rates.callbackRate as Rate)).toBe('9 / 12');
    expect(ratio(lines.total.rates.callbackOnTimeRate as Rate)).toBe('8 / 12');
    for (const key of ['callbackRate', 'callbackOnTimeRate']) {
      const rate = lines.total.rates[key] as Rate;
      const row = page.locator(`#callback-rates tr[data-rate="${key}"]`);
      expect(await row.locator('.value').textContent()).toBe(pct(rate));
      expect(await row.locator('.ratio').textContent()).toBe(ratio(rate));
    }
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('sends the department and the date range it is given with every query', async () => {
    // Prepare
    await open(`/dashboard?from=${FROM}&to=${TO}#token=${analyst}`);
    await ready(`from=${FROM}&to=${TO}&groupBy=day`);
    const sent: URL[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/metrics')) sent.push(new URL(r.url()));
    });

    // Act
    await page.selectOption('#department', 'housing');
    await ready(`from=${FROM}&to=${TO}&groupBy=day&department=housing`);
    const firstBatch = sent.splice(0);
    await page.fill('#from', '2018-06-02');
    await page.fill('#to', '2018-06-03');
    await page.click('#apply');
    await ready('from=2018-06-02&to=2018-06-03&groupBy=day&department=housing');
    // Nothing of housing's fell due on those two days: its on-time rate is "—", and the card says why.
    const emptyOnTime = {
      value: await page.locator('#card-onTimeRate .value').textContent(),
      why: await page.locator('#card-onTimeRate .why').textContent(),
    };
    const housing = await api(`from=${FROM}&to=${TO}&groupBy=day&department=housing`);

    // Assess
    const dayQuery = firstBatch.find((u) => u.searchParams.get('groupBy') === 'day');
    expect(dayQuery?.searchParams.get('department')).toBe('housing');
    expect(dayQuery?.searchParams.get('from')).toBe(FROM);
    expect(sent.every((u) => u.searchParams.get('from') === '2018-06-02')).toBe(true);
    expect(sent.every((u) => u.searchParams.get('to') === '2018-06-03')).toBe(true);
    expect(sent.map((u) => u.searchParams.get('groupBy')).sort()).toEqual([
      'category',
      'channel',
      'day',
      'department',
      'line',
    ]);
    expect(new URL(page.url()).search).toBe('?from=2018-06-02&to=2018-06-03&department=housing');
    expect(emptyOnTime).toEqual({ value: '—', why: '所选期间内尚无到期工单（按办理期限当天统计）' });
    // The housing figures of the first range were shown before the dates changed: check them now.
    await page.fill('#from', FROM);
    await page.fill('#to', TO);
    await page.click('#apply');
    await ready(`from=${FROM}&to=${TO}&groupBy=day&department=housing`);
    const onTime = housing.total.rates.onTimeRate as Rate;
    expect(await page.locator('#card-onTimeRate .value').textContent()).toBe(pct(onTime));
    expect(await page.locator('#card-onTimeRate .ratio').textContent()).toBe(ratio(onTime));
    expect(await page.locator('#card-onTimeRate .why').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('exports the CSV with the analyst token, as a file starting with the UTF-8 BOM', async () => {
    // Prepare
    await open(`/dashboard?from=${FROM}&to=${TO}#token=${analyst}`);
    await ready(`from=${FROM}&to=${TO}&groupBy=day`);

    // Act
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const bytes = readFileSync((await download.path()) as string);

    // Assess
    expect(download.suggestedFilename()).toBe(`metrics-${FROM}-${TO}.csv`);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toContain('江城水务集团');
    expect(text.split('\n')[0]).toMatch(/[\u4e00-\u9fff]/);
    expect(problems).toEqual([]);
  });

  it('asks for a token, then shows the API refusal of a non-analyst in Chinese', async () => {
    // Prepare
    const department = await jwt.issue({ sub: 'it-dept', role: 'department', departmentId: 'housing' });
    await open(`/dashboard?from=${FROM}&to=${TO}`);
    const signinShown = await page.isVisible('#signin');

    // Act
    await page.fill('#token', department);
    await page.click('#signin-form button[type="submit"]');
    await page.waitForSelector('#board[data-state="error"]');

    // Assess
    expect(signinShown).toBe(true);
    expect(await page.textContent('#message')).toBe('当前账号没有数据分析权限（需要分析员角色）');
    expect(await page.isVisible('#message')).toBe(true);
    expect(await page.isVisible('#content')).toBe(false);
    // axe-core: no serious or critical violation on the screen as the user sees it.
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-forbidden.png` });
  });

  it('applies no inline style the CSP refuses while the charts are drawn and hovered', async () => {
    // Prepare: the page's own CSP violation events, collected from before its first script runs
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    // (A string: this project's tests compile without the DOM's types.)
    await page.addInitScript(`
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.cspViolations.push(e.effectiveDirective + ' ' + e.sourceFile + ':' + e.lineNumber);
      });
    `);
    await page.goto(`${stack.url}/dashboard?from=${FROM}&to=${TO}#token=${analyst}`);
    await ready(`from=${FROM}&to=${TO}&groupBy=day`);

    // Act: the mouse across every chart, so each shows its tooltip
    let tooltips = 0;
    for (const id of ['trend-chart', 'channel-chart', 'category-chart', 'overdue-chart']) {
      const box = await page.locator(`#${id}`).boundingBox();
      if (!box) continue;
      for (let i = 1; i < 10; i++) {
        await page.mouse.move(box.x + (box.width * i) / 10, box.y + box.height / 2, { steps: 2 });
        await page.waitForTimeout(40);
      }
      tooltips++;
    }
    const violations = (await page.evaluate('window.cspViolations')) as string[];
    const header = (await fetch(`${stack.url}/dashboard`)).headers.get('content-security-policy') ?? '';

    // Assess: no refusals, with the policy as strict as before
    expect(tooltips).toBe(4);
    expect(violations).toEqual([]);
    // The stylesheet and the script are files of this origin now (web/dashboard), no inline hash needed.
    expect(header).toMatch(/script-src 'self'(;|$)/);
    expect(header).toMatch(/style-src 'self'(;|$)/);
    expect(header).not.toMatch(/unsafe-inline|unsafe-hashes/);
  });

  it('fits a 400 px wide phone without sideways scrolling: wide tables scroll in their own box', async () => {
    // Prepare
    context = await browser.newContext({ viewport: { width: 400, height: 860 }, locale: 'zh-CN' });
    page = await context.newPage();
    problems = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));

    // Act
    await page.goto(`${stack.url}/dashboard?from=${FROM}&to=${TO}#token=${analyst}`);
    await ready(`from=${FROM}&to=${TO}&groupBy=day`);
    await page.waitForTimeout(1_200);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-400.png`, fullPage: true });
    const pageWidth = await page.evaluate('document.documentElement.scrollWidth');
    const league = await page.evaluate(
      "(() => { const w = document.querySelector('#league').closest('.table-wrap'); return [w.scrollWidth, w.clientWidth]; })()",
    );

    // Assess: the page is no wider than the screen; the league table is, and scrolls inside its box
    expect(pageWidth).toBeLessThanOrEqual(400);
    const [scrollWidth, clientWidth] = league as [number, number];
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    // axe-core: the scrolling boxes are reachable by keyboard, nothing serious at this width either
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('refuses a reversed date range in Chinese without asking the API', async () => {
    // Prepare
    await open(`/dashboard?from=${FROM}&to=${TO}#token=${analyst}`);
    await ready(`from=${FROM}&to=${TO}&groupBy=day`);
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/v1/metrics')) sent.push(r.url());
    });

    // Act
    await page.fill('#from', TO);
    await page.fill('#to', FROM);
    await page.click('#apply');

    // Assess
    expect(await page.textContent('#message')).toBe('开始日期不能晚于结束日期');
    expect(sent).toEqual([]);
  });
});
