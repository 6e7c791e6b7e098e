import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { disclosureLetterSettings } from '../../shared/adapters/config.js';
import { nodeSha256 } from '../../shared/adapters/dossier-archive.js';
import { renderReplyLetterPdf } from '../../shared/adapters/reply-letter-pdf.js';
import {
  caseStore,
  directoryStore,
  disclosureBook,
  letterNumbers,
  letterStore,
} from '../../shared/adapters/stores.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { pageLimitOf } from '../../shared/http/page-limit.js';
import { json } from '../../shared/http/responses.js';
import { routeTable } from '../../shared/http/route-table.js';
import { staffGuard, type WithStaff } from '../../shared/http/staff-guard.js';
import { when } from '../../shared/http/when.js';
import { logger } from '../../shared/logger.js';
import { type ApproveRequest, ApproveRequestSchema, approveReply } from './approve.js';
import type { DeskDeps } from './deps.js';
import { readLetter } from './letter.js';
import { listDisclosureQueue, queueOf } from './queues.js';
import { checkCaseId } from './read.js';
import { annualReportResponse, reportFormatOf, reportYearOf } from './report.js';

// 依申请公开 desk (issue 14): the reviewers' approval that renders and stores the 答复书, the letter
// itself, the review and open lists, and the annual report's table. The core decides; this wires.

export const ROUTES = {
  approve: 'POST /v1/disclosure/cases/{caseId}/approve',
  letter: 'GET /v1/disclosure/cases/{caseId}/letter',
  list: 'GET /v1/disclosure/cases',
  report: 'GET /v1/disclosure/annual-report',
} as const;

type StaffEvent = APIGatewayProxyEventV2 & WithStaff;

/** Personal case data: never kept by a shared cache. */
const NO_STORE = { 'cache-control': 'no-store' };

/** Made on first use, from the memoised adapters, so a warm function keeps its clients and caches. */
export function defaultDeps(): DeskDeps {
  const directory = directoryStore();
  return {
    cases: caseStore(),
    book: disclosureBook(),
    letters: letterStore(),
    numbers: letterNumbers(),
    directory: () => directory.load(),
    calendar: () => directory.loadCalendar(),
    letterSettings: disclosureLetterSettings,
    render: renderReplyLetterPdf,
    sha256: nodeSha256,
    now: () => new Date(),
    logger,
  };
}

/**
 * The composed handler over `deps` (a unit test passes fakes; the deployed one the adapters).
 *
 * @example
 * const handler = disclosureDeskHandler(() => fakes);
 */
export function disclosureDeskHandler(deps: () => DeskDeps) {
  const caseIdOf = (event: APIGatewayProxyEventV2) => event.pathParameters?.caseId ?? '';
  return (
    httpHandler()
      .use(httpHeaderNormalizer())
      .use(injectLambdaContext(logger))
      .use(jsonErrors({ logger }))
      // The caller first, then the body: a role that may not approve learns nothing from what it sent.
      .use(
        when(
          ROUTES.approve,
          staffGuard({
            roles: ['reviewer', 'supervisor'],
            forbiddenMessage: '只有审核人和督办人员可审核答复',
          }),
        ),
      )
      .use(
        when(
          ROUTES.letter,
          staffGuard({
            roles: ['agent', 'dispatcher', 'department', 'supervisor', 'reviewer'],
            forbiddenMessage: '该角色无权查看答复书',
          }),
        ),
      )
      .use(
        when(
          ROUTES.list,
          staffGuard({
            roles: ['reviewer', 'department', 'supervisor'],
            forbiddenMessage: '只有审核人、承办单位和督办人员可查看依申请公开队列',
          }),
        ),
      )
      .use(
        when(
          ROUTES.report,
          staffGuard({
            roles: ['analyst', 'supervisor'],
            forbiddenMessage: '只有数据分析人员和督办人员可查看年度报表',
          }),
        ),
      )
      // The id before the body: a malformed id is refused as such, whatever was sent with it.
      .use(
        when([ROUTES.approve, ROUTES.letter], { before: (request) => checkCaseId(caseIdOf(request.event)) }),
      )
      .use(when(ROUTES.approve, jsonBody({ schema: ApproveRequestSchema })))
      .handler(
        routeTable<StaffEvent>({
          [ROUTES.approve]: async (event) => {
            const kase = await approveReply(deps(), {
              caseId: caseIdOf(event),
              staff: event.staff,
              body: (event as StaffEvent & WithJsonBody<ApproveRequest>).parsedBody,
            });
            return json(200, { case: kase }, NO_STORE);
          },
          [ROUTES.letter]: (event) => readLetter(deps(), { caseId: caseIdOf(event), staff: event.staff }),
          [ROUTES.list]: async (event) => {
            const q = event.queryStringParameters ?? {};
            const queue = queueOf(q.queue);
            const limit = pageLimitOf(q.limit);
            const page = await listDisclosureQueue(deps(), {
              queue,
              staff: event.staff,
              limit,
              ...(q.cursor ? { cursor: q.cursor } : {}),
            });
            return json(200, page, NO_STORE);
          },
          [ROUTES.report]: (event) => {
            const d = deps();
            const q = event.queryStringParameters ?? {};
            const year = reportYearOf(q.year, d.now());
            return annualReportResponse(d, { year, format: reportFormatOf(q.format) });
          },
        }),
      )
  );
}

export const handler = disclosureDeskHandler(defaultDeps);
