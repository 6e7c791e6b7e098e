import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../shared/http/errors.js';
import { jsonErrors } from '../../../shared/http/json-errors.js';
import { json } from '../../../shared/http/responses.js';
import { routeTable } from '../../../shared/http/route-table.js';
import { staffGuard, type WithStaff } from '../../../shared/http/staff-guard.js';
import { when } from '../../../shared/http/when.js';
import { logger } from '../../../shared/logger.js';
import { httpEvent, testContext, withClaims } from '../fixtures/lambda.js';

const ROUTES = {
  queue: 'GET /v1/departments/{id}/cases',
  metrics: 'GET /v1/metrics',
  disclosure: 'GET /v1/public/metrics',
} as const;

type StaffEvent = APIGatewayProxyEventV2 & WithStaff;

/** An event with the claims the HTTP API JWT authorizer hands over. */
function staffEvent(
  routeKey: string,
  claims?: Record<string, string>,
  pathParameters?: Record<string, string>,
): APIGatewayProxyEventV2 {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  return withClaims(
    httpEvent({ method, path, routeKey, ...(pathParameters ? { pathParameters } : {}) }),
    claims,
  );
}

function run(handler: MiddyfiedHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>) {
  return (event: APIGatewayProxyEventV2) => handler(event, testContext());
}

function errorOf(response: APIGatewayProxyStructuredResultV2) {
  return (JSON.parse(String(response.body)) as { error: { code: string; message: string } }).error;
}

/** A small staff API, composed the way the handlers compose theirs. */
const composed = run(
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(jsonErrors({ logger }))
    .use(
      when(
        ROUTES.queue,
        staffGuard({
          roles: ['department', 'supervisor'],
          forbiddenMessage: '该角色无权查看工单',
          departmentOf: (event) => event.pathParameters?.id,
          outOfScope: () => new HttpError(404, 'not_found', '未找到该单位的工单队列'),
        }),
      ),
    )
    .use(when([ROUTES.metrics], staffGuard({ roles: ['analyst'] })))
    .handler(
      routeTable<StaffEvent>({
        [ROUTES.queue]: async (event) => json(200, { by: event.staff.sub }),
        [ROUTES.metrics]: async (event) => json(200, { by: event.staff.role }),
        [ROUTES.disclosure]: async (event) => json(200, { staff: 'staff' in event }),
      }),
    ),
);

describe('Middleware: staffGuard', () => {
  it('answers 401 unauthorized without valid staff claims', async () => {
    // Prepare
    const noClaims = staffEvent(ROUTES.metrics);
    const unknownRole = staffEvent(ROUTES.metrics, { sub: 'u-1', role: 'mayor' });

    // Act
    const responses = await Promise.all([composed(noClaims), composed(unknownRole)]);

    // Assess
    for (const response of responses) {
      expect(response.statusCode).toBe(401);
      expect(errorOf(response)).toEqual({ code: 'unauthorized', message: '需要有效的工作人员身份' });
    }
  });

  it('answers 403 forbidden with the route message for a role not allowed', async () => {
    // Prepare
    const event = staffEvent(ROUTES.queue, { sub: 'u-1', role: 'analyst' }, { id: 'water-group' });

    // Act
    const response = await composed(event);

    // Assess
    expect(response.statusCode).toBe(403);
    expect(errorOf(response)).toEqual({ code: 'forbidden', message: '该角色无权查看工单' });
  });

  it('refuses a department user outside its scope, and lets other roles through unscoped', async () => {
    // Prepare
    const other = staffEvent(
      ROUTES.queue,
      { sub: 'u-1', role: 'department', departmentId: 'gas' },
      { id: 'water' },
    );
    const own = staffEvent(
      ROUTES.queue,
      { sub: 'u-2', role: 'department', departmentId: 'water' },
      { id: 'water' },
    );
    const supervisor = staffEvent(ROUTES.queue, { sub: 'u-3', role: 'supervisor' }, { id: 'water' });

    // Act
    const [refused, allowed, unscoped] = await Promise.all([
      composed(other),
      composed(own),
      composed(supervisor),
    ]);

    // Assess
    expect(refused.statusCode).toBe(404);
    expect(errorOf(refused).code).toBe('not_found');
    expect(JSON.parse(String(allowed.body))).toEqual({ by: 'u-2' });
    expect(JSON.parse(String(unscoped.body))).toEqual({ by: 'u-3' });
  });

  it('sets the caller on the event for the handler', async () => {
    // Prepare
    const event = staffEvent(ROUTES.metrics, { sub: 'a-1', role: 'analyst' });

    // Act
    const response = await composed(event);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(String(response.body))).toEqual({ by: 'analyst' });
  });
});

describe('Function: when', () => {
  it('skips the middleware for a route it does not name', async () => {
    // Prepare
    const event = staffEvent(ROUTES.disclosure);

    // Act
    const response = await composed(event);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(String(response.body))).toEqual({ staff: false });
  });

  it('runs every phase of the middleware for the requests a predicate selects, and none for others', async () => {
    // Prepare
    const phases: string[] = [];
    const traced: MiddlewareObj<APIGatewayProxyEventV2> = {
      before: () => {
        phases.push('before');
      },
      after: () => {
        phases.push('after');
      },
      onError: () => {
        phases.push('onError');
      },
    };
    const handler = run(
      middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
        .use(jsonErrors({ logger }))
        .use(when((event) => event.requestContext.http.method === 'POST', traced))
        .handler(async (event) => {
          if (event.rawPath === '/fail') throw new HttpError(409, 'conflict', '冲突');
          return json(200, {});
        }),
    );

    // Act
    await handler(httpEvent({ method: 'GET', path: '/ok' }));
    await handler(httpEvent({ method: 'POST', path: '/ok' }));
    await handler(httpEvent({ method: 'POST', path: '/fail' }));

    // Assess
    expect(phases).toEqual(['before', 'after', 'before', 'onError']);
  });
});

describe('Function: routeTable', () => {
  it('answers 404 not_found for a route key it does not hold', async () => {
    // Prepare
    const event = staffEvent('GET /v1/nowhere', { sub: 'a-1', role: 'analyst' });

    // Act
    const response = await composed(event);

    // Assess
    expect(response.statusCode).toBe(404);
    expect(errorOf(response)).toEqual({ code: 'not_found', message: '未知的接口' });
  });
});
