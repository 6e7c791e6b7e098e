// 漏接回拨 under supervision, in the same scheduled run as the cases: 回拨预警 before a task's callback
// deadline, 回拨超时 after it, and the number erased once a closed task's retention has passed.
import type { CallbackPage, CallbackStore } from '../../shared/adapters/callback-store.js';
import { updateCallback } from '../../shared/adapters/update-callback.js';
import {
  type CallbackPolicy,
  type CallbackTask,
  eraseCallbackNumber,
  superviseCallbackTask,
} from '../../shared/domain/callbacks/index.js';
import { eachLimited } from '../../shared/each-limited.js';
import { logger } from '../../shared/logger.js';

/** What the callback part of a run did; the case counts keep their meaning beside these. */
export interface CallbackSupervisionCounts {
  /** 回拨预警 recorded. */
  callbacksWarned: number;
  /** 回拨超时 recorded. */
  callbacksOverdue: number;
  /** Closed tasks whose number was erased after the retention period. */
  callbackNumbersErased: number;
  /**
   * A task's decision or write threw: logged with its taskId; the others went on, and the task stays
   * on its index for the next run. A page that could not be read counts one.
   */
  callbacksFailed: number;
}

export interface CallbackSupervisionDeps {
  readonly callbacks: Pick<CallbackStore, 'listOpen' | 'listEraseDue' | 'get' | 'update'>;
  readonly policy: CallbackPolicy;
  readonly now: Date;
  /** The run's time left: no new page is read with less than RESERVE_MS. */
  readonly remainingMs?: () => number;
}

/** Index page size: a page is worked through before the next is read. */
const PAGE_SIZE = 100;
/** Tasks worked on at once. */
const CONCURRENCY = 10;
/** As the case supervision's: the next run picks up what is left. */
const RESERVE_MS = 15_000;

export function noCallbackCounts(): CallbackSupervisionCounts {
  return { callbacksWarned: 0, callbacksOverdue: 0, callbackNumbersErased: 0, callbacksFailed: 0 };
}

/**
 * One run over the callback tasks at `now`: the open ones that may need a step (callback deadline
 * before now + the policy's deadline, so a warning due at any share is found), then the closed ones
 * due for erasure. Each task is decided on as listed (the index holds the whole item) and written
 * under that version in one attempt: a task another write changed meanwhile is left to the next run,
 * which sees it as it now is. Idempotent: each step is recorded once on the task.
 */
export async function superviseCallbacks(deps: CallbackSupervisionDeps): Promise<CallbackSupervisionCounts> {
  const counts = noCallbackCounts();
  const { now, policy } = deps;
  const dueBefore = new Date(now.getTime() + policy.deadlineMinutes * 60_000);

  /** One task, one write: a failure is counted and logged, and the run goes on with the others. */
  const step = async (task: CallbackTask, decide: (current: CallbackTask) => Step | undefined) => {
    try {
      const written = await updateCallback(
        deps.callbacks,
        task,
        (current) => {
          const next = decide(current);
          return next ? { ok: true as const, ...next } : undefined;
        },
        { attempts: 1 },
      );
      if (written.outcome !== 'updated') return;
      for (const done of written.decision.steps) counts[COUNTER[done]]++;
    } catch (error) {
      counts.callbacksFailed++;
      logger.error('a callback task failed in the supervision run, the others go on', {
        taskId: task.taskId,
        error,
      });
    }
  };

  await eachPage(deps, counts, 'open', (cursor) =>
    deps.callbacks.listOpen({ limit: PAGE_SIZE, dueBefore, ...(cursor ? { cursor } : {}) }),
  ).each((task) => step(task, (current) => superviseCallbackTask(current, policy, now)));

  await eachPage(deps, counts, 'erase', (cursor) =>
    deps.callbacks.listEraseDue(now, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }),
  ).each((task) =>
    step(task, (current) => {
      const erased = eraseCallbackNumber(current, now);
      return erased ? { task: erased, steps: ['erased'] } : undefined;
    }),
  );
  return counts;
}

type Step = { task: CallbackTask; steps: readonly ('warned' | 'overdue' | 'erased')[] };

const COUNTER = {
  warned: 'callbacksWarned',
  overdue: 'callbacksOverdue',
  erased: 'callbackNumbersErased',
} as const satisfies Record<Step['steps'][number], keyof CallbackSupervisionCounts>;

/** The pages of one index partition, each worked through before the next is read. */
function eachPage(
  deps: CallbackSupervisionDeps,
  counts: CallbackSupervisionCounts,
  queue: 'open' | 'erase',
  read: (cursor: string | undefined) => Promise<CallbackPage>,
) {
  return {
    async each(work: (task: CallbackTask) => Promise<void>): Promise<void> {
      let cursor: string | undefined;
      do {
        if (deps.remainingMs && deps.remainingMs() < RESERVE_MS) {
          logger.warn('callback supervision stopped early, the next run continues', { queue });
          return;
        }
        let page: CallbackPage;
        try {
          page = await read(cursor);
        } catch (error) {
          // The index could not be read: this part stops, the cases and the other part go on.
          counts.callbacksFailed++;
          logger.error('a page of callback tasks could not be read', { queue, error });
          return;
        }
        await eachLimited(page.items, CONCURRENCY, work);
        cursor = page.nextCursor;
      } while (cursor);
    },
  };
}
