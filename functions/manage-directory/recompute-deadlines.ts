// 重算期限: after a holiday calendar year is put, the open cases whose stored deadlines reach that
// year are counted again (the core's `recompute_deadline`), each with one versioned write.
import type { CaseWorkStore } from '../../shared/adapters/case-store.js';
import { updateCase } from '../../shared/adapters/update-case.js';
import { type Actor, applyAction, OPEN_SHARDS, type RefusalCode } from '../../shared/domain/index.js';
import type { WorkingCalendar } from '../../shared/domain/working-days.js';
import { eachLimited } from '../../shared/each-limited.js';
import { logger } from '../../shared/logger.js';

/**
 * The bound on the work, inside API Gateway's 30 s: a city has at most some thousands of open cases,
 * and only those with a deadline in the year put are read (one query per shard, the sparse index,
 * filtered by DynamoDB), then each is read and written once (twice or three times on a conflict).
 * At this concurrency a thousand cases take a few seconds; past the time left the rest are counted
 * as failed and named, the answer says `complete: false`, and the next PUT of the year retries them.
 */
const CONCURRENCY = 16;
/** Index page size (before the filter: the whole shard is read, a page at a time). */
const PAGE_SIZE = 1000;
/** No new case is started with less time than this left before the function's timeout. */
const RESERVE_MS = 3_000;
/** Writes tried per case: another write (a department, the supervision job) may land first. */
const ATTEMPTS = 3;
/** At most this many failed case ids in the answer (all are logged, and kept for the next PUT). */
const FAILED_IDS_SHOWN = 100;

/** The actor the history records: the calendar change, not the member of staff who made it. */
export const CALENDAR_ACTOR: Actor = { role: 'system', id: 'holiday-calendar' };

/** Refusals that mean the case needs nothing: already right, decided, or finished. */
const NOTHING_TO_DO: readonly RefusalCode[] = ['unchanged', 'sla_decided', 'illegal_transition'];

/** The ports: the cases (the index and the versioned write), the clock, the time left. */
export interface RecomputeDeps {
  readonly cases: Pick<CaseWorkStore, 'getById' | 'update'> & {
    listOpenWithDeadlineFrom(
      shard: string,
      from: Date,
      page: { limit: number; startKey?: Record<string, unknown> },
    ): Promise<{ caseIds: string[]; nextKey?: Record<string, unknown> }>;
  };
  readonly now: Date;
  /** Milliseconds left before the function times out; unbounded when absent. */
  readonly remainingMs?: () => number;
}

/** The PUT's answer about the cases (`recomputed`). */
export interface RecomputeCounts {
  /** Open cases with a deadline in the year: each read once at least. */
  examined: number;
  /** Written with the new deadlines and a history entry. */
  changed: number;
  /** Nothing to move (or decided, or finished since the index was read). */
  unchanged: number;
  /** Not written: a conflict on every attempt, an error, or no time left. Named in `failedCaseIds`. */
  failed: number;
  /** False when the time ran out before every case was tried. */
  complete: boolean;
  failedCaseIds: string[];
}

/** The first instant of a year in Asia/Shanghai: a deadline before it counts no day of the year. */
export function startOfShanghaiYear(year: number): Date {
  return new Date(`${year}-01-01T00:00:00+08:00`);
}

/**
 * The ids of the open cases with a stored deadline on or after the start of `year`, from every
 * shard of the by-open-deadline index. Read before the calendar is written, so a failure here
 * leaves nothing half done and the PUT can simply be retried.
 */
export async function casesReaching(deps: Pick<RecomputeDeps, 'cases'>, year: number): Promise<string[]> {
  const from = startOfShanghaiYear(year);
  const shards = Array.from({ length: OPEN_SHARDS }, (_, i) => `OPEN#${i}`);
  const perShard = await Promise.all(
    shards.map(async (shard) => {
      const ids: string[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await deps.cases.listOpenWithDeadlineFrom(shard, from, {
          limit: PAGE_SIZE,
          ...(startKey ? { startKey } : {}),
        });
        ids.push(...page.caseIds);
        startKey = page.nextKey;
      } while (startKey);
      return ids;
    }),
  );
  return [...new Set(perShard.flat())];
}

/**
 * `recompute_deadline` on each case, `before` being the calendar its deadlines were counted under
 * and `after` the one with the year put. Idempotent: a case already right is refused `unchanged` by
 * the core and not written, so a second PUT of the same year changes nothing. One case's failure
 * never stops the others.
 *
 * @example
 * const ids = await casesReaching({ cases }, 2027);
 * await directory.put({ kind: 'calendar', value: y2027 });
 * await recomputeDeadlines({ cases, now: new Date() }, ids, 2027, before, after);
 * // → { examined: 12, changed: 9, unchanged: 3, failed: 0, complete: true, failedCaseIds: [] }
 */
export async function recomputeDeadlines(
  deps: RecomputeDeps,
  caseIds: readonly string[],
  year: number,
  before: WorkingCalendar,
  after: WorkingCalendar,
): Promise<RecomputeCounts> {
  const counts: RecomputeCounts = {
    examined: 0,
    changed: 0,
    unchanged: 0,
    failed: 0,
    complete: true,
    failedCaseIds: [],
  };
  const failed: string[] = [];
  const ctx = { now: deps.now, calendar: after, previousCalendar: before };
  const action = { action: 'recompute_deadline' as const, year };

  await eachLimited(caseIds, CONCURRENCY, async (caseId) => {
    if (deps.remainingMs && deps.remainingMs() < RESERVE_MS) {
      counts.complete = false;
      failed.push(caseId);
      return;
    }
    counts.examined++;
    try {
      const result = await updateCase(
        deps.cases,
        caseId,
        (kase) => applyAction(kase, action, CALENDAR_ACTOR, ctx),
        { attempts: ATTEMPTS },
      );
      if (result.outcome === 'updated') counts.changed++;
      else if (result.outcome === 'missing' || result.outcome === 'unchanged') counts.unchanged++;
      else if (result.outcome === 'refused' && NOTHING_TO_DO.includes(result.refusal.code))
        counts.unchanged++;
      else {
        failed.push(caseId);
        logger.warn('a case was not recomputed', {
          caseId,
          outcome: result.outcome,
          ...(result.outcome === 'refused' ? { refusal: result.refusal.code } : {}),
        });
      }
    } catch (error) {
      failed.push(caseId);
      logger.error('a case failed in the deadline recompute, the others go on', { caseId, error });
    }
  });
  counts.failed = failed.length;
  counts.failedCaseIds = failed;
  if (failed.length > 0) logger.warn('cases whose deadlines were not recomputed', { year, caseIds: failed });
  return counts;
}

/** The counts of several runs as one answer, with at most FAILED_IDS_SHOWN of the failed ids. */
export function sumCounts(parts: readonly RecomputeCounts[]): RecomputeCounts {
  return {
    examined: parts.reduce((n, p) => n + p.examined, 0),
    changed: parts.reduce((n, p) => n + p.changed, 0),
    unchanged: parts.reduce((n, p) => n + p.unchanged, 0),
    failed: parts.reduce((n, p) => n + p.failed, 0),
    complete: parts.every((p) => p.complete),
    failedCaseIds: parts.flatMap((p) => p.failedCaseIds).slice(0, FAILED_IDS_SHOWN),
  };
}
