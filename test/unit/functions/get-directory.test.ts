import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler, ROUTES } from '../../../functions/get-directory/handler.js';
import { CASE_TYPES } from '../../../shared/domain/appeal.js';
import { TYPE_TEXT } from '../../../shared/domain/labels.js';
import { STAFF_ROLES } from '../../../shared/domain/staff-roles.js';
import { TEST_DIRECTORY_DATA } from '../fixtures/directory.js';
import { directoryQuery } from '../fixtures/directory-mock.js';
import { httpEvent, TEST_ENV, testContext, withClaims } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);

async function getDirectory() {
  const result = (await handler(
    httpEvent({ method: 'GET', path: '/v1/directory' }),
    testContext('get-directory'),
  )) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    body: JSON.parse(result.body as string),
    headers: result.headers ?? {},
  };
}

describe('Function: get-directory', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake(directoryQuery);
  });

  afterEach(() => {
    ddb.reset();
  });

  it('lists the types, categories and districts with their Chinese names', async () => {
    // Act
    const { status, body } = await getDirectory();

    // Assess
    expect(status).toBe(200);
    expect(body.types.map((t: { code: string }) => t.code)).toEqual([...CASE_TYPES]);
    expect(body.types[0]).toEqual({ code: 'complaint', name: '投诉' });
    expect(body.types).toEqual(CASE_TYPES.map((code) => ({ code, name: TYPE_TEXT[code] })));
    expect(body.categories).toHaveLength(TEST_DIRECTORY_DATA.categories.length);
    expect(body.categories).toContainEqual(expect.objectContaining({ code: 'water-supply', name: '供水' }));
    expect(body.districts).toHaveLength(TEST_DIRECTORY_DATA.districts.length);
  });

  it('keeps routing rules to itself, and gives the departments only as ids and names', async () => {
    // Act
    const { body } = await getDirectory();

    // Assess
    // phoneVerification (issue 11): whether the form asks for an SMS code; no SMS provider here.
    // departments (issue 14): the bodies a 政府信息公开申请 may be addressed to (第二十七条).
    expect(Object.keys(body).sort()).toEqual([
      'categories',
      'departments',
      'districts',
      'phoneVerification',
      'phoneVerificationRequired',
      'types',
    ]);
    expect(body.phoneVerification).toBe(false);
    expect(body.phoneVerificationRequired).toBe(false);
    expect(body.departments).toContainEqual({ id: 'water-group', name: '市水务集团' });
    expect(Object.keys(body.departments[0]).sort()).toEqual(['id', 'name']);
  });

  it.each([
    ['none', undefined, false, false],
    ['none', 'required', false, false],
    ['tencent', undefined, true, true],
    ['tencent', 'required', true, true],
    ['aliyun', 'optional', true, false],
  ])(
    'says with provider %s and WEBFORM_PHONE_VERIFICATION=%s whether the code is offered (%s) and required (%s)',
    async (provider, mode, offered, required) => {
      // Prepare
      vi.stubEnv('NOTICE_SMS_PROVIDER', provider);
      vi.stubEnv('WEBFORM_PHONE_VERIFICATION', mode);

      // Act
      const { body } = await getDirectory();

      // Assess
      expect(body.phoneVerification).toBe(offered);
      expect(body.phoneVerificationRequired).toBe(required);
      vi.stubEnv('NOTICE_SMS_PROVIDER', undefined);
      vi.stubEnv('WEBFORM_PHONE_VERIFICATION', undefined);
    },
  );

  it('lets browsers and caches keep the answer for five minutes', async () => {
    // Act
    const { headers } = await getDirectory();

    // Assess
    expect(headers['cache-control']).toBe('public, max-age=300');
  });

  describe('GET /v1/staff/directory', () => {
    const staffDirectory = async (claims: Record<string, string> | undefined) => {
      const result = (await handler(
        withClaims(httpEvent({ method: 'GET', path: '/v1/staff/directory', routeKey: ROUTES.staff }), claims),
        testContext('get-directory'),
      )) as APIGatewayProxyStructuredResultV2;
      return {
        status: result.statusCode,
        body: JSON.parse(result.body as string),
        headers: result.headers ?? {},
      };
    };

    it.each(STAFF_ROLES.map((role) => [role]))(
      'gives the %s role the pickers with the departments',
      async (role) => {
        // Act
        const { status, body, headers } = await staffDirectory({
          sub: 'u-1',
          role,
          ...(role === 'department' ? { departmentId: 'water-group' } : {}),
        });

        // Assess
        expect(status).toBe(200);
        expect(body.departments).toContainEqual({ id: 'water-group', name: '市水务集团' });
        expect(body.departments).toContainEqual({ id: 'gulou-gov', name: '鼓楼区政府', district: 'gulou' });
        expect(body.categories).toContainEqual(expect.objectContaining({ code: 'noise', name: '噪音扰民' }));
        expect(body.districts).toContainEqual({ code: 'gulou', name: '鼓楼区' });
        expect(body.types).toContainEqual({ code: 'complaint', name: '投诉' });
        expect(body.lines).toEqual([
          { code: '12345', name: '12345热线' },
          { code: '96116', name: '供水服务热线' },
        ]);
        expect(body).not.toHaveProperty('rules');
        expect(headers['cache-control']).toBe('private, max-age=60');
      },
    );

    it('answers 401 without a staff identity', async () => {
      // Act
      const { status, body } = await staffDirectory(undefined);

      // Assess
      expect(status).toBe(401);
      expect(body.error.code).toBe('unauthorized');
    });
  });
});
