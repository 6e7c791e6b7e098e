import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { correctionTokenKey, verifyCorrectionToken } from '../../shared/adapters/correction-token.js';
import { attachmentArchive, caseStore, directoryStore, uploadGrants } from '../../shared/adapters/stores.js';
import { updateCase } from '../../shared/adapters/update-case.js';
import { resolveUploadOrigin } from '../../shared/adapters/upload-origin.js';
import {
  type Actor,
  ANSWER_MAX_CHARS,
  applyAction,
  type Case,
  CORRECTION_ATTACHMENTS_MAX,
  CORRECTION_RECEIVED_TEXT,
  normaliseTrackingNo,
  openCorrection,
  type Refusal,
  TRANSITIONS,
} from '../../shared/domain/index.js';
import { BadRequestError, HttpError } from '../../shared/http/errors.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { refusalError } from '../../shared/http/refusal-status.js';
import { json } from '../../shared/http/responses.js';
import { when } from '../../shared/http/when.js';
import { logger } from '../../shared/logger.js';
import { archiveAttachments } from '../dispatch-appeal/attachments.js';
import { claimAttachments, releaseAttachments } from '../ingest-webform/attachments.js';
import { type CorrectionView, correctionPageHeaders, correctionPageHtml } from './correction-page.js';

// GET|POST /v1/cases/{trackingNo}/correction: 补正, the citizen's answer to the handler's question,
// with the token from the correction-request notice. GET is the page; POST records the answer
// (the core decides: answer_correction resumes the clock), after the photos the answer names were
// claimed under their upload grants and copied into the archive.

/** The body. The answer's blankness is the core's to refuse (invalid_input), with the API's code. */
export const CorrectionAnswerSchema = z.object({
  token: z.string().check(z.maxLength(256)),
  answer: z.string().check(z.maxLength(ANSWER_MAX_CHARS, `补正内容最多 ${ANSWER_MAX_CHARS} 字`)),
  attachments: z.optional(
    z
      .array(z.string().check(z.maxLength(256)))
      .check(z.maxLength(CORRECTION_ATTACHMENTS_MAX, `图片最多 ${CORRECTION_ATTACHMENTS_MAX} 张`)),
  ),
});
export type CorrectionAnswer = z.infer<typeof CorrectionAnswerSchema>;

/** The history records the citizen, not who they are: the token proved they hold the notice. */
const CITIZEN: Actor = { role: 'citizen', id: 'citizen' };

/**
 * One answer for a wrong token, another request's token and a number that names no case: told
 * apart, they would tell anyone which tracking numbers exist.
 */
const invalidToken = () => new HttpError(403, 'invalid_token', '补正链接无效或已过期');
const noOpenCorrection = () => new HttpError(409, 'no_open_correction', '该工单没有待补正的事项，无需再提交');

/** The statuses an answer is taken in (answer_correction's `from`). */
const ANSWERABLE: readonly string[] = TRANSITIONS.answer_correction.from;

/** One re-read after a version conflict: an answer races only the staff and the scheduled job. */
const ATTEMPTS = 2;

/** Does the token belong to the case's current (latest) request? Without a request nothing does. */
function tokenFits(kase: Case, token: string, key: string): boolean {
  return (
    kase.correction !== undefined &&
    verifyCorrectionToken(token, kase.caseId, kase.correction.requestedAt, key)
  );
}

function trackingNoOf(event: APIGatewayProxyEventV2): string {
  const trackingNo = normaliseTrackingNo(event.pathParameters?.trackingNo ?? '');
  if (!trackingNo) throw new BadRequestError('invalid_tracking_no', '工单号格式不正确');
  return trackingNo;
}

/** The case the token opens, or undefined for every way a token can fail. */
async function caseForToken(trackingNo: string, token: string | undefined): Promise<Case | undefined> {
  if (!token || token.length > 256) return undefined;
  const kase = await caseStore().getByTrackingNo(trackingNo);
  if (!kase) return undefined;
  return tokenFits(kase, token, await correctionTokenKey()) ? kase : undefined;
}

/** Refusals of the answer: the request is no longer open (answered, or the case moved on). */
function answerRefused(refusal: Refusal): HttpError {
  if (refusal.code === 'invalid_input' || refusal.code === 'case_too_large') return refusalError(refusal);
  return noOpenCorrection();
}

type Event = APIGatewayProxyEventV2 & WithJsonBody<CorrectionAnswer>;

async function submitAnswer(event: Event): Promise<APIGatewayProxyStructuredResultV2> {
  const trackingNo = trackingNoOf(event);
  const { token, answer, attachments = [] } = event.parsedBody;
  const found = await caseForToken(trackingNo, token);
  if (!found) throw invalidToken();
  const open = openCorrection(found);
  if (!open || !ANSWERABLE.includes(found.status)) {
    throw noOpenCorrection();
  }
  if (answer.trim() === '') {
    throw new HttpError(422, 'validation_failed', '请求内容有误，请检查各字段', {
      details: [{ path: 'answer', message: '请填写补正内容' }],
    });
  }

  // Each photo must be a grant of the upload path, not another submission's: claimed for this
  // request (a retry of the same answer claims again and passes), then copied into the archive.
  const owner = `${found.caseId}#correction#${open.requestedAt}`;
  const keys = [...new Set(attachments)];
  const now = new Date();
  const checksums = keys.length > 0 ? await claimAttachments(keys, owner, uploadGrants(), now) : {};
  // A photo that never arrived (or whose bytes do not match its grant) is left out, the answer kept.
  const archived =
    keys.length > 0 ? await archiveAttachments(keys, checksums, attachmentArchive()) : undefined;

  const key = await correctionTokenKey();
  const calendar = await directoryStore().loadCalendar();
  const result = await updateCase(
    caseStore(),
    found,
    (kase) => {
      // Checked on every read: a conflicting write may have been a new request with a new token.
      if (!tokenFits(kase, token, key)) throw invalidToken();
      return applyAction(
        kase,
        {
          action: 'answer_correction',
          answer,
          via: 'web',
          ...(archived && archived.attachments.length > 0 ? { attachments: archived.attachments } : {}),
        },
        CITIZEN,
        // Resuming moves the deadline by working days: the calendar is loaded for it.
        { now, calendar },
      );
    },
    { attempts: ATTEMPTS },
  ).catch(async (error: unknown) => {
    if (keys.length > 0) await releaseAttachments(keys, owner, uploadGrants());
    throw error;
  });
  if (result.outcome !== 'updated' && keys.length > 0) await releaseAttachments(keys, owner, uploadGrants());
  if (result.outcome === 'missing') throw invalidToken();
  if (result.outcome === 'refused') throw answerRefused(result.refusal);
  if (result.outcome !== 'updated') throw new HttpError(409, 'version_conflict', '工单正在更新，请稍后重试');
  const missing = archived?.missingAttachments ?? [];
  if (missing.length > 0) {
    logger.warn('correction photos not archived', { caseId: found.caseId, missing });
  }
  logger.info('correction answered', {
    caseId: found.caseId,
    via: 'web',
    photos: archived?.attachments.length ?? 0,
  });
  return json(
    200,
    {
      trackingNo: result.case.trackingNo,
      message:
        missing.length > 0
          ? `${CORRECTION_RECEIVED_TEXT}有 ${missing.length} 张图片未能保存，如需补充请拨打 12345。`
          : CORRECTION_RECEIVED_TEXT,
      answeredAt: result.case.correction?.answeredAt,
      ...(missing.length > 0 ? { missingAttachments: missing.length } : {}),
    },
    { 'cache-control': 'no-store' },
  );
}

/** What the page shows for the token: the question while it is open, never more than that. */
function viewOf(kase: Case | undefined): CorrectionView {
  const correction = kase?.correction;
  if (!kase || !correction) return { kind: 'invalid' };
  if (correction.answeredAt) {
    return { kind: 'answered', trackingNo: kase.trackingNo, answeredAt: correction.answeredAt };
  }
  if (!ANSWERABLE.includes(kase.status)) return { kind: 'closed', trackingNo: kase.trackingNo };
  return {
    kind: 'open',
    trackingNo: kase.trackingNo,
    question: correction.question,
    dueAt: correction.dueAt,
  };
}

async function servePage(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const trackingNo = normaliseTrackingNo(event.pathParameters?.trackingNo ?? '');
  const kase = trackingNo ? await caseForToken(trackingNo, event.queryStringParameters?.token) : undefined;
  const view = viewOf(kase);
  const origin = await resolveUploadOrigin((error) => logger.warn('upload origin unresolved', { error }));
  return {
    // A page, whatever the token: the same "link invalid" page for a wrong token and for a number
    // that names no case (the POST answers 403 invalid_token for both).
    statusCode: 200,
    headers: correctionPageHeaders(origin),
    body: correctionPageHtml(view),
  };
}

function isPost(event: APIGatewayProxyEventV2): boolean {
  return event.requestContext.http.method === 'POST';
}

async function correctionRoute(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return isPost(event) ? submitAnswer(event as Event) : servePage(event);
}

// The event arrives as API Gateway sends it; `jsonBody` adds the parsed body before the handler runs.
export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  // The JSON body is parsed for the POST only: the GET is the page and has none.
  .use(when(isPost, jsonBody({ schema: CorrectionAnswerSchema, maxBytes: 16 * 1024 })))
  .handler(correctionRoute);
