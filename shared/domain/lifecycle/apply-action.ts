import type { Case, CaseStatus } from '../case.js';
import { type Actor, actorLabel, type LifecycleAction, type Refusal } from './actions.js';
import { fitsBudget } from './item-budget.js';
import { type LifecycleContext, TRANSITIONS, type Transition, type TransitionEffect } from './transitions.js';

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
 * An action whose case would pass the actor's item budget is refused (`case_too_large`): no number
 * of actions can grow a case to DynamoDB's item limit (see item-budget.ts).
 *
 * Checks run in this order so a department learns nothing about another department's case: the
 * role, then ownership, then the status, then the action's own guard.
 *
 * @example
 * const result = applyAction(kase, { action: 'acknowledge' },
 *   { role: 'department', id: 'u-17', departmentId: 'water-group' },
 *   { now: new Date('2026-11-23T01:00:00Z'), calendar });
 * if (result.ok) await store.update(result.case, kase.version); // or 'version_conflict' if another write came first
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
    return refused('invalid_input', `未知的操作：${String((action as { action: unknown }).action)}`);
  if (!transition.roles.includes(actor.role)) {
    return refused('forbidden', `角色 ${actor.role} 无权执行 ${action.action}`);
  }
  if (actor.role === 'department') {
    if (!actor.departmentId) return refused('forbidden', '承办单位用户须带有单位编号');
    if (transition.assignedDepartmentOnly && actor.departmentId !== kase.departmentId) {
      return refused('forbidden', '该工单不属于本单位');
    }
  }
  if (!transition.from.includes(kase.status)) {
    return refused('illegal_transition', `工单当前状态为 ${kase.status}，不能执行 ${action.action}`);
  }
  // The table is typed per action; `action` matches its own entry by construction.
  const guard = transition.guard as ((...args: unknown[]) => Refusal | undefined) | undefined;
  const refusal = guard?.(kase, action, actor, ctx);
  if (refusal) return { ok: false, refusal };
  const effect = (transition.effect as (...args: unknown[]) => TransitionEffect)(kase, action, actor, ctx);
  const status = nextStatus(kase.status, transition.to, effect);
  if (!status) return refused('illegal_transition', `${action.action} 产生了转换表之外的状态`);

  const next: Record<string, unknown> = { ...kase, ...effect.patch };
  for (const key of Object.keys(next)) if (next[key] === undefined) delete next[key];
  const entry = {
    at: ctx.now.toISOString(),
    actor: actorLabel(actor),
    action: action.action,
    ...(effect.note ? { note: effect.note } : {}),
  };
  const after: Case = {
    ...(next as Case),
    status,
    version: kase.version + 1,
    history: [...kase.history, entry],
  };
  if (!fitsBudget(after, actor.role)) {
    return refused(
      'case_too_large',
      actor.role === 'supervisor' || actor.role === 'system' || actor.role === 'citizen'
        ? '工单记录已达上限，不能再追加记录'
        : '工单记录已达上限，不能再追加操作；请联系督办人员处理（督办人员仍可办理或归档）',
    );
  }
  return { ok: true, case: after, uncoveredYears: effect.uncoveredYears ?? [] };
}

function nextStatus(
  current: CaseStatus,
  to: Transition<never>['to'],
  effect: TransitionEffect,
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
