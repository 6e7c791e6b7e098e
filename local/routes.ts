import { FUNCTIONS } from '../infra/functions.js';

export interface Route {
  functionName: string;
  method: string;
  /** `POST /v1/channels/webform`, as API Gateway names a route. */
  routeKey: string;
  auth: 'public' | 'signed' | 'jwt';
  pattern: RegExp;
  params: string[];
}

/** The HTTP routes declared in infra/functions.ts, with `{name}` and `{name+}` path parameters. */
export function httpRoutes(): Route[] {
  const routes: Route[] = [];
  for (const spec of FUNCTIONS) {
    for (const trigger of spec.triggers) {
      if (trigger.kind !== 'http') continue;
      const params: string[] = [];
      const source = trigger.path
        .split('/')
        .map((segment) => {
          const param = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment);
          if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          params.push(param[1] as string);
          return param[2] ? '(.+)' : '([^/]+)';
        })
        .join('/');
      routes.push({
        functionName: spec.name,
        method: trigger.method,
        routeKey: `${trigger.method} ${trigger.path}`,
        auth: trigger.auth,
        // A trailing slash matches the route without it, as in API Gateway (`/console/` → GET /console).
        pattern: new RegExp(`^${source}${trigger.path === '/' ? '' : '/?'}$`),
        params,
      });
    }
  }
  return routes;
}

export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; pathParameters?: Record<string, string> } | undefined {
  // API Gateway picks the most specific route: `/v1/cases/search` before `/v1/cases/{trackingNo}`,
  // whatever order the catalogue lists them in. Fewer path parameters is more specific; a greedy
  // `{name+}` comes after any route of exact segments.
  const candidates = routes
    .filter((route) => route.method === method && route.pattern.test(path))
    .sort((a, b) => specificityRank(a) - specificityRank(b));
  for (const route of candidates) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.params.length === 0) return { route };
    const pathParameters: Record<string, string> = {};
    route.params.forEach((name, i) => {
      pathParameters[name] = safeDecode(match[i + 1] as string);
    });
    return { route, pathParameters };
  }
  return undefined;
}

function specificityRank(route: Route): number {
  return (route.routeKey.includes('+}') ? 100 : 0) + route.params.length;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
