import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { bodyHashOf } from '../../shared/adapters/request-marks.js';
import { contactHashKey } from '../../shared/adapters/secrets.js';
import { appealQueue, directoryStore, requestMarks, uploadGrants } from '../../shared/adapters/stores.js';
import { deriveCaseId, deriveTrackingNo } from '../../shared/domain/index.js';
import { archivedHeaders } from '../../shared/http/archived-headers.js';
import { BadRequestError, HttpError } from '../../shared/http/errors.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { logger } from '../../shared/logger.js';
import { claimAttachments, releaseAttachments } from './attachments.js';
import { phoneVerifiedBy } from './verification.js';
import {
  caseKeyOf,
  checkReferences,
  IdempotencyKeySchema,
  toAppeal,
  type WebformSubmission,
  WebformSubmissionSchema,
} from './webform.js';

// POST /v1/channels/webform: validate, normalise, queue, and only then acknowledge.

function deps() {
  return { directory: directoryStore(), queue: appealQueue() };
}

/** The headers worth keeping with the raw payload; credentials and cookies never are. */
const ARCHIVED_HEADERS = ['content-type', 'user-agent', 'idempotency-key', 'x-forwarded-for'];

type Event = APIGatewayProxyEventV2 & WithJsonBody<WebformSubmission>;

async function ingestWebform(event: Event): Promise<APIGatewayProxyStructuredResultV2> {
  const { directory, queue } = deps();
  const idempotencyKey = event.headers['idempotency-key'];
  if (idempotencyKey !== undefined && !IdempotencyKeySchema.safeParse(idempotencyKey).success) {
    throw new BadRequestError(
      'invalid_idempotency_key',
      'Idempotency-Key 须为 8–128 个字符（A-Z a-z 0-9 _ . : -）',
    );
  }
  checkReferences(event.parsedBody, await directory.load());

  const hashKey = await contactHashKey();
  const now = new Date();
  // The code is checked for the case this submission becomes (the same id its retries derive) before
  // the key's mark is written: a wrong code leaves nothing behind, and the corrected body goes through.
  const sourceId = idempotencyKey ?? randomUUID();
  const caseKey =
    idempotencyKey === undefined ? sourceId : caseKeyOf(idempotencyKey, bodyHashOf(event.rawBody, hashKey));
  const verifiedBy = await phoneVerifiedBy(event.parsedBody, deriveCaseId('webform', caseKey), hashKey, now);
  const keyed =
    idempotencyKey === undefined
      ? undefined
      : await firstReceipt(idempotencyKey, event.rawBody, hashKey, now);
  const appeal = toAppeal(event.parsedBody, {
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

/** How long a key stays bound to its body: a client's retries come within minutes, at most a day. */
const IDEMPOTENCY_TTL_MS = 2 * 24 * 3600_000;

/**
 * An Idempotency-Key is bound to the body it first came with (a keyed hash in its mark, written once):
 * the same body again is a retry and gets the first receipt time, so the same tracking number; another
 * body under the key is refused, so neither citizen's appeal is dropped or answered with the other's
 * number.
 */
async function firstReceipt(
  key: string,
  rawBody: string,
  hashKey: string,
  now: Date,
): Promise<{ caseKey: string; receivedAt: Date }> {
  const bodyHash = bodyHashOf(rawBody, hashKey);
  const caseKey = caseKeyOf(key, bodyHash);
  const outcome = await requestMarks().markOnce(
    {
      pk: `IDEMPOTENCY#${key}`,
      bodyHash,
      expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      details: {
        // For whoever reads the table; a retry derives it again from receivedAt.
        trackingNo: deriveTrackingNo(deriveCaseId('webform', caseKey), now),
        receivedAt: now.toISOString(),
      },
    },
    now,
  );
  if (outcome.kind === 'other-body') {
    throw new HttpError(
      422,
      'idempotency_key_reused',
      '该 Idempotency-Key 已用于另一份不同的诉求；新的诉求请使用新的 Idempotency-Key',
    );
  }
  const first = outcome.kind === 'same-body' ? outcome.details.receivedAt : undefined;
  return { caseKey, receivedAt: first && !Number.isNaN(Date.parse(first)) ? new Date(first) : now };
}

function accepted(trackingNo: string): APIGatewayProxyStructuredResultV2 {
  return json(
    202,
    { trackingNo, statusUrl: `/v1/cases/${trackingNo}` },
    { location: `/v1/cases/${trackingNo}` },
  );
}

// The event arrives as API Gateway sends it; `jsonBody` adds the parsed body before the handler runs.
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .use(jsonBody({ schema: WebformSubmissionSchema }))
  .handler((event) => ingestWebform(event as Event));
