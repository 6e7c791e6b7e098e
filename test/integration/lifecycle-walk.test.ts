import { beforeAll, describe, expect, it } from 'vitest';
import { type DevJwt, loadDevJwt } from '../../local/jwt.js';
import { SEED_DIRECTORY } from '../../shared/seed/directory.js';
import {
  casesByTrackingNo,
  eventually,
  idempotencyKey,
  postWebform,
  routedPair,
  stack,
  webform,
} from './helpers.js';

// One case driven over HTTP through its whole life, as the people of a 12345 centre would drive
// it: a department returns a misrouted order, a dispatcher sends it elsewhere, the new department
// pauses the clock for the citizen's correction, completes, the citizen is dissatisfied, a
// supervisor reopens, the department completes again and the case is closed; a duplicate appeal is
// merged into it on the way. Every step goes through the gateway's JWT check, case-api and the
// version-conditioned write.

type Json = Record<string, unknown> & { error?: { code: string } };
interface Entry {
  action: string;
  actor: string;
}

async function call(token: string, method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

async function dispatchedCaseId(body: Record<string, unknown>): Promise<string> {
  const posted = await postWebform(body, { 'idempotency-key': idempotencyKey() });
  expect(posted.status).toBe(202);
  const [item] = await eventually(
    async () => {
      const items = await casesByTrackingNo(posted.json.trackingNo as string);
      return items.length > 0 ? items : undefined;
    },
    { what: 'the dispatched case' },
  );
  return item?.caseId as string;
}

describe('a case through its whole life over HTTP', () => {
  const { departmentId: firstDepartment } = routedPair();
  const secondDepartment = SEED_DIRECTORY.departments.find((d) => d.id !== firstDepartment)?.id as string;
  const tokens: Record<'first' | 'second' | 'dispatcher' | 'agent' | 'supervisor', string> = {
    first: '',
    second: '',
    dispatcher: '',
    agent: '',
    supervisor: '',
  };
  let caseId: string;
  let duplicateId: string;
  let actions: string;
  const versions: number[] = [];

  /** Takes an action and keeps the version it answered with, to check it only ever grows. */
  async function act(who: keyof typeof tokens, body: Record<string, unknown>) {
    const res = await call(tokens[who], 'POST', actions, body);
    if (res.status === 200) versions.push(res.json.version as number);
    return res;
  }

  beforeAll(async () => {
    const jwt: DevJwt = await loadDevJwt(stack.dataDir);
    tokens.first = await jwt.issue({ sub: 'walk-first', role: 'department', departmentId: firstDepartment });
    tokens.second = await jwt.issue({
      sub: 'walk-second',
      role: 'department',
      departmentId: secondDepartment,
    });
    tokens.dispatcher = await jwt.issue({ sub: 'walk-dispatcher', role: 'dispatcher' });
    tokens.agent = await jwt.issue({ sub: 'walk-agent', role: 'agent' });
    tokens.supervisor = await jwt.issue({ sub: 'walk-supervisor', role: 'supervisor' });
    caseId = await dispatchedCaseId(webform());
    duplicateId = await dispatchedCaseId(webform({ content: '同一处餐馆夜间施工噪音，再次反映' }));
    actions = `/v1/cases/by-id/${caseId}/actions`;
  });

  it('returns the misrouted order with a reason code, and refuses a return without one', async () => {
    // Act
    const noReason = await act('first', { action: 'return', reason: 'because' });
    const returned = await act('first', { action: 'return', reason: 'wrong_district', note: '属相邻区' });
    const stillVisible = await call(tokens.first, 'GET', `/v1/cases/by-id/${caseId}`);

    // Assess
    expect(noReason).toMatchObject({ status: 422, json: { error: { code: 'invalid_reason' } } });
    expect(returned).toMatchObject({ status: 200, json: { status: 'returned' } });
    expect(returned.json.departmentId).toBeUndefined();
    expect(stillVisible.status).toBe(404);
  });

  it('waits in the dispatchers queue (待派单) until a dispatcher sends it on', async () => {
    // Act
    const queued = await call(tokens.dispatcher, 'GET', '/v1/dispatch/cases?limit=100');
    const byDepartment = await call(tokens.first, 'GET', '/v1/dispatch/cases');

    // Assess
    expect(queued.status).toBe(200);
    const item = (queued.json.items as { caseId: string; returned?: { note?: string } }[]).find(
      (i) => i.caseId === caseId,
    );
    expect(item?.returned?.note).toContain('wrong_district');
    expect(byDepartment).toMatchObject({ status: 403, json: { error: { code: 'forbidden' } } });
  });

  it('is redispatched by a dispatcher, and only the new department may acknowledge it', async () => {
    // Act
    const byDepartment = await act('first', { action: 'redispatch', departmentId: secondDepartment });
    const redispatched = await act('dispatcher', { action: 'redispatch', departmentId: secondDepartment });
    const byOldDepartment = await act('first', { action: 'acknowledge' });
    const acknowledged = await act('second', { action: 'acknowledge', note: '已签收' });

    // Assess
    expect(byDepartment.status).toBe(404);
    expect(redispatched).toMatchObject({
      status: 200,
      json: { status: 'dispatched', departmentId: secondDepartment },
    });
    expect(byOldDepartment.status).toBe(404);
    expect(acknowledged).toMatchObject({ status: 200, json: { status: 'acknowledged' } });
    const queue = await call(tokens.dispatcher, 'GET', '/v1/dispatch/cases?limit=100');
    expect((queue.json.items as { caseId: string }[]).map((i) => i.caseId)).not.toContain(caseId);
  });

  it('merges a duplicate appeal into the case; the master records it', async () => {
    // Act
    const merged = await call(tokens.dispatcher, 'POST', `/v1/cases/by-id/${duplicateId}/actions`, {
      action: 'merge',
      masterCaseId: caseId,
      note: '同一诉求',
    });
    const master = await call(tokens.supervisor, 'GET', `/v1/cases/by-id/${caseId}`);
    const again = await call(tokens.dispatcher, 'POST', `/v1/cases/by-id/${duplicateId}/actions`, {
      action: 'dispatch',
      departmentId: firstDepartment,
    });

    // Assess
    expect(merged).toMatchObject({ status: 200, json: { status: 'merged', mergedInto: caseId } });
    const links = (master.json.history as (Entry & { note?: string })[]).filter(
      (h) => h.action === 'link_duplicate',
    );
    expect(links.map((h) => h.note)).toEqual([expect.stringContaining(duplicateId)]);
    expect(again).toMatchObject({ status: 409, json: { error: { code: 'illegal_transition' } } });
    versions.push(master.json.version as number);
  });

  it('pauses the clock for the citizen, refuses completion while paused, and moves the deadline on resume', async () => {
    // Prepare
    const before = await call(tokens.second, 'GET', `/v1/cases/by-id/${caseId}`);

    // Act
    const paused = await act('second', {
      action: 'pause',
      reason: 'awaiting_correction',
      note: '请市民补充地址',
    });
    const whilePaused = await act('second', { action: 'complete', reply: '已处理' });
    const resumed = await act('second', { action: 'resume' });

    // Assess
    expect(paused).toMatchObject({ status: 200, json: { pausedSince: { reason: 'awaiting_correction' } } });
    expect(whilePaused).toMatchObject({ status: 409, json: { error: { code: 'paused' } } });
    expect(resumed.status).toBe(200);
    expect(resumed.json.pausedSince).toBeUndefined();
    expect(resumed.json.pauses).toHaveLength(1);
    expect(new Date(resumed.json.dueAt as string).getTime()).toBeGreaterThanOrEqual(
      new Date(before.json.dueAt as string).getTime(),
    );
  });

  it('rejects an extension request, then completes on time', async () => {
    // Prepare
    const current = await call(tokens.second, 'GET', `/v1/cases/by-id/${caseId}`);
    const requestedDueAt = new Date(
      new Date(current.json.dueAt as string).getTime() + 86_400_000,
    ).toISOString();

    // Act
    const requested = await act('second', {
      action: 'request_extension',
      reason: '需第三方检测',
      requestedDueAt,
    });
    const byDepartment = await act('second', { action: 'approve_extension' });
    const reviewQueue = () =>
      call(tokens.supervisor, 'GET', '/v1/supervision/cases?queue=extension&limit=100').then((r) =>
        (r.json.items as { caseId: string }[]).map((i) => i.caseId),
      );
    const awaitingDecision = await reviewQueue();
    const rejected = await act('supervisor', { action: 'reject_extension', note: '期限内可办结' });
    const decided = await reviewQueue();
    const completed = await act('second', {
      action: 'complete',
      reply: '已责令施工方夜间停工',
      internalNote: '现场核实',
    });

    // Assess
    expect(requested.status).toBe(200);
    expect(byDepartment.status).toBe(403);
    expect(awaitingDecision).toContain(caseId);
    expect(rejected.status).toBe(200);
    expect(decided).not.toContain(caseId);
    expect(rejected.json.dueAt).toBe(current.json.dueAt);
    expect(completed).toMatchObject({ status: 200, json: { status: 'completed', slaOutcome: 'on_time' } });
  });

  it('takes the citizen’s dissatisfied rating once; a supervisor reopens and the department completes again', async () => {
    // Act
    const rated = await act('agent', { action: 'rate', rating: 'dissatisfied', comment: '夜间仍有噪音' });
    const ratedAgain = await act('agent', { action: 'rate', rating: 'satisfied' });
    const reopenByDepartment = await act('second', { action: 'reopen' });
    const reopened = await act('supervisor', { action: 'reopen', note: '重办：夜间复查' });
    const acknowledged = await act('second', { action: 'acknowledge' });
    const completed = await act('second', { action: 'complete', reply: '夜间复查无施工，已约谈' });

    // Assess
    expect(rated).toMatchObject({
      status: 200,
      json: { status: 'dissatisfied', feedback: { rating: 'dissatisfied' } },
    });
    expect(ratedAgain.status).toBe(409);
    expect(reopenByDepartment.status).toBe(403);
    expect(reopened).toMatchObject({ status: 200, json: { status: 'reopened' } });
    expect(acknowledged.status).toBe(200);
    // The SLA outcome was decided at the first completion and stays.
    expect(completed).toMatchObject({ status: 200, json: { status: 'completed', slaOutcome: 'on_time' } });
  });

  it('is closed by a supervisor with a reason, after which nothing changes it', async () => {
    // Act
    const withoutReason = await act('supervisor', { action: 'close' });
    const closed = await act('supervisor', { action: 'close', note: '复查属实，归档' });
    const after = await act('supervisor', { action: 'reopen' });
    const final = await call(tokens.supervisor, 'GET', `/v1/cases/by-id/${caseId}`);

    // Assess
    expect(withoutReason).toMatchObject({ status: 422, json: { error: { code: 'invalid_reason' } } });
    expect(closed).toMatchObject({ status: 200, json: { status: 'closed', closeReason: 'supervisor' } });
    expect(after).toMatchObject({ status: 409, json: { error: { code: 'illegal_transition' } } });
    const history = (final.json.history as Entry[]).map((h) => h.action);
    expect(history).toEqual([
      'receive',
      'dispatch',
      'return',
      'redispatch',
      'acknowledge',
      'link_duplicate',
      'pause',
      'resume',
      'request_extension',
      'reject_extension',
      'complete',
      'rate',
      'reopen',
      'acknowledge',
      'complete',
      'close',
    ]);
    // Every write bumped the version by one; refusals wrote nothing.
    expect(final.json.version).toBe(history.length - 1); // created at version 1 with receive + dispatch
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });
});
