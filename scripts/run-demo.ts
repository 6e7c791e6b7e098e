import { COUNTER_TEXT, RATE_TEXT } from '../shared/domain/labels.js';
import { eachLimited } from '../shared/each-limited.js';
import { randomWebformBody, seededRandom, type WebformBody } from '../shared/seed/appeals.js';
import { SEED_CATEGORIES, SEED_DISTRICTS } from '../shared/seed/directory.js';
import {
  type CallbackDemoSummary,
  printCallbacks,
  sendMissedCalls,
  workDemoCallbacks,
} from './demo-callbacks.js';
import {
  type DisclosureDemoSummary,
  printDisclosure,
  sendDisclosureRequests,
  workDisclosureRequests,
} from './demo-disclosure.js';
import { type HandlingSummary, handleDemoCases, printHandling } from './demo-handling.js';
import { type BackdatedCase, sendBackdatedCalls, sendHotlineCalls } from './demo-hotline.js';
import { note, stderrProgress } from './demo-progress.js';
import { demoWechat } from './demo-wechat.js';
import { DEMO_LINES } from './hotline-client.js';
import { waitIdle } from './staff-client.js';

// The demo's core, callable from a test: realistic appeals on all three channels through a running
// stack, then (unless told not to) the city handles them. `npm run demo` is its command line.

export interface DemoOptions {
  url: string;
  /** npm start's data dir: the hotline and WeChat dev secrets and the staff signing key. */
  dataDir: string;
  /** Web-form appeals. */
  count: number;
  /** Hotline call records, signed with the stack's dev secret. */
  calls: number;
  /**
   * Backdated hotline call records (answered some working days ago, with an appeal) left for the
   * supervision job to mark overdue; default 3, 0 = none.
   */
  lateCalls?: number;
  /** How long the handling waits for supervision to mark them overdue; default 150 s. */
  overdueWaitMs?: number;
  seed: number;
  concurrency?: number;
  /** Work the cases (acknowledge, return, extend, complete, rate, reopen, close); default true. */
  handle?: boolean;
  /** Where the report goes; the console by default. */
  log?: (line: string) => void;
  /** The progress bar on stderr; default true. */
  progress?: boolean;
}

export interface DemoSummary {
  seed: number;
  appeals: { sent: number; accepted: number; rejected: number; errors: Record<string, number> };
  calls: { accepted: number; refused: number };
  /** Every case this run created, on every channel. */
  trackingNos: string[];
  /** 漏接回拨: the agent's pass over the callback list the abandoned calls made. */
  callbacks?: CallbackDemoSummary;
  handling?: HandlingSummary;
  /** 依申请公开: the demo's disclosure requests, the office's work and the year's annual report. */
  disclosure?: DisclosureDemoSummary;
}

export class StackUnreachableError extends Error {
  constructor(url: string, options?: ErrorOptions) {
    super(
      `无法连接 ${url}：本地服务没有运行。请先在另一个终端运行 npm start 启动它（start it with npm start），再运行 npm run demo。`,
      options,
    );
    this.name = 'StackUnreachableError';
  }
}

interface Outcome {
  body: WebformBody;
  status: number;
  ms: number;
  trackingNo?: string;
  errorCode?: string;
}

async function reachable(url: string): Promise<boolean> {
  try {
    // Any HTTP answer (even a 404) means a gateway is listening.
    await fetch(`${url}/v1/cases/PING?phoneLast4=0000`, { signal: AbortSignal.timeout(3000) });
    return true;
  } catch {
    return false;
  }
}

/** Throttled sends (the local gateway limits public routes per address) are retried a few times. */
const SEND_ATTEMPTS = 5;

async function send(url: string, body: WebformBody, idempotencyKey: string): Promise<Outcome> {
  const started = performance.now();
  try {
    for (let attempt = 1; ; attempt++) {
      const response = await fetch(`${url}/v1/channels/webform`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const payload = (await response.json().catch(() => ({}))) as {
        trackingNo?: string;
        error?: { code?: string };
      };
      if (response.status === 429 && attempt < SEND_ATTEMPTS) {
        // The same idempotency key: a retry can never make a second case.
        const retryAfter = Number(response.headers.get('retry-after') ?? '1');
        await new Promise((r) => setTimeout(r, Math.min(5, Math.max(0.2, retryAfter)) * 1000));
        continue;
      }
      const ms = performance.now() - started;
      return response.status === 202 && payload.trackingNo
        ? { body, status: response.status, ms, trackingNo: payload.trackingNo }
        : { body, status: response.status, ms, errorCode: payload.error?.code ?? `http_${response.status}` };
    }
  } catch (error) {
    const code = error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'network_error';
    return { body, status: 0, ms: performance.now() - started, errorCode: code };
  }
}

/** A progress bar on stderr: redrawn in place on a terminal, a line per 10 % otherwise. */
function progress(
  total: number,
  shown: boolean,
): { tick(accepted: number, rejected: number): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  const width = 30;
  let last = -1;
  return {
    tick(accepted, rejected) {
      if (!shown) return;
      const done = accepted + rejected;
      const percent = Math.floor((done / total) * 100);
      if (!tty && (percent % 10 !== 0 || percent === last)) return;
      last = percent;
      const filled = Math.round((done / total) * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const line = `发送诉求 ${bar} ${String(done).padStart(String(total).length)}/${total} ${String(percent).padStart(3)}%  受理 ${accepted}  拒绝 ${rejected}`;
      process.stderr.write(tty ? `\r${line}` : `${line}\n`);
    },
    done() {
      if (shown && tty) process.stderr.write('\n');
    },
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

async function lookup(url: string, trackingNo: string, phoneLast4: string): Promise<string> {
  try {
    const response = await fetch(`${url}/v1/cases/${trackingNo}?phoneLast4=${phoneLast4}`, {
      signal: AbortSignal.timeout(5000),
    });
    if (response.status === 404) return '尚未建单（仍在队列中）';
    const status = (await response.json()) as {
      statusText?: string;
      status?: string;
      department?: { name: string } | null;
    };
    return `${status.statusText ?? status.status}${status.department ? `，承办单位：${status.department.name}` : '，待派单员人工派单'}`;
  } catch {
    return '查询失败';
  }
}

function nameOf(body: WebformBody): string {
  const category = SEED_CATEGORIES.find((c) => c.code === body.category)?.name ?? body.category;
  const district = SEED_DISTRICTS.find((d) => d.code === body.district)?.name ?? body.district;
  return `${district} · ${category}`;
}

/**
 * Sends the demo traffic to a running stack, has the city handle it, prints a report and returns
 * it as data. Throws StackUnreachableError when nothing listens at `url`.
 *
 * @example
 * const summary = await runDemo({ url: 'http://localhost:3000', dataDir: '.local', count: 30, calls: 10, seed: 7 });
 * summary.handling?.dashboardUrl;
 */
export async function runDemo(opts: DemoOptions): Promise<DemoSummary> {
  const log = opts.log ?? console.log;
  const concurrency = opts.concurrency ?? 8;
  const url = opts.url.replace(/\/+$/, '');
  if (!(await reachable(url))) throw new StackUnreachableError(url);
  const startedAt = new Date();

  const rng = seededRandom(opts.seed);
  const bodies = Array.from({ length: opts.count }, () => randomWebformBody(rng));
  log(`向 ${url} 发送 ${opts.count} 条诉求（随机种子 ${opts.seed}，并发 ${concurrency}）`);

  const outcomes: Outcome[] = new Array(opts.count);
  const bar = progress(opts.count, opts.progress ?? true);
  let accepted = 0;
  let rejected = 0;
  const started = performance.now();
  await eachLimited(bodies, concurrency, async (body, i) => {
    // The same seed gives the same keys, so a repeated run shows idempotency: same tracking numbers.
    const outcome = await send(url, body, `demo-${opts.seed}-${i}`);
    outcomes[i] = outcome;
    if (outcome.trackingNo) accepted++;
    else rejected++;
    bar.tick(accepted, rejected);
  });
  bar.done();
  const elapsed = (performance.now() - started) / 1000;

  const latencies = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const errors: Record<string, number> = {};
  for (const o of outcomes) if (o.errorCode) errors[o.errorCode] = (errors[o.errorCode] ?? 0) + 1;

  log('');
  log(
    `已受理 ${accepted} 条，拒绝 ${rejected} 条，用时 ${elapsed.toFixed(1)} 秒（${(opts.count / elapsed).toFixed(0)} 条/秒）`,
  );
  if (rejected > 0) {
    log(
      `  拒绝原因：${Object.entries(errors)
        .map(([code, n]) => `${code} × ${n}`)
        .join('，')}`,
    );
  }
  log(
    `受理接口延迟：p50 ${percentile(latencies, 50).toFixed(1)} ms，p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );

  // Each later phase says what it is doing, on stderr beside the progress bar.
  const progressLine = stderrProgress(opts.progress ?? true);
  const lateCalls = opts.lateCalls ?? 3;
  const samples = outcomes.filter((o) => o.trackingNo).slice(0, 3);
  if (samples.length > 0) {
    // Let the dispatcher turn the queued appeals into cases first.
    note(progressLine, '等待受理队列处理完、工单入库…');
    await waitIdle(url);
    log('');
    log('示例工单（用手机号后四位查询进度）：');
    for (const o of samples) {
      const last4 = o.body.phone.slice(-4);
      log(`  ${o.trackingNo}  ${nameOf(o.body)}：${await lookup(url, o.trackingNo ?? '', last4)}`);
      log(`    curl '${url}/v1/cases/${o.trackingNo}?phoneLast4=${last4}'`);
    }
  }

  // 补录: a morning's call records sent late. Sent first, so the supervision job (every 60 s on
  // npm start) has had its turn at them by the time the city has handled the rest.
  const backdated: BackdatedCase[] =
    lateCalls > 0
      ? (
          await sendBackdatedCalls({
            url,
            dataDir: opts.dataDir,
            count: lateCalls,
            seed: opts.seed,
            log,
          })
        ).cases
      : [];
  if (opts.calls > 0) note(progressLine, `发送热线话单 ${opts.calls} 条…`);
  const calls =
    opts.calls > 0
      ? await sendHotlineCalls({
          url,
          dataDir: opts.dataDir,
          count: opts.calls,
          seed: opts.seed,
          concurrency,
          log,
        })
      : { accepted: 0, refused: 0, trackingNos: [] };
  note(progressLine, '发送微信消息…');
  const wechat = await demoWechat(url, opts.dataDir, log);
  // 依申请公开: kept out of the handling below (which works complaints and help requests); the
  // disclosure office works them itself, before the city handles the rest.
  note(progressLine, '发送政府信息公开申请…');
  const disclosure = await sendDisclosureRequests({ url, dataDir: opts.dataDir, seed: opts.seed });
  // 漏接回拨: the abandoned calls are callback tasks once dispatched; an agent calls them back, and
  // the appeals reached callers bring are cases handled with the rest.
  let callbacks: CallbackDemoSummary | undefined;
  if (opts.calls > 0) {
    note(progressLine, '回拨漏接来电…');
    // Beside the random calls' abandons: callers who rang two or three times, one after hours, one
    // who asked for an agent in the IVR, one who got through by themselves (their task closes).
    const missed = await sendMissedCalls({ url, dataDir: opts.dataDir, seed: opts.seed, lines: DEMO_LINES });
    await waitIdle(url);
    callbacks = await workDemoCallbacks({ url, dataDir: opts.dataDir, seed: opts.seed });
    log('');
    log(
      `漏接来电：另发送 ${missed} 个（重复来电、非服务时间、转人工未接通、随后自行接通），生成或并入回拨任务`,
    );
    printCallbacks(callbacks, log);
  }

  log('');
  log('去哪里看：');
  log(`  受理接口  POST ${url}/v1/channels/webform`);
  log(`  进度查询  GET  ${url}/v1/cases/{工单号}?phoneLast4={手机号后四位}`);
  log('  工单数据  npm start 启动时打印的 DynamoDB Local 地址（cases 表），原始报文在归档桶 raw/ 下');
  log(
    `  再跑一次  npm run demo -- --count ${opts.count} --seed ${opts.seed}（同一种子、同一幂等键：不会重复建单）`,
  );

  const trackingNos = [
    ...new Set([
      ...outcomes.flatMap((o) => (o.trackingNo ? [o.trackingNo] : [])),
      ...calls.trackingNos,
      ...wechat,
      ...(callbacks?.trackingNos ?? []),
      ...backdated.map((c) => c.trackingNo),
    ]),
  ];
  const summary: DemoSummary = {
    seed: opts.seed,
    appeals: { sent: opts.count, accepted, rejected, errors },
    calls: { accepted: calls.accepted, refused: calls.refused },
    trackingNos,
    ...(callbacks ? { callbacks } : {}),
  };
  if (opts.handle === false) {
    log('');
    const { answerRate, onTimeRate, satisfactionRate } = RATE_TEXT;
    log(
      `未办理工单（--no-handle）：看板只有${COUNTER_TEXT.appeals}和${answerRate}，没有${onTimeRate}和${satisfactionRate}。`,
    );
    await workDisclosureRequests({ url, dataDir: opts.dataDir, handle: false }, disclosure);
    printDisclosure(disclosure, log, { url, dataDir: opts.dataDir });
    return { ...summary, disclosure };
  }
  // The disclosure office works its requests first: the handling's rates below, read once the
  // metrics have caught up, then count their replies too, as the dashboard will.
  note(progressLine, '政府信息公开工作机构办理申请…');
  await workDisclosureRequests({ url, dataDir: opts.dataDir }, disclosure);
  note(progressLine, '\n办理（各阶段进度如下）：');
  const late = new Set(backdated.map((c) => c.trackingNo));
  const handling = await handleDemoCases({
    url,
    dataDir: opts.dataDir,
    seed: opts.seed,
    // The backdated cases are left to the supervision job: nobody works them.
    trackingNos: trackingNos.filter((t) => !late.has(t)),
    concurrency,
    startedAt,
    backdated,
    ...(opts.overdueWaitMs === undefined ? {} : { overdueWaitMs: opts.overdueWaitMs }),
    log,
    ...(progressLine ? { progress: progressLine } : {}),
  });
  printHandling(handling, { url, dataDir: opts.dataDir, seed: opts.seed }, log);
  printDisclosure(disclosure, log, { url, dataDir: opts.dataDir });
  return { ...summary, handling, disclosure };
}
