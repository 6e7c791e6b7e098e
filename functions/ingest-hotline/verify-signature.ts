import { isUtf8 } from 'node:buffer';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  SIGNATURE_VERSION_HEADER,
  type SignatureFailure,
  verifySignature,
} from '../../shared/channels/hotline-signature.js';
import { HttpError } from '../../shared/http/errors.js';

const MESSAGES: Record<SignatureFailure, string> = {
  missing_signature: '缺少 X-Signature 或 X-Timestamp 请求头',
  stale_timestamp: 'X-Timestamp 须为当前时间的 Unix 秒数（误差不超过 300 秒）',
  invalid_signature: '签名无效',
  unsupported_signature_version: 'X-Signature-Version 须为 2（或不传，即已弃用的第 1 版）',
};

const INVALID_ENCODING = '请求内容不是有效的 UTF-8 编码';

/**
 * Refuses a request before its body is parsed: too large (413), unsigned, stale or badly signed
 * (401), signed but not UTF-8 (400). Runs before `jsonBody`, so nothing an unauthenticated caller
 * sends reaches a parser.
 */
export function verifyHotlineSignature(options: {
  secret: () => Promise<string>;
  now?: () => number;
  maxBytes?: number;
}): MiddlewareObj<APIGatewayProxyEventV2> {
  const maxBytes = options.maxBytes ?? 64 * 1024;
  const now = options.now ?? Date.now;
  const verifyHotlineSignatureBefore: MiddlewareObj<APIGatewayProxyEventV2>['before'] = async (request) => {
    const event = request.event;
    const raw = event.body ?? '';
    const encoding = event.isBase64Encoded ? 'base64' : 'utf8';
    if (Buffer.byteLength(raw, encoding) > maxBytes) {
      throw new HttpError(413, 'payload_too_large', `请求内容过大，最多 ${Math.floor(maxBytes / 1024)} KB`);
    }
    const signature = event.headers?.['x-signature'];
    const timestamp = event.headers?.['x-timestamp'];
    if (!signature || !timestamp) {
      throw new HttpError(401, 'missing_signature', MESSAGES.missing_signature);
    }
    // The bytes as sent: a base64-encoded body is signed over its decoded form.
    const bytes = Buffer.from(raw, encoding);
    const check = verifySignature({
      secret: await options.secret(),
      signature,
      timestamp,
      body: bytes,
      nowMs: now(),
      version: event.headers?.[SIGNATURE_VERSION_HEADER],
      request: { method: event.requestContext.http.method, path: event.requestContext.http.path },
    });
    if (!check.ok) {
      // A JSON body reaches the function as text, decoded by the gateway: bytes that were not UTF-8
      // became U+FFFD, and the signature over the original bytes cannot be checked any more. The
      // encoding is what is wrong then, and says so; nothing is parsed either way.
      if (check.code === 'invalid_signature' && !event.isBase64Encoded && raw.includes('\uFFFD')) {
        throw new HttpError(400, 'invalid_encoding', INVALID_ENCODING);
      }
      throw new HttpError(401, check.code, MESSAGES[check.code]);
    }
    if (!isUtf8(bytes)) throw new HttpError(400, 'invalid_encoding', INVALID_ENCODING);
  };
  return { before: verifyHotlineSignatureBefore };
}
