import type { FunctionSpec } from './functions.js';

/** API Gateway's per-route limits: steady requests per second and the bucket a burst may take. */
export interface RouteThrottle {
  readonly ThrottlingRateLimit: number;
  readonly ThrottlingBurstLimit: number;
}

const limit = (rate: number, burst: number): RouteThrottle => ({
  ThrottlingRateLimit: rate,
  ThrottlingBurstLimit: burst,
});

/**
 * Every public route (auth 'public': no credentials) with its own limit, under the stage's 200/s,
 * so a flood of one route cannot take the whole stage's budget from the others (the channels of
 * machines and the staff's routes share the stage default). Synth fails when a public route of the
 * catalogue has no line here: a new public route is throttled on purpose.
 *
 * Sized from a city's peak: a few thousand appeals a day, most at office hours; a page load
 * fetches the page, its assets and the catalogue; a batch of notices sends many citizens to the
 * short links and the status lookup at once.
 */
export const PUBLIC_ROUTE_THROTTLE: Readonly<Record<string, RouteThrottle>> = {
  // 网上留言: the citizens' appeals, a few per second at the busiest hour.
  'POST /v1/channels/webform': limit(50, 100),
  // Each presigned upload may carry 5 MB.
  'POST /v1/channels/webform/uploads': limit(20, 40),
  // Each 短信验证码 costs an SMS; the handler also counts per number and per source address.
  'POST /v1/channels/webform/verifications': limit(5, 10),
  // Every page load of the form reads the catalogue.
  'GET /v1/directory': limit(100, 200),
  // The pages and their assets (several assets per page load).
  'GET /': limit(100, 200),
  'GET /dashboard': limit(50, 100),
  'GET /releases': limit(50, 100),
  'GET /assets/{file}': limit(200, 400),
  // The staff console's shell: a few hundred staff, not the public.
  'GET /console': limit(20, 40),
  'GET /console/config.json': limit(20, 40),
  'GET /console/{path+}': limit(50, 100),
  // 查询: a tracking number and phoneLast4 (wrong answers are also counted per tracking number).
  'GET /v1/cases/{trackingNo}': limit(20, 40),
  // 评价 and 补正 follow a notice: one citizen each, a few per minute city-wide.
  'GET /v1/cases/{trackingNo}/feedback': limit(20, 40),
  'POST /v1/cases/{trackingNo}/feedback': limit(10, 20),
  'GET /v1/cases/{trackingNo}/correction': limit(10, 20),
  'POST /v1/cases/{trackingNo}/correction': limit(10, 20),
  // The short links of the SMS notices: a batch of notices sends many citizens at once.
  'GET /n/{code}': limit(50, 100),
  // 信息公开: the published releases and the public figures.
  'GET /v1/public/releases': limit(20, 40),
  'GET /v1/public/releases/{releaseId}': limit(20, 40),
  'GET /v1/public/metrics': limit(20, 40),
};

/** The route key API Gateway uses for a route: `METHOD /path`. */
export const routeKeyOf = (method: string, path: string): string => `${method} ${path}`;

/** The `{ method, path }` of every HTTP route of `functions` with the given kind of auth. */
export function routesOf(
  functions: readonly FunctionSpec[],
  auth: (a: 'public' | 'signed' | 'jwt') => boolean,
): { method: string; path: string }[] {
  return functions.flatMap((spec) =>
    spec.triggers.flatMap((t) =>
      t.kind === 'http' && auth(t.auth) ? [{ method: t.method, path: t.path }] : [],
    ),
  );
}

/**
 * The stage's RouteSettings: one line of PUBLIC_ROUTE_THROTTLE per public route of `functions`.
 * Throws for a public route without a line, as the ACCESS table does for a function without rights.
 *
 * @example
 * publicRouteSettings(FUNCTIONS)['GET /v1/directory'] // { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 }
 */
export function publicRouteSettings(functions: readonly FunctionSpec[]): Record<string, RouteThrottle> {
  const settings: Record<string, RouteThrottle> = {};
  for (const { method, path } of routesOf(functions, (a) => a === 'public')) {
    const key = routeKeyOf(method, path);
    const throttle = PUBLIC_ROUTE_THROTTLE[key];
    if (!throttle) {
      throw new Error(`infra/public-routes.ts: no PUBLIC_ROUTE_THROTTLE entry for public route '${key}'`);
    }
    settings[key] = throttle;
  }
  return settings;
}
