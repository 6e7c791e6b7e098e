import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { staffClaimsOf } from '../../../shared/http/staff-claims.js';

/** An event as the HTTP API JWT authorizer delivers it: claims as strings, scopes null. */
function eventWith(claims: Record<string, string> | undefined): { requestContext: unknown } {
  const requestContext = {
    requestId: 'r-1',
    ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
  };
  return { requestContext };
}

describe('Function: staffClaimsOf', () => {
  it('reads sub, role and departmentId as the local signer names them', () => {
    // Prepare
    const event = eventWith({ sub: 'alice', role: 'department', departmentId: 'water-group', iss: 'x' });

    // Act
    const claims = staffClaimsOf(event);

    // Assess
    expect(claims).toEqual({ sub: 'alice', role: 'department', departmentId: 'water-group' });
  });

  it('reads the custom: prefixed attributes of a Cognito ID token', () => {
    // Prepare
    const event = eventWith({
      sub: '5f1c-uuid',
      'custom:role': 'department',
      'custom:departmentId': 'housing-bureau',
      'cognito:username': 'bob',
    });

    // Act
    const claims = staffClaimsOf(event);

    // Assess
    expect(claims).toEqual({ sub: '5f1c-uuid', role: 'department', departmentId: 'housing-bureau' });
  });

  it.each(['agent', 'dispatcher', 'supervisor', 'analyst'])(
    'accepts role %s without a department',
    (role) => {
      // Prepare
      const event = eventWith({ sub: 'carol', role });

      // Act
      const claims = staffClaimsOf(event);

      // Assess
      expect(claims).toEqual({ sub: 'carol', role });
    },
  );

  it('treats an empty departmentId as absent', () => {
    // Prepare
    const event = eventWith({ sub: 'dave', 'custom:role': 'dispatcher', 'custom:departmentId': '' });

    // Act
    const claims = staffClaimsOf(event);

    // Assess
    expect(claims).toEqual({ sub: 'dave', role: 'dispatcher' });
  });

  it('reads the agent id (工号) plain or custom: prefixed', () => {
    // Prepare
    const local = eventWith({ sub: 'fay', role: 'agent', agentId: 'a-017' });
    const cognito = eventWith({ sub: 'fay-uuid', 'custom:role': 'agent', 'custom:agentId': 'a-018' });

    // Act
    const claims = [staffClaimsOf(local), staffClaimsOf(cognito)];

    // Assess
    expect(claims).toEqual([
      { sub: 'fay', role: 'agent', agentId: 'a-017' },
      { sub: 'fay-uuid', role: 'agent', agentId: 'a-018' },
    ]);
  });

  it('treats an empty agentId as absent', () => {
    // Prepare
    const event = eventWith({ sub: 'gus', 'custom:role': 'agent', 'custom:agentId': '' });

    // Act
    const claims = staffClaimsOf(event);

    // Assess
    expect(claims).toEqual({ sub: 'gus', role: 'agent' });
  });

  it.each([
    ['no authorizer', undefined],
    ['no role', { sub: 'erin' }],
    ['an unknown role', { sub: 'erin', role: 'root' }],
    ['no subject', { role: 'agent' }],
    ['a department user without a department', { sub: 'erin', role: 'department' }],
    ['a department user with an empty department', { sub: 'erin', role: 'department', departmentId: '' }],
    ['an agent id over 64 characters', { sub: 'erin', role: 'agent', agentId: 'a'.repeat(65) }],
  ])('returns undefined for %s', (_, claims) => {
    // Prepare
    const event = eventWith(claims);

    // Act
    const result = staffClaimsOf(event);

    // Assess
    expect(result).toBeUndefined();
  });

  it('accepts a plain APIGatewayProxyEventV2, as a middy handler types it', () => {
    // Prepare
    const event = { requestContext: { requestId: 'r-2' } } as unknown as APIGatewayProxyEventV2;

    // Act
    const result = staffClaimsOf(event);

    // Assess
    expect(result).toBeUndefined();
  });
});
