import { describe, expect, it } from 'vitest';
import {
  CallbackTaskSchema,
  closeOnCallerContact,
  joinCallbackTask,
  missedCallOf,
  missedReasonOf,
} from '../../../../shared/domain/callbacks/index.js';
import { AGENT, at, callerRef, missed, openTask, policy, queuedCall, takenBy } from './fixtures.js';

describe('Function: missedReasonOf', () => {
  it('names an abandoned call with a caller queue_abandoned', () => {
    // Prepare
    const call = queuedCall();

    // Act
    const reason = missedReasonOf(call);

    // Assess
    expect(reason).toBe('queue_abandoned');
  });

  it("names an IVR-only call by the record's missedReason", () => {
    // Prepare
    const call = queuedCall({ disposition: 'ivr_only', queuedAt: undefined, missedReason: 'after_hours' });

    // Act
    const reason = missedReasonOf(call);

    // Assess
    expect(reason).toBe('after_hours');
  });

  it('needs no callback for an IVR-only call without a reason (the menu answered it)', () => {
    // Prepare
    const call = queuedCall({ disposition: 'ivr_only', queuedAt: undefined });

    // Act
    const reason = missedReasonOf(call);

    // Assess
    expect(reason).toBeUndefined();
  });

  it('needs no callback for an answered call', () => {
    // Prepare
    const call = queuedCall({ disposition: 'answered', answeredAt: '2026-11-23T02:01:00.000Z' });

    // Act
    const reason = missedReasonOf(call);

    // Assess
    expect(reason).toBeUndefined();
  });

  it('needs no callback for a withheld number', () => {
    // Prepare
    const { callerHash: _h, callerMasked: _m, ...call } = queuedCall();

    // Act
    const reason = missedReasonOf(call);

    // Assess
    expect(reason).toBeUndefined();
  });
});

describe('Function: missedCallOf', () => {
  it("takes the call's end as the moment the caller was lost", () => {
    // Prepare
    const number = { ciphertext: 'x', callId: 'c-1' };

    // Act
    const input = missedCallOf(queuedCall(), number);

    // Assess
    expect(input).toEqual({
      callId: 'c-1',
      line: '12345',
      reason: 'queue_abandoned',
      missedAt: '2026-11-23T02:02:10.000Z',
      day: '2026-11-23',
      callerMasked: '138****5678',
      number,
    });
  });

  it('falls back to the queue entry when the record has no end', () => {
    // Prepare
    const call = queuedCall({ endedAt: undefined });

    // Act
    const input = missedCallOf(call, { ciphertext: 'x', callId: 'c-1' });

    // Assess
    expect(input?.missedAt).toBe('2026-11-23T02:00:10.000Z');
  });
});

describe('Function: openCallbackTask', () => {
  it('opens round n with the call, its own deadline and the sealed number', () => {
    // Prepare
    const input = missed('c-1', 0);

    // Act
    const task = openTask();

    // Assess
    expect(CallbackTaskSchema.parse(task)).toEqual(task);
    expect(task).toMatchObject({
      pk: `CALLBACK#${callerRef}`,
      sk: 'TASK#000001',
      taskId: `${callerRef}-1`,
      status: 'open',
      version: 1,
      callerMasked: '138****5678',
      firstMissedAt: input.missedAt,
      callbackDueAt: at(60).toISOString(),
      number: input.number,
      attempts: [],
      createdAt: at(1).toISOString(),
    });
    expect(task.calls).toEqual([
      {
        callId: 'c-1',
        line: '12345',
        reason: 'queue_abandoned',
        missedAt: input.missedAt,
        dueAt: at(60).toISOString(),
        day: '2026-11-23',
      },
    ]);
    expect(task.history).toEqual([
      { at: at(1).toISOString(), actor: 'system', action: 'opened', note: '排队放弃（来电 c-1）' },
    ]);
  });
});

describe('Function: joinCallbackTask', () => {
  it('adds a call with its own deadline and keeps the first call the task’s deadline', () => {
    // Prepare
    const task = openTask();

    // Act
    const joined = joinCallbackTask(task, missed('c-2', 20, { line: '12315' }), policy, at(21));

    // Assess
    expect(joined?.calls.map((c) => [c.callId, c.dueAt])).toEqual([
      ['c-1', at(60).toISOString()],
      ['c-2', at(80).toISOString()],
    ]);
    expect(joined?.callbackDueAt).toBe(at(60).toISOString());
    expect(joined?.line).toBe('12345');
    expect(joined?.history.at(-1)).toEqual({
      at: at(21).toISOString(),
      actor: 'system',
      action: 'joined',
      note: '排队放弃（来电 c-2）',
    });
  });

  it('makes a late call that was missed first the task’s first', () => {
    // Prepare
    const task = openTask();

    // Act
    const joined = joinCallbackTask(task, missed('c-0', -10, { line: '12315' }), policy, at(2));

    // Assess
    expect(joined?.calls.map((c) => c.callId)).toEqual(['c-0', 'c-1']);
    expect(joined).toMatchObject({
      firstMissedAt: at(-10).toISOString(),
      callbackDueAt: at(50).toISOString(),
      line: '12315',
    });
  });

  it('returns undefined for a call already in the task (a redelivery)', () => {
    // Prepare
    const task = openTask();

    // Act
    const joined = joinCallbackTask(task, missed('c-1', 0), policy, at(5));

    // Assess
    expect(joined).toBeUndefined();
  });

  it('returns undefined for a closed task', () => {
    // Prepare
    const closed = closeOnCallerContact(
      openTask(),
      { callId: 'c-9', at: at(5).toISOString() },
      policy,
      at(6),
    );

    // Act
    const joined = closed && joinCallbackTask(closed, missed('c-2', 10), policy, at(11));

    // Assess
    expect(closed).toBeDefined();
    expect(joined).toBeUndefined();
  });

  it('ends the wait for the next attempt: the caller who rang again is by the phone', () => {
    // Prepare
    const waiting = { ...openTask(), nextAttemptAt: at(30).toISOString() };

    // Act
    const joined = joinCallbackTask(waiting, missed('c-2', 20), policy, at(21));

    // Assess
    expect(joined).not.toHaveProperty('nextAttemptAt');
  });
});

describe('Function: closeOnCallerContact', () => {
  it("closes the open task as caller_got_through on the caller's answered call", () => {
    // Prepare
    const task = takenBy(AGENT, 2);

    // Act
    const closed = closeOnCallerContact(task, { callId: 'c-9', at: at(10).toISOString() }, policy, at(11));

    // Assess
    expect(closed).toMatchObject({
      status: 'caller_got_through',
      closedAt: at(11).toISOString(),
      closedBy: { at: at(10).toISOString(), callId: 'c-9' },
      eraseAfter: new Date(at(11).getTime() + 30 * 86_400_000).toISOString(),
    });
    expect(closed).not.toHaveProperty('heldBy');
    expect(closed).not.toHaveProperty('heldUntil');
    expect(closed?.history.at(-1)).toEqual({
      at: at(11).toISOString(),
      actor: 'call:c-9',
      action: 'closed',
      note: '来电已接通',
    });
  });

  it('closes it on a new case of the same caller, named by the case', () => {
    // Prepare
    const task = openTask();

    // Act
    const closed = closeOnCallerContact(task, { caseId: 'case-77', at: at(0).toISOString() }, policy, at(3));

    // Assess
    expect(closed?.closedBy).toEqual({ at: at(0).toISOString(), caseId: 'case-77' });
    expect(closed?.history.at(-1)?.actor).toBe('case:case-77');
  });

  it('ignores a contact before the first missed call', () => {
    // Prepare
    const task = openTask();

    // Act
    const closed = closeOnCallerContact(task, { callId: 'c-0', at: at(-1).toISOString() }, policy, at(3));

    // Assess
    expect(closed).toBeUndefined();
  });

  it('leaves a closed task alone', () => {
    // Prepare
    const once = closeOnCallerContact(openTask(), { callId: 'c-9', at: at(5).toISOString() }, policy, at(6));

    // Act
    const twice =
      once && closeOnCallerContact(once, { callId: 'c-10', at: at(7).toISOString() }, policy, at(8));

    // Assess
    expect(twice).toBeUndefined();
  });
});
