import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Citizens, trackingNoOf } from '../load/traffic.js';
import { localHotlineSecret } from '../scripts/hotline-client.js';
import { localWechatSecrets } from '../scripts/wechat-client.js';
import { fromItem } from '../shared/adapters/case-item.js';
import type { WechatSecrets } from '../shared/adapters/wechat-secrets.js';
import { seededRandom, type WebformBody } from '../shared/seed/appeals.js';
import { intakeMessage } from './ingest.js';
import { type LatencySummary, summarise } from './latency.js';
import { PartialResultError } from './phase.js';
import type { RemoteStack } from './stack-client.js';
import { type FloorResult, floorAppeal, openFloor, runFloor } from './throughput-floor.js';
import {
  combineRates,
  type PipelineTally,
  pipelineTally,
  type RunRate,
  requestsPerAppeal,
  roundOrder,
  settledAt,
  splitAppeals,
  THROUGHPUT_TARGET,
  type TrackedAppeal,
  throughputRatio,
  throughputVerdict,
} from './throughput-stats.js';

// End-to-end throughput: web-form appeals per second from the first POST until every one is a case
// the dispatcher has settled (dispatched, or left for a person to dispatch), with every poller of
// the stack running, against the floor of bench/throughput-floor.ts: the same AWS calls made directly.
// Web forms only: the floor is the web form's calls, so the two do the same work per appeal.

export interface ThroughputResult {
  concurrency: number;
  warmup: number;
  /** Each round's appeals per second and their ratio: how far one run's ratio is from another's. */
  rounds: { pipeline: number; floor: number; ratio: number }[];
  pipeline: RunRate & {
    /** POST sent → the case's dispatch entry (the dispatcher's clock, before its PutItem), ms. */
    latency: LatencySummary;
    byStatus: Record<string, number>;
    non202: number;
    accepted: number;
    /** The stack's own AWS requests per appeal, stream consumers included (not the pollers' receives). */
    requestsPerAppeal: Record<string, number>;
  };
  floor: RunRate & { latency: LatencySummary; callsPerAppeal: Record<string, number> };
  /** pipeline / floor appeals per second: higher is better, target ≥ THROUGHPUT_TARGET. */
  ratio: number;
  target: number;
  /** `undecided` when the rounds' ratios fall on both sides of the target. */
  verdict: 'meets' | 'misses' | 'undecided';
}

const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };
/** Case look-ups in flight after the run (not timed). */
const LOOKUPS = 16;

/**
 * POSTs `appeals` web forms, `concurrency` at a time, each from a citizen of its own; returns each
 * accepted one's tracking number and when it was sent (wall clock, as the case history is dated).
 */
async function postAll(
  stack: RemoteStack,
  citizens: Citizens,
  wechat: WechatSecrets,
  appeals: number,
  concurrency: number,
): Promise<{ tracked: TrackedAppeal[]; non202: number }> {
  const tracked: TrackedAppeal[] = [];
  let non202 = 0;
  let next = 0;
  const worker = async () => {
    while (next < appeals) {
      next++;
      const request = citizens.webform();
      const postedAtMs = Date.now();
      const response = await fetch(`${stack.url}${request.path}`, {
        method: request.method,
        headers: request.headers,
        body: request.body,
      });
      const text = await response.text();
      const trackingNo = response.status === 202 ? trackingNoOf('webform', text, wechat) : undefined;
      if (trackingNo) tracked.push({ trackingNo, postedAtMs });
      else non202++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { tracked, non202 };
}

/** Each tracked appeal's case, by the by-tracking-no index: when it was settled, and its status. */
async function lookUpCases(stack: RemoteStack, tracked: readonly TrackedAppeal[]): Promise<TrackedAppeal[]> {
  const raw = new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'us-east-1', credentials });
  const ddb = DynamoDBDocumentClient.from(raw);
  try {
    const found: TrackedAppeal[] = [];
    for (let i = 0; i < tracked.length; i += LOOKUPS) {
      found.push(
        ...(await Promise.all(
          tracked.slice(i, i + LOOKUPS).map(async (appeal) => {
            const { Items = [] } = await ddb.send(
              new QueryCommand({
                TableName: stack.resources.casesTable,
                IndexName: 'by-tracking-no',
                KeyConditionExpression: 'trackingNo = :t',
                ExpressionAttributeValues: { ':t': appeal.trackingNo },
              }),
            );
            const item = Items.find((it) => it.sk === 'CASE');
            if (!item) return appeal;
            const kase = fromItem(item);
            return { ...appeal, settledAtMs: settledAt(kase.history), status: kase.status };
          }),
        )),
      );
    }
    return found;
  } finally {
    raw.destroy();
  }
}

/** Timed runs of each side: ABBA, so a drift of the machine's load over the phase weighs on both alike. */
export const ROUNDS = 2;

/**
 * `appeals` split into ROUNDS rounds, each a timed run of the pipeline and one of the floor in the
 * order of `roundOrder`, after `warmup` appeals of each (the stack idle before every pipeline run and
 * before every floor run). The stack's request tallies are reset before the first timed pipeline run
 * and read after the last; the floor's calls go through clients of its own and are not in them.
 *
 * @example const result = await measureThroughput(stack, stackDir, { appeals: 1000, warmup: 50, concurrency: 8 });
 */
export async function measureThroughput(
  stack: RemoteStack,
  stackDir: string,
  options: { appeals: number; warmup: number; concurrency: number; seed?: number },
): Promise<ThroughputResult> {
  const run = String(Date.now() % 100_000);
  const wechat = localWechatSecrets(stackDir);
  const citizens = new Citizens(
    seededRandom(options.seed ?? 2026),
    { hotline: localHotlineSecret(stackDir), wechat },
    run,
  );
  // The floor's messages are prepared before its clock starts.
  const prepare = (count: number, label: string) =>
    Array.from({ length: count }, (_, i) => {
      const key = `bench-floor-${run}-${label}-${i}`;
      return floorAppeal(key, intakeMessage(JSON.parse(citizens.webform().body) as WebformBody, key));
    });

  const pipelineRuns: PipelineTally[] = [];
  const floorRuns: FloorResult[] = [];
  let non202 = 0;
  let accepted = 0;
  const measuredSoFar = () => ({
    pipeline: pipelineRuns.map((r) => r.rate),
    floor: floorRuns.map(({ appeals, seconds, perSecond }) => ({ appeals, seconds, perSecond })),
  });

  // The pipeline: gateway → ingest-webform → SQS → poller → dispatch-appeal → cases (→ streams).
  // Idle after each run: every intake message handled and the stream consumers caught up; then the
  // cases say when each was settled.
  const pipelineRun = async (appeals: number) => {
    await stack.idle();
    const posted = await postAll(stack, citizens, wechat, appeals, options.concurrency);
    non202 += posted.non202;
    accepted += posted.tracked.length;
    await stack.idle();
    const cases = await lookUpCases(stack, posted.tracked);
    try {
      pipelineRuns.push(pipelineTally(cases));
    } catch (error) {
      throw new PartialResultError(error instanceof Error ? error.message : String(error), {
        ...measuredSoFar(),
        posted: appeals,
        accepted: posted.tracked.length,
        non202: posted.non202,
        withCase: cases.filter((c) => c.settledAtMs !== undefined).length,
      });
    }
  };

  const floor = await openFloor(stack, run);
  let counts: Awaited<ReturnType<RemoteStack['counts']>>;
  try {
    if (options.warmup > 0) {
      await postAll(stack, citizens, wechat, options.warmup, options.concurrency);
      await runFloor(floor, prepare(options.warmup, 'warmup'), options.concurrency);
    }
    await stack.idle();
    await stack.resetCounts();
    for (const [round, appeals] of splitAppeals(options.appeals, ROUNDS).entries()) {
      for (const side of roundOrder(round)) {
        if (side === 'pipeline') await pipelineRun(appeals);
        else {
          await stack.idle();
          floorRuns.push(
            await runFloor(floor, prepare(appeals, `run${round}`), options.concurrency).catch((error) => {
              throw new PartialResultError(
                error instanceof Error ? error.message : String(error),
                measuredSoFar(),
              );
            }),
          );
        }
      }
    }
    counts = await stack.counts();
  } finally {
    await floor.close();
  }

  const pipelineRate = combineRates(pipelineRuns.map((r) => r.rate));
  const floorRate = combineRates(floorRuns);
  const byStatus: Record<string, number> = {};
  for (const r of pipelineRuns)
    for (const [status, n] of Object.entries(r.byStatus)) byStatus[status] = (byStatus[status] ?? 0) + n;
  const floorCalls: Record<string, number> = {};
  for (const r of floorRuns)
    for (const [name, n] of Object.entries(r.calls)) floorCalls[name] = (floorCalls[name] ?? 0) + n;
  const rounds = pipelineRuns.map((p, i) => {
    const f = floorRuns[i] as FloorResult;
    return { pipeline: p.rate.perSecond, floor: f.perSecond, ratio: throughputRatio(p.rate, f) };
  });
  const ratio = throughputRatio(pipelineRate, floorRate);
  return {
    concurrency: options.concurrency,
    warmup: options.warmup,
    rounds,
    pipeline: {
      ...pipelineRate,
      latency: summarise(pipelineRuns.flatMap((r) => r.latencies)),
      byStatus,
      non202,
      accepted,
      requestsPerAppeal: requestsPerAppeal(counts.requests, pipelineRate.appeals),
    },
    floor: {
      ...floorRate,
      latency: summarise(floorRuns.flatMap((r) => r.latencies)),
      callsPerAppeal: Object.fromEntries(
        Object.entries(floorCalls).map(([name, calls]) => [name, calls / floorRate.appeals]),
      ),
    },
    ratio,
    target: THROUGHPUT_TARGET,
    verdict: throughputVerdict(
      ratio,
      rounds.map((r) => r.ratio),
      THROUGHPUT_TARGET,
    ),
  };
}

/** The phase's section of the report; true when the pipeline reaches the target share of its floor. */
export function reportThroughput(
  result: ThroughputResult,
  section: number,
  table: (rows: string[][]) => string,
): boolean {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const per = (v: number) => v.toFixed(2);
  const row = (label: string, run: RunRate & { latency: LatencySummary }) => [
    label,
    String(run.appeals),
    `${run.seconds.toFixed(2)} s`,
    run.perSecond.toFixed(1),
    ms(run.latency.p50),
    ms(run.latency.p99),
  ];
  console.log(
    `\n${section}. 端到端吞吐：网页表单 POST → 派单（${result.pipeline.appeals} 件，并发 ${result.concurrency}，预热 ${result.warmup} 件，每件一位市民）`,
  );
  console.log(
    table([
      ['', '件数', '用时', '件/秒', 'p50 延迟', 'p99 延迟'],
      row('全链路（网关、函数、全部轮询器）', result.pipeline),
      row('底线（同样的 AWS 调用，直接发出）', result.floor),
    ]),
  );
  console.log(
    `  各轮（${result.rounds.length} 轮，先全链路后底线、再先底线后全链路，交替）比值：${result.rounds
      .map((r) => `${r.ratio.toFixed(2)}×（${r.pipeline.toFixed(1)} / ${r.floor.toFixed(1)} 件/秒）`)
      .join('，')}`,
  );
  const statuses = Object.entries(result.pipeline.byStatus)
    .map(([status, n]) => `${status} ${n}`)
    .join('，');
  console.log(
    `  工单状态：${statuses}${result.pipeline.non202 > 0 ? `；未返回 202：${result.pipeline.non202}` : ''}`,
  );
  console.log(
    `  每件请求（全链路，含流消费者，不含轮询器的收删）：${Object.entries(result.pipeline.requestsPerAppeal)
      .map(([op, v]) => `${op} ${per(v)}`)
      .join('，')}`,
  );
  console.log(
    `  每件请求（底线）：${Object.entries(result.floor.callsPerAppeal)
      .map(([op, v]) => `${op} ${per(v)}`)
      .join('，')}`,
  );
  console.log(
    `  目标 全链路/底线 ≥ ${result.target.toFixed(1)}（合计 ${result.ratio.toFixed(2)}×，各轮 ` +
      `${result.rounds.map((r) => `${r.ratio.toFixed(2)}×`).join('、')}；各轮落在目标两侧为 undecided）：${result.verdict}`,
  );
  return result.verdict === 'meets';
}
