import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../shared/http/errors.js';
import { conditionalGet, etagOf, noneMatchHits } from '../../../shared/http/etag.js';
import { jsonErrors } from '../../../shared/http/json-errors.js';
import { json } from '../../../shared/http/responses.js';
import { logger } from '../../../shared/logger.js';
import { httpEvent, testContext } from '../fixtures/lambda.js';

/** A handler composed as the staff API composes its own: errors, then the conditional GET. */
function composed(answer: () => Promise<APIGatewayProxyStructuredResultV2>) {
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(jsonErrors({ logger }))
    .use(conditionalGet())
    .handler(answer);
  return (event: APIGatewayProxyEventV2) =>
    handler(event, testContext()) as Promise<APIGatewayProxyStructuredResultV2>;
}

const list = composed(async () => json(200, { items: [1, 2] }, { 'cache-control': 'no-store' }));

describe('Middleware: conditionalGet', () => {
  it('answers a strong ETag that is the hash of the body', async () => {
    // Act
    const response = await list(httpEvent({ method: 'GET', path: '/v1/x' }));

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers?.etag).toBe(etagOf(JSON.stringify({ items: [1, 2] })));
    expect(response.headers?.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
  });

  it('answers 304 without a body, keeping no-store and the security headers, to a matching If-None-Match', async () => {
    // Prepare
    const tag = etagOf(JSON.stringify({ items: [1, 2] }));

    // Act
    const response = await list(
      httpEvent({ method: 'GET', path: '/v1/x', headers: { 'if-none-match': tag } }),
    );

    // Assess
    expect(response.statusCode).toBe(304);
    expect(response.body).toBeUndefined();
    expect(response.headers).toMatchObject({
      etag: tag,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    expect(response.headers).not.toHaveProperty('content-type');
  });

  it('answers 200 with the body to an If-None-Match naming another version', async () => {
    // Act
    const response = await list(
      httpEvent({ method: 'GET', path: '/v1/x', headers: { 'if-none-match': '"stale"' } }),
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(String(response.body))).toEqual({ items: [1, 2] });
  });

  it('leaves errors and other methods alone', async () => {
    // Prepare
    const failing = composed(async () => {
      throw new HttpError(404, 'not_found', '未找到');
    });

    // Act
    const error = await failing(
      httpEvent({ method: 'GET', path: '/v1/x', headers: { 'if-none-match': '*' } }),
    );
    const post = await list(httpEvent({ method: 'POST', path: '/v1/x', headers: { 'if-none-match': '*' } }));

    // Assess
    expect(error.statusCode).toBe(404);
    expect(error.headers).not.toHaveProperty('etag');
    expect(post.statusCode).toBe(200);
    expect(post.headers).not.toHaveProperty('etag');
  });
});

describe('Function: noneMatchHits', () => {
  it.each([
    ['"a"', '"a"', true],
    ['W/"a"', '"a"', true],
    ['"b", "a"', '"a"', true],
    ['*', '"a"', true],
    ['"b"', '"a"', false],
    ['', '"a"', false],
    [undefined, '"a"', false],
  ])('compares If-None-Match %j weakly with %s: %s', (header, tag, hit) => {
    // Act and assess
    expect(noneMatchHits(header, tag)).toBe(hit);
  });
});
