import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { s3Client } from '../../shared/adapters/clients.js';
import { stagingBucketName } from '../../shared/adapters/config.js';
import { presignUpload } from '../../shared/adapters/upload-policy.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { logger } from '../../shared/logger.js';
import { PAGE_HTML, pageHeaders } from './page.js';

// GET /: the citizen page, one self-contained HTML document.

/** The SHA-256 of no bytes: the probe below signs a policy only to read its URL, never to post. */
const PROBE_SHA256 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

let uploadOrigin: Promise<string | undefined> | undefined;

/**
 * The origin photos are posted to, for the CSP's connect-src. Presigning is a local computation
 * (no AWS call), and it resolves the bucket's endpoint exactly as the upload function will.
 */
function resolveUploadOrigin(): Promise<string | undefined> {
  uploadOrigin ??= presignUpload(s3Client(), {
    bucket: stagingBucketName(),
    key: 'uploads/origin-probe',
    contentType: 'image/png',
    sha256: PROBE_SHA256,
  })
    .then(({ url }) => new URL(url).origin)
    .catch((error: unknown) => {
      // Without it the page still works except for photos; the next cold start tries again.
      logger.warn('upload origin unresolved', { error });
      return undefined;
    });
  return uploadOrigin;
}

async function servePage(): Promise<APIGatewayProxyStructuredResultV2> {
  return { statusCode: 200, headers: pageHeaders(await resolveUploadOrigin()), body: PAGE_HTML };
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .handler(servePage);
