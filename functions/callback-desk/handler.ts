import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { typistOf } from '../../shared/adapters/call-appeal-entry.js';
import { InvalidCursorError } from '../../shared/adapters/case-store.js';
import { callbackPolicy } from '../../shared/adapters/config.js';
import { phoneVault } from '../../shared/adapters/phone-vault.js';
import { contactHashKey, disclosureIdentityKey } from '../../shared/adapters/secrets.js';
import {
  appealQueue,
  callbackStore,
  callStore,
  caseStore,
  directoryStore,
  requestMarks,
} from '../../shared/adapters/stores.js';
import { callbackKeyOfTaskId } from '../../shared/domain/callbacks/index.js';
import { BadRequestError, HttpError } from '../../shared/http/errors.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { pageLimitOf } from '../../shared/http/page-limit.js';
import { json } from '../../shared/http/responses.js';
import { routeTable } from '../../shared/http/route-table.js';
import { staffGuard, type WithStaff } from '../../shared/http/staff-guard.js';
import { when } from '../../shared/http/when.js';
import { logger } from '../../shared/logger.js';
import { type CallbackAttemptRequest, CallbackAttemptRequestSchema, recordAttempt } from './attempt.js';
import { type CallbackDeskDeps, workerOf } from './deps.js';
import { invalidTaskId } from './errors.js';
import { type CallbackScope, listCallbacks } from './list.js';
import { takeCallback } from './take.js';

// 漏接回拨 (issue 13): GET the agents' callback list (oldest deadline first); POST take a task, which
// shows the caller's number in clear to the taker alone and records the take; POST an attempt's
// outcome, with the appeal a reached caller brings. Agents and supervisors; `scope=all` supervisors only.

export const ROUTES = {
  list: 'GET /v1/callbacks',
  take: 'POST /v1/callbacks/{taskId}/take',
  attempts: 'POST /v1/callbacks/{taskId}/attempts',
} as const;

type StaffEvent = APIGatewayProxyEventV2 & WithStaff;

/** Personal data (masked numbers; the take's number in clear): never kept by any cache. */
const NO_STORE = { 'cache-control': 'no-store' };

/** Made on first use, from the memoised adapters, so a warm function keeps its clients. */
function deps(): CallbackDeskDeps {
  const directory = directoryStore();
  return {
    callbacks: callbackStore(),
    vault: phoneVault(),
    calls: callStore(),
    cases: caseStore(),
    queue: appealQueue(),
    // Only an attempt with an appeal marks; made on use, so the other routes need no marks table.
    marks: { markOnce: (mark, now) => requestMarks().markOnce(mark, now) },
    directory: () => directory.load(),
    // 热线线路: the directory's merged lines name the codes (a line not in it shows its code).
    lineNames: async () =>
      new Map([...(await directory.load()).lines].map(([code, line]) => [code, line.name])),
    contactHashKey,
    identityHashKey: disclosureIdentityKey,
    policy: callbackPolicy,
    now: () => new Date(),
  };
}

function scopeOf(event: StaffEvent): CallbackScope {
  const scope = event.queryStringParameters?.scope;
  if (scope === undefined || scope === '' || scope === 'offered') return 'offered';
  if (scope !== 'all') throw new BadRequestError('invalid_scope', 'scope 须为 offered 或 all');
  if (event.staff.role !== 'supervisor') {
    throw new HttpError(403, 'forbidden', '只有督办人员可查看全部回拨任务（scope=all）');
  }
  return 'all';
}

/** The task id, checked before DynamoDB is asked: anything else is 400, whatever it guesses at. */
function taskIdOf(event: APIGatewayProxyEventV2): string {
  const taskId = event.pathParameters?.taskId ?? '';
  if (!callbackKeyOfTaskId(taskId)) throw invalidTaskId();
  return taskId;
}

async function list(event: StaffEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const limit = pageLimitOf(event.queryStringParameters?.limit);
  const scope = scopeOf(event);
  const cursor = event.queryStringParameters?.cursor;
  try {
    const page = await listCallbacks(deps(), {
      worker: workerOf(event.staff),
      scope,
      limit,
      ...(cursor ? { cursor } : {}),
    });
    return json(200, page, NO_STORE);
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new BadRequestError('invalid_cursor', 'cursor 无效，请从第一页重新查询', { cause: error });
    }
    throw error;
  }
}

async function take(event: StaffEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const taskId = taskIdOf(event);
  const worker = workerOf(event.staff);
  const taken = await takeCallback(deps(), { taskId, worker });
  // Who saw which number is in the task's history; the log names the task and the agent only.
  logger.info('callback task taken', { taskId, takenBy: worker });
  return json(200, { ...taken.item, callerNumber: taken.callerNumber }, NO_STORE);
}

async function attempts(
  event: StaffEvent & WithJsonBody<CallbackAttemptRequest>,
): Promise<APIGatewayProxyStructuredResultV2> {
  const taskId = taskIdOf(event);
  const worker = workerOf(event.staff);
  const recorded = await recordAttempt(deps(), {
    taskId,
    worker,
    typist: typistOf(event.staff),
    request: event.parsedBody,
  });
  logger.info('callback attempt recorded', {
    taskId,
    by: worker,
    outcome: recorded.attempt.outcome,
    ...(recorded.case ? { caseId: recorded.case.caseId, trackingNo: recorded.case.trackingNo } : {}),
  });
  return json(
    200,
    { ...recorded.item, attempt: recorded.attempt, ...(recorded.case ? { case: recorded.case } : {}) },
    NO_STORE,
  );
}

export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  // The caller first, then the body: a role that may not post learns nothing about what it sent.
  .use(
    staffGuard({
      roles: ['agent', 'supervisor'],
      forbiddenMessage: '只有受理员和督办人员可查看和处理漏接回拨',
    }),
  )
  // The task id before the body: a guessed id is refused as such, whatever was sent with it.
  .use(when([ROUTES.take, ROUTES.attempts], { before: (request) => void taskIdOf(request.event) }))
  .use(when(ROUTES.attempts, jsonBody({ schema: CallbackAttemptRequestSchema })))
  .handler(
    routeTable<StaffEvent>({
      [ROUTES.list]: list,
      [ROUTES.take]: take,
      [ROUTES.attempts]: (event) => attempts(event as StaffEvent & WithJsonBody<CallbackAttemptRequest>),
    }),
  );
