// Who may see which case, and how the core's refusals become HTTP: the case API's rules in one place.
import type { Case } from '../../shared/domain/index.js';
import type { Actor, RefusalCode } from '../../shared/domain/lifecycle/index.js';
import type { StaffClaims, StaffRole } from '../../shared/http/staff-claims.js';

/** Roles that read any case and any department's queue. Analysts read aggregates, not cases. */
const READ_ANY: readonly StaffRole[] = ['agent', 'dispatcher', 'supervisor'];

/**
 * May this caller see the case? A department sees the cases it leads (主办) and those it
 * co-handles (协办): a co-handler contributes to the reply, so it reads the case and its history,
 * but only the lead acts on it (the core enforces that).
 *
 * @example
 * mayReadCase({ sub: 'u-1', role: 'department', departmentId: 'water-group' }, kase) // true when it leads or co-handles
 */
export function mayReadCase(staff: StaffClaims, kase: Pick<Case, 'departmentId' | 'coHandlers'>): boolean {
  if (staff.role === 'department') {
    const own = staff.departmentId;
    return own !== undefined && (kase.departmentId === own || kase.coHandlers.includes(own));
  }
  return READ_ANY.includes(staff.role);
}

/** May this caller read that department's work queue? A department only its own. */
export function mayReadQueue(staff: StaffClaims, departmentId: string): boolean {
  if (staff.role === 'department') return staff.departmentId === departmentId;
  return READ_ANY.includes(staff.role);
}

/** The state machine's actor for a staff caller: the history records `role:sub@department`. */
export function actorOf(staff: StaffClaims): Actor {
  return staff.departmentId === undefined
    ? { role: staff.role, id: staff.sub }
    : { role: staff.role, id: staff.sub, departmentId: staff.departmentId };
}

/**
 * Each refusal's status, checked complete by the compiler. 409: the action does not fit the case as
 * it is now (retrying after the case changes may succeed). 422: the request itself is wrong.
 * 403: the role may not take it. (A department acting on a case it cannot see never reaches the
 * core: it gets the same 404 as for a case that does not exist.)
 */
export const REFUSAL_STATUS: Readonly<Record<RefusalCode, 403 | 409 | 422>> = {
  forbidden: 403,
  illegal_transition: 409,
  same_department: 409,
  deadline_passed: 409,
  extension_pending: 409,
  no_pending_extension: 409,
  paused: 409,
  not_paused: 409,
  already_rated: 409,
  sla_decided: 409,
  not_due: 409,
  already_done: 409,
  invalid_reason: 422,
  invalid_input: 422,
  invalid_rating: 422,
  unknown_department: 422,
  deadline_in_past: 422,
  deadline_not_later: 422,
  extension_beyond_policy: 422,
  invalid_merge: 422,
};
