import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SUPERVISOR_QUEUES, type SupervisorQueue } from '../../shared/adapters/case-item.js';
import { CaseTooLargeError, InvalidCursorError, type QueuePage } from '../../shared/adapters/case-store.js';
import { correctionDays } from '../../shared/adapters/config.js';
import { caseStore, directoryStore } from '../../shared/adapters/stores.js';
import { updateCase } from '../../shared/adapters/update-case.js';
import {
  type Actor,
  applyAction,
  type Case,
  caseSummaryOf,
  countdownFieldsOf,
  type LifecycleAction,
  LifecycleActionSchema,
  type LifecycleContext,
  type SummaryClock,
  TRANSITIONS,
} from '../../shared/domain/index.js';
import { BadRequestError, HttpError, NotFoundError } from '../../shared/http/errors.js';
import { conditionalGet } from '../../shared/http/etag.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { pageLimitOf } from '../../shared/http/page-limit.js';
import { refusalError } from '../../shared/http/refusal-status.js';
import { json } from '../../shared/http/responses.js';
import { routeTable } from '../../shared/http/route-table.js';
import type { StaffRole } from '../../shared/http/staff-claims.js';
import { staffGuard, type WithStaff } from '../../shared/http/staff-guard.js';
import { when } from '../../shared/http/when.js';
import { logger } from '../../shared/logger.js';
import { actorOf, mayReadCase } from './access.js';
import { caseRouting, nearbyCases, searchCases } from './look-up.js';
import { summaryClock } from './summary-clock.js';

// The staff case API (DESIGN §9): a department's work queue, a case with its history, and the
// lifecycle actions. The core decides every transition; this file reads, authorises and writes.

export const ROUTES = {
  queue: 'GET /v1/departments/{id}/cases',
  getCase: 'GET /v1/cases/by-id/{caseId}',
  act: 'POST /v1/cases/by-id/{caseId}/actions',
  supervision: 'GET /v1/supervision/cases',
  dispatch: 'GET /v1/dispatch/cases',
  search: 'GET /v1/cases/search',
  nearby: 'GET /v1/cases/nearby',
  routing: 'GET /v1/cases/by-id/{caseId}/routing',
} as const;

/** Every staff GET that lists or reads cases: answered with a strong ETag, and 304 when unchanged. */
const CASE_READS = [
  ROUTES.queue,
  ROUTES.getCase,
  ROUTES.supervision,
  ROUTES.dispatch,
  ROUTES.search,
  ROUTES.nearby,
  ROUTES.routing,
] as const;

/** Who reads cases: every staff role but analysts, who read aggregates. */
const CASE_ROLES: readonly StaffRole[] = ['agent', 'dispatcher', 'department', 'supervisor'];
/** One case and its actions: also the reviewer (审核人), who reads disclosure requests only (access.ts). */
const ONE_CASE_ROLES: readonly StaffRole[] = [...CASE_ROLES, 'reviewer'];
/** Who works the dispatchers' queue: those who may dispatch (agents, dispatchers) or redispatch. */
const DISPATCH_QUEUE_ROLES: readonly StaffRole[] = ['agent', 'dispatcher', 'supervisor'];

const READ_CASES_FORBIDDEN = '该角色无权查看工单';

type StaffEvent = APIGatewayProxyEventV2 & WithStaff;
type ActEvent = StaffEvent & WithJsonBody<LifecycleAction>;

/** Attempts to record a merge on the master case when other writes keep landing on it first. */
const LINK_ATTEMPTS = 3;

/** One answer for "no such case" and "not yours", so a department learns nothing of others' cases. */
const caseNotFound = () => new NotFoundError('not_found', '未找到该工单');
const versionConflict = () => new HttpError(409, 'version_conflict', '工单已被他人更新，请刷新后重试');

/** Personal case data: never kept by a shared cache. */
const NO_STORE = { 'cache-control': 'no-store' };

/**
 * The row of every list: shared/domain/case-summary.ts (with the lead, the 督办 state, the version,
 * and the working days left on the calendar).
 */
const summaryOf = caseSummaryOf;

/**
 * A supervisor decides a dissatisfied case on the department that handled it and the rating, and an
 * extension on the request (who, why, until when).
 */
function supervisionSummaryOf(kase: Case, clock: SummaryClock) {
  return {
    ...summaryOf(kase, clock),
    ...(kase.feedback ? { feedback: kase.feedback } : {}),
    ...(kase.pendingExtension ? { pendingExtension: kase.pendingExtension } : {}),
  };
}

/** A co-handled case in a department's list: marked, so the console offers no action on it. */
function coHandledSummaryOf(kase: Case, clock: SummaryClock) {
  return { ...summaryOf(kase, clock), role: 'co' };
}

/** Another department's queue does not exist as far as a department user can tell. */
const queueNotFound = () => new NotFoundError('not_found', '未找到该单位的工单队列');

async function listQueue(event: StaffEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const departmentId = event.pathParameters?.id ?? '';
  if (!departmentId) throw queueNotFound();
  const as = event.queryStringParameters?.as;
  // 协办: the open cases other departments lead with this one among their co-handlers, soonest
  // deadline first, on their co-handler links (shared/adapters/co-handler-link.ts); read-only for it.
  if (as === 'co') {
    return queuePage(event, coHandledSummaryOf, (page) => caseStore().listCoHandledQueue(departmentId, page));
  }
  if (as !== undefined && as !== '' && as !== 'lead') {
    throw new BadRequestError('invalid_as', 'as 须为 lead（主办，默认）或 co（协办）');
  }
  return queuePage(event, summaryOf, (page) => caseStore().listDepartmentQueue(departmentId, page));
}

/**
 * 督办 queues: dissatisfied cases waiting for a supervisor to reopen or close them, and extension
 * requests waiting for approval (those cases stay in their department's queue too). Supervisors only.
 */
async function listSupervision(event: StaffEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const queue = event.queryStringParameters?.queue ?? '';
  if (!(SUPERVISOR_QUEUES as readonly string[]).includes(queue)) {
    throw new BadRequestError('invalid_queue', `queue 须为 ${SUPERVISOR_QUEUES.join('、')} 之一`);
  }
  return queuePage(event, supervisionSummaryOf, (page) =>
    caseStore().listSupervisorQueue(queue as SupervisorQueue, page),
  );
}

/** A dispatcher routes a returned case on why it came back and from whom. */
function dispatchSummaryOf(kase: Case, clock: SummaryClock) {
  const returned =
    kase.status === 'returned' ? kase.history.findLast((h) => h.action === 'return') : undefined;
  return {
    ...summaryOf(kase, clock),
    ...(returned ? { returned } : {}),
    // What a call centre's agent typed that the catalogue did not resolve: what the dispatcher decides on.
    ...(kase.typedCategory ? { typedCategory: kase.typedCategory } : {}),
    ...(kase.typedDistrict ? { typedDistrict: kase.typedDistrict } : {}),
  };
}

/** 待派单: cases no rule routed and cases their department returned, oldest deadline first. */
async function listDispatch(event: StaffEvent): Promise<APIGatewayProxyStructuredResultV2> {
  return queuePage(event, dispatchSummaryOf, (page) => caseStore().listDispatchQueue(page));
}

async function queuePage(
  event: APIGatewayProxyEventV2,
  summary: (kase: Case, clock: SummaryClock) => Record<string, unknown>,
  list: (page: { limit: number; cursor?: string }) => Promise<QueuePage>,
): Promise<APIGatewayProxyStructuredResultV2> {
  const limit = pageLimitOf(event.queryStringParameters?.limit);
  const cursor = event.queryStringParameters?.cursor;
  try {
    const page = await list({ limit, ...(cursor ? { cursor } : {}) });
    const clock = await summaryClock();
    const items = page.items.map((kase) => summary(kase, clock));
    return json(200, { items, nextCursor: page.nextCursor ?? null }, NO_STORE);
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new BadRequestError('invalid_cursor', 'cursor 无效，请从第一页重新查询', { cause: error });
    }
    throw error;
  }
}

/**
 * The shape of a case id (`wf`, `ht` or `wx` and 24 symbols, or a test's shorter one): anything else
 * is refused before DynamoDB is asked, which would refuse an empty or oversized key itself (a 503).
 */
const CASE_ID = /^[A-Za-z0-9_-]{1,64}$/;

function checkCaseId(caseId: string, field: string): void {
  if (!CASE_ID.test(caseId)) {
    throw new BadRequestError('invalid_case_id', `${field} 不是有效的工单编号`);
  }
}

/** The case if this caller may see it; otherwise the same 404 as for a case that does not exist. */
async function readableCase(event: StaffEvent): Promise<Case> {
  const caseId = event.pathParameters?.caseId ?? '';
  if (caseId) checkCaseId(caseId, 'caseId');
  const kase = caseId ? await caseStore().getById(caseId) : undefined;
  if (!kase || !mayReadCase(event.staff, kase)) throw caseNotFound();
  return kase;
}

/**
 * A case as staff read it, `extra` beside its fields. A GET's ETag is the body's hash (etag.ts); an
 * action takes the case's `version` as `If-Match`.
 */
function caseResponse(kase: Case, extra: Record<string, unknown> = {}): APIGatewayProxyStructuredResultV2 {
  return json(200, { ...kase, ...extra }, NO_STORE);
}

/**
 * The case, and the duplicates merged into it at intake (并单): their links are items of their own
 * beside the case (`DUP#…`), not entries of its history, so a flood never grows the case. The first
 * `DUPLICATE_LINKS_SHOWN` are listed; `duplicatesMore` says there are more.
 */
async function getCase(event: StaffEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const kase = await readableCase(event);
  const { links, more } = await caseStore().listDuplicateLinks(kase.caseId);
  const duplicates = links.map((l) => ({
    caseId: l.duplicateCaseId,
    trackingNo: l.duplicateTrackingNo,
    linkedAt: l.linkedAt,
    actor: l.actor,
  }));
  const clock = await summaryClock();
  return caseResponse(kase, {
    ...countdownFieldsOf(kase, clock.now, clock.calendar),
    ...(duplicates.length > 0 ? { duplicates } : {}),
    ...(more ? { duplicatesMore: true } : {}),
  });
}

/** `If-Match: 3` or `If-Match: "3"` (the case's `version`); absent means "whatever is current". */
function expectedVersionOf(event: APIGatewayProxyEventV2): number | undefined {
  const raw = event.headers?.['if-match']?.trim();
  if (!raw) return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(raw);
  if (!match) throw new BadRequestError('invalid_if_match', 'If-Match 须为工单的版本号');
  return Number(match[1]);
}

async function act(event: ActEvent): Promise<APIGatewayProxyStructuredResultV2> {
  const current = await readableCase(event);
  const expected = expectedVersionOf(event);
  if (expected !== undefined && expected !== current.version) throw versionConflict();

  const action = event.parsedBody;
  const actor = actorOf(event.staff);
  // An agent records a 补正 answer given on a call: photos come only through the citizen's own
  // upload path, which checks each against its grant; a staff caller's keys are checked by nothing.
  if (action.action === 'answer_correction' && (action.attachments?.length ?? 0) > 0) {
    throw new HttpError(422, 'invalid_attachment', '电话补正不能附带图片，图片请市民通过补正页面上传');
  }
  const cases = caseStore();
  const directory = directoryStore();
  const ctx: LifecycleContext = {
    now: new Date(),
    calendar: await directory.loadCalendar(),
    correctionDays: correctionDays(),
    // Dispatch checks the departments exist; no other action needs the directory.
    ...(action.action === 'dispatch' || action.action === 'redispatch'
      ? { directory: await directory.load() }
      : {}),
  };
  let master: Case | undefined;
  // Only for a role that may merge, so a refusal by role is not preceded by a lookup's answer.
  if (action.action === 'merge' && TRANSITIONS.merge.roles.includes(actor.role)) {
    if (action.masterCaseId) checkCaseId(action.masterCaseId, 'masterCaseId');
    master = action.masterCaseId ? await cases.getById(action.masterCaseId) : undefined;
    if (!master) throw new HttpError(422, 'invalid_merge', '主工单不存在');
  }

  const written = await updateCase(
    cases,
    current,
    (kase) => {
      const result = applyAction(kase, action, actor, master ? { ...ctx, master } : ctx);
      if (result.ok && result.uncoveredYears.length > 0) {
        logger.warn('a deadline reaches a year without calendar data: counted as weekends only', {
          caseId: kase.caseId,
          uncoveredYears: result.uncoveredYears,
        });
      }
      return result;
    },
    // The caller acted on the version it saw: another write in between is the caller's to resolve.
    { attempts: 1 },
  ).catch((error: unknown) => {
    if (error instanceof CaseTooLargeError) {
      throw new HttpError(422, 'case_too_large', '工单记录已达上限，不能再追加操作；请联系督办人员处理', {
        cause: error,
      });
    }
    throw error;
  });
  if (written.outcome === 'refused') throw refusalError(written.refusal);
  if (written.outcome !== 'updated') throw versionConflict();
  if (master) await linkDuplicate(master, written.case.caseId, actor, ctx);
  return caseResponse(written.case);
}

/**
 * 并单, the master's side: its history records the duplicate. A second conditional write, after the
 * duplicate's (which is the record of the merge, with `mergedInto`); re-read and retried when
 * another action on the master lands first. If it still cannot be written the merge stands and the
 * gap is logged: no transactions (DESIGN §3).
 */
async function linkDuplicate(master: Case, duplicateCaseId: string, actor: Actor, ctx: LifecycleContext) {
  const linked = await updateCase(
    caseStore(),
    master,
    (current) => applyAction(current, { action: 'link_duplicate', duplicateCaseId }, actor, ctx),
    { attempts: LINK_ATTEMPTS },
  );
  if (linked.outcome === 'refused') {
    logger.warn('the master case refused the merge link', {
      caseId: linked.current.caseId,
      duplicateCaseId,
      refusal: linked.refusal.code,
    });
  } else if (linked.outcome !== 'updated') {
    logger.error('the merge is not recorded on the master case', { caseId: master.caseId, duplicateCaseId });
  }
}

export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  // After jsonErrors, so its `after` runs first and a 304 still leaves with the security headers.
  .use(when(CASE_READS, conditionalGet()))
  // The body first, the caller next: as the case API has always answered (a malformed action is a 4xx
  // whoever sends it). The GET routes have no body to parse.
  .use(when(ROUTES.act, jsonBody({ schema: LifecycleActionSchema })))
  .use(
    when(
      ROUTES.queue,
      staffGuard({
        roles: CASE_ROLES,
        forbiddenMessage: READ_CASES_FORBIDDEN,
        departmentOf: (event) => event.pathParameters?.id,
        outOfScope: queueNotFound,
      }),
    ),
  )
  // A department's access to one case depends on the case: `readableCase` answers 404 for it.
  .use(
    when(
      [ROUTES.getCase, ROUTES.act],
      staffGuard({ roles: ONE_CASE_ROLES, forbiddenMessage: READ_CASES_FORBIDDEN }),
    ),
  )
  .use(when(ROUTES.search, staffGuard({ roles: CASE_ROLES, forbiddenMessage: READ_CASES_FORBIDDEN })))
  .use(
    when(
      [ROUTES.nearby, ROUTES.routing],
      staffGuard({
        roles: DISPATCH_QUEUE_ROLES,
        forbiddenMessage: '只有受理员、派单员和督办人员可查看附近工单和派单建议',
      }),
    ),
  )
  .use(
    when(
      ROUTES.supervision,
      staffGuard({ roles: ['supervisor'], forbiddenMessage: '只有督办人员可查看督办队列' }),
    ),
  )
  .use(
    when(
      ROUTES.dispatch,
      staffGuard({
        roles: DISPATCH_QUEUE_ROLES,
        forbiddenMessage: '只有受理员、派单员和督办人员可查看待派单队列',
      }),
    ),
  )
  .handler(
    routeTable<StaffEvent>({
      [ROUTES.queue]: listQueue,
      [ROUTES.getCase]: getCase,
      [ROUTES.act]: (event) => act(event as ActEvent),
      [ROUTES.supervision]: listSupervision,
      [ROUTES.dispatch]: listDispatch,
      [ROUTES.search]: searchCases,
      [ROUTES.nearby]: nearbyCases,
      [ROUTES.routing]: async (event) => caseRouting(await readableCase(event)),
    }),
  );
