import { beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { SEED_DIRECTORY } from '../../shared/seed/directory.js';
import { casesByTrackingNo, eventually, idempotencyKey, postWebform, stack, webform } from './helpers.js';

// The dispatch catalogue's admin API through the local gateway (PUT and DELETE routes, the JWT
// check), and a rule added through it routing the next appeal once the directory cache expires.

type Json = Record<string, unknown> & { error?: { code: string; message?: string } };

/** The local stack's directory cache lifetime (DIRECTORY_CACHE_SECONDS in global-setup), plus a margin. */
const CACHE_MS = 1_000 + 300;

async function admin(token: string | undefined, method: string, path: string, body?: unknown) {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as Json };
}

describe('the directory admin API through the local stack', () => {
  const district = SEED_DIRECTORY.districts[0]?.code as string;
  const departmentId = SEED_DIRECTORY.departments[0]?.id as string;
  const ruleId = `it-other-${Date.now().toString(36)}`;
  let supervisor: string;
  let dispatcher: string;
  let department: string;

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    supervisor = await jwt.issue({ sub: 'it-super', role: 'supervisor' });
    dispatcher = await jwt.issue({ sub: 'it-disp', role: 'dispatcher' });
    department = await jwt.issue({ sub: 'it-dept', role: 'department', departmentId });
  });

  it('lists the seeded catalogue and calendar years to a supervisor', async () => {
    // Act
    const { status, json } = await admin(supervisor, 'GET', '/v1/admin/directory');

    // Assess
    expect(status).toBe(200);
    expect(json.calendarYears).toEqual(expect.arrayContaining([2025, 2026]));
    expect((json.rules as unknown[]).length).toBe(SEED_DIRECTORY.rules.length);
    expect(json.categories).toContainEqual(
      expect.objectContaining({ code: 'water-supply', keywords: expect.any(Array) }),
    );
  });

  it.each([
    ['GET', '/v1/admin/directory', undefined],
    ['PUT', '/v1/admin/directory/rules/x-rule', { ruleId: 'x-rule' }],
    ['DELETE', '/v1/admin/directory/rules/x-rule', undefined],
  ])(
    'refuses %s %s to a dispatcher and a department (403) and without a token (401)',
    async (method, path, body) => {
      // Act
      const results = await Promise.all([
        admin(dispatcher, method, path, body),
        admin(department, method, path, body),
        admin(undefined, method, path, body),
      ]);

      // Assess
      expect(results.map((r) => r.status)).toEqual([403, 403, 401]);
      expect(results.map((r) => r.json.error?.code)).toEqual(['forbidden', 'forbidden', 'unauthorized']);
    },
  );

  it('refuses a rule naming an unknown department with 422, and stores nothing', async () => {
    // Act
    const refused = await admin(supervisor, 'PUT', `/v1/admin/directory/rules/${ruleId}`, {
      ruleId,
      category: 'other',
      district,
      departmentId: 'no-such-department',
    });
    const listed = await admin(supervisor, 'GET', '/v1/admin/directory');

    // Assess
    expect(refused.status).toBe(422);
    expect(refused.json.error?.code).toBe('unknown_department');
    expect(listed.json.rules).not.toContainEqual(expect.objectContaining({ ruleId }));
  });

  it('refuses bad hotline lines with 4xx and a Chinese message, and changes nothing', async () => {
    // Prepare
    const before = await admin(supervisor, 'GET', '/v1/admin/directory');
    const code = `it${Date.now().toString(36)}`;
    const put = (path: string, body: unknown, token = supervisor) =>
      admin(token, 'PUT', `/v1/admin/directory/lines/${path}`, body);

    // Act
    const refused = await Promise.all([
      put('12315', { code: '12315', name: 'Consumer hotline' }),
      put('12315', { code: '12315', name: '消费者投诉举报热线', answerRateTarget: 1.5 }),
      put('12315', { code: '12315', name: '消费者投诉举报热线', answerRateTarget: 0 }),
      put('12315', { code: '12315', name: '热'.repeat(65) }),
      put('12315', { code: '12315', name: '消费者投诉举报热线', formerDepartmentId: 'no-such-department' }),
      put('12315', { code: '12319', name: '城建热线' }),
      put('total', { code: 'total', name: '合计热线' }),
      put(code, { code, name: '测试热线' }, dispatcher),
      admin(supervisor, 'DELETE', `/v1/admin/directory/lines/${code}`),
    ]);
    const after = await admin(supervisor, 'GET', '/v1/admin/directory');

    // Assess
    expect(refused.map((r) => [r.status, r.json.error?.code])).toEqual([
      [422, 'validation_failed'],
      [422, 'validation_failed'],
      [422, 'validation_failed'],
      [422, 'validation_failed'],
      [422, 'unknown_department'],
      [422, 'id_mismatch'],
      [422, 'reserved_id'],
      [403, 'forbidden'],
      [404, 'line_not_found'],
    ]);
    for (const r of refused) expect(r.json.error?.message).toMatch(/[\u4e00-\u9fff]/);
    expect(after.json.lines).toEqual(before.json.lines);
    expect(after.json.lines).toContainEqual({
      code: '12315',
      name: '消费者投诉举报热线',
      formerDepartmentId: 'market-regulation',
      answerRateTarget: 0.98,
    });
  });

  it('adds a hotline line that the staff directory then lists, and deletes it', async () => {
    // Prepare
    const code = `it${Date.now().toString(36)}`;
    const agent = await (await loadDevJwt(stack.dataDir)).issue({ sub: 'it-agent', role: 'agent' });

    // Act
    const created = await admin(supervisor, 'PUT', `/v1/admin/directory/lines/${code}`, {
      code,
      name: '价格举报热线',
      formerDepartmentId: departmentId,
    });
    await new Promise((r) => setTimeout(r, CACHE_MS));
    const listed = await admin(agent, 'GET', '/v1/staff/directory');
    const deleted = await admin(supervisor, 'DELETE', `/v1/admin/directory/lines/${code}`);
    const after = await admin(supervisor, 'GET', '/v1/admin/directory');

    // Assess
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      code,
      name: '价格举报热线',
      formerDepartmentId: departmentId,
      answerRateTarget: 0.98,
    });
    expect(listed.json.lines).toContainEqual({ code, name: '价格举报热线' });
    expect(listed.json.lines).toContainEqual({ code: '12345', name: '12345政务服务便民热线' });
    expect(deleted.status).toBe(204);
    expect(after.json.lines).not.toContainEqual(expect.objectContaining({ code }));
  });

  it('answers 404 rule_not_found when deleting a rule that does not exist', async () => {
    // Act
    const { status, json } = await admin(supervisor, 'DELETE', '/v1/admin/directory/rules/it-no-such-rule');

    // Assess
    expect(status).toBe(404);
    expect(json.error?.code).toBe('rule_not_found');
  });

  it('routes the next appeal by a rule added through the API (after the cache), then deletes it', async () => {
    // Prepare: "other" has no rule in the seed, so such appeals wait for a dispatcher
    const put = await admin(supervisor, 'PUT', `/v1/admin/directory/rules/${ruleId}`, {
      ruleId,
      category: 'other',
      district,
      departmentId,
      priority: 1,
    });
    expect(put.status).toBe(201);
    await new Promise((r) => setTimeout(r, CACHE_MS));

    try {
      // Act
      const posted = await postWebform(webform({ category: 'other', district }), {
        'idempotency-key': idempotencyKey(),
      });

      // Assess
      const [item] = await eventually(
        async () => {
          const items = await casesByTrackingNo(posted.json.trackingNo as string);
          return items.length > 0 ? items : undefined;
        },
        { what: 'the case routed by the new rule' },
      );
      expect(item).toMatchObject({ status: 'dispatched', departmentId });
    } finally {
      const deleted = await admin(supervisor, 'DELETE', `/v1/admin/directory/rules/${ruleId}`);
      expect(deleted.status).toBe(204);
      // Later files see "other" unrouted again.
      await new Promise((r) => setTimeout(r, CACHE_MS));
    }
  });

  it("adds a year's holiday calendar, refusing a malformed one", async () => {
    // Prepare
    const year = {
      year: 2099,
      holidays: [{ name: '国庆节', from: '2099-10-01', to: '2099-10-07' }],
      makeUpWorkdays: [],
      source: 'integration test',
    };

    // Act
    const bad = await admin(supervisor, 'PUT', '/v1/admin/calendar/2099', {
      ...year,
      makeUpWorkdays: ['2099-10-05'],
    });
    const good = await admin(supervisor, 'PUT', '/v1/admin/calendar/2099', year);
    const listed = await admin(supervisor, 'GET', '/v1/admin/directory');

    // Assess
    expect(bad.status).toBe(422);
    expect(bad.json.error?.code).toBe('validation_failed');
    expect([201, 200]).toContain(good.status);
    expect(listed.json.calendarYears).toContain(2099);
  });
});
