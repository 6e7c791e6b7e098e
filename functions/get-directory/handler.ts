import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { directoryStore } from '../../shared/adapters/stores.js';
import { CASE_TYPES } from '../../shared/domain/appeal.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { logger } from '../../shared/logger.js';

// GET /v1/directory: what the web form offers (types, categories, districts), public and read-only.

/** The case types in the citizens' words (DESIGN §4). */
const TYPE_NAMES: Readonly<Record<(typeof CASE_TYPES)[number], string>> = {
  complaint: '投诉',
  help: '求助',
  consultation: '咨询',
  suggestion: '建议',
  report: '举报',
  praise: '表扬',
  disclosure: '依申请公开',
};

async function getDirectory(): Promise<APIGatewayProxyStructuredResultV2> {
  const directory = await directoryStore().load();
  // Departments and routing rules stay internal: a citizen chooses what and where, not who.
  return json(
    200,
    {
      types: CASE_TYPES.map((code) => ({ code, name: TYPE_NAMES[code] })),
      categories: [...directory.categories.values()].map((c) => ({
        code: c.code,
        name: c.name,
        ...(c.defaultType ? { defaultType: c.defaultType } : {}),
      })),
      districts: [...directory.districts.values()].map((d) => ({ code: d.code, name: d.name })),
    },
    // The same for everyone and rarely changed: a browser or CDN may keep it for five minutes.
    { 'cache-control': 'public, max-age=300' },
  );
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .handler(getDirectory);
