// Who may see which case: the case API's rules in one place (refusals become HTTP in shared/http).
import type { Case } from '../../shared/domain/index.js';
import type { Actor } from '../../shared/domain/lifecycle/index.js';
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
export function mayReadCase(
  staff: StaffClaims,
  kase: Pick<Case, 'departmentId' | 'coHandlers' | 'type' | 'disclosure'>,
): boolean {
  // 审核人: a disclosure request's reviewer reads the requests (to send a draft back, 审核); nothing else.
  if (staff.role === 'reviewer') return kase.type === 'disclosure' && kase.disclosure !== undefined;
  if (staff.role === 'department') {
    const own = staff.departmentId;
    return own !== undefined && (kase.departmentId === own || kase.coHandlers.includes(own));
  }
  return READ_ANY.includes(staff.role);
}

/** The state machine's actor for a staff caller: the history records `role:sub@department`. */
export function actorOf(staff: StaffClaims): Actor {
  return staff.departmentId === undefined
    ? { role: staff.role, id: staff.sub }
    : { role: staff.role, id: staff.sub, departmentId: staff.departmentId };
}
