import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ConsoleConfigInvalidError, consoleConfig } from '../../shared/adapters/console-config.js';
import { resolveUploadOrigin } from '../../shared/adapters/upload-origin.js';
import { HttpError, NotFoundError } from '../../shared/http/errors.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { routeTable } from '../../shared/http/route-table.js';
import { logger } from '../../shared/logger.js';
import { type Dist, defaultDistDir, openDist, type PageName, stampTime } from './dist.js';
import { type PageContext, pageHeaders } from './page-headers.js';
import { serveFile } from './respond.js';

// The pages of the Vite build (web/dist) from the API's own origin: GET / (citizen), GET /dashboard,
// GET /releases (信息发布, public),
// GET /console and its history routes (the console SPA), GET /console/config.json (where the console
// signs in), GET /assets/{file} (hashed, immutable, pre-compressed). See docs/web.md.

/** Content-hashed names never change content: a year, and no revalidation. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export const ROUTES = {
  citizen: 'GET /',
  dashboard: 'GET /dashboard',
  releases: 'GET /releases',
  console: 'GET /console',
  consoleRoutes: 'GET /console/{path+}',
  consoleConfig: 'GET /console/config.json',
  asset: 'GET /assets/{file}',
} as const;

/**
 * The origin the browser reached this API by (a custom domain, the execute-api one, or the edge's
 * CloudFront distribution, which sends the API its own Host and the viewer's in X-Forwarded-Host).
 * A caller who sets X-Forwarded-Host itself only misdirects its own sign-in: the provider accepts
 * none but the registered redirects.
 */
function requestOrigin(event: APIGatewayProxyEventV2): string {
  const proto = event.headers['x-forwarded-proto'] ?? 'https';
  const host = event.headers['x-forwarded-host'] ?? event.headers.host ?? event.requestContext.domainName;
  return `${proto}://${host}`;
}

/** The console's settings, or 503 `console_not_configured` (also when half-configured: logged). */
function consoleSettings(event: APIGatewayProxyEventV2) {
  try {
    const settings = consoleConfig(requestOrigin(event));
    if (settings) return settings;
  } catch (error) {
    if (!(error instanceof ConsoleConfigInvalidError)) throw error;
    logger.error('console sign-in misconfigured', { error });
  }
  throw new HttpError(
    503,
    'console_not_configured',
    '工作台尚未配置登录（CONSOLE_OIDC_*），请联系系统管理员',
  );
}

/** The token endpoint's origin for the console's connect-src, when sign-in is configured. */
function tokenOrigin(event: APIGatewayProxyEventV2): string | undefined {
  try {
    const endpoint = consoleConfig(requestOrigin(event))?.tokenEndpoint;
    return endpoint ? new URL(endpoint).origin : undefined;
  } catch {
    return undefined;
  }
}

/** What a page's CSP names beyond its own origin. */
async function pageContext(event: APIGatewayProxyEventV2, name: PageName): Promise<PageContext> {
  if (name === 'citizen') {
    const uploadOrigin = await resolveUploadOrigin((error) =>
      logger.warn('upload origin unresolved', { error }),
    );
    return uploadOrigin ? { uploadOrigin } : {};
  }
  if (name === 'console') {
    const origin = tokenOrigin(event);
    return origin ? { tokenOrigin: origin } : {};
  }
  return {};
}

export interface ServeWebOptions {
  /** The build's folder; default beside the bundle in AWS, web/dist from source. */
  readonly distDir?: string;
}

/**
 * The composed handler over one dist, opened on the first request (a missing build is then a 500
 * naming `npm run build:web`, not a crash at import). From source (the local stack) a new build is
 * picked up at the next request: its stamp changed; in the bundle there is no stamp and no rebuild.
 *
 * @example
 * export const handler = createHandler();
 */
export function createHandler(options: ServeWebOptions = {}) {
  let dist: Dist | undefined;
  let builtAt: number | undefined;
  const openOnce = () => {
    const dir = options.distDir ?? defaultDistDir();
    const stamp = stampTime(dir);
    if (!dist || stamp !== builtAt) {
      dist = openDist(dir);
      builtAt = stamp;
    }
    return dist;
  };

  async function page(
    event: APIGatewayProxyEventV2,
    name: PageName,
  ): Promise<APIGatewayProxyStructuredResultV2> {
    const file = openOnce().page(name);
    return serveFile(event, file, pageHeaders(name, await pageContext(event, name)));
  }

  async function config(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    // Not cached anywhere: it names the issuer, which an operator may change at any deploy.
    return json(200, consoleSettings(event), { 'cache-control': 'no-store' });
  }

  async function asset(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const name = event.pathParameters?.file ?? '';
    const file = openOnce().asset(name);
    if (!file) throw new NotFoundError('not_found', '没有这个文件');
    return serveFile(event, file, { 'cache-control': IMMUTABLE });
  }

  return httpHandler()
    .use(httpHeaderNormalizer())
    .use(injectLambdaContext(logger))
    .use(jsonErrors({ logger }))
    .handler(
      routeTable({
        [ROUTES.citizen]: (event) => page(event, 'citizen'),
        [ROUTES.dashboard]: (event) => page(event, 'dashboard'),
        [ROUTES.releases]: (event) => page(event, 'releases'),
        [ROUTES.console]: (event) => page(event, 'console'),
        // The SPA's history routes (/console/agent, /console/cases/…) all load the one index.html.
        [ROUTES.consoleRoutes]: (event) =>
          event.pathParameters?.path === 'config.json' ? config(event) : page(event, 'console'),
        [ROUTES.consoleConfig]: config,
        [ROUTES.asset]: asset,
      }),
    );
}

export const handler = createHandler();
