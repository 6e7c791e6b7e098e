// One versioned write of a case: read → decide (the core) → conditional write → re-read on a conflict.
import type { Case } from '../domain/index.js';
import type { CaseWorkStore } from './case-store.js';

/** What a versioned write needs of a store: a consistent read and a write under a version. */
export type VersionedCaseStore = Pick<CaseWorkStore, 'getById' | 'update'>;

/**
 * The core's answer for the case as read: the case to write (with whatever else the decision
 * carries, such as `uncoveredYears` or the supervision steps) or a typed refusal. `undefined` says
 * there is nothing to write (already done).
 */
export type CaseDecision<R = unknown> =
  | { readonly ok: true; readonly case: Case }
  | { readonly ok: false; readonly refusal: R };

type Accepted<D> = Extract<D, { readonly ok: true }>;
type RefusalOf<D> = Extract<D, { readonly ok: false }> extends { readonly refusal: infer R } ? R : never;

/**
 * `updated`: written, with the decision that was; `refused`: the core refused the case as it was
 * read (`current`); `unchanged`: nothing to write; `missing`: no such case; `conflict`: other writes
 * landed first on every attempt (`current` is the last version seen, when the store returned it).
 */
export type UpdateCaseResult<D extends CaseDecision> =
  | { readonly outcome: 'updated'; readonly case: Case; readonly decision: Accepted<D> }
  | { readonly outcome: 'refused'; readonly refusal: RefusalOf<D>; readonly current: Case }
  | { readonly outcome: 'unchanged'; readonly current: Case }
  | { readonly outcome: 'missing' }
  | { readonly outcome: 'conflict'; readonly current: Case | undefined };

export interface UpdateCaseOptions {
  /** Writes tried before giving up with `conflict`; 1 means no retry. */
  readonly attempts: number;
}

/**
 * Applies `decide` to the case and writes the result under the version it was read at. On a version
 * conflict the case is read again (from the losing write's answer, else consistently) and decided
 * again, up to `attempts` writes. A case already in hand is not read first; after the last conflict
 * nothing is read again. Errors from the store or from `decide` propagate. The one place this loop
 * is written: each caller keeps its own attempts and its own reaction (log, throw, HTTP).
 *
 * @example
 * const result = await updateCase(cases, master, (c) => applyAction(c, link, actor, ctx), { attempts: 3 });
 * if (result.outcome === 'refused') logger.warn('the master case refused the merge link', { … });
 */
export async function updateCase<D extends CaseDecision>(
  store: VersionedCaseStore,
  target: string | Case,
  decide: (current: Case) => D | undefined,
  options: UpdateCaseOptions,
): Promise<UpdateCaseResult<D>> {
  const caseId = typeof target === 'string' ? target : target.caseId;
  let current = typeof target === 'string' ? await store.getById(target) : target;
  for (let attempt = 1; ; attempt++) {
    if (!current) return { outcome: 'missing' };
    const decision = decide(current);
    if (decision === undefined) return { outcome: 'unchanged', current };
    if (!decision.ok) {
      return { outcome: 'refused', refusal: decision.refusal as RefusalOf<D>, current };
    }
    const written = await store.update(decision.case, current.version);
    if (written.outcome === 'updated') {
      return { outcome: 'updated', case: decision.case, decision: decision as Accepted<D> };
    }
    if (attempt >= options.attempts) return { outcome: 'conflict', current: written.current };
    current = written.current ?? (await store.getById(caseId));
  }
}
