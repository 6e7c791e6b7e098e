// Middleware for some requests only: a body parser where there is a body, a guard where not public.
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** Which requests the middleware runs for: a predicate on the event, or route keys. */
export type RequestFilter<E extends APIGatewayProxyEventV2 = APIGatewayProxyEventV2> =
  | ((event: E) => boolean)
  | string
  | readonly string[];

function matcherOf<E extends APIGatewayProxyEventV2>(filter: RequestFilter<E>): (event: E) => boolean {
  if (typeof filter === 'function') return filter;
  const keys: readonly string[] = typeof filter === 'string' ? [filter] : filter;
  return (event) => keys.includes(event.routeKey);
}

/**
 * Runs `middleware`'s phases (before, after, onError) only for the requests `filter` selects; for
 * any other request it is as if it were not there.
 *
 * @example
 * middy().use(when(ROUTES.act, jsonBody({ schema: LifecycleActionSchema })))
 * middy().use(when((event) => event.requestContext.http.method === 'POST', jsonBody({ schema })))
 */
export function when<E extends APIGatewayProxyEventV2>(
  filter: RequestFilter<E>,
  middleware: MiddlewareObj<E>,
): MiddlewareObj<E> {
  const matches = matcherOf(filter);
  const phase = (fn: ((request: Request<E>) => unknown) | undefined) =>
    fn ? (request: Request<E>) => (matches(request.event) ? fn(request) : undefined) : undefined;
  const whenBefore = phase(middleware.before);
  const whenAfter = phase(middleware.after);
  const whenOnError = phase(middleware.onError);
  return {
    ...(whenBefore ? { before: whenBefore } : {}),
    ...(whenAfter ? { after: whenAfter } : {}),
    ...(whenOnError ? { onError: whenOnError } : {}),
  };
}
