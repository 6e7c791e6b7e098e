// Who may see a disclosure case at the desk: case-api's rule (functions/case-api/access.ts), and the
// reviewers (审核人), whose work is every body's drafts.
import type { Case } from '../../shared/domain/index.js';
import type { StaffClaims } from '../../shared/http/staff-claims.js';
import { mayReadCase } from '../case-api/access.js';

/**
 * @example
 * mayReadDisclosureCase({ sub: 'u-9', role: 'reviewer' }, kase) // true for a disclosure case
 */
export function mayReadDisclosureCase(
  staff: StaffClaims,
  kase: Pick<Case, 'type' | 'departmentId' | 'coHandlers'>,
): boolean {
  if (staff.role === 'reviewer') return kase.type === 'disclosure';
  return mayReadCase(staff, kase);
}
