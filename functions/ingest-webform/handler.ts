import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { firstReceipt } from '../../shared/adapters/first-receipt.js';
import { bodyHashOf } from '../../shared/adapters/request-marks.js';
import { contactHashKey, disclosureIdentityKey } from '../../shared/adapters/secrets.js';
import { appealQueue, directoryStore, requestMarks, uploadGrants } from '../../shared/adapters/stores.js';
import { redactIdentityNumbers } from '../../shared/domain/disclosure/intake.js';
import { deriveCaseId } from '../../shared/domain/index.js';
import { archivedHeaders } from '../../shared/http/archived-headers.js';
import { BadRequestError } from '../../shared/http/errors.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { logger } from '../../shared/logger.js';
import { claimAttachments, releaseAttachments } from './attachments.js';
import { checkedRequest, webformDisclosureAppeal } from './disclosure.js';
import { phoneVerifiedBy } from './verification.js';
import {
  caseKeyOf,
  checkReferences,
  type DisclosureSubmission,
  IdempotencyKeySchema,
  isDisclosureSubmission,
  toAppeal,
  type WebformBody,
  WebformBodySchema,
} from './webform.js';

// POST /v1/channels/webform: validate, normalise, queue, and only then acknowledge.

function deps() {
  return { directory: directoryStore(), queue: appealQueue() };
}

/** The headers worth keeping with the raw payload; credentials and cookies never are. */
const ARCHIVED_HEADERS = ['content-type', 'user-agent', 'idempotency-key', 'x-forwarded-for'];

type Event = APIGatewayProxyEventV2 & WithJsonBody<WebformBody>;

function idempotencyKeyOf(event: APIGatewayProxyEventV2): string | undefined {
  const idempotencyKey = event.headers['idempotency-key'];
  if (idempotencyKey !== undefined && !IdempotencyKeySchema.safeParse(idempotencyKey).success) {
    throw new BadRequestError(
      'invalid_idempotency_key',
      'Idempotency-Key 须为 8–128 个字符（A-Z a-z 0-9 _ . : -）',
    );
  }
  return idempotencyKey;
}

/**
 * An Idempotency-Key is bound to the body it first came with (shared/adapters/first-receipt.ts): the
 * same body again is a retry and gets the first receipt time, so the same tracking number; another
 * body under the key is refused. Undefined for a body without a key.
 */
async function receiptOf(
  idempotencyKey: string | undefined,
  rawBody: string,
  hashKey: string,
  now: Date,
): Promise<{ caseKey: string; receivedAt: Date } | undefined> {
  if (idempotencyKey === undefined) return undefined;
  return firstReceipt(requestMarks(), {
    channel: 'webform',
    markPk: `IDEMPOTENCY#${idempotencyKey}`,
    idempotencyKey,
    rawBody,
    hashKey,
    now,
  });
}

async function ingestWebform(event: Event): Promise<APIGatewayProxyStructuredResultV2> {
  const body = event.parsedBody;
  if (isDisclosureSubmission(body)) return ingestDisclosure(event, body);
  const { directory, queue } = deps();
  const idempotencyKey = idempotencyKeyOf(event);
  checkReferences(body, await directory.load());

  const hashKey = await contactHashKey();
  const now = new Date();
  // The code is checked for the case this submission becomes (the same id its retries derive) before
  // the key's mark is written: a wrong code leaves nothing behind, and the corrected body goes through.
  const sourceId = idempotencyKey ?? randomUUID();
  const caseKey =
    idempotencyKey === undefined ? sourceId : caseKeyOf(idempotencyKey, bodyHashOf(event.rawBody, hashKey));
  const verifiedBy = await phoneVerifiedBy(body, deriveCaseId('webform', caseKey), hashKey, now);
  const keyed = await receiptOf(idempotencyKey, event.rawBody, hashKey, now);
  const appeal = toAppeal(body, {
    sourceId,
    ...(keyed ? { caseKey: keyed.caseKey } : {}),
    receivedAt: keyed?.receivedAt ?? now,
    contactHashKey: hashKey,
    ...(verifiedBy ? { verifiedBy } : {}),
  });

  // No case lookup before queueing: a retry derives the same caseId and, from the first receipt its
  // key's mark keeps, the same tracking number (even across midnight in Shanghai); the dispatcher's
  // conditional put turns the second message into a no-op.
  // Only photos uploaded under a grant and not another submission's (422 invalid_attachment).
  const keys = appeal.attachments;
  const attachmentChecksums =
    keys.length > 0 ? await claimAttachments(keys, appeal.caseId, uploadGrants(), now) : undefined;
  const headers = archivedHeaders(event, ARCHIVED_HEADERS);
  try {
    await queue.send({
      appeal,
      raw: { contentType: 'application/json', body: event.rawBody, headers },
      ...(attachmentChecksums ? { attachmentChecksums } : {}),
    });
  } catch (error) {
    // Not queued: the photos are this submission's to try again with, or another's after all.
    if (keys.length > 0) await releaseAttachments(keys, appeal.caseId, uploadGrants());
    throw error;
  }
  logger.info('appeal queued', {
    caseId: appeal.caseId,
    trackingNo: appeal.trackingNo,
    category: appeal.category,
  });
  return accepted(appeal.trackingNo);
}

/**
 * 政府信息公开申请 (《政府信息公开条例》第二十九条): validated field by field (422 `invalid_request` with
 * `problems`), dated by this acknowledgement (第三十一条第（三）项), queued with the raw body's
 * identity numbers blanked. Never logs the body: it holds an identity number.
 */
async function ingestDisclosure(
  event: Event,
  submission: DisclosureSubmission,
): Promise<APIGatewayProxyStructuredResultV2> {
  const { directory: directories, queue } = deps();
  const idempotencyKey = idempotencyKeyOf(event);
  const directory = await directories.load();
  const now = new Date();
  const checked = checkedRequest(submission, now, directory);
  const [hashKey, identityHashKey] = await Promise.all([contactHashKey(), disclosureIdentityKey()]);
  const sourceId = idempotencyKey ?? randomUUID();
  const caseKey =
    idempotencyKey === undefined ? sourceId : caseKeyOf(idempotencyKey, bodyHashOf(event.rawBody, hashKey));
  // The SMS code, where the deployment asks for one, proves the applicant's phone (the case's contact).
  const verifiedBy = await phoneVerifiedBy(
    { ...submission, phone: checked.applicant.contact.phone ?? '' },
    deriveCaseId('webform', caseKey),
    hashKey,
    now,
  );
  const keyed = await receiptOf(idempotencyKey, event.rawBody, hashKey, now);
  const receivedAt = keyed?.receivedAt ?? now;
  // A retry is dated by the first acknowledgement, as its tracking number is.
  const request = receivedAt === now ? checked : checkedRequest(submission, receivedAt, directory);
  const appeal = webformDisclosureAppeal(request, {
    caseKey,
    sourceId,
    receivedAt,
    directory,
    contactHashKey: hashKey,
    identityHashKey,
    ...(verifiedBy ? { verifiedBy } : {}),
  });
  const headers = archivedHeaders(event, ARCHIVED_HEADERS);
  await queue.send({
    appeal,
    // The raw archive keeps what came, but never an identity number in clear.
    raw: { contentType: 'application/json', body: redactIdentityNumbers(event.rawBody), headers },
  });
  logger.info('disclosure request queued', {
    caseId: appeal.caseId,
    trackingNo: appeal.trackingNo,
    departmentId: request.departmentId,
    receivedOn: appeal.disclosureRequest?.receivedOn,
  });
  return accepted(appeal.trackingNo, { receivedOn: appeal.disclosureRequest?.receivedOn });
}

/** 202 with the tracking number (and, for a disclosure request, 收到申请之日: 第三十一条). */
function accepted(
  trackingNo: string,
  extra: { receivedOn?: string | undefined } = {},
): APIGatewayProxyStructuredResultV2 {
  return json(
    202,
    {
      trackingNo,
      statusUrl: `/v1/cases/${trackingNo}`,
      ...(extra.receivedOn ? { receivedOn: extra.receivedOn } : {}),
    },
    { location: `/v1/cases/${trackingNo}` },
  );
}

// The event arrives as API Gateway sends it; `jsonBody` adds the parsed body before the handler runs.
export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .use(jsonBody({ schema: WebformBodySchema }))
  .handler((event) => ingestWebform(event as Event));
