import type { StaffRole } from '../../../../shared/domain/staff-roles';

// The console's screens and who sees them: the menu, the router's guard and the home redirect read
// this one table. What a role may not do is not shown; the API refuses it anyway.

export interface Screen {
  /** The route name and the path under /console/. */
  readonly name: 'agent' | 'dispatch' | 'department' | 'supervision' | 'admin' | 'dashboard';
  readonly title: string;
  readonly roles: readonly StaffRole[];
  /** A page outside the console (the dashboard): the menu links to it. */
  readonly external?: string;
}

/** In menu order; a role lands on its first screen, so 督办 leads for the supervisor. */
export const SCREENS: readonly Screen[] = [
  { name: 'supervision', title: '督办', roles: ['supervisor'] },
  { name: 'agent', title: '坐席受理', roles: ['agent', 'supervisor'] },
  { name: 'dispatch', title: '派单', roles: ['dispatcher', 'agent', 'supervisor'] },
  { name: 'department', title: '承办', roles: ['department'] },
  { name: 'admin', title: '目录与日历', roles: ['admin', 'supervisor'] },
  // Analysts only: the metrics API serves no other role, so a supervisor would meet a refusal there.
  { name: 'dashboard', title: '数据看板', roles: ['analyst'], external: '/dashboard' },
];

/** Roles that may open a case's page (analysts and administrators read no cases). */
export const CASE_READERS: readonly StaffRole[] = ['agent', 'dispatcher', 'department', 'supervisor'];

export function screensFor(role: StaffRole): readonly Screen[] {
  return SCREENS.filter((s) => s.roles.includes(role));
}
