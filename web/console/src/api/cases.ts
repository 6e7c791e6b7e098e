import type { LifecycleAction } from '../../../../shared/domain/lifecycle/actions';
import { type Query, request } from './http';
import type { CaseSummary, Page, StaffCase } from './types';

// Cases: read one, act on one, search (DESIGN §9 and the console's additions, docs/staff-api.md).

export function getCase(caseId: string): Promise<StaffCase> {
  return request<StaffCase>(`/v1/cases/by-id/${encodeURIComponent(caseId)}`);
}

/**
 * One lifecycle action, conditioned on the version the user was looking at (`If-Match`): a case
 * someone else changed meanwhile answers 409 (ConflictError) instead of being overwritten.
 */
export function act(caseId: string, version: number, action: LifecycleAction): Promise<StaffCase> {
  return request<StaffCase>(`/v1/cases/by-id/${encodeURIComponent(caseId)}/actions`, {
    method: 'POST',
    body: action,
    ifMatch: `"${version}"`,
  });
}

export function searchCases(query: {
  trackingNo?: string;
  phone?: string;
}): Promise<{ items: CaseSummary[] }> {
  return request('/v1/cases/search', { query });
}

export function nearbyCases(district: string, category?: string): Promise<{ items: CaseSummary[] }> {
  return request('/v1/cases/nearby', { query: { district, category } });
}

export function departmentQueue(
  departmentId: string,
  query: Query & { cursor?: string; limit?: number; as?: 'co' },
): Promise<Page<CaseSummary>> {
  return request(`/v1/departments/${encodeURIComponent(departmentId)}/cases`, { query });
}
