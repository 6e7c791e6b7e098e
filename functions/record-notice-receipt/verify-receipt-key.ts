import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { HttpError } from '../../shared/http/errors.js';

// Tencent's and Alibaba's HTTP receipt pushes carry no signature of their own: the only secret a
// deployment can give them is the callback address. So the address holds a random key (the
// `{key}` segment), compared in constant time before the body is read at all.

/** A key is 32 to 128 URL-safe characters; anything else is refused without a comparison. */
const KEY_SHAPE = /^[A-Za-z0-9_-]{32,128}$/;

function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Refuses a receipt push whose path key is not the deployment's with 403 `invalid_receipt_key`.
 *
 * @example
 * middy().use(verifyReceiptKey({ key: () => secretString(NOTICE_RECEIPT_KEY) }))
 */
export function verifyReceiptKey(options: {
  key: () => Promise<string>;
}): MiddlewareObj<APIGatewayProxyEventV2> {
  const verifyReceiptKeyBefore: MiddlewareObj<APIGatewayProxyEventV2>['before'] = async (request) => {
    const given = request.event.pathParameters?.key ?? '';
    const expected = await options.key();
    if (!KEY_SHAPE.test(given) || !sameKey(given, expected)) {
      throw new HttpError(403, 'invalid_receipt_key', '回执地址无效');
    }
  };
  return { before: verifyReceiptKeyBefore };
}
