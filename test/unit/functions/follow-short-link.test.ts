import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from '../../../functions/follow-short-link/handler.js';
import { resetConfig } from '../../../shared/adapters/config.js';
import { SHORT_CODE, shortCode } from '../../../shared/adapters/short-links.js';
import { httpEvent, TEST_ENV, testContext } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);

async function get(
  code: string,
  accept = 'text/html,application/xhtml+xml',
): Promise<APIGatewayProxyStructuredResultV2> {
  const event = httpEvent({
    method: 'GET',
    path: `/n/${code}`,
    routeKey: 'GET /n/{code}',
    pathParameters: { code },
    headers: { accept },
  });
  return (await handler(event, testContext('follow-short-link'))) as APIGatewayProxyStructuredResultV2;
}

describe('Function: follow-short-link', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
    vi.stubEnv('REQUEST_MARKS_TABLE_NAME', 'request-marks');
    vi.stubEnv('PUBLIC_BASE_URL', 'https://12345.example.gov.cn/');
    resetConfig();
  });

  afterAll(() => {
    vi.unstubAllEnvs();
  });

  afterEach(() => {
    ddb.reset();
  });

  it('answers 302 to the public address and the stored target', async () => {
    // Prepare
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    ddb
      .on(GetCommand)
      .resolves({ Item: { target: '/v1/cases/261122-K7M3-9XQ2/feedback?token=abc', expiresAt } });

    // Act
    const response = await get('Ab3dE5gH7k');

    // Assess
    expect(response.statusCode).toBe(302);
    expect(response.headers?.location).toBe(
      'https://12345.example.gov.cn/v1/cases/261122-K7M3-9XQ2/feedback?token=abc',
    );
    expect(response.headers?.['referrer-policy']).toBe('no-referrer');
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: 'request-marks',
      Key: { pk: 'LINK#Ab3dE5gH7k', sk: 'MARK' },
    });
  });

  it('answers the Chinese 404 page for an unknown or expired code', async () => {
    // Prepare
    ddb
      .on(GetCommand, { Key: { pk: 'LINK#Expired000', sk: 'MARK' } })
      .resolves({ Item: { target: '/x', expiresAt: Math.floor(Date.now() / 1000) - 1 } })
      .on(GetCommand, { Key: { pk: 'LINK#Unknown000', sk: 'MARK' } })
      .resolves({});

    // Act
    const responses = [await get('Expired000'), await get('Unknown000')];

    // Assess
    for (const response of responses) {
      expect(response.statusCode).toBe(404);
      expect(response.headers?.['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('链接已失效');
    }
  });

  it('answers a client that asks for no HTML with the JSON envelope', async () => {
    // Prepare
    ddb.on(GetCommand).resolves({});

    // Act
    const response = await get('Unknown000', 'application/json');

    // Assess
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body as string)).toEqual({
      error: { code: 'link_not_found', message: '链接不存在或已过期' },
    });
  });

  it('refuses a code of the wrong shape with a 400 envelope, without any lookup', async () => {
    // Prepare
    const codes = [
      'short',
      'Ab3dE5gH7kX',
      'Ab3dE5gH7!',
      'Ab3dE5gH7%',
      '工单号工单号工单号工',
      'A'.repeat(5000),
      '../../x00',
    ];

    // Act
    const responses = await Promise.all(codes.map((code) => get(code)));

    // Assess
    for (const response of responses) {
      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body as string)).toEqual({
        error: { code: 'invalid_link_code', message: '链接格式不正确' },
      });
    }
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 0);
  });
});

describe('shortCode', () => {
  it('derives ten base62 characters, the same for the same notice, another for another notice or key', () => {
    // Act
    const a = shortCode('c-1', 'completion#2026-11-23T02:00:00.000Z', 'key-1');
    const again = shortCode('c-1', 'completion#2026-11-23T02:00:00.000Z', 'key-1');
    const other = shortCode('c-1', 'correction_request#2026-11-24T02:00:00.000Z', 'key-1');
    const otherKey = shortCode('c-1', 'completion#2026-11-23T02:00:00.000Z', 'key-2');

    // Assess
    expect(a).toMatch(SHORT_CODE);
    expect(again).toBe(a);
    expect(new Set([a, other, otherKey]).size).toBe(3);
  });

  it('spreads codes over the alphabet (no visible bias over many notices)', () => {
    // Act
    const codes = Array.from({ length: 2000 }, (_, i) => shortCode(`c-${i}`, 'completion#t', 'k'));

    // Assess
    expect(new Set(codes).size).toBe(2000);
    const firstChars = new Set(codes.map((c) => c[0]));
    expect(firstChars.size).toBeGreaterThan(55);
  });
});
