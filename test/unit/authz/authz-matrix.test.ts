// Every staff route × every role × own/other department, against the real composed handlers, from
// the one table in ./matrix.ts: a route of infra/functions.ts without a row fails here, by name.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { httpRoutes, type Route } from '../../../local/routes.js';
import { STAFF_ROLES, type StaffRole } from '../../../shared/domain/staff-roles.js';
import { TEST_ENV } from '../fixtures/lambda.js';
import { claimsOf, invoke, type Scope, STAFF_HANDLERS } from './invoke.js';
import { authzMarkdown } from './markdown.js';
import { AUTHZ_MATRIX, type Expected } from './matrix.js';
import { REQUESTS } from './requests.js';
import { mockWorld, resetWorld, writesSent } from './world.js';

/** Monday 2026-11-23 09:00 in Shanghai: after both fixture cases were received. */
const NOW = new Date('2026-11-23T01:00:00Z');
const SCOPES: readonly Scope[] = ['own', 'other'];

const staffRoutes = httpRoutes().filter((route) => route.auth === 'jwt');
const routeKeys = staffRoutes.map((route) => route.routeKey);
const tabled = staffRoutes.filter((route) => route.routeKey in AUTHZ_MATRIX);

function outcomeOf(expected: Expected, scope: Scope): string {
  return typeof expected === 'string' ? expected : expected[scope];
}

/** A refusal, or a case hidden from another department: the request must have changed nothing. */
function isRefusal(outcome: string): boolean {
  return /^(401|403) /.test(outcome) || outcome === '404 not_found';
}

interface Row {
  readonly route: Route;
  readonly role: StaffRole;
  readonly scope: Scope;
  readonly outcome: string;
}

const rows: Row[] = tabled.flatMap((route) =>
  STAFF_ROLES.flatMap((role) =>
    SCOPES.map((scope) => ({
      route,
      role,
      scope,
      outcome: outcomeOf((AUTHZ_MATRIX[route.routeKey] as Record<StaffRole, Expected>)[role], scope),
    })),
  ),
);

function requestOf(route: Route) {
  const request = REQUESTS[route.routeKey];
  if (!request) throw new Error(`no request for ${route.routeKey} in test/unit/authz/requests.ts`);
  return request;
}

describe('Authorisation matrix', () => {
  beforeAll(() => {
    for (const [name, value] of Object.entries(TEST_ENV)) vi.stubEnv(name, value);
    vi.stubEnv('REQUEST_MARKS_TABLE_NAME', 'request-marks');
    vi.stubEnv('DISCLOSURE_IDENTITY_KEY', 'unit-test-identity-key');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    mockWorld();
  });

  beforeEach(() => {
    resetWorld();
    mockWorld();
  });

  afterAll(() => {
    resetWorld();
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  it('has a row for every staff route of infra/functions.ts', () => {
    // Prepare
    const missing = routeKeys.filter((key) => !(key in AUTHZ_MATRIX));

    // Act & Assess
    expect(missing, 'staff routes without a row in test/unit/authz/matrix.ts').toEqual([]);
  });

  it('has no row for a route that is not a staff route of infra/functions.ts', () => {
    // Prepare
    const stale = Object.keys(AUTHZ_MATRIX).filter((key) => !routeKeys.includes(key));

    // Act & Assess
    expect(stale, 'rows of test/unit/authz/matrix.ts naming no staff route').toEqual([]);
  });

  it('has a request and a handler for every staff route', () => {
    // Prepare
    const withoutRequest = routeKeys.filter((key) => !(key in REQUESTS));
    const withoutHandler = staffRoutes
      .filter((route) => !(route.functionName in STAFF_HANDLERS))
      .map((route) => `${route.routeKey} (${route.functionName})`);

    // Act & Assess
    expect(withoutRequest, 'staff routes without a request in test/unit/authz/requests.ts').toEqual([]);
    expect(withoutHandler, 'staff routes whose handler test/unit/authz/invoke.ts does not import').toEqual(
      [],
    );
  });

  it('is the table docs/reliability.md shows', () => {
    // Prepare
    const page = readFileSync(new URL('../../../docs/reliability.md', import.meta.url), 'utf8');

    // Act & Assess: after a change, `npx tsx test/unit/authz/print-matrix.ts` prints the new table.
    expect(page).toContain(authzMarkdown());
  });

  it.each(
    rows.map((row) => [`${row.route.routeKey} as ${row.role} (${row.scope}) → ${row.outcome}`, row] as const),
  )('%s', async (_name, { route, role, scope, outcome }) => {
    // Prepare
    const request = requestOf(route);

    // Act
    const answered = await invoke(route, request, claimsOf(role, scope, request));

    // Assess
    expect(answered).toBe(outcome);
    if (isRefusal(outcome)) expect(writesSent()).toEqual([]);
  });

  it.each(
    staffRoutes.map((route) => [`${route.routeKey} without claims → 401 unauthorized`, route] as const),
  )('%s', async (_name, route) => {
    // Prepare
    const request = requestOf(route);

    // Act
    const answered = await invoke(route, request, undefined);

    // Assess
    expect(answered).toBe('401 unauthorized');
    expect(writesSent()).toEqual([]);
  });
});
