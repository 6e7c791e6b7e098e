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

/** The 依申请公开 actions (disclosure/transitions.ts): taken on a disclosure request only. */
export const DISCLOSURE_ACTION_NAMES = [
  'register',
  'assign_responsible',
  'consult_third_party',
  'record_third_party_opinion',
  'draft_reply',
  'approve_reply',
  'reject_reply',
  'record_review',
] as const satisfies readonly ActionName[];

/** One action's row of the table: where it may start, where it leads, who may take it. */
export interface ActionRule {
  /**
   * Statuses the action may be taken from. Terminal statuses (closed, merged) appear only in the
   * rows of what an archived case may still record (record_review, legal_hold), never to change it.
   */
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
  // 未补正; on a disclosure request the system takes it once the period passed (第三十条 视为放弃申请).
  close_uncorrected: { from: UNFINISHED_STATUSES, to: 'closed', roles: ['supervisor', 'system'] },
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
  // 依申请公开 (《政府信息公开条例》; the guards and effects are in disclosure/transitions.ts).
  // 登记: accepted as a request (stays acknowledged), passed on as another case type, or answered and closed.
  register: {
    from: ['dispatched', 'acknowledged'],
    to: ['acknowledged', 'closed'],
    roles: ['department', 'supervisor'],
    assignedDepartmentOnly: true,
  },
  // 专人负责
  assign_responsible: {
    from: OPEN_STATUSES,
    to: 'same',
    roles: ['department', 'supervisor'],
    assignedDepartmentOnly: true,
  },
  // 征求第三方意见 (第三十二条): the clock pauses while the third party answers, at most 15 working days.
  consult_third_party: {
    from: ['acknowledged'],
    to: 'same',
    roles: ['department', 'supervisor'],
    assignedDepartmentOnly: true,
  },
  record_third_party_opinion: {
    from: ['acknowledged'],
    to: 'same',
    roles: ['department', 'supervisor', 'system'],
    assignedDepartmentOnly: true,
  },
  // 拟稿
  draft_reply: { from: ['acknowledged'], to: 'same', roles: ['department'], assignedDepartmentOnly: true },
  // 审核 (two-person rule) and 答复: the reply is sent with its letter and the case closes; no rating.
  approve_reply: { from: ['acknowledged'], to: 'closed', roles: ['reviewer', 'supervisor'] },
  reject_reply: { from: ['acknowledged'], to: 'same', roles: ['reviewer', 'supervisor'] },
  // 行政复议 / 行政诉讼 are filed after the reply, so they are recorded on the closed case: the one
  // action a terminal status allows, and it only adds a record (the dossier gains a link).
  record_review: {
    from: ['closed'],
    to: 'same',
    roles: ['department', 'supervisor'],
    assignedDepartmentOnly: true,
  },
  // 法律保全: a supervisor sets or lifts a legal hold on an archived case's dossier (closed, or merged:
  // a merged case is archived too). It records and changes nothing of the case's handling; the
  // archive projector applies it to the dossier's objects in S3 (functions/project-case-events).
  legal_hold: { from: TERMINAL_STATUSES, to: 'same', roles: ['supervisor'] },
  // 预警
  warn: { from: UNFINISHED_STATUSES, to: 'same', roles: ['system'] },
  // 催办
  remind: { from: UNFINISHED_STATUSES, to: 'same', roles: ['system', 'supervisor'] },
  // 逾期
  mark_overdue: { from: UNFINISHED_STATUSES, to: 'same', roles: ['system'] },
  // 重算期限: only while the deadline still runs (completed, closed and merged cases keep theirs).
  recompute_deadline: { from: UNFINISHED_STATUSES, to: 'same', roles: ['system'] },
};
