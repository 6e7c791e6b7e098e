import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { entryOf, FUNCTIONS } from '../../../infra/functions.js';
import { ANSWER_EARLY_MS, httpHandler } from '../../../shared/http/http-handler.js';
import { jsonErrors } from '../../../shared/http/json-errors.js';
import { json } from '../../../shared/http/responses.js';
import { httpEvent, testContext } from '../fixtures/lambda.js';

const logger = new Logger({ serviceName: 'http-handler-test', logLevel: 'SILENT' });

/** A context whose Lambda timeout is `leftMs` after the early answer's point. */
function withTimeLeft(leftMs: number): Context {
  return { ...testContext(), getRemainingTimeInMillis: () => ANSWER_EARLY_MS + leftMs };
}

function run(answer: () => Promise<APIGatewayProxyStructuredResultV2>, context: Context) {
  const handler = httpHandler().use(jsonErrors({ logger })).handler(answer);
  return handler(
    httpEvent({ method: 'GET', path: '/x' }),
    context,
  ) as Promise<APIGatewayProxyStructuredResultV2>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Function factory: httpHandler', () => {
  it('answers 503 service_unavailable with Retry-After when the handler is still running near the timeout', async () => {
    // Act
    const result = await run(() => new Promise(() => undefined), withTimeLeft(20));

    // Assess
    expect(result.statusCode).toBe(503);
    expect(result.headers).toMatchObject({
      'retry-after': '5',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    expect(JSON.parse(result.body as string)).toEqual({
      error: { code: 'service_unavailable', message: '服务繁忙，请稍后重试' },
    });
  });

  it("lets the handler's answer through when it comes before the early answer's point", async () => {
    // Act
    const result = await run(async () => {
      await sleep(5);
      return json(202, { trackingNo: '261122-K7M3-9XQ2' });
    }, withTimeLeft(200));

    // Assess
    expect(result.statusCode).toBe(202);
    expect(JSON.parse(result.body as string)).toEqual({ trackingNo: '261122-K7M3-9XQ2' });
  });

  it('keeps the 503 when the handler finishes after it was answered', async () => {
    // Prepare: a handler that gets its answer 30 ms after the 10 ms left
    let finished = false;

    // Act
    const result = await run(async () => {
      await sleep(30);
      finished = true;
      return json(202, {});
    }, withTimeLeft(10));
    await sleep(40);

    // Assess
    expect(result.statusCode).toBe(503);
    expect(finished).toBe(true);
  });

  it('is what every HTTP function of the catalogue starts from', () => {
    // Prepare
    const http = FUNCTIONS.filter((spec) => spec.triggers.some((trigger) => trigger.kind === 'http'));

    // Act
    const without = http
      .filter((spec) => {
        const source = readFileSync(new URL(`../../../${entryOf(spec)}`, import.meta.url), 'utf8');
        return !/\bhttpHandler\(/.test(source) || /\bmiddy</.test(source);
      })
      .map((spec) => spec.name);

    // Assess
    expect(http.length).toBeGreaterThan(15);
    expect(without).toEqual([]);
  });
});
