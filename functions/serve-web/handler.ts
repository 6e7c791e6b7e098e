import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { resolveUploadOrigin } from '../../shared/adapters/upload-origin.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { logger } from '../../shared/logger.js';
import { PAGE_HTML, pageHeaders } from './page.js';

// GET /: the citizen page, one self-contained HTML document.

async function servePage(): Promise<APIGatewayProxyStructuredResultV2> {
  const origin = await resolveUploadOrigin((error) => logger.warn('upload origin unresolved', { error }));
  return { statusCode: 200, headers: pageHeaders(origin), body: PAGE_HTML };
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .handler(servePage);
