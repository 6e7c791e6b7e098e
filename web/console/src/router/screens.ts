import { DISCLOSURE_CONSOLE_TEXT } from '../../../../shared/domain/labels';
import type { StaffRole } from '../../../../shared/domain/staff-roles';

// The console's screens and who sees them: the menu, the router's guard and the home redirect read
// this one table. What a role may not do is not shown; the API refuses it anyway.

export interface Screen {
  /** The route name and the path under /console/. */
  readonly name:
    | 'agent'
    | 'dispatch'
    | 'department'
    | 'supervision'
    | 'admin'
    | 'dashboard'
    | 'disclosure-review'
    | 'disclosure'
    | 'disclosure-entry'
    | 'annual-report';
  readonly title: string;
  readonly roles: readonly StaffRole[];
  /** A page outside the console (the dashboard): the menu links to it. */
  readonly external?: string;
}

/**
 * In menu order; a role lands on its first screen inside the console, so 督办 leads for the
 * supervisor, 审核 for the reviewer (who has no other screen) and 年度报告 for the analyst.
 */
export const SCREENS: readonly Screen[] = [
  { name: 'supervision', title: '督办', roles: ['supervisor'] },
  // 依申请公开 审核: drafts awaiting the second person (《政府信息公开条例》 two-person review).
  {
    name: 'disclosure-review',
    title: DISCLOSURE_CONSOLE_TEXT.reviewQueue,
    roles: ['reviewer', 'supervisor'],
  },
  { name: 'agent', title: '坐席受理', roles: ['agent', 'supervisor'] },
  { name: 'dispatch', title: '派单', roles: ['dispatcher', 'agent', 'supervisor'] },
  { name: 'department', title: '承办', roles: ['department'] },
  { name: 'disclosure', title: DISCLOSURE_CONSOLE_TEXT.openQueue, roles: ['department', 'supervisor'] },
  {
    name: 'disclosure-entry',
    title: DISCLOSURE_CONSOLE_TEXT.entryTitle,
    roles: ['agent', 'department', 'supervisor'],
  },
  { name: 'admin', title: '目录与日历', roles: ['admin', 'supervisor'] },
  // Analysts only: the metrics API serves no other role, so a supervisor would meet a refusal there.
  { name: 'dashboard', title: '数据看板', roles: ['analyst'], external: '/dashboard' },
  { name: 'annual-report', title: DISCLOSURE_CONSOLE_TEXT.annualReport, roles: ['analyst', 'supervisor'] },
];

/**
 * Roles that may open a case's page (analysts and administrators read no cases). A reviewer opens
 * the disclosure cases of its 审核 queue.
 */
export const CASE_READERS: readonly StaffRole[] = [
  'agent',
  'dispatcher',
  'department',
  'supervisor',
  'reviewer',
];

export function screensFor(role: StaffRole): readonly Screen[] {
  return SCREENS.filter((s) => s.roles.includes(role));
}
