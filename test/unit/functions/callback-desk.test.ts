import { describe, expect, it } from 'vitest';
import { recordAttempt } from '../../../functions/callback-desk/attempt.js';
import { listCallbacks, OFFERED_READS_MAX } from '../../../functions/callback-desk/list.js';
import { takeCallback } from '../../../functions/callback-desk/take.js';
import { type AppealMessage, AppealMessageSchema } from '../../../shared/domain/appeal.js';
import { caseIdOfCall } from '../../../shared/domain/call-record.js';
import {
  type CallbackTask,
  type MissedCall,
  recordCallbackAttempt,
  takeCallbackTask,
} from '../../../shared/domain/callbacks/index.js';
import { UnknownReferenceError } from '../../../shared/domain/errors.js';
import { deriveTrackingNo } from '../../../shared/domain/identity.js';
import { HttpError } from '../../../shared/http/errors.js';
import {
  AGENT,
  at,
  CALLER,
  CALLER_HASH,
  fakes,
  missedCall,
  OTHER,
  openTask,
  POLICY,
} from '../fixtures/callback-desk.js';

const TYPIST = 'agent:u-agent#a-017';

/** The task as `agent` took it at `minutes`. */
function taken(task: CallbackTask, agent: string, minutes: number): CallbackTask {
  const decision = takeCallbackTask(task, agent, POLICY, at(minutes));
  if (!decision.ok) throw new Error(decision.refusal.code);
  return decision.task;
}

function attempted(task: CallbackTask, outcome: 'no_answer' | 'reached', minutes: number): CallbackTask {
  const decision = recordCallbackAttempt(task, AGENT, { outcome }, POLICY, at(minutes));
  if (!decision.ok) throw new Error(decision.refusal.code);
  return decision.task;
}

/** The HTTP error a use case threw: its status and code. */
async function refusalOf(work: Promise<unknown>): Promise<[number, string]> {
  try {
    await work;
  } catch (error) {
    if (error instanceof HttpError) return [error.statusCode, error.code];
    // As json-errors.ts answers it.
    if (error instanceof UnknownReferenceError) return [422, error.code];
    throw error;
  }
  throw new Error('no refusal');
}

/** The appeal the agent types for the reached caller: the unit directory's category and district. */
function typed(overrides: Record<string, unknown> = {}) {
  return {
    type: 'help' as const,
    category: 'water-supply',
    district: 'gulou',
    content: '府前小区7栋停水，至今未恢复。',
    urgency: 'normal' as const,
    answeredDirectly: false,
    ...overrides,
  };
}

describe('Use case: listCallbacks', () => {
  it("offers open tasks oldest deadline first, masked, without another agent's held task or one in its gap", async () => {
    // Prepare
    const oldest = openTask('c-1', 0, 'caller-a-0123456789abcdef');
    const heldByOther = taken(openTask('c-2', 5, 'caller-b-0123456789abcdef'), OTHER, 10);
    const waiting = attempted(
      taken(openTask('c-3', 8, 'caller-c-0123456789abcdef'), AGENT, 9),
      'no_answer',
      11,
    );
    const newest = openTask('c-4', 12, 'caller-d-0123456789abcdef');
    const clock = { now: at(12) };
    const { deps } = fakes([newest, heldByOther, waiting, oldest], [], clock);

    // Act
    const page = await listCallbacks(deps, { worker: AGENT, scope: 'offered', limit: 10 });

    // Assess
    expect(page.items.map((i) => i.taskId)).toEqual([oldest.taskId, newest.taskId]);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toEqual({
      taskId: oldest.taskId,
      status: 'open',
      callerMasked: '138****5678',
      line: '12345',
      lineName: '12345 政务服务便民热线',
      reason: 'queue_abandoned',
      missedCount: 1,
      firstMissedAt: at(0).toISOString(),
      lastMissedAt: at(0).toISOString(),
      callbackDueAt: at(60).toISOString(),
      attempts: 0,
      maxAttempts: 3,
      lastAttempt: null,
      heldBy: null,
      heldUntil: null,
      nextAttemptAt: null,
      warned: false,
      overdue: false,
      calls: [{ callId: 'c-1', line: '12345', reason: 'queue_abandoned', missedAt: at(0).toISOString() }],
    });
    expect(JSON.stringify(page)).not.toContain(CALLER);
    expect(JSON.stringify(page)).not.toContain('sealed:');
  });

  it('lists every open task for scope=all, with who holds it and until when', async () => {
    // Prepare
    const held = taken(openTask('c-2', 5), OTHER, 10);
    const { deps } = fakes([held, openTask('c-9', 1, 'caller-z-0123456789abcdef')], [], { now: at(12) });

    // Act
    const page = await listCallbacks(deps, { worker: 'supervisor:u-super', scope: 'all', limit: 10 });

    // Assess
    expect(page.items).toHaveLength(2);
    expect(page.items[1]).toMatchObject({
      taskId: held.taskId,
      heldBy: OTHER,
      heldUntil: at(15).toISOString(),
    });
  });

  it('reads on for a page of offered tasks and hands back a cursor that skips none', async () => {
    // Prepare: the two oldest are another agent's, then three offered ones.
    const tasks = [
      taken(openTask('c-1', 0, 'caller-1-0123456789abcdef'), OTHER, 10),
      taken(openTask('c-2', 1, 'caller-2-0123456789abcdef'), OTHER, 10),
      openTask('c-3', 2, 'caller-3-0123456789abcdef'),
      openTask('c-4', 3, 'caller-4-0123456789abcdef'),
      openTask('c-5', 4, 'caller-5-0123456789abcdef'),
    ];
    const { deps } = fakes(tasks, [], { now: at(12) });

    // Act
    const first = await listCallbacks(deps, { worker: AGENT, scope: 'offered', limit: 2 });
    const second = await listCallbacks(deps, {
      worker: AGENT,
      scope: 'offered',
      limit: 2,
      cursor: first.nextCursor ?? '',
    });

    // Assess
    expect(first.items.map((i) => i.calls[0]?.callId)).toEqual(['c-3', 'c-4']);
    expect(second.items.map((i) => i.calls[0]?.callId)).toEqual(['c-5']);
    expect(second.nextCursor).toBeNull();
  });

  it(`stops after ${OFFERED_READS_MAX} reads with a short page and a cursor when others hold the rest`, async () => {
    // Prepare
    const tasks = Array.from({ length: 8 }, (_, i) =>
      taken(openTask(`c-${i}`, i, `caller-${i}-0123456789abcdef`), OTHER, 10),
    );
    const { deps } = fakes(tasks, [], { now: at(12) });

    // Act
    const page = await listCallbacks(deps, { worker: AGENT, scope: 'offered', limit: 1 });

    // Assess
    expect(page.items).toEqual([]);
    expect(page.nextCursor).toBe(String(OFFERED_READS_MAX));
  });
});

describe('Use case: takeCallback', () => {
  it('records the take first, then shows the number in clear to the taker', async () => {
    // Prepare
    const task = openTask('c-1', 0);
    const { deps, callbacks, opened } = fakes([task], [], { now: at(3) });

    // Act
    const result = await takeCallback(deps, { taskId: task.taskId, worker: AGENT });

    // Assess
    expect(result.callerNumber).toBe(CALLER);
    expect(result.item).toMatchObject({ heldBy: AGENT, heldUntil: at(8).toISOString() });
    expect(callbacks.writes).toHaveLength(1);
    expect(callbacks.writes[0]?.version).toBe(task.version + 1);
    expect(callbacks.writes[0]?.history.at(-1)).toEqual({
      at: at(3).toISOString(),
      actor: AGENT,
      action: 'taken',
    });
    expect(opened).toEqual([task.number]);
  });

  it('shows the holder the number again without recording a second take', async () => {
    // Prepare
    const task = taken(openTask('c-1', 0), AGENT, 3);
    const { deps, callbacks } = fakes([task], [], { now: at(4) });

    // Act
    const result = await takeCallback(deps, { taskId: task.taskId, worker: AGENT });

    // Assess
    expect(result.callerNumber).toBe(CALLER);
    expect(callbacks.writes).toEqual([]);
  });

  it.each([
    ['held by another agent', () => taken(openTask('c-1', 0), OTHER, 3), 4, 409, 'held_by_other'],
    ['closed', () => attempted(taken(openTask('c-1', 0), AGENT, 3), 'reached', 4), 5, 409, 'not_open'],
    ['in its gap', () => attempted(taken(openTask('c-1', 0), AGENT, 3), 'no_answer', 4), 6, 409, 'too_soon'],
  ])('refuses a task %s, writes nothing and opens no number', async (_what, make, minute, status, code) => {
    // Prepare
    const task = make();
    const { deps, callbacks, opened } = fakes([task], [], { now: at(minute) });

    // Act
    const refusal = await refusalOf(takeCallback(deps, { taskId: task.taskId, worker: AGENT }));

    // Assess
    expect(refusal).toEqual([status, code]);
    expect(callbacks.writes).toEqual([]);
    expect(opened).toEqual([]);
  });

  it('answers 404 not_found for a task that does not exist', async () => {
    // Prepare
    const { deps, callbacks } = fakes([], [], { now: at(3) });

    // Act
    const refusal = await refusalOf(takeCallback(deps, { taskId: `${'a'.repeat(24)}-1`, worker: AGENT }));

    // Assess
    expect(refusal).toEqual([404, 'not_found']);
    expect(callbacks.writes).toEqual([]);
  });

  it('decides again on a fresh read after losing one write, and gives up with 409 after two', async () => {
    // Prepare
    const task = openTask('c-1', 0);
    const once = fakes([task], [], { now: at(3) });
    once.callbacks.loseNextWrites(1);
    const twice = fakes([task], [], { now: at(3) });
    twice.callbacks.loseNextWrites(2);

    // Act
    const retried = await takeCallback(once.deps, { taskId: task.taskId, worker: AGENT });
    const refusal = await refusalOf(takeCallback(twice.deps, { taskId: task.taskId, worker: AGENT }));

    // Assess
    expect(retried.item.heldBy).toBe(AGENT);
    expect(once.callbacks.writes).toHaveLength(1);
    expect(refusal).toEqual([409, 'version_conflict']);
    expect(twice.callbacks.writes).toEqual([]);
    expect(twice.opened).toEqual([]);
  });
});

describe('Use case: recordAttempt', () => {
  it('records no answer: the hold ends and the task waits for the gap', async () => {
    // Prepare
    const task = taken(openTask('c-1', 0), AGENT, 3);
    const { deps, callbacks, sent } = fakes([task], [], { now: at(4) });

    // Act
    const result = await recordAttempt(deps, {
      taskId: task.taskId,
      worker: AGENT,
      typist: TYPIST,
      request: { outcome: 'no_answer', note: '  响铃无人接  ' },
    });

    // Assess
    expect(result.attempt).toEqual({
      at: at(4).toISOString(),
      by: AGENT,
      outcome: 'no_answer',
      note: '响铃无人接',
    });
    expect(result.item).toMatchObject({
      status: 'open',
      attempts: 1,
      heldBy: null,
      nextAttemptAt: at(14).toISOString(),
      lastAttempt: { at: at(4).toISOString(), by: AGENT, outcome: 'no_answer' },
    });
    expect(result.case).toBeUndefined();
    expect(callbacks.writes).toHaveLength(1);
    expect(sent).toEqual([]);
  });

  it('closes the task as failed (未回拨成功) on the third failed attempt', async () => {
    // Prepare
    let task = openTask('c-1', 0);
    for (const minute of [1, 12]) task = attempted(taken(task, AGENT, minute), 'no_answer', minute + 1);
    task = taken(task, AGENT, 24);
    const { deps } = fakes([task], [], { now: at(25) });

    // Act
    const result = await recordAttempt(deps, {
      taskId: task.taskId,
      worker: AGENT,
      typist: TYPIST,
      request: { outcome: 'refused' },
    });

    // Assess
    expect(result.item).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it.each([
    ['another agent holds', () => taken(openTask('c-1', 0), OTHER, 3), 'not_held'],
    ['nobody took', () => openTask('c-1', 0), 'not_held'],
    ['it is closed', () => attempted(taken(openTask('c-1', 0), AGENT, 1), 'reached', 2), 'not_open'],
  ])('refuses an attempt when %s, before any appeal is entered', async (_what, make, code) => {
    // Prepare
    const task = make();
    const { deps, callbacks, sent, marks } = fakes([task], [missedCall('c-1', 0)], { now: at(4) });

    // Act
    const refusal = await refusalOf(
      recordAttempt(deps, {
        taskId: task.taskId,
        worker: AGENT,
        typist: TYPIST,
        request: { outcome: 'reached', appeal: typed() },
      }),
    );

    // Assess
    expect(refusal).toEqual([409, code]);
    expect(callbacks.writes).toEqual([]);
    expect(sent).toEqual([]);
    expect(marks.marks.size).toBe(0);
  });

  it("enters a reached caller's appeal as the first missed call's, received when reached, then records it", async () => {
    // Prepare
    const opened = openTask('c-1', 0);
    const second = { ...(opened.calls[0] as MissedCall), callId: 'c-2', missedAt: at(20).toISOString() };
    const task = taken({ ...opened, calls: [...opened.calls, second] }, AGENT, 30);
    const { deps, callbacks, sent, marks } = fakes([task], [missedCall('c-1', 0)], { now: at(31) });

    // Act
    const result = await recordAttempt(deps, {
      taskId: task.taskId,
      worker: AGENT,
      typist: TYPIST,
      request: { outcome: 'reached', appeal: typed() },
    });

    // Assess
    const caseId = caseIdOfCall('c-1');
    const trackingNo = deriveTrackingNo(caseId, at(31));
    expect(result.case).toEqual({ caseId, trackingNo });
    expect(result.attempt).toEqual({
      at: at(31).toISOString(),
      by: AGENT,
      outcome: 'reached',
      caseId,
      trackingNo,
    });
    expect(result.item.status).toBe('reached');
    expect(callbacks.writes.at(-1)?.attempts.at(-1)).toEqual(result.attempt);
    const message = AppealMessageSchema.parse(sent[0]) as AppealMessage;
    expect(message.appeal).toMatchObject({
      caseId,
      trackingNo,
      channel: 'hotline',
      sourceId: 'c-1',
      receivedAt: at(31).toISOString(),
      contact: { phoneHash: CALLER_HASH, phoneMasked: '138****5678', verifiedBy: 'network_caller' },
    });
    // The original reads as the CTI's record of the missed call, its caller the decrypted number.
    expect(JSON.parse(message.raw.body)).toMatchObject({
      callId: 'c-1',
      caller: CALLER,
      disposition: 'abandoned',
    });
    expect(message.raw.headers).toEqual({
      'x-entered-by': TYPIST,
      'x-entered-via': 'callback-desk',
      'x-callback-task': task.taskId,
    });
    expect(marks.marks.get('CALLAPPEAL#c-1')?.details).toEqual({
      caseId,
      trackingNo,
      receivedAt: at(31).toISOString(),
    });
  });

  it('keeps a callback number the caller gave instead unverified, the calling number still the original caller', async () => {
    // Prepare
    const task = taken(openTask('c-1', 0), AGENT, 3);
    const { deps, sent } = fakes([task], [missedCall('c-1', 0)], { now: at(4) });

    // Act
    await recordAttempt(deps, {
      taskId: task.taskId,
      worker: AGENT,
      typist: TYPIST,
      request: { outcome: 'reached', appeal: typed({ callbackPhone: '13900001111' }) },
    });

    // Assess
    const message = sent[0] as AppealMessage;
    expect(message.appeal.contact.verifiedBy).toBeUndefined();
    expect(message.appeal.contact.phoneMasked).toBe('139****1111');
    expect(JSON.parse(message.raw.body).caller).toBe(CALLER);
  });

  it('resolves a direct answer (直接办结) when and by whom the caller was reached', async () => {
    // Prepare
    const task = taken(openTask('c-1', 0), AGENT, 3);
    const { deps, sent } = fakes([task], [missedCall('c-1', 0)], { now: at(4) });

    // Act
    await recordAttempt(deps, {
      taskId: task.taskId,
      worker: AGENT,
      typist: TYPIST,
      request: {
        outcome: 'reached',
        appeal: typed({ type: 'consultation', answeredDirectly: true, reply: '已告知恢复供水时间' }),
      },
    });

    // Assess
    expect((sent[0] as AppealMessage).appeal.resolution).toEqual({
      at: at(4).toISOString(),
      by: AGENT,
      reply: '已告知恢复供水时间',
    });
  });

  it('answers a resend of the recorded attempt with the same case, writing nothing', async () => {
    // Prepare
    const task = taken(openTask('c-1', 0), AGENT, 3);
    const clock = { now: at(4) };
    const { deps, callbacks, sent } = fakes([task], [missedCall('c-1', 0)], clock);
    const request = { outcome: 'reached' as const, appeal: typed() };
    const first = await recordAttempt(deps, { taskId: task.taskId, worker: AGENT, typist: TYPIST, request });
    clock.now = at(5);

    // Act
    const again = await recordAttempt(deps, { taskId: task.taskId, worker: AGENT, typist: TYPIST, request });

    // Assess
    expect(again.case).toEqual(first.case);
    expect(again.attempt).toEqual(first.attempt);
    expect(callbacks.writes).toHaveLength(1);
    // Queued again while the case may not exist yet: the very same appeal, so the dispatcher makes one case.
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
  });

  it('refuses a different second appeal for the call with 409 appeal_exists, writing nothing', async () => {
    // Prepare
    const task = taken(openTask('c-1', 0), AGENT, 3);
    const { deps, callbacks, sent } = fakes([task], [missedCall('c-1', 0)], { now: at(4) });
    await recordAttempt(deps, {
      taskId: task.taskId,
      worker: AGENT,
      typist: TYPIST,
      request: { outcome: 'reached', appeal: typed() },
    });

    // Act
    const refusal = await refusalOf(
      recordAttempt(deps, {
        taskId: task.taskId,
        worker: AGENT,
        typist: TYPIST,
        request: { outcome: 'reached', appeal: typed({ content: '另一件事：路灯不亮' }) },
      }),
    );

    // Assess
    expect(refusal).toEqual([409, 'appeal_exists']);
    expect(callbacks.writes).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });

  it('queues nothing when the write is lost, and the retry queues the appeal as first reserved', async () => {
    // Prepare
    const task = taken(openTask('c-1', 0), AGENT, 3);
    const clock = { now: at(4) };
    const { deps, callbacks, sent } = fakes([task], [missedCall('c-1', 0)], clock);
    callbacks.loseNextWrites(2);
    const request = { outcome: 'reached' as const, appeal: typed() };
    const lost = await refusalOf(
      recordAttempt(deps, { taskId: task.taskId, worker: AGENT, typist: TYPIST, request }),
    );
    const queuedAfterLoss = sent.length;
    clock.now = at(6);

    // Act
    const retried = await recordAttempt(deps, {
      taskId: task.taskId,
      worker: AGENT,
      typist: TYPIST,
      request,
    });

    // Assess
    expect(lost).toEqual([409, 'version_conflict']);
    expect(queuedAfterLoss).toBe(0);
    expect(retried.case?.trackingNo).toBe(deriveTrackingNo(caseIdOfCall('c-1'), at(4)));
    expect(sent).toHaveLength(1);
    expect((sent[0] as AppealMessage).appeal.receivedAt).toBe(at(4).toISOString());
    expect(callbacks.writes).toHaveLength(1);
  });

  it('writes the reached attempt before the appeal is queued, so its case cannot close the task first', async () => {
    // Prepare
    const task = taken(openTask('c-1', 0), AGENT, 3);
    const { deps, callbacks } = fakes([task], [missedCall('c-1', 0)], { now: at(4) });
    const statusWhenQueued: string[] = [];
    deps.queue.send = async () => {
      statusWhenQueued.push(callbacks.table.get(task.taskId)?.status ?? 'none');
    };

    // Act
    await recordAttempt(deps, {
      taskId: task.taskId,
      worker: AGENT,
      typist: TYPIST,
      request: { outcome: 'reached', appeal: typed() },
    });

    // Assess
    expect(statusWhenQueued).toEqual(['reached']);
  });

  it('refuses an appeal outside the directory with 422 before anything is queued or written', async () => {
    // Prepare
    const task = taken(openTask('c-1', 0), AGENT, 3);
    const { deps, callbacks, sent, marks } = fakes([task], [missedCall('c-1', 0)], { now: at(4) });

    // Act
    const refusal = await refusalOf(
      recordAttempt(deps, {
        taskId: task.taskId,
        worker: AGENT,
        typist: TYPIST,
        request: { outcome: 'reached', appeal: typed({ category: 'moon' }) },
      }),
    );

    // Assess
    expect(refusal).toEqual([422, 'unknown_category']);
    expect(callbacks.writes).toEqual([]);
    expect(sent).toEqual([]);
    expect(marks.marks.size).toBe(0);
  });
});
