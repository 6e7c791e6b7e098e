import { randomUUID } from 'node:crypto';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { s3Client } from '../../shared/adapters/clients.js';
import { stagingBucketName } from '../../shared/adapters/config.js';
import { uploadGrants } from '../../shared/adapters/stores.js';
import {
  presignUpload,
  UPLOAD_EXPIRY_SECONDS,
  type UploadRequest,
  UploadRequestSchema,
} from '../../shared/adapters/upload-policy.js';
import {
  attachmentKey,
  isAttachmentType,
  MAX_ATTACHMENT_BYTES,
  UPLOAD_STAGING_DAYS,
} from '../../shared/domain/attachment.js';
import { HttpError } from '../../shared/http/errors.js';
import { httpHandler } from '../../shared/http/http-handler.js';
import { jsonBody, type WithJsonBody } from '../../shared/http/json-body.js';
import { jsonErrors } from '../../shared/http/json-errors.js';
import { json } from '../../shared/http/responses.js';
import { logger } from '../../shared/logger.js';

// POST /v1/channels/webform/uploads: one presigned POST for one photo, before the form is sent.

type Event = APIGatewayProxyEventV2 & WithJsonBody<UploadRequest>;

async function createUpload(event: Event): Promise<APIGatewayProxyStructuredResultV2> {
  const { contentType, size, sha256 } = event.parsedBody;
  if (!isAttachmentType(contentType)) {
    throw new HttpError(415, 'unsupported_file_type', '仅支持 JPG、PNG、WebP 或 HEIC 格式的图片', {
      details: [{ path: 'contentType', message: `不支持的文件类型：${contentType}` }],
    });
  }
  if (size < 1) {
    throw new HttpError(422, 'empty_file', '文件为空', { details: [{ path: 'size', message: '文件为空' }] });
  }
  if (size > MAX_ATTACHMENT_BYTES) {
    throw new HttpError(413, 'file_too_large', '单张图片不能超过 5 MB', {
      details: [{ path: 'size', message: `文件大小 ${size} 字节，超过 5 MB` }],
    });
  }
  const now = new Date();
  const key = attachmentKey(contentType, randomUUID(), now);
  // Into staging, never the locked archive: an upload no appeal references expires there. The mark
  // is what the web form checks a submitted key against (and claims it for one submission).
  const { url, fields } = await presignUpload(s3Client(), {
    bucket: stagingBucketName(),
    key,
    contentType,
    sha256,
    size,
  });
  await uploadGrants().grant({
    key,
    contentType,
    size,
    sha256,
    expiresAt: new Date(now.getTime() + UPLOAD_STAGING_DAYS * 24 * 3600_000),
  });
  // The file name is the citizen's and may say who they are: it is neither logged nor kept.
  logger.info('upload presigned', { key, contentType, size });
  return json(
    201,
    { url, fields, key, expiresInSeconds: UPLOAD_EXPIRY_SECONDS, maxBytes: MAX_ATTACHMENT_BYTES },
    { 'cache-control': 'no-store' },
  );
}

export const handler = httpHandler()
  .use(httpHeaderNormalizer())
  .use(injectLambdaContext(logger))
  .use(jsonErrors({ logger }))
  .use(jsonBody({ schema: UploadRequestSchema, maxBytes: 4 * 1024 }))
  .handler((event) => createUpload(event as Event));
