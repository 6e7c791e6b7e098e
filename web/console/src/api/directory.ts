import { request } from './http';

// The catalogue as pickers need it (any staff role), and its maintenance (admin, supervisor).

export interface Named {
  readonly code: string;
  readonly name: string;
}

export interface StaffDirectory {
  readonly departments: readonly { id: string; name: string }[];
  readonly categories: readonly Named[];
  readonly districts: readonly Named[];
  readonly types: readonly Named[];
}

let directory: Promise<StaffDirectory> | undefined;

/** Read once per session: the catalogue changes rarely, and every screen's pickers need it. */
export function staffDirectory(): Promise<StaffDirectory> {
  directory ??= request<StaffDirectory>('/v1/staff/directory').catch((error: unknown) => {
    directory = undefined;
    throw error;
  });
  return directory;
}

/** After an administrator's change: the next read fetches again. */
export function forgetDirectory(): void {
  directory = undefined;
}

export function adminDirectory(): Promise<unknown> {
  return request('/v1/admin/directory');
}

export function putDirectoryEntry(
  kind: 'departments' | 'categories' | 'districts' | 'rules',
  id: string,
  body: unknown,
): Promise<unknown> {
  forgetDirectory();
  return request(`/v1/admin/directory/${kind}/${encodeURIComponent(id)}`, { method: 'PUT', body });
}

export function deleteRule(ruleId: string): Promise<unknown> {
  forgetDirectory();
  return request(`/v1/admin/directory/rules/${encodeURIComponent(ruleId)}`, { method: 'DELETE' });
}

export function calendarYear(year: number): Promise<unknown> {
  return request(`/v1/admin/calendar/${year}`);
}

export function putCalendarYear(year: number, body: unknown): Promise<unknown> {
  return request(`/v1/admin/calendar/${year}`, { method: 'PUT', body });
}
