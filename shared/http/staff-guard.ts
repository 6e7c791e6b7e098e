// Staff routes: who may call them, checked once before the handler from the authorizer's claims.
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpError } from './errors.js';
import { type StaffClaims, type StaffRole, staffClaimsOf } from './staff-claims.js';

/** What `staffGuard` adds to the event: the caller's staff identity, already checked. */
export interface WithStaff {
  staff: StaffClaims;
}

export interface StaffGuardOptions {
  /** The roles that may call the route; any other role gets 403 `forbidden`. */
  readonly roles: readonly StaffRole[];
  /** The 403's message, in the words of the route: who may call it, in Chinese. */
  readonly forbiddenMessage?: string;
  /**
   * Department scope: the department the request is about. A department user whose own
   * `departmentId` differs is refused with `outOfScope` (default 403 `forbidden`); other roles are
   * not scoped.
   */
  readonly departmentOf?: (event: APIGatewayProxyEventV2) => string | undefined;
  readonly outOfScope?: () => HttpError;
}

const DEFAULT_FORBIDDEN = '该角色无权访问此接口';

/**
 * 401 `unauthorized` without valid staff claims, 403 `forbidden` for a role not in `roles`, then
 * the department scope; sets `event.staff` for the handler. The HTTP API's JWT authorizer refuses
 * requests without a token before they get here: this is defence in depth, and the role check.
 *
 * @example
 * middy().use(jsonErrors({ logger })).use(staffGuard({ roles: ['supervisor'], forbiddenMessage: '只有督办人员可以维护派单目录' }))
 */
export function staffGuard(options: StaffGuardOptions): MiddlewareObj<APIGatewayProxyEventV2> {
  const forbiddenMessage = options.forbiddenMessage ?? DEFAULT_FORBIDDEN;
  const staffGuardBefore: MiddlewareObj<APIGatewayProxyEventV2>['before'] = (request) => {
    const staff = staffClaimsOf(request.event);
    if (!staff) throw new HttpError(401, 'unauthorized', '需要有效的工作人员身份');
    if (!options.roles.includes(staff.role)) throw new HttpError(403, 'forbidden', forbiddenMessage);
    if (options.departmentOf && staff.role === 'department') {
      if (staff.departmentId !== options.departmentOf(request.event)) {
        throw options.outOfScope?.() ?? new HttpError(403, 'forbidden', forbiddenMessage);
      }
    }
    const withStaff: WithStaff = { staff };
    Object.assign(request.event, withStaff);
  };
  return { before: staffGuardBefore };
}
