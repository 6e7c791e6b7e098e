import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Handler } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as agentDesk } from '../../../functions/agent-desk/handler.js';
import { handler as callbackDesk } from '../../../functions/callback-desk/handler.js';
import { handler as caseApi } from '../../../functions/case-api/handler.js';
import { handler as disclosureDesk } from '../../../functions/disclosure-desk/handler.js';
import { handler as disclosureIntake } from '../../../functions/disclosure-intake/handler.js';
import { handler as followUpCalls } from '../../../functions/follow-up-calls/handler.js';
import { handler as getDirectory } from '../../../functions/get-directory/handler.js';
import { handler as getMetrics } from '../../../functions/get-metrics/handler.js';
import { handler as manageDirectory } from '../../../functions/manage-directory/handler.js';
import { FUNCTIONS } from '../../../infra/functions.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { httpEvent, TEST_ENV, testContext, withClaims } from '../fixtures/lambda.js';

// 系统管理员 (admin) keeps the dispatch catalogue and the calendar: it reads no case, no caller,
// no metric. Every staff route of the catalogue refuses it, except the ones below.

const ADMIN = { sub: 'm-1', role: 'admin' };

/** The routes an administrator may call: the catalogue's admin API and the staff pickers. */
const ADMIN_ROUTES = new Set([
  'GET /v1/admin/directory',
  'PUT /v1/admin/directory/departments/{id}',
  'PUT /v1/admin/directory/categories/{code}',
  'PUT /v1/admin/directory/districts/{code}',
  'PUT /v1/admin/directory/rules/{ruleId}',
  'DELETE /v1/admin/directory/rules/{ruleId}',
  'PUT /v1/admin/directory/lines/{code}',
  'DELETE /v1/admin/directory/lines/{code}',
  'GET /v1/admin/calendar/{year}',
  'PUT /v1/admin/calendar/{year}',
  'GET /v1/staff/directory',
]);

const STAFF_ROUTES = FUNCTIONS.flatMap((spec) =>
  spec.triggers.flatMap((t) =>
    t.kind === 'http' && t.auth === 'jwt'
      ? [{ functionName: spec.name, routeKey: `${t.method} ${t.path}`, method: t.method, path: t.path }]
      : [],
  ),
);

/** The handler of every function with a staff route: a new one must be added here to be checked. */
const HANDLERS: Readonly<Record<string, Handler>> = {
  'agent-desk': agentDesk as Handler,
  'callback-desk': callbackDesk as Handler,
  'case-api': caseApi as Handler,
  'disclosure-desk': disclosureDesk as Handler,
  'disclosure-intake': disclosureIntake as Handler,
  'follow-up-calls': followUpCalls as Handler,
  'get-directory': getDirectory as Handler,
  'get-metrics': getMetrics as Handler,
  'manage-directory': manageDirectory as Handler,
};

const ddb = mockClient(DynamoDBDocumentClient);

async function callAsAdmin(route: (typeof STAFF_ROUTES)[number]) {
  const handler = HANDLERS[route.functionName];
  if (!handler) throw new Error(`add ${route.functionName}'s handler to HANDLERS`);
  const pathParameters = Object.fromEntries(
    [...route.path.matchAll(/\{([A-Za-z0-9_]+)\+?\}/g)].map((m) => [m[1] as string, 'x1']),
  );
  const event = withClaims(
    httpEvent({
      method: route.method,
      path: route.path,
      routeKey: route.routeKey,
      pathParameters,
      // A well-formed action, so a function that reads the body first still reaches its guard.
      ...(route.method === 'GET'
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: '{"action":"acknowledge"}' }),
    }),
    ADMIN,
  ) as APIGatewayProxyEventV2;
  return (await handler(
    event,
    testContext(route.functionName),
    () => undefined,
  )) as APIGatewayProxyStructuredResultV2;
}

describe('Role: admin', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(directoryQuery);
  });

  afterEach(() => {
    ddb.reset();
  });

  it('has staff routes to check, and every admin route among them', () => {
    // Assess
    const keys = STAFF_ROUTES.map((r) => r.routeKey);
    expect(keys.length).toBeGreaterThan(ADMIN_ROUTES.size);
    for (const key of ADMIN_ROUTES) expect(keys).toContain(key);
    for (const route of STAFF_ROUTES) expect(Object.keys(HANDLERS)).toContain(route.functionName);
  });

  it.each(STAFF_ROUTES.filter((r) => !ADMIN_ROUTES.has(r.routeKey)).map((r) => [r.routeKey, r] as const))(
    'is refused %s with 403 forbidden',
    async (_key, route) => {
      // Act
      const response = await callAsAdmin(route);

      // Assess
      expect(response.statusCode).toBe(403);
      expect(JSON.parse(String(response.body)).error.code).toBe('forbidden');
    },
  );

  it('reads the staff directory and the admin directory', async () => {
    // Act
    const staff = await callAsAdmin(
      STAFF_ROUTES.find((r) => r.routeKey === 'GET /v1/staff/directory') as never,
    );
    const admin = await callAsAdmin(
      STAFF_ROUTES.find((r) => r.routeKey === 'GET /v1/admin/directory') as never,
    );

    // Assess
    expect(staff.statusCode).toBe(200);
    expect(admin.statusCode).toBe(200);
  });
});
