import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalFunctions } from '../../local/functions.js';
import { type Gateway, startGateway } from '../../local/gateway.js';
import { type DevJwt, jwtAuthorizer, loadDevJwt } from '../../local/jwt.js';
import { httpRoutes, type Route } from '../../local/routes.js';
import { staffClaimsOf } from '../../shared/http/staff-claims.js';

// The gateway's JWT check on a staff route, on a gateway of its own with a test-only route and a
// stub function that echoes what the handler would see.

const STAFF_ROUTE: Route = {
  functionName: 'staff-probe',
  method: 'GET',
  routeKey: 'GET /v1/test/staff-probe',
  auth: 'jwt',
  pattern: /^\/v1\/test\/staff-probe$/,
  params: [],
};

describe('Local gateway: staff routes', () => {
  let dataDir: string;
  let jwt: DevJwt;
  let gateway: Gateway;
  const seen: APIGatewayProxyEventV2WithJWTAuthorizer[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-staff-'));
    jwt = await loadDevJwt(dataDir);
    const functions = {
      invoke: async (_name: string, event: APIGatewayProxyEventV2WithJWTAuthorizer) => {
        seen.push(event);
        return { statusCode: 200, body: JSON.stringify({ staff: staffClaimsOf(event) ?? null }) };
      },
    } as unknown as LocalFunctions;
    gateway = await startGateway({
      port: 0,
      functions,
      authorizer: jwtAuthorizer(jwt),
      routes: [...httpRoutes(), STAFF_ROUTE],
      log: () => undefined,
    });
  });

  afterAll(async () => {
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 401 unauthorized without a token, and never invokes the function', async () => {
    // Prepare
    const before = seen.length;

    // Act
    const response = await fetch(`${gateway.url}/v1/test/staff-probe`);

    // Assess
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect(seen.length).toBe(before);
  });

  it('answers 401 unauthorized for an expired token', async () => {
    // Prepare
    const token = await jwt.issue({ sub: 'alice', role: 'agent' }, { ttl: '-1s' });

    // Act
    const response = await fetch(`${gateway.url}/v1/test/staff-probe`, {
      headers: { authorization: `Bearer ${token}` },
    });

    // Assess
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('passes the claims through to the function with a valid token', async () => {
    // Prepare
    const token = await jwt.issue({ sub: 'alice', role: 'department', departmentId: 'water-group' });

    // Act
    const response = await fetch(`${gateway.url}/v1/test/staff-probe`, {
      headers: { authorization: `Bearer ${token}` },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      staff: { sub: 'alice', role: 'department', departmentId: 'water-group' },
    });
    const event = seen.at(-1);
    expect(event?.requestContext.authorizer.jwt.scopes).toBeNull();
    expect(typeof event?.requestContext.authorizer.jwt.claims.exp).toBe('string');
  });

  it('leaves public routes open, with no authorizer in the event', async () => {
    // Act
    const response = await fetch(`${gateway.url}/v1/directory`);

    // Assess
    expect(response.status).toBe(200);
    expect(seen.at(-1)?.requestContext).not.toHaveProperty('authorizer');
  });
});
