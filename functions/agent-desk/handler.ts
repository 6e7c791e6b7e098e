import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { contactHashKey, disclosureIdentityKey } from '../../shared/adapters/secrets.js';
import {
  appealQueue,
  callStore,
  caseRefs,
  caseStore,
  directoryStore,
  requestMarks,
} from '../../shared/adapters/stores.js';
import { type CallAppeal, CallAppealSchema } from '../../shared/domain/call-record.js';
import { BadRequestError, HttpError } from '../../shared/http/errors.js';
import { conditionalGet } from '../../shared/http/etag.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { routeTable } from '../../shared/http/route-table.js';
import type { StaffClaims } from '../../shared/http/staff-claims.js';
import { staffGuard, type WithStaff } from '../../shared/http/staff-guard.js';
import { when } from '../../shared/http/when.js';
import { logger } from '../../shared/logger.js';
import { type AgentDeskDeps, classify, listAgentCalls, readCall, submitCallAppeal } from './desk.js';

// The agent's desk (坐席, issue 12): GET the agent's calls, GET one call with the caller's earlier
// cases, POST the appeal typed for a call (to the intake queue, as the CTI's record would), POST
// text to the classifier. Each route's roles are checked before anything is read.

export const ROUTES = {
  calls: 'GET /v1/agent/calls',
  call: 'GET /v1/calls/{callId}',
  appeal: 'POST /v1/calls/{callId}/appeal',
  classify: 'POST /v1/classify',
} as const;

type StaffEvent = APIGatewayProxyEventV2 & WithStaff;

/** The CTI's call id (CallRecordSchema): anything else is refused before DynamoDB is asked. */
const CALL_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
/** The CTI's agent id: 1–64 characters (CallRecordSchema). */
const AGENT_ID_MAX = 64;
/** Personal data (masked numbers, a caller's cases): never kept by a shared cache. */
const NO_STORE = { 'cache-control': 'no-store' };

export const ClassifyRequestSchema = z.strictObject({
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(4000)),
});

/** Made on first use, from the memoised adapters, so a warm function keeps its clients. */
function deps(): AgentDeskDeps {
  const directory = directoryStore();
  return {
    calls: callStore(),
    cases: caseStore(),
    refs: caseRefs(),
    queue: appealQueue(),
    // Only the appeal route marks; made on use, so the read routes need no marks table.
    marks: { markOnce: (mark, now) => requestMarks().markOnce(mark, now) },
    directory: () => directory.load(),
    contactHashKey,
    identityHashKey: disclosureIdentityKey,
    now: () => new Date(),
  };
}

function callIdOf(event: APIGatewayProxyEventV2): string {
  const callId = event.pathParameters?.callId ?? '';
  if (!CALL_ID.test(callId)) throw new BadRequestError('invalid_call_id', 'callId 不是有效的来电编号');
  return callId;
}

const agentIdMissing = () =>
  new HttpError(403, 'agent_id_missing', '该账号未配置坐席工号（agentId），请联系管理员在账号上设置工号');

/**
 * Whose calls: an agent's own (a `?agentId=` naming another is refused), or, for a supervisor, the
 * agent named by `?agentId=` (default: the supervisor's own 工号, if the account has one).
 */
function agentIdOf(event: StaffEvent): string {
  const asked = event.queryStringParameters?.agentId;
  if (asked !== undefined && (asked === '' || asked.length > AGENT_ID_MAX)) {
    throw new BadRequestError('invalid_agent_id', `agentId 须为 1–${AGENT_ID_MAX} 个字符`);
  }
  const staff: StaffClaims = event.staff;
  if (staff.role === 'supervisor') {
    const agentId = asked ?? staff.agentId;
    if (!agentId) throw new BadRequestError('agent_id_required', '请用 agentId 参数指定要查看的坐席工号');
    return agentId;
  }
  if (!staff.agentId) throw agentIdMissing();
  if (asked !== undefined && asked !== staff.agentId) {
    throw new HttpError(403, 'forbidden', '受理员只能查看自己接听的来电');
  }
  return staff.agentId;
}

async function calls(event: StaffEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const agentId = agentIdOf(event);
  return json(200, await listAgentCalls(deps(), agentId), NO_STORE);
}

async function call(event: StaffEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const callId = callIdOf(event);
  return json(200, await readCall(deps(), callId), NO_STORE);
}

async function appeal(
  event: StaffEvent & WithJsonBody<CallAppeal>,
): Promise<APIGatewayProxyStructuredResultV2> {
  const callId = callIdOf(event);
  // An agent's account without a 工号 answered no call the system knows of.
  if (event.staff.role === 'agent' && !event.staff.agentId) throw agentIdMissing();
  const result = await submitCallAppeal(deps(), { callId, typed: event.parsedBody, staff: event.staff });
  logger.info(result.outcome === 'queued' ? 'call appeal queued' : 'call appeal already a case', {
    callId,
    caseId: result.caseId,
    trackingNo: result.trackingNo,
    by: event.staff.sub,
  });
  return json(202, { trackingNo: result.trackingNo, caseId: result.caseId }, NO_STORE);
}

async function suggest(
  event: StaffEvent & WithJsonBody<{ text: string }>,
): Promise<APIGatewayProxyStructuredResultV2> {
  const directory = await directoryStore().load();
  return json(200, classify(directory, event.parsedBody.text), NO_STORE);
}

export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  // The console polls both reads: a strong ETag of the body, 304 when it has not changed.
  .use(when([ROUTES.calls, ROUTES.call], conditionalGet()))
  // The caller first, then the body: a role that may not post learns nothing about what it sent.
  .use(
    when(
      ROUTES.calls,
      staffGuard({ roles: ['agent', 'supervisor'], forbiddenMessage: '只有受理员和督办人员可查看坐席来电' }),
    ),
  )
  .use(
    when(
      [ROUTES.call, ROUTES.classify],
      staffGuard({
        roles: ['agent', 'dispatcher', 'supervisor'],
        forbiddenMessage: '只有受理员、派单员和督办人员可使用坐席功能',
      }),
    ),
  )
  .use(
    when(
      ROUTES.appeal,
      staffGuard({
        roles: ['agent', 'supervisor'],
        forbiddenMessage: '只有受理员和督办人员可为来电录入诉求',
      }),
    ),
  )
  .use(when(ROUTES.appeal, jsonBody({ schema: CallAppealSchema })))
  .use(when(ROUTES.classify, jsonBody({ schema: ClassifyRequestSchema })))
  .handler(
    routeTable<StaffEvent>({
      [ROUTES.calls]: calls,
      [ROUTES.call]: call,
      [ROUTES.appeal]: (event) => appeal(event as StaffEvent & WithJsonBody<CallAppeal>),
      [ROUTES.classify]: (event) => suggest(event as StaffEvent & WithJsonBody<{ text: string }>),
    }),
  );
