import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { WebformSubmissionSchema } from '../../../functions/ingest-webform/webform.js';
import { jsonBody } from '../../../shared/http/json-body.js';
import { jsonErrors } from '../../../shared/http/json-errors.js';

/** A handler composed as the functions compose theirs: errors last to first, the body checked first. */
function handlerFor(schema: z.ZodMiniType) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(jsonErrors({ logger: new Logger({ logLevel: 'SILENT' }) }))
    .use(jsonBody({ schema }))
    .handler(async () => ({ statusCode: 200, body: '{}' }));
}

async function post(schema: z.ZodMiniType, body: unknown) {
  return postText(schema, JSON.stringify(body));
}

async function postText(schema: z.ZodMiniType, text: string) {
  const event = {
    headers: { 'content-type': 'application/json' },
    body: text,
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  const result = (await handlerFor(schema)(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    error: (JSON.parse(result.body as string) as { error: { code: string; details: unknown } }).error,
  };
}

const VALID = {
  type: 'complaint',
  category: 'noise',
  district: 'gulou',
  content: '楼下餐馆夜间施工噪音扰民',
  phone: '13912345678',
};

describe('Middleware: jsonBody', () => {
  it('names an unknown field in its path and in a Chinese message', async () => {
    // Act
    const result = await post(WebformSubmissionSchema, { ...VALID, foo: 1, phoneNumber: 'x' });

    // Assess
    expect(result.status).toBe(422);
    expect(result.error.code).toBe('validation_failed');
    expect(result.error.details).toEqual([
      { path: 'foo', message: '未知字段 "foo"' },
      { path: 'phoneNumber', message: '未知字段 "phoneNumber"' },
    ]);
  });

  it('names a wrong-typed field, a missing one and a bad value in Chinese', async () => {
    // Prepare
    const { phone: _phone, ...withoutPhone } = VALID;

    // Act
    const result = await post(WebformSubmissionSchema, { ...withoutPhone, category: 42, type: 'rant' });

    // Assess
    expect(result.status).toBe(422);
    expect(result.error.code).toBe('validation_failed');
    expect(result.error.details).toEqual([
      { path: 'type', message: expect.stringMatching(/^type 须为 complaint、.*之一$/) },
      { path: 'category', message: 'category 应为字符串' },
      { path: 'phone', message: '缺少必填字段 phone' },
    ]);
  });

  it("keeps a schema's own Chinese message and says what zod only says in English", async () => {
    // Prepare
    const schema = z.strictObject({
      content: z.string().check(z.minLength(5, '诉求内容至少 5 个字')),
      at: z.iso.datetime({ offset: true }),
      count: z.number().check(z.int(), z.maximum(10)),
      tags: z.array(z.string()).check(z.maxLength(2)),
    });

    // Act
    const result = await post(schema, { content: '短', at: 'yesterday', count: 11, tags: ['a', 'b', 'c'] });

    // Assess
    expect(result.error.details).toEqual([
      { path: 'content', message: '诉求内容至少 5 个字' },
      { path: 'at', message: expect.stringMatching(/^字段 at 格式有误：须为带时区的 ISO 8601 时间/) },
      { path: 'count', message: 'count 须不大于 10' },
      { path: 'tags', message: 'tags 最多有 2 项' },
    ]);
  });

  it('says the body itself must be an object when it is not one', async () => {
    // Act
    const result = await post(WebformSubmissionSchema, ['not', 'an', 'object']);

    // Assess
    expect(result.error.details).toEqual([{ path: '', message: '请求内容应为 JSON 对象' }]);
  });

  it.each([
    ['U+FFFF', `噪音${String.fromCharCode(0xffff)}扰民五个字`],
    ['U+FFFE', `噪音${String.fromCharCode(0xfffe)}扰民五个字`],
    ['a lone high surrogate', `噪音${String.fromCharCode(0xd83d)}扰民五个字`],
    ['a lone low surrogate', `噪音${String.fromCharCode(0xde00)}扰民五个字`],
  ])('refuses %s, a character SQS refuses, with 422 invalid_characters', async (_what, content) => {
    // Act
    const result = await post(WebformSubmissionSchema, { ...VALID, content });

    // Assess
    expect(result.status).toBe(422);
    expect(result.error.code).toBe('invalid_characters');
  });

  it('takes an emoji (a surrogate pair) as it is', async () => {
    // Act
    const result = await post(WebformSubmissionSchema, {
      ...VALID,
      content: '楼下施工噪音扰民😡，已持续一周',
    });

    // Assess
    expect(result.status).toBe(200);
  });

  const nested = (depth: number, kind: 'array' | 'object') =>
    kind === 'array'
      ? `${'['.repeat(depth)}${']'.repeat(depth)}`
      : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it.each([
    ['arrays', 20_000, 'array'],
    ['objects', 10_000, 'object'],
    ['arrays', 33, 'array'],
    ['objects', 33, 'object'],
  ] as const)('refuses %s nested %i deep with 400 json_too_deep, not a 500', async (_what, depth, kind) => {
    // Prepare: a body well under the size limit whose nesting would overflow a recursive walk
    const text = nested(depth, kind);

    // Act
    const result = await postText(z.unknown(), text);

    // Assess
    expect(result.status).toBe(400);
    expect(result.error.code).toBe('json_too_deep');
  });

  it('takes JSON nested 32 levels deep', async () => {
    // Act
    const arrays = await postText(z.unknown(), nested(32, 'array'));
    const objects = await postText(z.unknown(), nested(32, 'object'));

    // Assess
    expect([arrays.status, objects.status]).toEqual([200, 200]);
  });
});
