import { request } from './http';
import type { CaseSummary, Page } from './types';

// 派单: the dispatchers' queue and the catalogue's suggestions for one case.

export interface DispatchSummary extends CaseSummary {
  /** For a returned case: the department's return entry (reason code in `note`, actor, time). */
  readonly returned?: { at: string; actor: string; action: string; note?: string };
}

export interface RoutingSuggestion {
  readonly departmentId: string;
  readonly departmentName: string;
  readonly coHandlers: readonly { departmentId: string; departmentName: string }[];
  readonly ruleId: string;
  readonly priority: number;
}

export function dispatchQueue(
  query: { cursor?: string; limit?: number } = {},
): Promise<Page<DispatchSummary>> {
  return request('/v1/dispatch/cases', { query });
}

export function routingOf(caseId: string): Promise<{ suggestions: RoutingSuggestion[] }> {
  return request(`/v1/cases/by-id/${encodeURIComponent(caseId)}/routing`);
}
