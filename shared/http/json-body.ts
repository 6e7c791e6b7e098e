import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { BadRequestError, HttpError } from './errors.js';
import { validationDetails } from './validation-details.js';

/** The parsed body, set on the event by `jsonBody`, beside the raw text kept for the archive. */
export interface WithJsonBody<T> {
  parsedBody: T;
  rawBody: string;
}

/**
 * U+FFFE and U+FFFF (noncharacters SQS refuses), and a surrogate without its pair (no UTF-8 can
 * encode it: it would be stored as U+FFFD). Anything else, emoji included, is taken as it is.
 */
const REFUSED_CHARACTERS =
  /[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** How deep a body may nest (objects and arrays); every channel's payload needs a handful. */
export const MAX_JSON_DEPTH = 32;

/**
 * What in a parsed body no handler should see, found without recursion (a 64 KB body can nest
 * tens of thousands deep, which would overflow the stack): `too_deep` beyond MAX_JSON_DEPTH levels,
 * `refused_characters` for a character of REFUSED_CHARACTERS in a key or a string.
 */
function problemIn(value: unknown): 'too_deep' | 'refused_characters' | undefined {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  let refused = false;
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: v, depth } = next;
    if (typeof v === 'string') {
      refused ||= REFUSED_CHARACTERS.test(v);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_JSON_DEPTH) return 'too_deep';
    for (const [k, child] of Array.isArray(v) ? v.entries() : Object.entries(v)) {
      if (typeof k === 'string') refused ||= REFUSED_CHARACTERS.test(k);
      pending.push({ value: child, depth: depth + 1 });
    }
  }
  return refused ? 'refused_characters' : undefined;
}

/**
 * Checks the content type and size before anything is parsed, parses JSON and validates it with a
 * zod schema. Every refusal is a 4xx with its own code, and nothing after it runs; a body nested
 * deeper than MAX_JSON_DEPTH is a 400 `json_too_deep`; a body with a
 * character no queue or table can carry is a 422 `invalid_characters`; a body the schema refuses is a
 * 422 `validation_failed` whose details name each field in Chinese (validation-details.ts).
 */
export function jsonBody<S extends z.ZodMiniType>(options: {
  schema: S;
  maxBytes?: number;
}): MiddlewareObj<APIGatewayProxyEventV2> {
  const maxBytes = options.maxBytes ?? 64 * 1024;
  const jsonBodyBefore: MiddlewareObj<APIGatewayProxyEventV2>['before'] = (request) => {
    const event = request.event;
    const contentType = event.headers?.['content-type'] ?? '';
    if (!/^application\/json\b/i.test(contentType)) {
      throw new HttpError(415, 'unsupported_media_type', '请求须为 JSON（Content-Type: application/json）');
    }
    const raw = event.body ?? '';
    const bytes = event.isBase64Encoded ? Buffer.byteLength(raw, 'base64') : Buffer.byteLength(raw, 'utf8');
    if (bytes > maxBytes) {
      throw new HttpError(413, 'payload_too_large', `请求内容过大，最多 ${Math.floor(maxBytes / 1024)} KB`);
    }
    const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new BadRequestError('malformed_json', '请求内容不是有效的 JSON', { cause });
    }
    const problem = problemIn(value);
    if (problem === 'too_deep') {
      throw new BadRequestError('json_too_deep', `请求内容嵌套层级过深，最多 ${MAX_JSON_DEPTH} 层`);
    }
    if (problem === 'refused_characters') {
      throw new HttpError(
        422,
        'invalid_characters',
        '内容含有无法处理的字符（U+FFFE、U+FFFF 或不成对的代理项），请删除后重试',
      );
    }
    const parsed = options.schema.safeParse(value);
    if (!parsed.success) {
      const details = validationDetails(parsed.error.issues, value);
      throw new HttpError(422, 'validation_failed', '请求内容有误，请检查各字段', { details });
    }
    const withBody: WithJsonBody<z.infer<S>> = { parsedBody: parsed.data, rawBody: text };
    Object.assign(event, withBody);
  };
  return { before: jsonBodyBefore };
}
