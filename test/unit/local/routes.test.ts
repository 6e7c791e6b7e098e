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
});
