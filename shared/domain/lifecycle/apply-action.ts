import type { Case, CaseStatus } from '../case.js';
import { type Actor, actorLabel, type LifecycleAction, type Refusal } from './actions.js';
import { type Effect, type LifecycleContext, TRANSITIONS, type Transition } from './transitions.js';

export type ApplyResult =
  | {
      readonly ok: true;
      readonly case: Case;
      /** Years a new deadline reached into without calendar data (weekends only): alert the operator. */
      readonly uncoveredYears: readonly number[];
    }
  | { readonly ok: false; readonly refusal: Refusal };

function refused(code: Refusal['code'], message: string): ApplyResult {
  return { ok: false, refusal: { code, message } };
}

/**
 * The state machine's one entry point: the case after `action` by `actor`, or why it was refused.
 * Pure: the time, calendar and directory come in `ctx`; the input case is never mutated. A refusal
 * is a value, never an exception, and means nothing changed. An accepted action bumps `version` by
 * one and appends one history entry; the caller writes the case with a condition on the old version.
 *
 * Checks run in this order so a department learns nothing about another department's case: the
 * role, then ownership, then the status, then the action's own guard.
 *
 * @example
 * const result = applyAction(kase, { action: 'acknowledge' },
 *   { role: 'department', id: 'u-17', departmentId: 'water-group' },
 *   { now: new Date('2026-11-23T01:00:00Z'), calendar });
 * if (result.ok) await store.put(result.case, { expectedVersion: kase.version });
 * else console.log(result.refusal.code); // e.g. 'forbidden', 'illegal_transition'
 */
export function applyAction(
  kase: Case,
  action: LifecycleAction,
  actor: Actor,
  ctx: LifecycleContext,
): ApplyResult {
  const transition = TRANSITIONS[action.action] as Transition<typeof action.action> | undefined;
  if (!transition)
    return refused('invalid_input', `unknown action ${String((action as { action: unknown }).action)}`);
  if (!transition.roles.includes(actor.role)) {
    return refused('forbidden', `${actor.role} may not ${action.action}`);
  }
  if (actor.role === 'department') {
    if (!actor.departmentId) return refused('forbidden', 'a department user carries a departmentId');
    if (transition.assignedDepartmentOnly && actor.departmentId !== kase.departmentId) {
      return refused('forbidden', 'the case is not assigned to this department');
    }
  }
  if (!transition.from.includes(kase.status)) {
    return refused('illegal_transition', `cannot ${action.action} a case that is ${kase.status}`);
  }
  // The table is typed per action; `action` matches its own entry by construction.
  const guard = transition.guard as ((...args: unknown[]) => Refusal | undefined) | undefined;
  const refusal = guard?.(kase, action, actor, ctx);
  if (refusal) return { ok: false, refusal };
  const effect = (transition.effect as (...args: unknown[]) => Effect)(kase, action, actor, ctx);
  const status = nextStatus(kase.status, transition.to, effect);
  if (!status) return refused('illegal_transition', `${action.action} chose a status outside its table row`);

  const next: Record<string, unknown> = { ...kase, ...effect.patch };
  for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
  const entry = {
    at: ctx.now.toISOString(),
    actor: actorLabel(actor),
    action: action.action,
    ...(effect.note ? { note: effect.note } : {}),
  };
  return {
    ok: true,
    case: { ...(next as Case), status, version: kase.version + 1, history: [...kase.history, entry] },
    uncoveredYears: effect.uncoveredYears ?? [],
  };
}

function nextStatus(
  current: CaseStatus,
  to: Transition<never>['to'],
  effect: Effect,
): CaseStatus | undefined {
  if (to === 'same') return current;
  if (typeof to === 'string') return to;
  const chosen = effect.patch.status;
  return chosen && to.includes(chosen) ? chosen : undefined;
}

/** The actions a role may ever take, from the table: for menus and API documentation. */
export function actionsFor(role: Actor['role']): LifecycleAction['action'][] {
  return (Object.keys(TRANSITIONS) as LifecycleAction['action'][]).filter((name) =>
    TRANSITIONS[name].roles.includes(role),
  );
}
