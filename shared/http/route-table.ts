// One function, several routes: the handler of each route key, and 404 for any other.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { NotFoundError } from './errors.js';

/** A route's handler; `context` is the Lambda's, for a route that must watch its time left. */
export type RouteHandler<E extends APIGatewayProxyEventV2> = (
  event: E,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The handler that runs the route the request's `routeKey` names, or answers 404 `not_found`.
 * `E` is the event as the middlewares before the handler leave it (e.g. with `staff` set by
 * `staffGuard`): the table trusts them to have run.
 *
 * @example
 * middy().use(staffGuard({ roles: ['analyst'] })).handler(routeTable<StaffEvent>({ [ROUTES.metrics]: getMetrics }))
 */
export function routeTable<E extends APIGatewayProxyEventV2 = APIGatewayProxyEventV2>(
  routes: Readonly<Record<string, RouteHandler<E>>>,
): (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2> {
  const table = new Map(Object.entries(routes));
  return async function route(event, context) {
    const handler = table.get(event.routeKey);
    if (!handler) throw new NotFoundError('not_found', '未知的接口');
    return handler(event as E, context);
  };
}
