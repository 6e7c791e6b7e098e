import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { HttpError, NotFoundError } from '../../../shared/http/errors.js';
import { jsonErrors } from '../../../shared/http/json-errors.js';
import { json } from '../../../shared/http/responses.js';
import { httpEvent, testContext } from '../fixtures/lambda.js';

const logger = new Logger({ serviceName: 'json-errors-test', logLevel: 'SILENT' });

function run(answer: () => Promise<APIGatewayProxyStructuredResultV2>) {
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(jsonErrors({ logger }))
    .handler(answer);
  return handler(
    httpEvent({ method: 'GET', path: '/x' }),
    testContext(),
  ) as Promise<APIGatewayProxyStructuredResultV2>;
}

describe('Middleware: jsonErrors', () => {
  it('forbids sniffing on a JSON answer, a hand-built one and an error alike', async () => {
    // Act
    const answers = await Promise.all([
      run(async () => json(200, { ok: true })),
      run(async () => ({ statusCode: 200, headers: { 'content-type': 'application/xml' }, body: '<xml/>' })),
      run(async () => ({ statusCode: 204 })),
      run(async () => {
        throw new NotFoundError('case_not_found', '未找到');
      }),
      run(async () => {
        throw new Error('boom');
      }),
    ]);

    // Assess
    for (const answer of answers) expect(answer.headers?.['x-content-type-options']).toBe('nosniff');
    expect(answers[1]?.headers?.['content-type']).toBe('application/xml');
  });

  it('keeps every error out of caches and passes an error its own headers', async () => {
    // Act
    const locked = await run(async () => {
      throw new HttpError(429, 'lookup_locked', '稍后再试', { headers: { 'retry-after': '60' } });
    });

    // Assess
    expect(locked.statusCode).toBe(429);
    expect(locked.headers).toMatchObject({
      'retry-after': '60',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    expect(JSON.parse(locked.body as string)).toEqual({
      error: { code: 'lookup_locked', message: '稍后再试' },
    });
  });
});
