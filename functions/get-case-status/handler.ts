import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { isMerged, mergedLookupFields } from '../../shared/adapters/citizen-case.js';
import { replyFields } from '../../shared/adapters/citizen-reply.js';
import { caseStore, directoryStore, lookupGuesses } from '../../shared/adapters/stores.js';
import { normaliseTrackingNo, STATUS_TEXT } from '../../shared/domain/index.js';
import { BadRequestError, NotFoundError } from '../../shared/http/errors.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { logger } from '../../shared/logger.js';
import { correctionLookupFields } from './correction-fields.js';
import { checkPhoneLast4 } from './lookup-guard.js';

// GET /v1/cases/{trackingNo}?phoneLast4=NNNN: the citizen's view of a case, and nothing more.

/** One answer for "no such case" and "wrong digits", so the lookup reveals nothing to a guesser. */
const NOT_FOUND = () => new NotFoundError('case_not_found', '未找到该工单，请核对工单号和手机号后四位');

async function getCaseStatus(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const trackingNo = normaliseTrackingNo(event.pathParameters?.trackingNo ?? '');
  if (!trackingNo) throw new BadRequestError('invalid_tracking_no', '工单号格式不正确');
  const last4 = event.queryStringParameters?.phoneLast4 ?? '';
  if (!/^\d{4}$/.test(last4))
    throw new BadRequestError('invalid_phone_last4', 'phoneLast4 须为手机号后四位数字');

  const store = caseStore();
  const own = await store.getByTrackingNo(trackingNo);
  if (!own) throw NOT_FOUND();
  // Wrong digits are counted per number, and a number that took too many is locked (lookup-guard.ts).
  await checkPhoneLast4(lookupGuesses(), own, last4, new Date(), NOT_FOUND);
  // The digits prove the citizen's own case only: a merged case answers with itself, never its master.
  const kase = own;
  // The reply, and the rating link while the window is open. Showing the link behind the four digits
  // is acceptable: the digits are guarded per tracking number (5 wrong answers lock it, lookup-guard.ts),
  // so only whoever holds both the 40-bit tracking number and the phone's digits gets here, and that is
  // whom the notice reaches too (the citizen); the link grants one rating of this case and nothing
  // else, the rating is recorded with its channel, and a dissatisfied rating only goes to a supervisor.
  // The alternative (the link only in the notice) would leave every citizen whose notice was lost
  // (hotline callers without a channel, an undeliverable phone) unable to rate at all.
  const reply = await replyFields(kase, new Date());

  const directory = await directoryStore().load();
  const department = kase.departmentId ? directory.departments.get(kase.departmentId) : undefined;
  return json(
    200,
    {
      trackingNo: kase.trackingNo,
      status: kase.status,
      statusText: STATUS_TEXT[kase.status],
      type: kase.type,
      category: { code: kase.category, name: directory.categories.get(kase.category)?.name ?? kase.category },
      district: { code: kase.district, name: directory.districts.get(kase.district)?.name ?? kase.district },
      department: kase.departmentId
        ? { id: kase.departmentId, name: department?.name ?? kase.departmentId }
        : null,
      receivedAt: kase.receivedAt,
      ...(isMerged(kase) ? {} : { dueAt: kase.dueAt }),
      ...(kase.completedAt ? { completedAt: kase.completedAt } : {}),
      ...reply,
      ...mergedLookupFields(kase),
      ...correctionLookupFields(kase),
    },
    // Personal case data: never kept by a shared cache.
    { 'cache-control': 'no-store' },
  );
}

export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .handler(getCaseStatus);
