import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { SqsAppealQueue } from '../../shared/adapters/appeal-queue.js';
import { DynamoCallStore } from '../../shared/adapters/call-store.js';
import { documentClient, sqsClient } from '../../shared/adapters/clients.js';
import { config } from '../../shared/adapters/config.js';
import { DynamoDirectoryStore } from '../../shared/adapters/directory-store.js';
import { contactHashKey, secretString } from '../../shared/adapters/secrets.js';
import { toAppealFromCall, toCallItem } from '../../shared/domain/call-record.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { logger } from '../../shared/logger.js';
import { checkCallReferences, type HotlinePayload, parseHotlinePayload } from './hotline.js';
import { verifyHotlineSignature } from './verify-signature.js';

// POST /v1/channels/hotline/calls (the documented call record) and /connect-ctr (an Amazon Connect
// contact record): verify the signature, store the call record, queue its appeal, then acknowledge.

export const HOTLINE_HMAC_SECRET = { localEnv: 'HOTLINE_HMAC_SECRET', arnEnv: 'HOTLINE_HMAC_SECRET_ARN' };

let cached: ReturnType<typeof build> | undefined;

function build() {
  const cfg = config();
  return {
    directory: new DynamoDirectoryStore(documentClient(), cfg.DIRECTORY_TABLE_NAME),
    calls: new DynamoCallStore(documentClient(), cfg.CASES_TABLE_NAME),
    queue: new SqsAppealQueue(sqsClient(), cfg.INTAKE_QUEUE_URL),
  };
}

function deps() {
  cached ??= build();
  return cached;
}

/** Kept with the raw payload: the signature headers let a dispute prove what the CTI sent. */
const ARCHIVED_HEADERS = ['content-type', 'user-agent', 'x-timestamp', 'x-signature'];

type Event = APIGatewayProxyEventV2 & WithJsonBody<unknown>;

function payloadOf(event: APIGatewayProxyEventV2): HotlinePayload {
  return event.rawPath.endsWith('/connect-ctr') ? 'connect-ctr' : 'call-record';
}

async function ingestHotline(event: Event): Promise<APIGatewayProxyStructuredResultV2> {
  const parsed = parseHotlinePayload(payloadOf(event), event.parsedBody);
  if (parsed.kind === 'ignored') {
    logger.info('contact record ignored', { reason: parsed.reason });
    return json(202, { ignored: parsed.reason });
  }
  const { record } = parsed;
  const { directory, calls, queue } = deps();
  if (record.appeal) checkCallReferences(record, await directory.load());

  const hashKey = await contactHashKey();
  const item = toCallItem(record, hashKey);
  const appeal = toAppealFromCall(record, hashKey);
  const headers = Object.fromEntries(
    ARCHIVED_HEADERS.flatMap((h) => (event.headers[h] ? [[h, event.headers[h] as string]] : [])),
  );
  // Both in parallel, and the appeal is queued even when the record is stale: a resend after a
  // failed send must still reach the queue, and the dispatcher's conditional put makes one case.
  const [stored, queued] = await Promise.allSettled([
    calls.put(item),
    appeal
      ? queue.send({ appeal, raw: { contentType: 'application/json', body: event.rawBody, headers } })
      : Promise.resolve(),
  ]);
  if (stored.status === 'rejected') throw stored.reason;
  if (queued.status === 'rejected') throw queued.reason;

  logger.info('call record received', {
    callId: record.callId,
    disposition: record.disposition,
    caller: item.callerMasked,
    outcome: stored.value,
    ...(appeal ? { caseId: appeal.caseId, trackingNo: appeal.trackingNo } : {}),
  });
  return json(202, {
    callId: record.callId,
    record: stored.value,
    ...(appeal ? { trackingNo: appeal.trackingNo, statusUrl: `/v1/cases/${appeal.trackingNo}` } : {}),
  });
}

// Signature first (size and headers, then the HMAC), JSON and the schema only after it.
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .use(verifyHotlineSignature({ secret: () => secretString(HOTLINE_HMAC_SECRET) }))
  .use(jsonBody({ schema: z.unknown() }))
  .handler((event) => ingestHotline(event as Event));
