import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import type { DynamoCaseStore } from '../../shared/adapters/case-store.js';
import { followUpDays } from '../../shared/adapters/config.js';
import { feedbackTokenKey, verifyFeedbackToken } from '../../shared/adapters/feedback-token.js';
import { caseStore, directoryStore } from '../../shared/adapters/stores.js';
import { updateCase } from '../../shared/adapters/update-case.js';
import { citizenReply, ratingOpenUntil } from '../../shared/domain/citizen-reply.js';
import {
  type Actor,
  type ApplyResult,
  applyAction,
  type Case,
  FEEDBACK_RECEIVED_TEXT,
  normaliseTrackingNo,
  type Rating,
  type Refusal,
  STATUS_TEXT,
  WEEKENDS_ONLY,
} from '../../shared/domain/index.js';
import { BadRequestError, HttpError } from '../../shared/http/errors.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { refusalError } from '../../shared/http/refusal-status.js';
import { json } from '../../shared/http/responses.js';
import { when } from '../../shared/http/when.js';
import { logger } from '../../shared/logger.js';
import { FEEDBACK_PAGE_HEADERS, type FeedbackPageView, feedbackPageHtml } from './feedback-page.js';

// POST /v1/cases/{trackingNo}/feedback: 回访, the citizen's one rating, with the token from the
// completion notice. The core decides; this file finds the case, checks the token and writes.
// GET on the same address is the page the notice's link opens (the case, its reply, the form), which
// POSTs the rating back here.

/**
 * The body. The rating is a plain string on purpose: the core refuses an unknown one with its own
 * code (invalid_rating, 422), as the case API does. The token may come in the query instead (the
 * notice's link carries it there).
 */
export const FeedbackSchema = z.object({
  token: z.optional(z.string().check(z.maxLength(256))),
  rating: z.string().check(z.maxLength(64)),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(500, '评价内容最多 500 字'))),
});
export type Feedback = z.infer<typeof FeedbackSchema>;

/** The history records the citizen, not who they are: the token proved they hold the notice. */
const CITIZEN: Actor = { role: 'citizen', id: 'citizen' };

/**
 * One answer for a wrong token and for a number that names no case (or a merged one whose master is
 * gone): told apart, they would tell anyone which tracking numbers exist.
 */
const invalidToken = () => new HttpError(403, 'invalid_feedback_token', '评价链接无效或已过期');

/** One re-read after a version conflict: a rating races only the staff and the scheduled job. */
const ATTEMPTS = 2;

/**
 * The case the tracking number names; a merged case is rated on its master (并单: the master is the
 * case that is handled and completed, and the one the notice's token was made for).
 */
async function caseOf(cases: DynamoCaseStore, trackingNo: string): Promise<Case> {
  const found = await cases.getByTrackingNo(trackingNo);
  if (!found) throw invalidToken();
  if (found.status !== 'merged' || !found.mergedInto) return found;
  const master = await cases.getById(found.mergedInto);
  if (!master) throw invalidToken();
  return master;
}

function rate(kase: Case, feedback: Feedback, now: Date): ApplyResult {
  // The one rating a case takes: told apart from "not completed yet" whatever the status now is.
  if (kase.feedback) throw new HttpError(409, 'already_rated', '该工单已评价，不能重复评价');
  return applyAction(
    kase,
    {
      action: 'rate',
      rating: feedback.rating,
      ...(feedback.comment ? { comment: feedback.comment } : {}),
      // The link of the notice or the status page: the satisfaction rate is split by how it was taken.
      via: 'web',
    },
    CITIZEN,
    // A rating reads no deadline: no calendar is loaded for it.
    { now, calendar: WEEKENDS_ONLY },
  );
}

/** The rating's own refusals keep their status; any other means the case is not awaiting a rating. */
function ratingRefused(kase: Case, refusal: Refusal): HttpError {
  if (refusal.code === 'invalid_rating' || refusal.code === 'already_rated') return refusalError(refusal);
  return new HttpError(
    409,
    'not_awaiting_feedback',
    `工单当前状态为「${STATUS_TEXT[kase.status]}」，不在回访期`,
  );
}

type Event = APIGatewayProxyEventV2 & WithJsonBody<Feedback>;

async function submitFeedback(event: Event): Promise<APIGatewayProxyStructuredResultV2> {
  const trackingNo = normaliseTrackingNo(event.pathParameters?.trackingNo ?? '');
  if (!trackingNo) throw new BadRequestError('invalid_tracking_no', '工单号格式不正确');
  const feedback = event.parsedBody;
  const token = feedback.token ?? event.queryStringParameters?.token;
  if (!token) throw invalidToken();

  const cases = caseStore();
  const key = await feedbackTokenKey();
  const result = await updateCase(
    cases,
    await caseOf(cases, trackingNo),
    (kase) => {
      // Checked on every read: a conflicting write may have been a re-completion with a new token.
      if (!verifyFeedbackToken(token, kase, key)) throw invalidToken();
      return rate(kase, feedback, new Date());
    },
    { attempts: ATTEMPTS },
  );
  if (result.outcome === 'missing') throw invalidToken();
  if (result.outcome === 'refused') throw ratingRefused(result.current, result.refusal);
  if (result.outcome !== 'updated') throw new HttpError(409, 'version_conflict', '工单正在更新，请稍后重试');
  const next = result.case;
  logger.info('feedback recorded', { caseId: next.caseId, rating: feedback.rating, status: next.status });
  return json(
    200,
    {
      trackingNo: next.trackingNo,
      status: next.status,
      statusText: STATUS_TEXT[next.status],
      message: FEEDBACK_RECEIVED_TEXT[feedback.rating as Rating],
    },
    { 'cache-control': 'no-store' },
  );
}

function isPost(event: APIGatewayProxyEventV2): boolean {
  return event.requestContext.http.method === 'POST';
}

/** The longest token the page looks at; a real one has 43 characters. */
const MAX_TOKEN_CHARS = 256;

/**
 * What the link opens to. A missing, malformed or wrong token and a number that names no case all
 * read `invalid`, with the same bytes: the page tells nothing about any case but the one the token
 * was made for. Only that token learns that its case is rated or its window has passed.
 */
async function pageView(event: APIGatewayProxyEventV2, now: Date): Promise<FeedbackPageView> {
  const trackingNo = normaliseTrackingNo(event.pathParameters?.trackingNo ?? '');
  const token = event.queryStringParameters?.token ?? '';
  if (!trackingNo || !token || token.length > MAX_TOKEN_CHARS) return { kind: 'invalid' };
  const cases = caseStore();
  const kase = await caseOf(cases, trackingNo).catch((error: unknown) => {
    if (error instanceof HttpError && error.code === 'invalid_feedback_token') return undefined;
    throw error;
  });
  if (!kase || !verifyFeedbackToken(token, kase, await feedbackTokenKey())) return { kind: 'invalid' };
  if (kase.feedback) return { kind: 'rated' };
  if (!kase.completedAt || !ratingOpenUntil(kase, now, followUpDays())) return { kind: 'expired' };
  const directory = await directoryStore().load();
  const reply = citizenReply(kase);
  return {
    kind: 'open',
    // The number the citizen holds (a merged case's own), though the rating lands on its master.
    trackingNo,
    categoryName: directory.categories.get(kase.category)?.name ?? kase.category,
    completedAt: kase.completedAt,
    ...(reply ? { reply } : {}),
  };
}

/** A page for each state; the status says whether the link still rates (403 wrong, 410 spent). */
const PAGE_STATUS: Readonly<Record<FeedbackPageView['kind'], number>> = {
  open: 200,
  invalid: 403,
  rated: 410,
  expired: 410,
};

async function feedbackRoute(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  if (isPost(event)) return submitFeedback(event as Event);
  const view = await pageView(event, new Date());
  return {
    statusCode: PAGE_STATUS[view.kind],
    headers: { ...FEEDBACK_PAGE_HEADERS },
    body: feedbackPageHtml(view),
  };
}

// The event arrives as API Gateway sends it; `jsonBody` adds the parsed body before the handler runs.
export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  // The JSON body is parsed for the POST only: the GET is the page and has none.
  .use(when(isPost, jsonBody({ schema: FeedbackSchema, maxBytes: 8 * 1024 })))
  .handler(feedbackRoute);
