import { parseArgs } from 'node:util';
import { randomWebformBody, seededRandom, type WebformBody } from '../shared/seed/appeals.js';
import { SEED_CATEGORIES, SEED_DISTRICTS } from '../shared/seed/directory.js';
import { sendHotlineCalls } from './demo-hotline.js';
import { demoWechat } from './demo-wechat.js';

// `npm run demo`: sends a few hundred realistic appeals through a running stack (`npm start`), as
// citizens' browsers would, and says where to look at what they became.

const USAGE = `用法: npm run demo -- [--count 300] [--calls 120] [--data-dir .local] [--url http://localhost:3000] [--seed 42] [--concurrency 8]`;

interface Options {
  count: number;
  /** Hotline call records, signed with the stack's dev secret from `dataDir`. */
  calls: number;
  dataDir: string;
  url: string;
  seed: number;
  concurrency: number;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '300' },
      calls: { type: 'string', default: '120' },
      // Where npm start keeps its dev secrets (the hotline's HMAC secret among them).
      'data-dir': { type: 'string', default: process.env.LOCAL_DATA_DIR ?? '.local' },
      url: { type: 'string', default: `http://localhost:${process.env.PORT ?? 3000}` },
      seed: { type: 'string' },
      concurrency: { type: 'string', default: '8' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const count = Number(values.count);
  const concurrency = Number(values.concurrency);
  // Without --seed every run sends new appeals; the seed is printed so a run can be repeated.
  const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
  if (
    ![count, concurrency, seed].every((n) => Number.isInteger(n) && n >= 0) ||
    count < 1 ||
    concurrency < 1
  ) {
    console.error(`参数无效。${USAGE}`);
    process.exit(2);
  }
  const calls = Number(values.calls);
  if (!Number.isInteger(calls) || calls < 0) {
    console.error(`参数无效。${USAGE}`);
    process.exit(2);
  }
  return {
    count,
    calls,
    dataDir: values['data-dir'],
    concurrency,
    seed,
    url: values.url.replace(/\/+$/, ''),
  };
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

async function send(url: string, body: WebformBody, idempotencyKey: string): Promise<Outcome> {
  const started = performance.now();
  try {
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
    const ms = performance.now() - started;
    return response.status === 202 && payload.trackingNo
      ? { body, status: response.status, ms, trackingNo: payload.trackingNo }
      : { body, status: response.status, ms, errorCode: payload.error?.code ?? `http_${response.status}` };
  } catch (error) {
    const code = error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'network_error';
    return { body, status: 0, ms: performance.now() - started, errorCode: code };
  }
}

/** A progress bar on stderr: redrawn in place on a terminal, a line per 10 % otherwise. */
function progress(total: number): { tick(accepted: number, rejected: number): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  const width = 30;
  let last = -1;
  return {
    tick(accepted, rejected) {
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
      if (tty) process.stderr.write('\n');
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

async function main(): Promise<void> {
  const opts = options();
  if (!(await reachable(opts.url))) {
    console.error(
      `无法连接 ${opts.url}：本地服务没有运行。请先在另一个终端运行 npm start 启动它（start it with npm start），再运行 npm run demo。`,
    );
    process.exit(1);
  }

  const rng = seededRandom(opts.seed);
  const bodies = Array.from({ length: opts.count }, () => randomWebformBody(rng));
  console.log(`向 ${opts.url} 发送 ${opts.count} 条诉求（随机种子 ${opts.seed}，并发 ${opts.concurrency}）`);

  const outcomes: Outcome[] = new Array(opts.count);
  const bar = progress(opts.count);
  let next = 0;
  let accepted = 0;
  let rejected = 0;
  const started = performance.now();
  async function worker(): Promise<void> {
    for (let i = next++; i < opts.count; i = next++) {
      const body = bodies[i] as WebformBody;
      // The same seed gives the same keys, so a repeated run shows idempotency: same tracking numbers.
      const outcome = await send(opts.url, body, `demo-${opts.seed}-${i}`);
      outcomes[i] = outcome;
      if (outcome.trackingNo) accepted++;
      else rejected++;
      bar.tick(accepted, rejected);
    }
  }
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, opts.count) }, worker));
  bar.done();
  const elapsed = (performance.now() - started) / 1000;

  const latencies = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const errors = new Map<string, number>();
  for (const o of outcomes) if (o.errorCode) errors.set(o.errorCode, (errors.get(o.errorCode) ?? 0) + 1);

  console.log('');
  console.log(
    `已受理 ${accepted} 条，拒绝 ${rejected} 条，用时 ${elapsed.toFixed(1)} 秒（${(opts.count / elapsed).toFixed(0)} 条/秒）`,
  );
  if (errors.size > 0) {
    console.log(`  拒绝原因：${[...errors].map(([code, n]) => `${code} × ${n}`).join('，')}`);
  }
  console.log(
    `受理接口延迟：p50 ${percentile(latencies, 50).toFixed(1)} ms，p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );

  const samples = outcomes.filter((o) => o.trackingNo).slice(0, 3);
  if (samples.length > 0) {
    // Give the dispatcher a moment to turn the queued appeals into cases.
    await new Promise((r) => setTimeout(r, 2000));
    console.log('');
    console.log('示例工单（用手机号后四位查询进度）：');
    for (const o of samples) {
      const last4 = o.body.phone.slice(-4);
      console.log(
        `  ${o.trackingNo}  ${nameOf(o.body)}：${await lookup(opts.url, o.trackingNo ?? '', last4)}`,
      );
      console.log(`    curl '${opts.url}/v1/cases/${o.trackingNo}?phoneLast4=${last4}'`);
    }
  }

  if (opts.calls > 0) {
    await sendHotlineCalls({
      url: opts.url,
      dataDir: opts.dataDir,
      count: opts.calls,
      seed: opts.seed,
      concurrency: opts.concurrency,
    });
  }

  await demoWechat(opts.url, opts.dataDir);

  console.log('');
  console.log('去哪里看：');
  console.log(`  受理接口  POST ${opts.url}/v1/channels/webform`);
  console.log(`  进度查询  GET  ${opts.url}/v1/cases/{工单号}?phoneLast4={手机号后四位}`);
  console.log('  工单数据  npm start 启动时打印的 DynamoDB Local 地址（cases 表），原始报文在归档桶 raw/ 下');
  console.log(
    `  再跑一次  npm run demo -- --count ${opts.count} --seed ${opts.seed}（同一种子、同一幂等键：不会重复建单）`,
  );
  if (rejected === opts.count) process.exit(1);
}

main().catch((error: unknown) => {
  console.error('演示脚本出错：', error instanceof Error ? error.message : error);
  process.exit(1);
});
