import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { InvalidCursorError } from '../../shared/adapters/case-store.js';
import { followUpCallAfterHours } from '../../shared/adapters/config.js';
import { contactHashKey } from '../../shared/adapters/secrets.js';
import { caseStore, rawPayloadReader } from '../../shared/adapters/stores.js';
import { BadRequestError } from '../../shared/http/errors.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { pageLimitOf } from '../../shared/http/page-limit.js';
import { json } from '../../shared/http/responses.js';
import { routeTable } from '../../shared/http/route-table.js';
import { staffGuard, type WithStaff } from '../../shared/http/staff-guard.js';
import { logger } from '../../shared/logger.js';
import { actorOf } from '../case-api/access.js';
import { type FollowUpCallDeps, listFollowUpCalls, takeCall } from './calls.js';

// 电话回访 (issue 11): GET the agents' follow-up call list; POST take one item, which shows the
// caller's number in clear to that agent alone and records the showing. The outcome of the call is a
// lifecycle action of the case API (record_follow_up_call), where every other action is recorded.

export const ROUTES = {
  list: 'GET /v1/follow-up/calls',
  take: 'POST /v1/follow-up/calls/{caseId}/take',
} as const;

type StaffEvent = APIGatewayProxyEventV2 & WithStaff;

/** As the case API's: anything else is refused before DynamoDB is asked. */
const CASE_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Personal data (a number in clear, in the take's answer): never kept by a shared cache. */
const NO_STORE = { 'cache-control': 'no-store' };

/** Made on first use, from the memoised adapters, so a warm function keeps its clients. */
function deps(): FollowUpCallDeps {
  return {
    cases: caseStore(),
    raw: rawPayloadReader(),
    contactHashKey,
    afterHours: followUpCallAfterHours,
    now: () => new Date(),
  };
}

async function list(event: StaffEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const limit = pageLimitOf(event.queryStringParameters?.limit);
  const cursor = event.queryStringParameters?.cursor;
  try {
    const page = await listFollowUpCalls(deps(), { limit, ...(cursor ? { cursor } : {}) });
    return json(200, page, NO_STORE);
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new BadRequestError('invalid_cursor', 'cursor 无效，请从第一页重新查询', { cause: error });
    }
    throw error;
  }
}

async function take(event: StaffEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const caseId = event.pathParameters?.caseId ?? '';
  if (!CASE_ID.test(caseId)) throw new BadRequestError('invalid_case_id', 'caseId 不是有效的工单编号');
  const taken = await takeCall(deps(), caseId, actorOf(event.staff));
  // Who saw which number is in the case's history; the log names the case and the agent only.
  logger.info('follow-up call taken', { caseId, takenBy: taken.item.takenBy });
  return json(
    200,
    { ...taken.item, callerNumber: taken.callerNumber },
    { ...NO_STORE, etag: `"${taken.version}"` },
  );
}

export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .use(
    staffGuard({
      roles: ['agent', 'supervisor'],
      forbiddenMessage: '只有受理员和督办人员可查看和领取回访名单',
    }),
  )
  .handler(
    routeTable<StaffEvent>({
      [ROUTES.list]: list,
      [ROUTES.take]: take,
    }),
  );
