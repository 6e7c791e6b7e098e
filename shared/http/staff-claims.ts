// Who a staff request comes from: the JWT authorizer's claims, read the same way in AWS and locally.
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import * as z from 'zod/mini';

import { STAFF_ROLES, type StaffRole } from '../domain/staff-roles.js';

export { STAFF_ROLES, type StaffRole };

export interface StaffClaims {
  /** The user's stable id (Cognito's `sub`), for the history's actor. */
  readonly sub: string;
  readonly role: StaffRole;
  /** Present for role `department` (required there); other roles may carry one too. */
  readonly departmentId?: string;
  /** The CTI agent id (工号) of an agent's account, when it has one: the calls it answered are its own. */
  readonly agentId?: string;
}

/**
 * The HTTP API JWT authorizer hands claims over as strings. Cognito prefixes custom attributes with
 * `custom:`; the local signer does not. Both spellings are read here, and nowhere else.
 */
const claimsSchema = z
  .object({
    sub: z.string().check(z.minLength(1)),
    role: z.enum(STAFF_ROLES),
    departmentId: z.optional(z.string().check(z.minLength(1))),
    agentId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  })
  .check(
    z.refine((c) => c.role !== 'department' || c.departmentId !== undefined, {
      message: 'a department user needs a departmentId',
    }),
  );

type Claims = APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']['authorizer']['jwt']['claims'];

function claimOf(claims: Claims, name: string): unknown {
  return claims[name] ?? claims[`custom:${name}`];
}

/**
 * The caller's staff identity, or undefined when the request carries none or a malformed one
 * (no subject, an unknown role, a department user without a department): `staffGuard` then
 * answers 401 rather than guess a role.
 *
 * @example
 * const staff = staffClaimsOf(event); // { sub: 'u-1', role: 'department', departmentId: 'water-group' }
 */
export function staffClaimsOf(event: { readonly requestContext?: unknown }): StaffClaims | undefined {
  const claims = (event.requestContext as Partial<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext']>)
    ?.authorizer?.jwt?.claims;
  if (!claims || typeof claims !== 'object') return undefined;
  const departmentId = claimOf(claims, 'departmentId');
  const agentId = claimOf(claims, 'agentId');
  // An empty attribute is Cognito's "not set", not a department (or 工号) called "".
  const set = (value: unknown) => value !== undefined && value !== '';
  const parsed = claimsSchema.safeParse({
    sub: claims.sub,
    role: claimOf(claims, 'role'),
    ...(set(departmentId) ? { departmentId } : {}),
    ...(set(agentId) ? { agentId } : {}),
  });
  if (!parsed.success) return undefined;
  const { sub, role } = parsed.data;
  return {
    sub,
    role,
    ...(parsed.data.departmentId === undefined ? {} : { departmentId: parsed.data.departmentId }),
    ...(parsed.data.agentId === undefined ? {} : { agentId: parsed.data.agentId }),
  };
}
