// One versioned write of a callback task: read → decide (the core) → conditional write → re-read on a
// conflict. The callback desk and the supervision both write through it, as cases go through update-case.
import type { CallbackRefusal, CallbackTask } from '../domain/callbacks/index.js';
import type { CallbackStore } from './callback-store.js';

/** The core's answer for the task as read: the task to write (with what else it carries), or a refusal. */
export type CallbackWriteDecision =
  | { readonly ok: true; readonly task: CallbackTask }
  | { readonly ok: false; readonly refusal: CallbackRefusal };

type Accepted<D> = Extract<D, { readonly ok: true }>;

/**
 * `updated`: written, `task` as stored (its version one up); `refused`: the core refused the task as
 * read (`current`); `unchanged`: nothing to write; `missing`: no such task; `conflict`: other writes
 * landed first on every attempt.
 */
export type UpdateCallbackResult<D extends CallbackWriteDecision> =
  | { readonly outcome: 'updated'; readonly task: CallbackTask; readonly decision: Accepted<D> }
  | { readonly outcome: 'refused'; readonly refusal: CallbackRefusal; readonly current: CallbackTask }
  | { readonly outcome: 'unchanged'; readonly current: CallbackTask }
  | { readonly outcome: 'missing' }
  | { readonly outcome: 'conflict' };

/**
 * Applies `decide` to the task and writes the result under the version it was read at. On a conflict
 * the task is read again (consistently) and decided again, up to `attempts` writes. A task already in
 * hand is not read first. Errors from the store or from `decide` propagate.
 *
 * @example
 * const result = await updateCallback(store, taskId, (t) => takeCallbackTask(t, agent, policy, now), { attempts: 2 });
 * if (result.outcome === 'refused') throw refusalError(result.refusal);
 */
export async function updateCallback<D extends CallbackWriteDecision>(
  store: Pick<CallbackStore, 'get' | 'update'>,
  target: string | CallbackTask,
  decide: (current: CallbackTask) => D | undefined,
  options: { readonly attempts: number },
): Promise<UpdateCallbackResult<D>> {
  const taskId = typeof target === 'string' ? target : target.taskId;
  let current = typeof target === 'string' ? await store.get(target) : target;
  for (let attempt = 1; ; attempt++) {
    if (!current) return { outcome: 'missing' };
    const decision = decide(current);
    if (decision === undefined) return { outcome: 'unchanged', current };
    if (!decision.ok) return { outcome: 'refused', refusal: decision.refusal, current };
    const written = await store.update(decision.task, current.version);
    if (written === 'updated') {
      return {
        outcome: 'updated',
        task: { ...decision.task, version: current.version + 1 },
        decision: decision as Accepted<D>,
      };
    }
    if (attempt >= options.attempts) return { outcome: 'conflict' };
    current = await store.get(taskId);
  }
}
