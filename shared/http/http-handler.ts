import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { InvocationTimeoutError } from './errors.js';

/**
 * How long before its Lambda timeout an HTTP function stops waiting for its handler and answers 503
 * + Retry-After: time for the error middleware to build the answer and for it to reach API Gateway
 * before Lambda kills the invocation, which API Gateway would report as a bare 500 that says nothing
 * about retrying.
 */
export const ANSWER_EARLY_MS = 1_000;

/**
 * The middy instance every HTTP function starts from, so each one answers a retryable 503 rather
 * than be killed by its timeout. Middy races the handler against a timer armed when the handler
 * starts, at the time then left minus `answerEarlyMs`; when the timer wins it throws
 * `InvocationTimeoutError`, which `jsonErrors` turns into `503 service_unavailable` with
 * `Retry-After` (so `jsonErrors` must be in the stack, as it is in every HTTP function).
 *
 * Whichever settles first wins: a handler that has its answer (an ingest: the appeal in SQS, the
 * 2xx built) answers 2xx; one still waiting answers 503. Once SendMessage has returned, what is left
 * of an ingest (a log line, the reply built and, for WeChat, encrypted) runs without waiting, so the
 * timer cannot overtake it and the ack wins. The timer can still fire after SQS took the message but
 * before the SDK returned its answer: the appeal is then durable and the caller told to retry, which
 * is safe because the retry derives the same case id from the channel's own id (WeChat MsgId, CTI
 * call id, the form's Idempotency-Key) and the dispatcher's conditional put makes the second message
 * a no-op (WeChat's replay guard and sender count let the same MsgId through again). A form sent without an Idempotency-Key has no such id (the citizen page
 * always sends one), so its retry is a second appeal. The `before` middlewares run outside
 * the race (middy arms the timer after them): keep slow work in the handler.
 *
 * @example
 * export const handler = httpHandler().use(jsonErrors({ logger })).handler(getCaseStatus);
 */
export function httpHandler(options: { answerEarlyMs?: number } = {}) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>({
    timeoutEarlyInMillis: options.answerEarlyMs ?? ANSWER_EARLY_MS,
    timeoutEarlyResponse: () => {
      throw new InvocationTimeoutError();
    },
  });
}
