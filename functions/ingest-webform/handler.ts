import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { contactHashKey } from '../../shared/adapters/secrets.js';
import { appealQueue, directoryStore } from '../../shared/adapters/stores.js';
import { archivedHeaders } from '../../shared/http/archived-headers.js';
import { BadRequestError } from '../../shared/http/errors.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { logger } from '../../shared/logger.js';
import {
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

  const appeal = toAppeal(event.parsedBody, {
    sourceId: idempotencyKey ?? randomUUID(),
    receivedAt: new Date(),
    contactHashKey: await contactHashKey(),
  });

  // No lookup before queueing: a retry derives the same caseId and tracking number, and the
  // dispatcher's conditional put turns the second message into a no-op. (A retry that crosses
  // midnight in Shanghai derives a tracking number with the next day's date; the dispatcher logs it.)
  const headers = archivedHeaders(event, ARCHIVED_HEADERS);
  await queue.send({ appeal, raw: { contentType: 'application/json', body: event.rawBody, headers } });
  logger.info('appeal queued', {
    caseId: appeal.caseId,
    trackingNo: appeal.trackingNo,
    category: appeal.category,
  });
  return accepted(appeal.trackingNo);
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
