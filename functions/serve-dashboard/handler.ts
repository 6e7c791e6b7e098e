import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { logger } from '../../shared/logger.js';
import { dashboardHeaders, dashboardHtml, ECHARTS_PATH } from './page.js';
import { loadStaticAsset, type StaticAsset } from './static-asset.js';

// GET /dashboard: the analysts' page; GET /dashboard/echarts.min.js: its chart library, from here.

let echarts: StaticAsset | undefined;
let page: string | undefined;

/** Read on first use, not at import: ~1 MB the page route needs only for its integrity hash. */
function echartsAsset(): StaticAsset {
  echarts ??= loadStaticAsset('echarts.min.js.gz', 'echarts/dist/echarts.min.js');
  return echarts;
}

function servePage(): APIGatewayProxyStructuredResultV2 {
  page ??= dashboardHtml(echartsAsset());
  return { statusCode: 200, headers: dashboardHeaders(), body: page };
}

/** Whether the client takes gzip: named (or `*`) in Accept-Encoding and not refused with q=0. */
function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((part) => {
    const [coding = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

function serveEcharts(event: APIGatewayProxyEventV2): APIGatewayProxyStructuredResultV2 {
  const asset = echartsAsset();
  const headers: Record<string, string> = {
    'content-type': 'text/javascript; charset=utf-8',
    // The page asks for ?v=<content hash>: a new version is a new URL, so this one never changes.
    'cache-control': 'public, max-age=31536000, immutable',
    etag: asset.etag,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
  };
  if (event.headers['if-none-match'] === asset.etag) return { statusCode: 304, headers };
  const gzip = acceptsGzip(event.headers['accept-encoding']);
  return {
    statusCode: 200,
    headers: gzip ? { ...headers, 'content-encoding': 'gzip' } : headers,
    body: (gzip ? asset.gzip : asset.raw).toString('base64'),
    isBase64Encoded: true,
  };
}

async function serve(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  return event.routeKey === `GET ${ECHARTS_PATH}` ? serveEcharts(event) : servePage();
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .handler(serve);
