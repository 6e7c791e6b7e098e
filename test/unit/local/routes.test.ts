import { describe, expect, it } from 'vitest';
import { httpRoutes, matchRoute } from '../../../local/routes.js';

describe('Function: matchRoute', () => {
  const routes = httpRoutes();

  it.each([
    [
      'PUT',
      '/v1/admin/directory/rules/noise-gulou',
      'PUT /v1/admin/directory/rules/{ruleId}',
      { ruleId: 'noise-gulou' },
    ],
    [
      'DELETE',
      '/v1/admin/directory/rules/noise%23gulou%23gulou-urban-management',
      'DELETE /v1/admin/directory/rules/{ruleId}',
      { ruleId: 'noise#gulou#gulou-urban-management' },
    ],
    ['PUT', '/v1/admin/calendar/2027', 'PUT /v1/admin/calendar/{year}', { year: '2027' }],
  ])('routes %s %s to manage-directory', (method, path, routeKey, pathParameters) => {
    // Act
    const matched = matchRoute(routes, method, path);

    // Assess
    expect(matched?.route).toMatchObject({ functionName: 'manage-directory', routeKey, auth: 'jwt' });
    expect(matched?.pathParameters).toEqual(pathParameters);
  });

  it('matches no route for a method the path does not declare', () => {
    // Act
    const matched = matchRoute(routes, 'DELETE', '/v1/admin/directory/departments/water-group');

    // Assess
    expect(matched).toBeUndefined();
  });

  it.each([
    ['/console', 'GET /console', undefined],
    ['/console/', 'GET /console', undefined],
    ['/console/agent', 'GET /console/{path+}', { path: 'agent' }],
    ['/console/cases/CASE-01', 'GET /console/{path+}', { path: 'cases/CASE-01' }],
    ['/console/config.json', 'GET /console/config.json', undefined],
    ['/assets/console-AbC123.js', 'GET /assets/{file}', { file: 'console-AbC123.js' }],
  ])('routes GET %s to serve-web as API Gateway would (%s)', (path, routeKey, pathParameters) => {
    // Act
    const matched = matchRoute(routes, 'GET', path);

    // Assess
    expect(matched?.route).toMatchObject({ functionName: 'serve-web', routeKey, auth: 'public' });
    expect(matched?.pathParameters).toEqual(pathParameters);
  });

  it('keeps a nested asset path away from the single-segment asset route', () => {
    // Act
    const matched = matchRoute(routes, 'GET', '/assets/sub/file.js');

    // Assess
    expect(matched).toBeUndefined();
  });

  it.each([
    ['/v1/cases/search', 'case-api', 'GET /v1/cases/search', undefined],
    ['/v1/cases/nearby', 'case-api', 'GET /v1/cases/nearby', undefined],
    [
      '/v1/cases/261203-BAVM-FF97',
      'get-case-status',
      'GET /v1/cases/{trackingNo}',
      { trackingNo: '261203-BAVM-FF97' },
    ],
  ])(
    'picks the most specific route for GET %s, as API Gateway does',
    (path, functionName, routeKey, pathParameters) => {
      // Act
      const matched = matchRoute(routes, 'GET', path);

      // Assess
      expect(matched?.route).toMatchObject({ functionName, routeKey });
      expect(matched?.pathParameters).toEqual(pathParameters);
    },
  );

  it('prefers exact segments to a parameter and a parameter to a greedy one', () => {
    // Prepare
    const route = (routeKey: string, pattern: RegExp, params: string[]) => ({
      functionName: routeKey,
      method: 'GET',
      routeKey,
      auth: 'public' as const,
      pattern,
      params,
    });
    const table = [
      route('GET /a/{proxy+}', /^\/a\/(.+)$/, ['proxy']),
      route('GET /a/{id}', /^\/a\/([^/]+)$/, ['id']),
      route('GET /a/b', /^\/a\/b$/, []),
    ];

    // Act and assess
    expect(matchRoute(table, 'GET', '/a/b')?.route.routeKey).toBe('GET /a/b');
    expect(matchRoute(table, 'GET', '/a/c')?.route.routeKey).toBe('GET /a/{id}');
    expect(matchRoute(table, 'GET', '/a/c/d')?.route.routeKey).toBe('GET /a/{proxy+}');
  });
});
