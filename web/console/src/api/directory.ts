import type { CalendarYear } from '../../../../shared/domain/calendar/calendar-year';
import type {
  Category,
  Department,
  District,
  HotlineLine,
  RoutingRule,
} from '../../../../shared/domain/directory';
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

/** The catalogue as the admin API lists it (GET /v1/admin/directory). */
export interface AdminDirectory {
  readonly departments: readonly Department[];
  readonly categories: readonly Category[];
  readonly districts: readonly District[];
  readonly rules: readonly (RoutingRule & { readonly ruleId: string })[];
  /** The hotline lines (热线线路): 12345 itself and the hotlines merged into it. */
  readonly lines: readonly HotlineLine[];
  /** The years the holiday calendar holds. */
  readonly calendarYears: readonly number[];
}

export type { CalendarYear, Category, Department, District, HotlineLine, RoutingRule };

export function adminDirectory(): Promise<AdminDirectory> {
  return request<AdminDirectory>('/v1/admin/directory');
}

/** PUT of one entry; the pickers of every screen read the changed catalogue on their next load. */
export async function putDirectoryEntry(
  kind: 'departments' | 'categories' | 'districts' | 'rules' | 'lines',
  id: string,
  body: unknown,
): Promise<unknown> {
  forgetDirectory();
  const saved = await request(`/v1/admin/directory/${kind}/${encodeURIComponent(id)}`, {
    method: 'PUT',
    body,
  });
  // Again after the write: a picker that read during the request holds the old catalogue.
  forgetDirectory();
  return saved;
}

export async function deleteRule(ruleId: string): Promise<void> {
  forgetDirectory();
  await request(`/v1/admin/directory/rules/${encodeURIComponent(ruleId)}`, { method: 'DELETE' });
  forgetDirectory();
}

/** 404 `line_not_found` when no line has the code; the line's counted calls stay in the metrics. */
export async function deleteLine(code: string): Promise<void> {
  forgetDirectory();
  await request(`/v1/admin/directory/lines/${encodeURIComponent(code)}`, { method: 'DELETE' });
  forgetDirectory();
}

/** A stored year of the holiday calendar; 404 `calendar_not_found` when none was entered. */
export function calendarYear(year: number): Promise<CalendarYear> {
  return request<CalendarYear>(`/v1/admin/calendar/${year}`);
}

export function putCalendarYear(year: number, body: CalendarYear): Promise<CalendarYear> {
  return request<CalendarYear>(`/v1/admin/calendar/${year}`, { method: 'PUT', body });
}
