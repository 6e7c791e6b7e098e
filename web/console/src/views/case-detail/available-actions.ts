import { ACTION_RULES, DISCLOSURE_ACTION_NAMES } from '../../../../../shared/domain/lifecycle/action-rules';
import type { ActionName } from '../../../../../shared/domain/lifecycle/actions';
import type { StaffRole } from '../../../../../shared/domain/staff-roles';
import type { StaffCase } from '../../api/types';

// Which actions the signed-in user is offered on a case: the transition table's who-and-from
// (action-rules.ts, the same rows the API enforces), narrowed by the state a guard would refuse
// anyway (paused, an extension pending, a correction open), so a button is never a sure refusal.
// The API still decides: this only keeps what a role may not do off the screen.

export interface Viewer {
  readonly role: StaffRole;
  readonly departmentId?: string;
}

export type ActionCase = Pick<
  StaffCase,
  'status' | 'departmentId' | 'pausedSince' | 'pendingExtension' | 'correction'
> &
  Partial<Pick<StaffCase, 'type' | 'disclosure'>>;

/** The 依申请公开 actions: offered on a disclosure request only. */
const DISCLOSURE_ACTIONS: ReadonlySet<ActionName> = new Set(DISCLOSURE_ACTION_NAMES);

/**
 * A disclosure request's own state (disclosure/case-fields.ts): registered first; a third party's
 * opinion only while one is awaited; a redraft until approval; 审核 only for a draft not yet approved; 复议诉讼 after the reply.
 * A disclosure request is answered by 审核 with its 答复书, never by 办结 (no satisfaction loop);
 * 登记 stands for 签收; 补正 is asked once, after 登记.
 */
function disclosureAllows(action: ActionName, kase: ActionCase): boolean {
  const file = kase.disclosure;
  const isRequest = kase.type === 'disclosure' && file !== undefined;
  const accepted = isRequest && file.registration?.decision === 'accept';
  if (!DISCLOSURE_ACTIONS.has(action)) {
    if (!isRequest) return true;
    // 登记 is the office's acceptance (no 签收), and 补正 goes once, on a registered request (第三十条).
    if (action === 'complete' || action === 'acknowledge') return false;
    // Its clock stops only for a 补正 (第三十条) or a third party's opinion (第三十二条), each its own action.
    if (action === 'pause') return false;
    if (action === 'request_correction') return accepted && kase.correction === undefined;
    return true;
  }
  if (!isRequest) return false;
  const paused = kase.pausedSince !== undefined;
  // A draft the reviewer sent back (returnedAt) waits for the handler's next revision, not for 审核.
  const awaitingApproval =
    file.draft !== undefined &&
    file.draft.returnedAt === undefined &&
    !(file.approval && file.approval.revision === file.draft.revision);
  switch (action) {
    case 'register':
      return file.registration === undefined;
    case 'assign_responsible':
      return accepted;
    case 'consult_third_party':
      return accepted && !paused && !file.draft;
    case 'record_third_party_opinion':
      return (file.thirdParties ?? []).some((t) => !t.answeredAt);
    case 'draft_reply':
      return accepted && !paused;
    case 'approve_reply':
      // The reply leaves with the clock running: a paused request is resumed first.
      return accepted && awaitingApproval && !paused;
    case 'reject_reply':
      return accepted && awaitingApproval;
    case 'record_review':
      return file.letter !== undefined || file.outcome !== undefined;
    default:
      return true;
  }
}

/** What a guard in transitions.ts would refuse in this state, for the actions the console offers. */
function stateAllows(action: ActionName, kase: ActionCase, viewer: Viewer, now: Date): boolean {
  const paused = kase.pausedSince !== undefined;
  const correctionOpen = kase.correction !== undefined && !kase.correction.answeredAt;
  switch (action) {
    case 'pause':
      return !paused;
    case 'request_correction':
      return !paused && !correctionOpen;
    case 'resume':
      // A department waits for the citizen's answer to its 补正; a supervisor may resume anyway.
      return paused && !(correctionOpen && viewer.role !== 'supervisor');
    case 'return':
    case 'complete':
      return !paused;
    case 'request_extension':
      return !kase.pendingExtension;
    case 'dispatch':
      // A returned case is redispatched (改派) by a dispatcher; an agent, who may not redispatch,
      // dispatches it again.
      return kase.status !== 'returned' || viewer.role === 'agent';
    case 'approve_extension':
    case 'reject_extension':
      return kase.pendingExtension !== undefined;
    case 'answer_correction':
      // An agent records the citizen's answer given on the phone, while the 补正 waits for one.
      return correctionOpen;
    case 'close_uncorrected':
      // The core refuses it until the citizen's time to answer has passed (not_due).
      return correctionOpen && new Date(kase.correction?.dueAt ?? '').getTime() < now.getTime();
    default:
      return true;
  }
}

/**
 * The actions of `offered` (the console's registered ones, in their order) this viewer may take on
 * the case at `now` (a 补正's period decides 未补正归档).
 *
 * @example
 * actionsFor({ status: 'dispatched', departmentId: 'water' }, { role: 'department', departmentId: 'water' }, ['acknowledge', 'complete'])
 * // ['acknowledge']
 */
export function actionsFor(
  kase: ActionCase,
  viewer: Viewer,
  offered: readonly ActionName[],
  now: Date = new Date(),
): ActionName[] {
  return offered.filter((action) => {
    const rule = ACTION_RULES[action];
    if (!rule.roles.includes(viewer.role) || !rule.from.includes(kase.status)) return false;
    // Only the lead department (主办) acts; a co-handler (协办) reads.
    if (rule.assignedDepartmentOnly && viewer.role === 'department') {
      if (!viewer.departmentId || kase.departmentId !== viewer.departmentId) return false;
    }
    return disclosureAllows(action, kase) && stateAllows(action, kase, viewer, now);
  });
}
