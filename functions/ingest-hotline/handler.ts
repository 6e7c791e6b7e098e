import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod/mini';
import { secretString } from '../../shared/adapters/secrets.js';
import { intakeCall, queuedLogFields } from '../../shared/channels/call-intake.js';
import { callIntakeDeps } from '../../shared/channels/call-intake-deps.js';
import { type HotlinePayload, parseHotlinePayload } from '../../shared/channels/hotline.js';
import { archivedHeaders } from '../../shared/http/archived-headers.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { logger } from '../../shared/logger.js';
import { verifyHotlineSignature } from './verify-signature.js';

// POST /v1/channels/hotline/calls (the documented call record) and /connect-ctr (an Amazon Connect
// contact record): verify the signature, queue the call record with its appeal, then acknowledge.
// The queue is the channel's only write: the dispatcher stores the record and creates the case.
// No sender limit here, unlike WeChat: a call record is the call centre's own record (it feeds the
// answer rate) and is never refused, and its appeal was typed by an agent on a real call, so a 12345
// centre keeps every one; a caller who rings again and again is the agents' to handle on the phone,
// and a repeat on the network-given number merges into their case as a duplicate link (O(1) each).

export const HOTLINE_HMAC_SECRET = { localEnv: 'HOTLINE_HMAC_SECRET', arnEnv: 'HOTLINE_HMAC_SECRET_ARN' };

/** Kept with the raw payload: the signature headers let a dispute prove what the CTI sent. */
const ARCHIVED_HEADERS = ['content-type', 'user-agent', 'x-timestamp', 'x-signature', 'x-signature-version'];

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
  const outcome = await intakeCall(callIntakeDeps(), parsed.record, {
    contentType: 'application/json',
    body: event.rawBody,
    headers: archivedHeaders(event, ARCHIVED_HEADERS),
  });
  const { appeal } = outcome;
  logger.info('call record queued', queuedLogFields(outcome));
  return json(202, {
    callId: outcome.callId,
    ...(appeal ? { trackingNo: appeal.trackingNo, statusUrl: `/v1/cases/${appeal.trackingNo}` } : {}),
  });
}

// Signature first (size and headers, then the HMAC), JSON and the schema only after it.
export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .use(verifyHotlineSignature({ secret: () => secretString(HOTLINE_HMAC_SECRET) }))
  .use(jsonBody({ schema: z.unknown() }))
  .handler((event) => ingestHotline(event as Event));
