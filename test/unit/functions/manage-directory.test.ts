import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler, ROUTES } from '../../../functions/manage-directory/handler.js';
import { directoryItems } from '../../../shared/adapters/directory-store.js';
import { SEED_CALENDAR_YEARS } from '../../../shared/seed/calendar/index.js';
import { TEST_DIRECTORY_DATA } from '../fixtures/directory.js';
import { httpEvent, TEST_ENV, testContext, withClaims } from '../fixtures/lambda.js';

const ddb = mockClient(DynamoDBDocumentClient);

type Claims = Record<string, string>;
const SUPERVISOR: Claims = { sub: 's-1', role: 'supervisor' };
const DISPATCHER: Claims = { sub: 'd-1', role: 'dispatcher' };
const DEPARTMENT: Claims = { sub: 'u-1', role: 'department', departmentId: 'water-group' };
const ANALYST: Claims = { sub: 'n-1', role: 'analyst' };
const AGENT: Claims = { sub: 'a-1', role: 'agent' };

const items = directoryItems({ ...TEST_DIRECTORY_DATA, calendarYears: SEED_CALENDAR_YEARS });

function request(
  claims: Claims | undefined,
  routeKey: string,
  options: { path: string; pathParameters?: Record<string, string>; body?: unknown },
): APIGatewayProxyEventV2 {
  const [method] = routeKey.split(' ') as [string];
  const event = httpEvent({
    method,
    path: options.path,
    routeKey,
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(options.body === undefined
      ? {}
      : {
          headers: { 'content-type': 'application/json' },
          body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
        }),
  });
  return withClaims(event, claims);
}

async function call(event: APIGatewayProxyEventV2) {
  const result = (await handler(event, testContext('manage-directory'))) as APIGatewayProxyStructuredResultV2;
  return {
    status: result.statusCode,
    body: result.body ? JSON.parse(result.body as string) : undefined,
  };
}

function putRule(claims: Claims | undefined, ruleId: string, body: unknown) {
  return call(
    request(claims, ROUTES.rule, {
      path: `/v1/admin/directory/rules/${ruleId}`,
      pathParameters: { ruleId },
      body,
    }),
  );
}

const rule = {
  ruleId: 'noise-taijiang',
  category: 'noise',
  district: 'taijiang',
  departmentId: 'city-urban',
  coHandlers: ['gulou-gov'],
  priority: 5,
};

describe('Function: manage-directory', () => {
  beforeAll(() => {
    for (const [k, v] of Object.entries(TEST_ENV)) vi.stubEnv(k, v);
  });

  beforeEach(() => {
    ddb.on(QueryCommand).callsFake((input) => ({
      Items: items.filter((item) => item.pk === input.ExpressionAttributeValues?.[':pk']),
    }));
    ddb.on(PutCommand).resolves({});
    ddb.on(DeleteCommand).resolves({});
  });

  afterEach(() => {
    ddb.reset();
  });

  describe('GET /v1/admin/directory', () => {
    it('lists departments, categories with keywords, districts, rules with their ids and calendar years', async () => {
      // Act
      const { status, body } = await call(request(SUPERVISOR, ROUTES.list, { path: '/v1/admin/directory' }));

      // Assess
      expect(status).toBe(200);
      expect(body.departments).toHaveLength(TEST_DIRECTORY_DATA.departments.length);
      expect(body.categories).toEqual(TEST_DIRECTORY_DATA.categories);
      expect(body.districts).toEqual(TEST_DIRECTORY_DATA.districts);
      expect(body.rules).toContainEqual(
        expect.objectContaining({ ruleId: 'water-supply#*#water-group', departmentId: 'water-group' }),
      );
      expect(body.calendarYears).toEqual(SEED_CALENDAR_YEARS.map((y) => y.year));
      expect(body.lines).toEqual(TEST_DIRECTORY_DATA.lines);
    });

    it.each([
      ['a dispatcher', DISPATCHER],
      ['a department', DEPARTMENT],
      ['an analyst', ANALYST],
      ['an agent', AGENT],
    ])('refuses %s with 403 forbidden', async (_who, claims) => {
      // Act
      const { status, body } = await call(request(claims, ROUTES.list, { path: '/v1/admin/directory' }));

      // Assess
      expect(status).toBe(403);
      expect(body.error.code).toBe('forbidden');
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('refuses a request without staff claims with 401', async () => {
      // Act
      const { status, body } = await call(request(undefined, ROUTES.list, { path: '/v1/admin/directory' }));

      // Assess
      expect(status).toBe(401);
      expect(body.error.code).toBe('unauthorized');
    });
  });

  describe('PUT /v1/admin/directory/rules/{ruleId}', () => {
    it('writes the rule under its id and answers 201 for a new one', async () => {
      // Act
      const { status, body } = await putRule(SUPERVISOR, rule.ruleId, rule);

      // Assess
      expect(status).toBe(201);
      expect(body).toEqual(rule);
      expect(ddb).toHaveReceivedCommandWith(PutCommand, {
        TableName: 'directory',
        Item: {
          pk: 'RULE',
          sk: 'noise-taijiang',
          category: 'noise',
          district: 'taijiang',
          departmentId: 'city-urban',
          coHandlers: ['gulou-gov'],
          priority: 5,
        },
      });
    });

    it('answers 200 when it replaces a rule, and fills in the defaults', async () => {
      // Prepare
      ddb.on(PutCommand).resolves({ Attributes: { pk: 'RULE', sk: 'noise-taijiang' } });

      // Act
      const { status, body } = await putRule(SUPERVISOR, 'noise-taijiang', {
        ruleId: 'noise-taijiang',
        category: '*',
        district: 'taijiang',
        departmentId: 'gulou-gov',
      });

      // Assess
      expect(status).toBe(200);
      expect(body).toMatchObject({ coHandlers: [], priority: 0 });
    });

    it.each([
      ['an unknown category', { category: 'ufo' }, 'unknown_category'],
      ['an unknown district', { district: 'atlantis' }, 'unknown_district'],
      ['an unknown lead department', { departmentId: 'nobody' }, 'unknown_department'],
      ['an unknown co-handler', { coHandlers: ['nobody'] }, 'unknown_department'],
      ['another id than the URL', { ruleId: 'other-rule' }, 'id_mismatch'],
      ['a missing department', { departmentId: undefined }, 'validation_failed'],
      ['an unknown field', { lead: 'city-urban' }, 'validation_failed'],
      ['a priority that is not an integer', { priority: 1.5 }, 'validation_failed'],
    ])('refuses %s with 422 and writes nothing', async (_what, change, code) => {
      // Act
      const { status, body } = await putRule(SUPERVISOR, rule.ruleId, { ...rule, ...change });

      // Assess
      expect(status).toBe(422);
      expect(body.error.code).toBe(code);
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
    });

    it('refuses malformed JSON with 400', async () => {
      // Act
      const { status, body } = await putRule(SUPERVISOR, rule.ruleId, '{"ruleId":');

      // Assess
      expect(status).toBe(400);
      expect(body.error.code).toBe('malformed_json');
    });

    it('refuses a department before it reads the body', async () => {
      // Act
      const { status, body } = await putRule(DEPARTMENT, rule.ruleId, '{not json');

      // Assess
      expect(status).toBe(403);
      expect(body.error.code).toBe('forbidden');
      expect(ddb).not.toHaveReceivedAnyCommand();
    });
  });

  describe('DELETE /v1/admin/directory/rules/{ruleId}', () => {
    it('deletes an existing rule with a condition, and answers 204', async () => {
      // Act
      const { status } = await call(
        request(SUPERVISOR, ROUTES.deleteRule, {
          path: '/v1/admin/directory/rules/noise-taijiang',
          pathParameters: { ruleId: 'noise-taijiang' },
        }),
      );

      // Assess
      expect(status).toBe(204);
      expect(ddb).toHaveReceivedCommandWith(DeleteCommand, {
        Key: { pk: 'RULE', sk: 'noise-taijiang' },
        ConditionExpression: 'attribute_exists(pk)',
      });
    });

    it('answers 404 rule_not_found for a rule that does not exist', async () => {
      // Prepare
      ddb.on(DeleteCommand).rejects(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }));

      // Act
      const { status, body } = await call(
        request(SUPERVISOR, ROUTES.deleteRule, {
          path: '/v1/admin/directory/rules/ghost',
          pathParameters: { ruleId: 'ghost' },
        }),
      );

      // Assess
      expect(status).toBe(404);
      expect(body.error.code).toBe('rule_not_found');
    });

    it('answers 404 for an id no rule can have, without asking DynamoDB', async () => {
      // Act
      const ruleId = 'x'.repeat(2000);
      const { status, body } = await call(
        request(SUPERVISOR, ROUTES.deleteRule, {
          path: `/v1/admin/directory/rules/${ruleId}`,
          pathParameters: { ruleId },
        }),
      );

      // Assess
      expect(status).toBe(404);
      expect(body.error.code).toBe('rule_not_found');
      expect(ddb).not.toHaveReceivedCommand(DeleteCommand);
    });
  });

  describe('PUT and DELETE /v1/admin/directory/lines/{code}', () => {
    const putLine = (code: string, body: unknown, claims: Claims = SUPERVISOR) =>
      call(
        request(claims, ROUTES.line, {
          path: `/v1/admin/directory/lines/${code}`,
          pathParameters: { code },
          body,
        }),
      );

    it('writes a merged line with its former department, the default target filled in', async () => {
      // Act
      const { status, body } = await putLine('12315', {
        code: '12315',
        name: '消费者投诉举报热线',
        formerDepartmentId: 'water-group',
      });

      // Assess
      expect(status).toBe(201);
      expect(body).toEqual({
        code: '12315',
        name: '消费者投诉举报热线',
        formerDepartmentId: 'water-group',
        answerRateTarget: 0.98,
      });
      expect(ddb).toHaveReceivedCommandWith(PutCommand, {
        Item: {
          pk: 'LINE',
          sk: '12315',
          code: '12315',
          name: '消费者投诉举报热线',
          formerDepartmentId: 'water-group',
          answerRateTarget: 0.98,
        },
      });
    });

    it.each([
      ['a code with a space', 'ab c', { name: '某热线' }, 'validation_failed'],
      ['a code over 32 characters', 'x'.repeat(33), { name: '某热线' }, 'validation_failed'],
      ['a name without Chinese', '12315', { name: 'hotline' }, 'validation_failed'],
      ['a name over 64 characters', '12315', { name: '热'.repeat(65) }, 'validation_failed'],
      ['a blank name', '12315', { name: '   ' }, 'validation_failed'],
      ['a target of 0', '12315', { name: '某热线', answerRateTarget: 0 }, 'validation_failed'],
      ['a target over 1', '12315', { name: '某热线', answerRateTarget: 98 }, 'validation_failed'],
      ['an unknown field', '12315', { name: '某热线', owner: 'x' }, 'validation_failed'],
      [
        'an unknown former department',
        '12315',
        { name: '某热线', formerDepartmentId: 'nobody' },
        'unknown_department',
      ],
      ['the reserved code total', 'total', { name: '合计热线' }, 'reserved_id'],
    ])('refuses %s with 422 %s and writes nothing', async (_what, code, fields, expected) => {
      // Act
      const { status, body } = await putLine(code, { code, ...fields });

      // Assess
      expect(status).toBe(422);
      expect(body.error.code).toBe(expected);
      expect(body.error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
    });

    it('refuses a body naming another line than the path with 422 id_mismatch', async () => {
      // Act
      const { status, body } = await putLine('12315', { code: '12319', name: '城建热线' });

      // Assess
      expect(status).toBe(422);
      expect(body.error.code).toBe('id_mismatch');
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
    });

    it('refuses an analyst with 403 before reading the body', async () => {
      // Act
      const { status, body } = await putLine('12315', { code: '12315', name: '消费者投诉举报热线' }, ANALYST);

      // Assess
      expect(status).toBe(403);
      expect(body.error.code).toBe('forbidden');
      expect(ddb).not.toHaveReceivedAnyCommand();
    });

    it('deletes a line with a condition and answers 204; 404 line_not_found for none', async () => {
      // Prepare
      const remove = (code: string) =>
        call(
          request(SUPERVISOR, ROUTES.deleteLine, {
            path: `/v1/admin/directory/lines/${code}`,
            pathParameters: { code },
          }),
        );

      // Act
      const deleted = await remove('96116');
      ddb.on(DeleteCommand).rejects(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }));
      const missing = await remove('96000');
      const impossible = await remove('no such line');

      // Assess
      expect(deleted.status).toBe(204);
      expect(ddb).toHaveReceivedCommandWith(DeleteCommand, {
        Key: { pk: 'LINE', sk: '96116' },
        ConditionExpression: 'attribute_exists(pk)',
      });
      expect([missing.status, missing.body.error.code]).toEqual([404, 'line_not_found']);
      expect([impossible.status, impossible.body.error.code]).toEqual([404, 'line_not_found']);
      expect(ddb.commandCalls(DeleteCommand)).toHaveLength(2);
    });
  });

  describe('PUT departments, categories, districts', () => {
    it('writes a department whose district is known', async () => {
      // Act
      const { status } = await call(
        request(SUPERVISOR, ROUTES.department, {
          path: '/v1/admin/directory/departments/taijiang-gov',
          pathParameters: { id: 'taijiang-gov' },
          body: { id: 'taijiang-gov', name: '台江区政府', district: 'taijiang' },
        }),
      );

      // Assess
      expect(status).toBe(201);
      expect(ddb).toHaveReceivedCommandWith(PutCommand, {
        Item: {
          pk: 'DEPARTMENT',
          sk: 'taijiang-gov',
          id: 'taijiang-gov',
          name: '台江区政府',
          district: 'taijiang',
        },
      });
    });

    it('refuses a department in an unknown district with 422 unknown_district', async () => {
      // Act
      const { status, body } = await call(
        request(SUPERVISOR, ROUTES.department, {
          path: '/v1/admin/directory/departments/x-gov',
          pathParameters: { id: 'x-gov' },
          body: { id: 'x-gov', name: '某区政府', district: 'atlantis' },
        }),
      );

      // Assess
      expect(status).toBe(422);
      expect(body.error.code).toBe('unknown_district');
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
    });

    it('writes a category with the keywords the classifier uses', async () => {
      // Prepare
      const category = { code: 'heating', name: '供暖', defaultType: 'help', keywords: ['暖气', '供暖'] };

      // Act
      const { status } = await call(
        request(SUPERVISOR, ROUTES.category, {
          path: '/v1/admin/directory/categories/heating',
          pathParameters: { code: 'heating' },
          body: category,
        }),
      );

      // Assess
      expect(status).toBe(201);
      expect(ddb).toHaveReceivedCommandWith(PutCommand, {
        Item: { pk: 'CATEGORY', sk: 'heating', ...category },
      });
    });

    it.each([
      ['a code with capitals', { code: 'Heating', name: '供暖' }, 'validation_failed'],
      ['an empty name', { code: 'heating', name: '' }, 'validation_failed'],
      ['another code than the URL', { code: 'cooling', name: '供冷' }, 'id_mismatch'],
    ])('refuses a district with %s', async (_what, body, code) => {
      // Act
      const result = await call(
        request(SUPERVISOR, ROUTES.district, {
          path: '/v1/admin/directory/districts/heating',
          pathParameters: { code: 'heating' },
          body,
        }),
      );

      // Assess
      expect(result.status).toBe(422);
      expect(result.body.error.code).toBe(code);
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
    });
  });

  describe('reserved ids', () => {
    it.each([
      [ROUTES.department, 'departments', { id: 'total', name: '合计办公室' }],
      [ROUTES.category, 'categories', { code: 'total', name: '合计' }],
      [ROUTES.district, 'districts', { code: 'total', name: '合计区' }],
    ])('refuses %s with the id of the total row with 422 reserved_id', async (routeKey, kind, body) => {
      // Act
      const result = await call(
        request(SUPERVISOR, routeKey, {
          path: `/v1/admin/directory/${kind}/total`,
          pathParameters: routeKey === ROUTES.department ? { id: 'total' } : { code: 'total' },
          body,
        }),
      );

      // Assess
      expect(result.status).toBe(422);
      expect(result.body.error.code).toBe('reserved_id');
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
    });
  });

  describe('PUT /v1/admin/calendar/{year}', () => {
    const y2027 = {
      year: 2027,
      holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
      makeUpWorkdays: [],
      source: '国务院办公厅关于2027年部分节假日安排的通知',
    };

    it("adds next year's holiday schedule without a deploy", async () => {
      // Act
      const { status } = await call(
        request(SUPERVISOR, ROUTES.calendar, {
          path: '/v1/admin/calendar/2027',
          pathParameters: { year: '2027' },
          body: y2027,
        }),
      );

      // Assess
      expect(status).toBe(201);
      expect(ddb).toHaveReceivedCommandWith(PutCommand, { Item: { pk: 'CALENDAR', sk: '2027', ...y2027 } });
    });

    it.each([
      [
        'a holiday in another year',
        { holidays: [{ name: '元旦', from: '2028-01-01', to: '2028-01-01' }] },
        422,
        'validation_failed',
      ],
      ['a make-up day on a weekday', { makeUpWorkdays: ['2027-01-05'] }, 422, 'validation_failed'],
      [
        'a date that does not exist',
        { holidays: [{ name: '春节', from: '2027-02-30', to: '2027-03-01' }] },
        422,
        'validation_failed',
      ],
      ['another year than the URL', { year: 2028, holidays: [] }, 422, 'id_mismatch'],
    ])('refuses %s and writes nothing', async (_what, change, status, code) => {
      // Act
      const result = await call(
        request(SUPERVISOR, ROUTES.calendar, {
          path: '/v1/admin/calendar/2027',
          pathParameters: { year: '2027' },
          body: { ...y2027, ...change },
        }),
      );

      // Assess
      expect(result.status).toBe(status);
      expect(result.body.error.code).toBe(code);
      expect(ddb).not.toHaveReceivedCommand(PutCommand);
    });
  });

  describe('GET /v1/admin/calendar/{year}', () => {
    const seeded = SEED_CALENDAR_YEARS[0] as (typeof SEED_CALENDAR_YEARS)[number];

    beforeEach(() => {
      // The year is read by its full key (pk and sk), as DynamoDB answers such a Query.
      ddb.on(QueryCommand).callsFake((input) => {
        const values = input.ExpressionAttributeValues ?? {};
        return {
          Items: items.filter(
            (item) => item.pk === values[':pk'] && (values[':sk'] === undefined || item.sk === values[':sk']),
          ),
        };
      });
    });

    const getYear = (claims: Claims | undefined, year: string) =>
      call(
        request(claims, ROUTES.getCalendar, { path: `/v1/admin/calendar/${year}`, pathParameters: { year } }),
      );

    it.each([
      ['an administrator', { sub: 'm-1', role: 'admin' }],
      ['a supervisor', SUPERVISOR],
    ])('gives %s the stored year as the PUT takes it', async (_who, claims) => {
      // Act
      const { status, body } = await getYear(claims, String(seeded.year));

      // Assess
      expect(status).toBe(200);
      expect(body).toEqual(JSON.parse(JSON.stringify(seeded)));
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': 'CALENDAR', ':sk': String(seeded.year) },
      });
    });

    it('answers 404 calendar_not_found for a year with no record', async () => {
      // Act
      const { status, body } = await getYear(SUPERVISOR, '2099');

      // Assess
      expect(status).toBe(404);
      expect(body.error.code).toBe('calendar_not_found');
    });

    it('answers 400 invalid_year for a year that is not four digits, without reading', async () => {
      // Act
      const { status, body } = await getYear(SUPERVISOR, '27');

      // Assess
      expect(status).toBe(400);
      expect(body.error.code).toBe('invalid_year');
      expect(ddb).not.toHaveReceivedCommand(QueryCommand);
    });

    it.each([
      ['dispatcher', DISPATCHER],
      ['department', DEPARTMENT],
      ['analyst', ANALYST],
      ['agent', AGENT],
    ])('refuses the %s role with 403 forbidden', async (_role, claims) => {
      // Act
      const { status, body } = await getYear(claims, String(seeded.year));

      // Assess
      expect(status).toBe(403);
      expect(body.error.code).toBe('forbidden');
    });
  });
});
