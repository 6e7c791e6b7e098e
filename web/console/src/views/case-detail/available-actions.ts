import { ACTION_RULES } from '../../../../../shared/domain/lifecycle/action-rules';
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
>;

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
    return stateAllows(action, kase, viewer, now);
  });
}
