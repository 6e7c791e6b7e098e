import { OPEN_STATUSES } from '../../../../../shared/domain/lifecycle/action-rules';
import type { CaseSummary } from '../../api/types';

/**
 * The cases a duplicate may join: open ones (not closed, not merged themselves), never itself,
 * each once, in the order the API gave (newest first for nearby).
 *
 * @example
 * mergeCandidates([{ caseId: 'a', status: 'dispatched' }, { caseId: 'b', status: 'closed' }], 'c') // [a]
 */
export function mergeCandidates<T extends Pick<CaseSummary, 'caseId' | 'status'>>(
  items: readonly T[],
  duplicateCaseId: string,
): T[] {
  const seen = new Set<string>([duplicateCaseId]);
  return items.filter((c) => {
    if (seen.has(c.caseId) || !OPEN_STATUSES.includes(c.status)) return false;
    seen.add(c.caseId);
    return true;
  });
}
