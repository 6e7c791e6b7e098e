import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type SignatureFailure, verifySignature } from '../../shared/channels/hotline-signature.js';
import { HttpError } from '../../shared/http/errors.js';

const MESSAGES: Record<SignatureFailure, string> = {
  missing_signature: '缺少 X-Signature 或 X-Timestamp 请求头',
  stale_timestamp: 'X-Timestamp 须为当前时间的 Unix 秒数（误差不超过 300 秒）',
  invalid_signature: '签名无效',
};

/**
 * Refuses a request before its body is parsed: too large (413), unsigned, stale or badly signed
 * (401). Runs before `jsonBody`, so nothing an unauthenticated caller sends reaches a parser.
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
    const check = verifySignature({
      secret: await options.secret(),
      signature,
      timestamp,
      // The bytes as sent: a base64-encoded body is signed over its decoded form.
      body: Buffer.from(raw, encoding),
      nowMs: now(),
    });
    if (!check.ok) throw new HttpError(401, check.code, MESSAGES[check.code]);
  };
  return { before: verifyHotlineSignatureBefore };
}
