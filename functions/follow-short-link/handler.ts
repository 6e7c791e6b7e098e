import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import { publicBaseUrl } from '../../shared/adapters/config.js';
import { shortLinks } from '../../shared/adapters/stores.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { logger } from '../../shared/logger.js';
import { follow } from './follow.js';

// GET /n/{code}: public, rate-limited per client like every public route; see follow.ts.

export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .handler((event) =>
    follow(event.pathParameters?.code, shortLinks(), publicBaseUrl(), new Date(), event.headers.accept),
  );
