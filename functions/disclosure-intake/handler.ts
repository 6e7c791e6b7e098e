import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { typistOf } from '../../shared/adapters/call-appeal-entry.js';
import { firstReceipt } from '../../shared/adapters/first-receipt.js';
import { contactHashKey, disclosureIdentityKey } from '../../shared/adapters/secrets.js';
import { appealQueue, directoryStore, requestMarks } from '../../shared/adapters/stores.js';
import { redactIdentityNumbers } from '../../shared/domain/disclosure/intake.js';
import { archivedHeaders } from '../../shared/http/archived-headers.js';
import { BadRequestError, HttpError } from '../../shared/http/errors.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { staffGuard, type WithStaff } from '../../shared/http/staff-guard.js';
import { logger } from '../../shared/logger.js';
import { checkedOfficeRequest, officeAppeal } from './office.js';

// POST /v1/disclosure/requests: the disclosure office's staff entry (来信来访) of a request that came
// by letter, at the counter or by fax (《政府信息公开条例》第二十九条、第三十一条). Validate, queue the
// appeal on the intake queue (channel `office`), and only then acknowledge, as every channel does.

/** 8–128 characters, as at the web form: a UUID the console makes per entry form. */
const IdempotencyKeySchema = z.string().check(z.regex(/^[A-Za-z0-9_.:-]{8,128}$/));

/** Kept with the raw payload (the identity numbers blanked): who entered it, from what client. */
const ARCHIVED_HEADERS = ['content-type', 'user-agent', 'idempotency-key'];

/** Personal data: never kept by a shared cache. */
const NO_STORE = { 'cache-control': 'no-store' };

type Event = APIGatewayProxyEventV2 & WithStaff & WithJsonBody<unknown>;

/**
 * Required here (unlike the web form's): staff retry an entry after a timeout, and without a key a
 * second press would register the same letter twice, each with its own 20 working days.
 */
function idempotencyKeyOf(event: APIGatewayProxyEventV2): string {
  const key = event.headers['idempotency-key'];
  if (key === undefined || key === '') {
    throw new BadRequestError(
      'idempotency_key_required',
      '请求须带 Idempotency-Key 头（每份申请一个，重试时不变），以免同一申请登记两次',
    );
  }
  if (!IdempotencyKeySchema.safeParse(key).success) {
    throw new BadRequestError(
      'invalid_idempotency_key',
      'Idempotency-Key 须为 8–128 个字符（A-Z a-z 0-9 _ . : -）',
    );
  }
  return key;
}

async function enterRequest(event: Event): Promise<APIGatewayProxyStructuredResultV2> {
  const idempotencyKey = idempotencyKeyOf(event);
  const directory = await directoryStore().load();
  const request = checkedOfficeRequest(event.parsedBody, directory);
  // A department enters the requests addressed to it (第二十七条: the body that received it); the
  // hotline's agents and supervisors enter them for any body.
  if (event.staff.role === 'department' && request.departmentId !== event.staff.departmentId) {
    throw new HttpError(403, 'forbidden', '承办单位只能登记向本单位提出的政府信息公开申请');
  }
  const [hashKey, identityHashKey] = await Promise.all([contactHashKey(), disclosureIdentityKey()]);
  const now = new Date();
  // The office's own namespace of keys: a web-form key of the same spelling is another submission.
  const { caseKey, receivedAt } = await firstReceipt(requestMarks(), {
    channel: 'office',
    markPk: `IDEMPOTENCY#office:${idempotencyKey}`,
    idempotencyKey,
    rawBody: event.rawBody,
    hashKey,
    now,
  });
  const appeal = officeAppeal(request, {
    caseKey,
    idempotencyKey,
    receivedAt,
    directory,
    contactHashKey: hashKey,
    identityHashKey,
  });
  await appealQueue().send({
    appeal,
    raw: {
      contentType: 'application/json',
      // The raw archive keeps what was entered, but never an identity number in clear.
      body: redactIdentityNumbers(event.rawBody),
      headers: { ...archivedHeaders(event, ARCHIVED_HEADERS), 'x-entered-by': typistOf(event.staff) },
    },
  });
  // Never the body: it holds the applicant's identity number and contact.
  logger.info('disclosure request entered', {
    caseId: appeal.caseId,
    trackingNo: appeal.trackingNo,
    departmentId: request.departmentId,
    arrival: request.arrival.way,
    by: event.staff.sub,
  });
  return json(
    202,
    {
      trackingNo: appeal.trackingNo,
      caseId: appeal.caseId,
      receivedOn: appeal.disclosureRequest?.receivedOn,
    },
    NO_STORE,
  );
}

// The caller first, then the body: a role that may not enter requests learns nothing about what it sent.
export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .use(
    staffGuard({
      roles: ['agent', 'department', 'supervisor'],
      forbiddenMessage: '只有受理员、承办单位和督办人员可登记来信来访的政府信息公开申请',
    }),
  )
  .use(jsonBody({ schema: z.unknown() }))
  .handler((event) => enterRequest(event as Event));
