import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { phoneVerificationMode } from '../../shared/adapters/notifiers/select.js';
import { directoryStore } from '../../shared/adapters/stores.js';
import { CASE_TYPES } from '../../shared/domain/appeal.js';
import { TYPE_TEXT } from '../../shared/domain/labels.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { logger } from '../../shared/logger.js';

// GET /v1/directory: what the web form offers (types, categories, districts), public and read-only.

async function getDirectory(): Promise<APIGatewayProxyStructuredResultV2> {
  const directory = await directoryStore().load();
  const verification = phoneVerificationMode();
  // Departments and routing rules stay internal: a citizen chooses what and where, not who.
  return json(
    200,
    {
      types: CASE_TYPES.map((code) => ({ code, name: TYPE_TEXT[code] })),
      categories: [...directory.categories.values()].map((c) => ({
        code: c.code,
        name: c.name,
        ...(c.defaultType ? { defaultType: c.defaultType } : {}),
      })),
      districts: [...directory.districts.values()].map((d) => ({ code: d.code, name: d.name })),
      // 短信验证码: the form offers a code only where the deployment has an SMS provider, and
      // insists on one only where the deployment requires it (WEBFORM_PHONE_VERIFICATION).
      phoneVerification: verification !== 'off',
      phoneVerificationRequired: verification === 'required',
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
