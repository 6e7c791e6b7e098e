// Calls a staff route's real composed handler (functions/<name>/handler.ts) as API Gateway would,
// with the JWT authorizer's claims of one role, and reads back the status and the error code.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { handler as agentDesk } from '../../../functions/agent-desk/handler.js';
import { handler as callbackDesk } from '../../../functions/callback-desk/handler.js';
import { handler as caseApi } from '../../../functions/case-api/handler.js';
import { handler as disclosureDesk } from '../../../functions/disclosure-desk/handler.js';
import { handler as disclosureIntake } from '../../../functions/disclosure-intake/handler.js';
import { handler as followUpCalls } from '../../../functions/follow-up-calls/handler.js';
import { handler as getDirectory } from '../../../functions/get-directory/handler.js';
import { handler as getMetrics } from '../../../functions/get-metrics/handler.js';
import { handler as manageDirectory } from '../../../functions/manage-directory/handler.js';
import { handler as releases } from '../../../functions/releases/handler.js';
import type { Route } from '../../../local/routes.js';
import type { StaffRole } from '../../../shared/domain/staff-roles.js';
import { httpEvent, testContext, withClaims } from '../fixtures/lambda.js';
import { type AuthzRequest, OTHER_AGENT, OTHER_DEPARTMENT } from './requests.js';
import { CALL_AGENT } from './world.js';

type StaffHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

/** The handlers of the functions that serve staff routes, by function name (infra/functions.ts). */
export const STAFF_HANDLERS: Readonly<Record<string, StaffHandler>> = {
  'agent-desk': agentDesk,
  'callback-desk': callbackDesk,
  'case-api': caseApi,
  'disclosure-desk': disclosureDesk,
  'disclosure-intake': disclosureIntake,
  'follow-up-calls': followUpCalls,
  'get-directory': getDirectory,
  'get-metrics': getMetrics,
  'manage-directory': manageDirectory,
  releases,
};

export type Scope = 'own' | 'other';

/**
 * A token's claims as the HTTP API hands them over; every role carries a department here, and an
 * agent its 工号: own, the one that answered the stored call; other, another.
 */
export function claimsOf(role: StaffRole, scope: Scope, request: AuthzRequest): Record<string, string> {
  return {
    sub: `${role}-1`,
    role,
    departmentId: scope === 'own' ? request.owner : OTHER_DEPARTMENT,
    ...(role === 'agent' ? { agentId: scope === 'own' ? CALL_AGENT : OTHER_AGENT } : {}),
  };
}

/** ` items=N` for a JSON list, so a list that leaves out another department's cases shows it. */
function itemsOf(response: APIGatewayProxyStructuredResultV2): string {
  if (typeof response.body !== 'string' || !response.body.startsWith('{')) return '';
  const items = (JSON.parse(response.body) as { items?: unknown }).items;
  return Array.isArray(items) ? ` items=${items.length}` : '';
}

/** `200 items=1`, `204`, or `403 forbidden`: the status, and the error code when there is one. */
export async function invoke(
  route: Route,
  request: AuthzRequest,
  claims: Record<string, string> | undefined,
): Promise<string> {
  const handler = STAFF_HANDLERS[route.functionName];
  if (!handler) throw new Error(`no handler imported for function ${route.functionName}`);
  const path = route.routeKey
    .split(' ')[1]
    ?.replace(/\{(\w+)\}/g, (_, name: string) => request.pathParameters?.[name] ?? '');
  const event = withClaims(
    httpEvent({
      method: route.method,
      path: path ?? '/',
      routeKey: route.routeKey,
      headers: { 'content-type': 'application/json', ...request.headers },
      ...(request.pathParameters ? { pathParameters: { ...request.pathParameters } } : {}),
      ...(request.query ? { query: { ...request.query } } : {}),
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    }),
    claims,
  );
  const response = (await handler(
    event,
    testContext(route.functionName),
  )) as APIGatewayProxyStructuredResultV2;
  const status = response.statusCode ?? 200;
  if (status < 400) return `${status}${itemsOf(response)}`;
  const code = (JSON.parse(String(response.body)) as { error?: { code?: string } }).error?.code;
  return `${status} ${code ?? '?'}`;
}
