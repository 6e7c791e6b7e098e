import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { supervise as Supervise } from '../../functions/supervise-deadlines/handler.js';
import { loadDevJwt } from '../../local/jwt.js';
import { localHotlineSecret, postHotline } from '../../scripts/hotline-client.js';
import { DynamoCallbackStore } from '../../shared/adapters/callback-store.js';
import { caseIdOfCall } from '../../shared/domain/call-record.js';
import {
  type CallbackTask,
  callbackCallerRef,
  callbackKeyOfTaskId,
  callbackTaskId,
} from '../../shared/domain/callbacks/index.js';
import { hashPhone } from '../../shared/domain/identity.js';
import {
  casesByTrackingNo,
  ddb,
  eventually,
  idle,
  routedPair,
  type StaffJson,
  stack,
  staffCall,
  supervisionJob,
  uniquePhone,
} from './helpers.js';

// 漏接回拨 through the local stack: abandoned calls posted by the CTI (signed) become callback tasks;
// agents list them oldest first, take one (the number to the taker alone), record attempts; a reached
// caller's appeal becomes a case linked to the first missed call; the supervision warns, marks
// overdue and, after closing and the retention, erases the number. The stack's gap between attempts
// is 0 (global-setup.ts), so three attempts fit in a test. Other files share the stack, so tasks are
// found by id and times are set on the data, never on the clock.

const secret = localHotlineSecret(stack.dataDir);
const { CONTACT_HASH_KEY } = JSON.parse(readFileSync(join(stack.dataDir, 'dev-secrets.json'), 'utf8')) as {
  CONTACT_HASH_KEY: string;
};
const MINUTE = 60_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
const store = new DynamoCallbackStore(ddb, stack.resources.casesTable);

/** A caller lost in the queue `minutesAgo`, as the CTI posts the record. */
async function abandoned(caller: string, minutesAgo: number, line = '12345'): Promise<string> {
  const callId = `it-cb-${randomUUID()}`;
  const posted = await postHotline(
    stack.url,
    JSON.stringify({
      callId,
      caller,
      line,
      queuedAt: iso(minutesAgo * MINUTE + 90_000),
      endedAt: iso(minutesAgo * MINUTE),
      disposition: 'abandoned',
      recordedAt: iso(minutesAgo * MINUTE - 1000),
    }),
    secret,
  );
  expect(posted.status).toBe(202);
  return callId;
}

/** The caller's first round, once the dispatcher has it with `calls` missed calls. */
function taskIdOf(caller: string): string {
  return callbackTaskId(callbackCallerRef(hashPhone(caller, CONTACT_HASH_KEY)), 1);
}

async function stored(taskId: string, calls = 1): Promise<CallbackTask> {
  return eventually(
    async () => {
      const task = await store.get(taskId);
      return task && task.calls.length >= calls ? task : undefined;
    },
    { timeoutMs: 30_000, what: `callback task ${taskId} with ${calls} call(s)` },
  );
}

/** The task's raw item, index keys and all. */
async function rawItem(taskId: string) {
  const key = callbackKeyOfTaskId(taskId);
  if (!key) throw new Error(`not a task id: ${taskId}`);
  return (await ddb.send(new GetCommand({ TableName: stack.resources.casesTable, Key: key }))).Item;
}

type Item = {
  taskId: string;
  status: string;
  missedCount: number;
  heldBy: string | null;
  callerMasked: string;
  line: string;
  lineName: string;
};

/** Every page of the list (the shared stack may hold more than one page of tasks). */
async function listAll(token: string, scope = 'offered'): Promise<{ items: Item[]; bodies: string[] }> {
  const items: Item[] = [];
  const bodies: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `/v1/callbacks?limit=100&scope=${scope}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const { status, json } = await staffCall(token, 'GET', query);
    expect(status).toBe(200);
    items.push(...(json.items as Item[]));
    bodies.push(JSON.stringify(json));
    cursor = json.nextCursor as string | null;
  } while (cursor);
  return { items, bodies };
}

const codeOf = (r: { status: number; json: StaffJson }) => [r.status, r.json.error?.code];

describe('missed-call callbacks (漏接回拨) through the local stack', () => {
  const run = randomUUID().slice(0, 8);
  let agent: string;
  let otherAgent: string;
  let supervisor: string;
  let department: string;
  let supervise: typeof Supervise;
  const agentActor = `agent:it-cb-agent-${run}`;

  beforeAll(async () => {
    const jwt = await loadDevJwt(stack.dataDir);
    agent = await jwt.issue({ sub: `it-cb-agent-${run}`, role: 'agent', agentId: `cb-a-${run}` });
    otherAgent = await jwt.issue({ sub: `it-cb-other-${run}`, role: 'agent', agentId: `cb-b-${run}` });
    supervisor = await jwt.issue({ sub: `it-cb-super-${run}`, role: 'supervisor' });
    department = await jwt.issue({
      sub: `it-cb-dept-${run}`,
      role: 'department',
      departmentId: 'water-group',
    });
    supervise = await supervisionJob();
  });

  it('offers the tasks oldest deadline first, numbers masked, all of them to supervisors only', async () => {
    // Prepare: three callers lost 30, 20 and 10 minutes ago; the first rang again 5 minutes ago.
    const phones = [uniquePhone(), uniquePhone(), uniquePhone()];
    await abandoned(phones[0] as string, 30);
    await abandoned(phones[1] as string, 20);
    await abandoned(phones[2] as string, 10);
    await abandoned(phones[0] as string, 5);
    const ids = phones.map(taskIdOf);
    await stored(ids[0] as string, 2);
    await Promise.all(ids.slice(1).map((id) => stored(id)));

    // Act
    const offered = await listAll(agent);
    const all = await listAll(supervisor, 'all');
    const agentAll = await staffCall(agent, 'GET', '/v1/callbacks?scope=all');
    const departmentList = await staffCall(department, 'GET', '/v1/callbacks');

    // Assess
    const mine = offered.items.filter((i) => ids.includes(i.taskId));
    expect(mine.map((i) => i.taskId)).toEqual(ids);
    expect(mine.map((i) => i.missedCount)).toEqual([2, 1, 1]);
    // The line as the directory names it (the seed's 12345).
    expect(mine[0]).toMatchObject({ line: '12345', lineName: '12345政务服务便民热线' });
    expect(mine.every((i) => /^\d{3}\*{4}\d{4}$/.test(i.callerMasked))).toBe(true);
    for (const phone of phones) expect(offered.bodies.join()).not.toContain(phone);
    expect(all.items.map((i) => i.taskId)).toEqual(expect.arrayContaining(ids));
    expect(codeOf(agentAll)).toEqual([403, 'forbidden']);
    expect(codeOf(departmentList)).toEqual([403, 'forbidden']);
    // The number is kept sealed: ciphertext on the item, never the digits.
    const raw = await rawItem(ids[0] as string);
    expect((raw?.number as { ciphertext: string } | undefined)?.ciphertext.length).toBeGreaterThan(40);
    expect(JSON.stringify(raw)).not.toContain(phones[0]);
  });

  it('shows the number to the taker only; another agent is not offered the task and is refused it', async () => {
    // Prepare
    const phone = uniquePhone();
    await abandoned(phone, 3);
    const taskId = taskIdOf(phone);
    await stored(taskId);

    // Act
    const take = await fetch(`${stack.url}/v1/callbacks/${taskId}/take`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent}` },
    });
    const taken = (await take.json()) as StaffJson;
    const othersList = await listAll(otherAgent);
    const takersList = await listAll(agent);
    const otherTake = await staffCall(otherAgent, 'POST', `/v1/callbacks/${taskId}/take`);
    const otherAttempt = await staffCall(otherAgent, 'POST', `/v1/callbacks/${taskId}/attempts`, {
      outcome: 'reached',
    });
    const again = await staffCall(agent, 'POST', `/v1/callbacks/${taskId}/take`);

    // Assess
    expect(take.status).toBe(200);
    expect(take.headers.get('cache-control')).toBe('no-store');
    expect(taken).toMatchObject({ taskId, callerNumber: phone, heldBy: agentActor });
    expect(othersList.items.map((i) => i.taskId)).not.toContain(taskId);
    expect(takersList.items.find((i) => i.taskId === taskId)?.heldBy).toBe(agentActor);
    expect(codeOf(otherTake)).toEqual([409, 'held_by_other']);
    expect(JSON.stringify(otherTake.json)).not.toContain(phone);
    expect(codeOf(otherAttempt)).toEqual([409, 'not_held']);
    expect(again).toMatchObject({ status: 200, json: { callerNumber: phone } });
    const task = await store.get(taskId);
    expect(task?.history.filter((h) => h.action === 'taken')).toEqual([
      expect.objectContaining({ actor: agentActor }),
    ]);
    expect(task?.attempts).toEqual([]);
  });

  it('closes the task as failed (未回拨成功) after three failed attempts, and it leaves the list', async () => {
    // Prepare
    const phone = uniquePhone();
    await abandoned(phone, 4);
    const taskId = taskIdOf(phone);
    await stored(taskId);
    const attempt = async (outcome: string, note: string) => {
      expect((await staffCall(agent, 'POST', `/v1/callbacks/${taskId}/take`)).status).toBe(200);
      return staffCall(agent, 'POST', `/v1/callbacks/${taskId}/attempts`, { outcome, note });
    };
    // Odd characters a note may carry, kept exactly: emoji, markup, quotes, a right-to-left mark.
    const oddNote = '无人接听😀 <b>"再拨"</b> & \u200f\'';

    // Act
    const first = await attempt('no_answer', oddNote);
    const second = await attempt('refused', '对方挂断');
    const third = await attempt('no_answer', '仍无人接听');
    const list = await listAll(agent);
    const takeAfter = await staffCall(agent, 'POST', `/v1/callbacks/${taskId}/take`);

    // Assess
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect((first.json.attempt as { note: string }).note).toBe(oddNote);
    expect(first.json).toMatchObject({ status: 'open', attempts: 1 });
    expect(third.json).toMatchObject({ status: 'failed', attempts: 3, maxAttempts: 3 });
    expect(list.items.map((i) => i.taskId)).not.toContain(taskId);
    expect(codeOf(takeAfter)).toEqual([409, 'not_open']);
    const task = await store.get(taskId);
    expect(task?.attempts.map((a) => a.outcome)).toEqual(['no_answer', 'refused', 'no_answer']);
    expect(task?.attempts[0]?.note).toBe(oddNote);
    expect(task?.eraseAfter).toBeDefined();
  });

  it("makes one case from a reached caller's appeal, linked to the first missed call; a resend makes no second", async () => {
    // Prepare: the caller rang twice; the case is the first call's.
    const phone = uniquePhone();
    const firstCall = await abandoned(phone, 12);
    await abandoned(phone, 2);
    const taskId = taskIdOf(phone);
    await stored(taskId, 2);
    const { category, district } = routedPair();
    const appeal = { type: 'help', category, district, content: '回拨时市民反映：小区路灯不亮已一周。' };
    expect((await staffCall(agent, 'POST', `/v1/callbacks/${taskId}/take`)).status).toBe(200);

    // Act
    const reached = await staffCall(agent, 'POST', `/v1/callbacks/${taskId}/attempts`, {
      outcome: 'reached',
      note: '已联系上',
      appeal,
    });
    const resend = await staffCall(agent, 'POST', `/v1/callbacks/${taskId}/attempts`, {
      outcome: 'reached',
      note: '已联系上',
      appeal,
    });
    const another = await staffCall(agent, 'POST', `/v1/callbacks/${taskId}/attempts`, {
      outcome: 'reached',
      note: '已联系上',
      appeal: { ...appeal, content: '另一件事：噪音扰民' },
    });

    // Assess
    expect(reached.status).toBe(200);
    const made = reached.json.case as { caseId: string; trackingNo: string };
    expect(made.caseId).toBe(caseIdOfCall(firstCall));
    expect(reached.json).toMatchObject({ status: 'reached', attempt: { outcome: 'reached', ...made } });
    expect(resend).toMatchObject({ status: 200, json: { case: made } });
    expect(codeOf(another)).toEqual([409, 'appeal_exists']);
    const kase = await eventually(
      async () => {
        const read = await staffCall(supervisor, 'GET', `/v1/cases/by-id/${made.caseId}`);
        return read.status === 200 ? read.json : undefined;
      },
      { timeoutMs: 30_000, what: `the case ${made.caseId}` },
    );
    expect(kase).toMatchObject({ caseId: made.caseId, trackingNo: made.trackingNo, channel: 'hotline' });
    // The caller's own number is the contact, verified by the network; the clock starts when reached.
    const caseItem = (
      await ddb.send(
        new GetCommand({
          TableName: stack.resources.casesTable,
          Key: { pk: `CASE#${made.caseId}`, sk: 'CASE' },
        }),
      )
    ).Item;
    expect(caseItem?.contact).toMatchObject({
      phoneHash: hashPhone(phone, CONTACT_HASH_KEY),
      verifiedBy: 'network_caller',
    });
    expect(caseItem?.receivedAt).toBe((reached.json.attempt as { at: string }).at);
    expect(caseItem?.sourceId).toBe(firstCall);
    await idle();
    expect(await casesByTrackingNo(made.trackingNo)).toHaveLength(1);
    // The callback's own case did not close the task as 来电已接通: it stays reached, by the agent.
    const task = await store.get(taskId);
    expect(task).toMatchObject({ status: 'reached' });
    expect(task?.attempts).toHaveLength(1);
  });

  it('records the warning and the overdue mark when the supervision runs at the chosen times', async () => {
    // Prepare: one caller lost 50 minutes ago (past 80 % of 60), one 70 minutes ago (past due).
    const warnPhone = uniquePhone();
    const latePhone = uniquePhone();
    await abandoned(warnPhone, 50);
    await abandoned(latePhone, 70);
    const warnId = taskIdOf(warnPhone);
    const lateId = taskIdOf(latePhone);
    await Promise.all([stored(warnId), stored(lateId)]);

    // Act
    const now = new Date();
    await supervise(now);
    await supervise(now);

    // Assess (the stack's own schedule may have run first: the state is asserted, not one run's counts)
    const warned = await store.get(warnId);
    const late = await store.get(lateId);
    expect(warned?.warnedAt).toBeDefined();
    expect(warned?.overdueAt).toBeUndefined();
    expect(warned?.history.filter((h) => h.action === 'warned')).toHaveLength(1);
    expect(late?.overdueAt).toBeDefined();
    expect(late?.history.filter((h) => h.action === 'overdue')).toHaveLength(1);
    const listed = await listAll(supervisor, 'all');
    expect(listed.items.find((i) => i.taskId === warnId)).toMatchObject({ warned: true, overdue: false });
    expect(listed.items.find((i) => i.taskId === lateId)).toMatchObject({ overdue: true });
  });

  it('erases the number once a closed task has passed its retention; the task is then refused', async () => {
    // Prepare: closed by a wrong number, then aged past its retention (the data, not the clock).
    const phone = uniquePhone();
    await abandoned(phone, 6);
    const taskId = taskIdOf(phone);
    await stored(taskId);
    expect((await staffCall(agent, 'POST', `/v1/callbacks/${taskId}/take`)).status).toBe(200);
    const closed = await staffCall(agent, 'POST', `/v1/callbacks/${taskId}/attempts`, {
      outcome: 'wrong_number',
    });
    expect(closed.json).toMatchObject({ status: 'failed' });
    const current = (await store.get(taskId)) as CallbackTask;
    const aged = { ...current, closedAt: iso(31 * 1440 * MINUTE), eraseAfter: iso(MINUTE) };
    expect(await store.update(aged, current.version)).toBe('updated');

    // Act
    await supervise(new Date());
    const take = await staffCall(agent, 'POST', `/v1/callbacks/${taskId}/take`);

    // Assess
    const raw = await rawItem(taskId);
    expect(raw).not.toHaveProperty('number');
    expect(raw).not.toHaveProperty('deptQueue');
    expect(raw?.erasedAt).toBeDefined();
    expect((raw?.history as { action: string }[] | undefined)?.at(-1)?.action).toBe('erased');
    expect(JSON.stringify(raw)).not.toContain(phone);
    expect(take.status).toBe(409);
    expect(JSON.stringify(take.json)).not.toContain(phone);
  });

  it('refuses guessed and malformed task ids, an oversized note and broken characters, changing nothing', async () => {
    // Prepare
    const phone = uniquePhone();
    await abandoned(phone, 7);
    const taskId = taskIdOf(phone);
    const before = await stored(taskId);
    expect((await staffCall(agent, 'POST', `/v1/callbacks/${taskId}/take`)).status).toBe(200);
    const held = (await store.get(taskId)) as CallbackTask;
    const post = (id: string, body: unknown = { outcome: 'no_answer' }) =>
      staffCall(agent, 'POST', `/v1/callbacks/${id}/attempts`, body);

    // Act
    const guessed = await staffCall(agent, 'POST', `/v1/callbacks/${'f'.repeat(24)}-999999/take`);
    const otherRound = await staffCall(agent, 'POST', `/v1/callbacks/${taskId.replace(/-1$/, '-2')}/take`);
    const malformed = await Promise.all(
      [
        'CALLBACK%23abc',
        '..%2F..%2Fadmin',
        `${taskId}%00`,
        `${taskId.toUpperCase()}`,
        '%E5%9B%9E%E6%8B%A8-1',
        `${taskId}-1`,
      ].map((id) => staffCall(agent, 'POST', `/v1/callbacks/${id}/take`)),
    );
    const tooLong = await post(taskId, { outcome: 'no_answer', note: '备'.repeat(501) });
    const appealWithoutReach = await post(taskId, {
      outcome: 'no_answer',
      appeal: { type: 'help', category: 'x', district: 'y', content: 'z' },
    });
    const unknownOutcome = await post(taskId, { outcome: 'busy' });
    const smuggled = await post(taskId, { outcome: 'no_answer', heldBy: 'agent:someone-else' });
    const loneSurrogate = await fetch(`${stack.url}/v1/callbacks/${taskId}/attempts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' },
      body: '{"outcome":"no_answer","note":"\\udc00"}',
    });

    // Assess
    expect(codeOf(guessed)).toEqual([404, 'not_found']);
    expect(codeOf(otherRound)).toEqual([404, 'not_found']);
    for (const refused of malformed) expect(codeOf(refused)).toEqual([400, 'invalid_task_id']);
    for (const refused of [tooLong, appealWithoutReach, unknownOutcome, smuggled]) {
      expect(codeOf(refused)).toEqual([422, 'validation_failed']);
    }
    expect(loneSurrogate.status).toBe(422);
    expect(((await loneSurrogate.json()) as StaffJson).error?.code).toBe('invalid_characters');
    const after = await store.get(taskId);
    expect(after?.version).toBe(held.version);
    expect(after?.attempts).toEqual(before.attempts);
  });
});
