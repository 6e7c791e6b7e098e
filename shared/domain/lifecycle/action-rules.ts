// Who may take each lifecycle action from which status, without zod: the transition table
// (transitions.ts) takes these rows as its own, and the console reads them to show only the actions
// a role may take (its bundle must not carry the parser). Type-only imports below.
import type { CaseStatus } from '../case.js';
import type { ActionName, Role } from './actions.js';

/** Not yet completed: the deadline is still running for these. */
export const UNFINISHED_STATUSES: readonly CaseStatus[] = [
  'received',
  'pending_dispatch',
  'dispatched',
  'acknowledged',
  'returned',
  'reopened',
];
/** Everything but closed and merged, which never change again. */
export const OPEN_STATUSES: readonly CaseStatus[] = [...UNFINISHED_STATUSES, 'completed', 'dissatisfied'];
export const TERMINAL_STATUSES: readonly CaseStatus[] = ['closed', 'merged'];

/** One action's row of the table: where it may start, where it leads, who may take it. */
export interface ActionRule {
  /** Statuses the action may be taken from. Terminal statuses (closed, merged) appear in none. */
  readonly from: readonly CaseStatus[];
  /** The status after it; `same` keeps the status; a list means the effect chooses one of them. */
  readonly to: CaseStatus | 'same' | readonly CaseStatus[];
  readonly roles: readonly Role[];
  /** A department actor must be the case's lead department (主办). */
  readonly assignedDepartmentOnly?: boolean;
}

const STAFF_DISPATCH: readonly Role[] = ['agent', 'dispatcher', 'system'];
const MERGERS: readonly Role[] = ['agent', 'dispatcher', 'supervisor', 'system'];

/**
 * DESIGN §5's who-and-from for every action. The guards and effects (what else must hold, what
 * changes) stay in transitions.ts, which spreads each row into its entry.
 *
 * @example
 * ACTION_RULES.acknowledge // { from: ['dispatched', 'reopened'], to: 'acknowledged', roles: ['department'], … }
 */
export const ACTION_RULES: { readonly [N in ActionName]: ActionRule } = {
  // 派单
  dispatch: { from: ['received', 'pending_dispatch', 'returned'], to: 'dispatched', roles: STAFF_DISPATCH },
  // 改派
  redispatch: {
    from: ['dispatched', 'acknowledged', 'returned', 'reopened'],
    to: 'dispatched',
    roles: ['dispatcher', 'supervisor', 'system'],
  },
  // 签收
  acknowledge: {
    from: ['dispatched', 'reopened'],
    to: 'acknowledged',
    roles: ['department'],
    assignedDepartmentOnly: true,
  },
  // 退单
  return: {
    from: ['dispatched', 'acknowledged', 'reopened'],
    to: 'returned',
    roles: ['department'],
    assignedDepartmentOnly: true,
  },
  // 延期申请
  request_extension: {
    from: ['acknowledged'],
    to: 'same',
    roles: ['department'],
    assignedDepartmentOnly: true,
  },
  // 延期审批
  approve_extension: { from: ['acknowledged'], to: 'same', roles: ['supervisor'] },
  reject_extension: { from: ['acknowledged'], to: 'same', roles: ['supervisor'] },
  // 中止计时
  pause: {
    from: ['dispatched', 'acknowledged', 'reopened'],
    to: 'same',
    roles: ['department', 'supervisor'],
    assignedDepartmentOnly: true,
  },
  // 恢复计时
  resume: {
    from: ['dispatched', 'acknowledged', 'reopened', 'returned'],
    to: 'same',
    roles: ['department', 'supervisor', 'system'],
    assignedDepartmentOnly: true,
  },
  // 补正
  request_correction: {
    from: ['dispatched', 'acknowledged', 'reopened'],
    to: 'same',
    roles: ['department', 'supervisor'],
    assignedDepartmentOnly: true,
  },
  // 补正答复
  answer_correction: {
    from: ['dispatched', 'acknowledged', 'reopened', 'returned'],
    to: 'same',
    roles: ['citizen', 'agent'],
  },
  // 未补正
  close_uncorrected: { from: UNFINISHED_STATUSES, to: 'closed', roles: ['supervisor'] },
  // 办结
  complete: { from: ['acknowledged'], to: 'completed', roles: ['department'], assignedDepartmentOnly: true },
  // 回访
  rate: { from: ['completed'], to: ['closed', 'dissatisfied'], roles: ['citizen', 'agent', 'system'] },
  // 电话回访
  record_follow_up_call: {
    from: ['completed'],
    to: ['completed', 'closed', 'dissatisfied'],
    roles: ['agent', 'supervisor'],
  },
  // 重办
  reopen: { from: ['dissatisfied', 'completed'], to: 'reopened', roles: ['supervisor'] },
  // 归档
  close: { from: OPEN_STATUSES, to: 'closed', roles: ['supervisor', 'system'] },
  // 并单
  merge: { from: ['received', 'pending_dispatch', 'dispatched', 'returned'], to: 'merged', roles: MERGERS },
  link_duplicate: { from: OPEN_STATUSES, to: 'same', roles: MERGERS },
  // 预警
  warn: { from: UNFINISHED_STATUSES, to: 'same', roles: ['system'] },
  // 催办
  remind: { from: UNFINISHED_STATUSES, to: 'same', roles: ['system', 'supervisor'] },
  // 逾期
  mark_overdue: { from: UNFINISHED_STATUSES, to: 'same', roles: ['system'] },
};
