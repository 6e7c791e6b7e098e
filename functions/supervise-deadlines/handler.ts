import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { callbackPolicy, followUpDays } from '../../shared/adapters/config.js';
import { callbackStore, caseStore, directoryStore } from '../../shared/adapters/stores.js';
import { updateCase } from '../../shared/adapters/update-case.js';
import { OPEN_SHARDS, type SupervisionStep, superviseCase } from '../../shared/domain/index.js';
import type { WorkingCalendar } from '../../shared/domain/working-days.js';
import { eachLimited } from '../../shared/each-limited.js';
import { logger } from '../../shared/logger.js';
import { metrics } from '../../shared/metrics.js';
import { checkCalendarAhead } from './calendar-check.js';
import { type CallbackSupervisionCounts, noCallbackCounts, superviseCallbacks } from './callbacks.js';

// 预警 / 催办 / 逾期 on a schedule (DESIGN §6): the cases whose next supervision step is due, found
// through the sparse by-open-deadline index, each step taken by the core as a recorded transition;
// and, beside them, the callback tasks' deadlines and numbers due for erasure (callbacks.ts).

/** Index page size: a page is worked through before the next is read. */
const PAGE_SIZE = 100;
/** Cases worked on at once per shard: eight shards make at most 80 reads and writes in flight. */
const CONCURRENCY = 10;
/** No new page is started with less time than this left: the next run picks up what is left. */
const RESERVE_MS = 15_000;

/** The case counts (examined … failed: cases only), then the callback tasks' (callbacks.ts). */
export interface SupervisionCounts extends CallbackSupervisionCounts {
  examined: number;
  ackReminded: number;
  warned: number;
  reminded: number;
  overdue: number;
  /** 回访期满: completed cases closed at the end of the follow-up window. */
  closed: number;
  /** 依申请公开, 视为放弃申请: requests closed when their 补正 period passed unanswered (第三十条). */
  withdrawn: number;
  /** 依申请公开: third parties recorded as 逾期未提出意见 after their 15 working days (第三十二条). */
  thirdPartyLapsed: number;
  /** Another write landed first: skipped, the next run sees the case as it now is. */
  conflicts: number;
  /** Read but nothing due (a stale index entry, or the case changed since the query). */
  unchanged: number;
  /**
   * Its read, decision or write threw: logged with its caseId and counted in the
   * `SupervisionCaseFailed` metric; the run goes on with the other cases, and the case stays in
   * the index for the next run.
   */
  failed: number;
}

const COUNTER: Record<SupervisionStep, keyof SupervisionCounts> = {
  ack_reminded: 'ackReminded',
  warned: 'warned',
  reminded: 'reminded',
  marked_overdue: 'overdue',
  closed: 'closed',
  withdrawn: 'withdrawn',
  third_party_lapsed: 'thirdPartyLapsed',
};

/**
 * One supervision run at `now`. Idempotent: every step is keyed to its deadline in the case, so a
 * second run at the same instant finds nothing due, and the write is conditioned on the version read.
 */
export async function supervise(
  now: Date,
  options: { remainingMs?: () => number } = {},
): Promise<SupervisionCounts> {
  const cases = caseStore();
  // Module-level (memoised), so the calendar cache survives between scheduled invocations.
  const calendar: WorkingCalendar = await directoryStore().loadCalendar();
  const ctx = { now, calendar, followUpDays: followUpDays() };
  checkCalendarAhead(now, calendar);
  const counts: SupervisionCounts = {
    examined: 0,
    ackReminded: 0,
    warned: 0,
    reminded: 0,
    overdue: 0,
    closed: 0,
    withdrawn: 0,
    thirdPartyLapsed: 0,
    conflicts: 0,
    unchanged: 0,
    failed: 0,
    ...noCallbackCounts(),
  };

  const one = async (caseId: string) => {
    try {
      await superviseOne(caseId);
    } catch (error) {
      // One case must not stop the run (issue 10: one case the table refused failed every run and
      // with it every other case of the page): the others are still supervised.
      counts.examined++;
      counts.failed++;
      logger.error('a case failed in the supervision run, the others go on', { caseId, error });
    }
  };

  const superviseOne = async (caseId: string) => {
    // One attempt: after a conflict the case is left to the next run, which sees it as it now is.
    const result = await updateCase(
      cases,
      caseId,
      (kase) => {
        const supervised = superviseCase(kase, ctx);
        return supervised.steps.length === 0 ? undefined : { ok: true as const, ...supervised };
      },
      { attempts: 1 },
    );
    counts.examined++;
    if (result.outcome === 'unchanged') counts.unchanged++;
    else if (result.outcome === 'conflict') counts.conflicts++;
    else if (result.outcome === 'updated') for (const step of result.decision.steps) counts[COUNTER[step]]++;
  };

  const shards = Array.from({ length: OPEN_SHARDS }, (_, i) => `OPEN#${i}`);
  // The callback tasks beside the shards: a failure there is counted and logged, and never stops
  // the cases (nor they it).
  const callbacks = superviseCallbacks({
    callbacks: callbackStore(),
    policy: callbackPolicy(),
    now,
    ...(options.remainingMs ? { remainingMs: options.remainingMs } : {}),
  }).then((done) => Object.assign(counts, done));
  await Promise.all([
    callbacks,
    ...shards.map(async (shard) => {
      let startKey: Record<string, unknown> | undefined;
      do {
        if (options.remainingMs && options.remainingMs() < RESERVE_MS) {
          logger.warn('supervision run stopped early, the next run continues', { shard });
          return;
        }
        const page = await cases.listSupervisionDue(shard, now, {
          limit: PAGE_SIZE,
          ...(startKey ? { startKey } : {}),
        });
        await eachLimited(page.caseIds, CONCURRENCY, one);
        startKey = page.nextKey;
      } while (startKey);
    }),
  ]);
  logger.info('supervision run', { now: now.toISOString(), ...counts });
  if (counts.failed > 0) {
    metrics.singleMetric().addMetric('SupervisionCaseFailed', MetricUnit.Count, counts.failed);
    // Nothing succeeded: most likely the table itself (throttled, unreachable), not one case. The
    // run fails, so the schedule's retries and then its dead-letter queue see it.
    if (counts.failed === counts.examined) {
      throw new Error(`supervision run failed: ${counts.failed} of ${counts.examined} cases failed`);
    }
  }
  if (counts.callbacksFailed > 0) {
    metrics.singleMetric().addMetric('SupervisionCallbackFailed', MetricUnit.Count, counts.callbacksFailed);
  }
  return counts;
}

/** The EventBridge Scheduler target: the event carries nothing the run needs. */
export const handler = middy<unknown, SupervisionCounts>()
  .use(injectLambdaContext(logger))
  .handler(async (_event: unknown, context: Context) =>
    supervise(new Date(), { remainingMs: () => context.getRemainingTimeInMillis() }),
  );
