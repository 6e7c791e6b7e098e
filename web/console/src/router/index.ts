import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import type { StaffRole } from '../../../../shared/domain/staff-roles';
import { useSession } from '../stores/session';
import { CASE_READERS, SCREENS, screensFor } from './screens';

declare module 'vue-router' {
  interface RouteMeta {
    /** Who may open the route; absent: anyone signed in. */
    roles?: readonly StaffRole[];
    /** The callback page runs before anyone is signed in. */
    public?: boolean;
    title?: string;
  }
}

// Each screen is its own chunk: the first load carries the shell, not every screen.
const views: Record<string, () => Promise<unknown>> = {
  agent: () => import('../views/agent'),
  dispatch: () => import('../views/dispatch'),
  department: () => import('../views/department'),
  supervision: () => import('../views/supervision'),
  admin: () => import('../views/admin'),
  'disclosure-review': () => import('../views/disclosure-queues/review'),
  disclosure: () => import('../views/disclosure-queues/open'),
  'disclosure-entry': () => import('../views/disclosure-entry'),
  'annual-report': () => import('../views/annual-report'),
};

const routes: RouteRecordRaw[] = [
  {
    path: '/callback',
    name: 'callback',
    component: () => import('../views/callback'),
    meta: { public: true },
  },
  {
    path: '/',
    component: () => import('../layouts/basic-layout'),
    children: [
      { path: '', name: 'home', component: () => import('../views/home') },
      ...SCREENS.filter((s) => !s.external).map(
        (s): RouteRecordRaw => ({
          path: s.name,
          name: s.name,
          component: views[s.name] as () => Promise<never>,
          meta: { roles: s.roles, title: s.title },
        }),
      ),
      {
        path: 'cases/:caseId',
        name: 'case',
        component: () => import('../views/case-detail'),
        props: true,
        meta: { roles: CASE_READERS, title: '工单详情' },
      },
      { path: ':rest(.*)*', name: 'not-found', component: () => import('../views/not-found') },
    ],
  },
];

export const router = createRouter({ history: createWebHistory('/console/'), routes });

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const session = useSession();
  if (!session.signedIn) {
    await session.signIn(to.fullPath);
    return false;
  }
  const role = session.user?.role;
  if (to.name === 'home' && role) {
    const first = screensFor(role).find((s) => !s.external);
    return first ? { name: first.name } : true;
  }
  if (to.meta.roles && (!role || !to.meta.roles.includes(role))) return { name: 'home' };
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 12345 工作台` : '12345 工作台';
});
