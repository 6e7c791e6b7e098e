import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { UnknownReferenceError } from '../domain/errors.js';
import { HttpError, RETRY_AFTER_SECONDS } from './errors.js';
import { errorBody, json, withSecurityHeaders } from './responses.js';

/** An error answers one request: no cache may keep it (a lookup's 404 or 429 least of all). */
const ERROR_HEADERS = { 'cache-control': 'no-store' } as const;

/**
 * Turns every error into `{ error: { code, message } }` in one place. Errors meant for the caller
 * keep their status and text; anything else is logged and becomes a bare 500, or a 503 when an
 * AWS service failed, so the channel knows to retry. Every answer, an error or not, leaves with the
 * security headers (`SECURITY_HEADERS`), so no handler can forget them.
 */
export function jsonErrors(options: {
  logger: Logger;
}): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const jsonErrorsOnError: MiddlewareObj<
    APIGatewayProxyEventV2,
    APIGatewayProxyStructuredResultV2
  >['onError'] = (request) => {
    const error = request.error;
    if (error instanceof HttpError) {
      if (error.statusCode >= 500) options.logger.error('request failed', { error });
      request.response = json(
        error.statusCode,
        errorBody(error.code, error.message, error.details ?? error.problems, error.problems),
        {
          ...ERROR_HEADERS,
          ...error.headers,
        },
      );
      return;
    }
    if (error instanceof UnknownReferenceError) {
      request.response = json(422, errorBody(error.code, error.message), ERROR_HEADERS);
      return;
    }
    const fromAws = typeof error === 'object' && error !== null && '$metadata' in error;
    options.logger.error(fromAws ? 'a downstream AWS call failed' : 'unhandled error', { error });
    request.response = fromAws
      ? json(503, errorBody('service_unavailable', '服务暂时不可用，请稍后重试'), {
          ...ERROR_HEADERS,
          'retry-after': RETRY_AFTER_SECONDS,
        })
      : json(500, errorBody('internal_error', '服务内部错误，请稍后重试'), ERROR_HEADERS);
  };
  const jsonErrorsAfter: MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>['after'] = (
    request,
  ) => {
    // A handler may answer with a response it built itself (a page, an XML reply, a 204, a 304).
    if (request.response) request.response = withSecurityHeaders(request.response);
  };
  return { after: jsonErrorsAfter, onError: jsonErrorsOnError };
}
