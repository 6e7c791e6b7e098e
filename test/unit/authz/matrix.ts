// The authorisation matrix (issue 16): for every staff route (`auth: 'jwt'` in infra/functions.ts),
// what each role gets, as `<status>` or `<status> <error code>` (` items=N` for a list). Every role is
// asked twice: with its own department's claim ("own": the department whose data the request is
// about) and another's ("other"); an agent also with the 工号 that answered the stored call, or
// another. A plain value means the same answer both ways (the role is not scoped).
//
// Data only: test/unit/authz/authz-matrix.test.ts runs it against the real handlers, and fails on a
// route without a row here or a row without a route. The requests behind it: ./requests.ts; the
// mocked tables (a help case of water-group, a disclosure request of housing-bureau): ./world.ts.
// Past the role check, an allowed caller gets the handler's own answer to that request and those
// tables: a 404 for a task or release the tables do not hold still says "let through".
import type { StaffRole } from '../../../shared/domain/staff-roles.js';

export type Outcome = string;
export type Expected = Outcome | { readonly own: Outcome; readonly other: Outcome };
export type RouteAuthz = Readonly<Record<StaffRole, Expected>>;

/** Refused by the route's role check (`staffGuard`). */
const NO = '403 forbidden';
/** Another department's case or queue: 404, as if it did not exist (the design hides it). */
const HIDDEN = '404 not_found';

/** The roles a route refuses, for rows where most roles are refused. */
function only(allowed: Partial<Record<StaffRole, Expected>>): RouteAuthz {
  return {
    agent: NO,
    dispatcher: NO,
    department: NO,
    supervisor: NO,
    analyst: NO,
    admin: NO,
    reviewer: NO,
    ...allowed,
  };
}

/** 目录与日历 (manage-directory): administrators and supervisors. */
const catalogue = (outcome: Outcome) => only({ supervisor: outcome, admin: outcome });
/** The agent's desks (follow-up calls, callbacks): agents and supervisors. */
const desk = (outcome: Outcome) => only({ agent: outcome, supervisor: outcome });

export const AUTHZ_MATRIX: Readonly<Record<string, RouteAuthz>> = {
  // Pickers: any staff role.
  'GET /v1/staff/directory': {
    agent: '200',
    dispatcher: '200',
    department: '200',
    supervisor: '200',
    analyst: '200',
    admin: '200',
    reviewer: '200',
  },

  // case-api: cases are read by agents, dispatchers, supervisors and a department (its own only).
  'GET /v1/departments/{id}/cases': only({
    agent: '200 items=0',
    dispatcher: '200 items=0',
    department: { own: '200 items=0', other: HIDDEN },
    supervisor: '200 items=0',
  }),
  'GET /v1/cases/by-id/{caseId}': only({
    agent: '200',
    dispatcher: '200',
    department: { own: '200', other: HIDDEN },
    supervisor: '200',
    // A reviewer reads disclosure requests only; a help case is hidden from it.
    reviewer: HIDDEN,
  }),
  // 签收 acknowledge: the lead department's action; the lifecycle refuses it to other roles.
  'POST /v1/cases/by-id/{caseId}/actions': only({
    department: { own: '200', other: HIDDEN },
    reviewer: HIDDEN,
  }),
  'GET /v1/supervision/cases': only({ supervisor: '200 items=0' }),
  'GET /v1/dispatch/cases': only({
    agent: '200 items=0',
    dispatcher: '200 items=0',
    supervisor: '200 items=0',
  }),
  // Another department's case is left out of a search, as if it did not exist.
  'GET /v1/cases/search': only({
    agent: '200 items=1',
    dispatcher: '200 items=1',
    department: { own: '200 items=1', other: '200 items=0' },
    supervisor: '200 items=1',
  }),
  'GET /v1/cases/nearby': only({
    agent: '200 items=0',
    dispatcher: '200 items=0',
    supervisor: '200 items=0',
  }),
  'GET /v1/cases/by-id/{caseId}/routing': only({ agent: '200', dispatcher: '200', supervisor: '200' }),

  // disclosure-desk: the second person of the review approves; the letter is for who reads the case.
  // (asked with a stale version, so the route answers before it draws a letter)
  'POST /v1/disclosure/cases/{caseId}/approve': only({
    supervisor: '409 version_conflict',
    reviewer: '409 version_conflict',
  }),
  'GET /v1/disclosure/cases/{caseId}/letter': only({
    agent: '404 no_letter',
    dispatcher: '404 no_letter',
    department: { own: '404 no_letter', other: HIDDEN },
    supervisor: '404 no_letter',
    reviewer: '404 no_letter',
  }),
  // ?queue=review: reviewers and supervisors (queue=open is a department's and a supervisor's).
  'GET /v1/disclosure/cases': only({ supervisor: '200 items=0', reviewer: '200 items=0' }),
  'GET /v1/disclosure/annual-report': only({ supervisor: '200', analyst: '200' }),

  // agent-desk: an agent's own calls are those its 工号 answered ("other": another 工号).
  'GET /v1/agent/calls': only({
    agent: { own: '200 items=0', other: NO },
    supervisor: '200 items=0',
  }),
  'GET /v1/calls/{callId}': only({ agent: '200', dispatcher: '200', supervisor: '200' }),
  'POST /v1/calls/{callId}/appeal': only({ agent: { own: '202', other: NO }, supervisor: '202' }),
  'POST /v1/classify': only({ agent: '200', dispatcher: '200', supervisor: '200' }),

  // disclosure-intake: a department enters only the requests addressed to itself.
  'POST /v1/disclosure/requests': only({
    agent: '202',
    department: { own: '202', other: NO },
    supervisor: '202',
  }),

  // follow-up-calls and callback-desk
  'GET /v1/follow-up/calls': desk('200 items=0'),
  'POST /v1/follow-up/calls/{caseId}/take': desk('404 not_found'),
  'GET /v1/callbacks': desk('200 items=0'),
  'POST /v1/callbacks/{taskId}/take': desk('404 not_found'),
  'POST /v1/callbacks/{taskId}/attempts': desk('404 not_found'),

  // manage-directory
  'GET /v1/admin/directory': catalogue('200'),
  'PUT /v1/admin/directory/departments/{id}': catalogue('201'),
  'PUT /v1/admin/directory/categories/{code}': catalogue('201'),
  'PUT /v1/admin/directory/districts/{code}': catalogue('201'),
  'PUT /v1/admin/directory/rules/{ruleId}': catalogue('201'),
  'DELETE /v1/admin/directory/rules/{ruleId}': catalogue('204'),
  'PUT /v1/admin/directory/lines/{code}': catalogue('201'),
  'DELETE /v1/admin/directory/lines/{code}': catalogue('204'),
  'GET /v1/admin/calendar/{year}': catalogue('404 calendar_not_found'),
  'PUT /v1/admin/calendar/{year}': catalogue('201'),

  // releases: read by analysts, supervisors and administrators; worked by supervisors (and analysts).
  'GET /v1/releases': only({ supervisor: '200 items=0', analyst: '200 items=0', admin: '200 items=0' }),
  'POST /v1/releases': only({ supervisor: '201' }),
  'GET /v1/releases/bulletin': only({ supervisor: '200', analyst: '200' }),
  'GET /v1/releases/{releaseId}': only({
    supervisor: '404 release_not_found',
    analyst: '404 release_not_found',
    admin: '404 release_not_found',
  }),
  'POST /v1/releases/{releaseId}/actions': only({
    supervisor: '404 release_not_found',
    analyst: '404 release_not_found',
  }),

  // get-metrics: analysts only.
  'GET /v1/metrics': only({ analyst: '200' }),
  'GET /v1/metrics/export.csv': only({ analyst: '200' }),
};
