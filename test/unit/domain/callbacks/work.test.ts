import { describe, expect, it } from 'vitest';
import {
  CallbackTaskSchema,
  eraseCallbackNumber,
  isOfferedTo,
  recordCallbackAttempt,
  takeCallbackTask,
} from '../../../../shared/domain/callbacks/index.js';
import { AGENT, at, attempted, holdsNoNumber, OTHER, openTask, policy, takenBy } from './fixtures.js';

const refusalOf = (d: ReturnType<typeof takeCallbackTask>) => (d.ok ? undefined : d.refusal.code);

describe('Function: isOfferedTo', () => {
  it('offers an open task nobody holds to every agent', () => {
    // Prepare
    const task = openTask();

    // Act
    const offered = [isOfferedTo(task, AGENT, at(2)), isOfferedTo(task, OTHER, at(2))];

    // Assess
    expect(offered).toEqual([true, true]);
  });

  it('offers a held task to its holder only, until the hold ends', () => {
    // Prepare
    const task = takenBy(AGENT, 2);

    // Act
    const during = [isOfferedTo(task, AGENT, at(3)), isOfferedTo(task, OTHER, at(3))];
    const after = isOfferedTo(task, OTHER, at(7));

    // Assess
    expect(during).toEqual([true, false]);
    expect(after).toBe(true);
  });

  it('reads a bare agent id as agent:<id>', () => {
    // Prepare
    const task = takenBy(AGENT, 2);

    // Act
    const offered = isOfferedTo(task, 'a-1', at(3));

    // Assess
    expect(offered).toBe(true);
  });

  it('keeps a task off every list until its next attempt is due', () => {
    // Prepare
    const task = attempted(takenBy(AGENT, 2), 'no_answer', 3);

    // Act
    const before = isOfferedTo(task, AGENT, at(12));
    const due = isOfferedTo(task, OTHER, at(13));

    // Assess
    expect(before).toBe(false);
    expect(due).toBe(true);
  });

  it('offers no closed task', () => {
    // Prepare
    const task = attempted(takenBy(AGENT, 2), 'reached', 3);

    // Act
    const offered = isOfferedTo(task, AGENT, at(4));

    // Assess
    expect(offered).toBe(false);
  });
});

describe('Function: takeCallbackTask', () => {
  it('holds the task for the policy’s minutes and records the take', () => {
    // Prepare
    const task = openTask();

    // Act
    const decision = takeCallbackTask(task, AGENT, policy, at(2));

    // Assess
    expect(decision.ok).toBe(true);
    const taken = decision.ok ? decision.task : task;
    expect(taken).toMatchObject({ heldBy: AGENT, heldUntil: at(7).toISOString() });
    expect(taken.history.at(-1)).toEqual({ at: at(2).toISOString(), actor: AGENT, action: 'taken' });
  });

  it('gives the holder the same task again, with nothing to write', () => {
    // Prepare
    const task = takenBy(AGENT, 2);

    // Act
    const decision = takeCallbackTask(task, AGENT, policy, at(4));

    // Assess
    expect(decision).toEqual({ ok: true, task });
    expect(decision.ok && decision.task === task).toBe(true);
  });

  it('refuses another agent while the hold runs (held_by_other)', () => {
    // Prepare
    const task = takenBy(AGENT, 2);

    // Act
    const code = refusalOf(takeCallbackTask(task, OTHER, policy, at(6)));

    // Assess
    expect(code).toBe('held_by_other');
  });

  it('lets another agent take it once the hold ran out', () => {
    // Prepare
    const task = takenBy(AGENT, 2);

    // Act
    const decision = takeCallbackTask(task, OTHER, policy, at(7));

    // Assess
    expect(decision.ok && decision.task.heldBy).toBe(OTHER);
  });

  it('refuses a closed task (not_open)', () => {
    // Prepare
    const task = attempted(takenBy(AGENT, 2), 'reached', 3);

    // Act
    const code = refusalOf(takeCallbackTask(task, AGENT, policy, at(4)));

    // Assess
    expect(code).toBe('not_open');
  });

  it('refuses before the next attempt is due (too_soon)', () => {
    // Prepare
    const task = attempted(takenBy(AGENT, 2), 'no_answer', 3);

    // Act
    const code = refusalOf(takeCallbackTask(task, OTHER, policy, at(12)));

    // Assess
    expect(code).toBe('too_soon');
  });

  it('refuses a task without a number (no_number)', () => {
    // Prepare
    const { number: _n, ...task } = openTask();

    // Act
    const code = refusalOf(takeCallbackTask(task, AGENT, policy, at(2)));

    // Assess
    expect(code).toBe('no_number');
  });
});

describe('Function: recordCallbackAttempt', () => {
  it('closes the task as reached, linked to the appeal entered, and ends the hold', () => {
    // Prepare
    const task = takenBy(AGENT, 2);

    // Act
    const decision = recordCallbackAttempt(
      task,
      AGENT,
      { outcome: 'reached', note: '已记录诉求', caseId: 'case-1', trackingNo: 'T-1' },
      policy,
      at(4),
    );

    // Assess
    const done = decision.ok ? decision.task : task;
    expect(CallbackTaskSchema.parse(done)).toEqual(done);
    expect(done).toMatchObject({
      status: 'reached',
      closedAt: at(4).toISOString(),
      eraseAfter: new Date(at(4).getTime() + 30 * 86_400_000).toISOString(),
      attempts: [
        {
          at: at(4).toISOString(),
          by: AGENT,
          outcome: 'reached',
          note: '已记录诉求',
          caseId: 'case-1',
          trackingNo: 'T-1',
        },
      ],
    });
    expect(done).not.toHaveProperty('heldBy');
    expect(done.history.slice(-2)).toEqual([
      { at: at(4).toISOString(), actor: AGENT, action: 'attempted', note: '回拨成功' },
      { at: at(4).toISOString(), actor: AGENT, action: 'closed', note: '已回拨' },
    ]);
  });

  it('fails the task at once on a wrong number', () => {
    // Prepare
    const task = takenBy(AGENT, 2);

    // Act
    const done = attempted(task, 'wrong_number', 3);

    // Assess
    expect(done).toMatchObject({ status: 'failed', closedAt: at(3).toISOString() });
    expect(done.attempts).toHaveLength(1);
  });

  it('keeps the task open after no answer, not offered again before the gap', () => {
    // Prepare
    const task = takenBy(AGENT, 2);

    // Act
    const after = attempted(task, 'no_answer', 3);

    // Assess
    expect(after).toMatchObject({ status: 'open', nextAttemptAt: at(13).toISOString() });
    expect(after).not.toHaveProperty('heldBy');
    expect(after).not.toHaveProperty('closedAt');
  });

  it('fails the task on the last allowed attempt (no answer, refused, no answer)', () => {
    // Prepare
    let task = attempted(takenBy(AGENT, 2), 'no_answer', 3);
    task = attempted(takenBy(AGENT, 13, task), 'refused', 14);

    // Act
    const done = attempted(takenBy(AGENT, 24, task), 'no_answer', 25);

    // Assess
    expect(done.status).toBe('failed');
    expect(done.attempts.map((a) => a.outcome)).toEqual(['no_answer', 'refused', 'no_answer']);
    expect(done.history.at(-1)).toEqual({
      at: at(25).toISOString(),
      actor: AGENT,
      action: 'closed',
      note: '未回拨成功',
    });
  });

  it('refuses an agent who does not hold the task (not_held)', () => {
    // Prepare
    const task = takenBy(OTHER, 2);

    // Act
    const decision = recordCallbackAttempt(task, AGENT, { outcome: 'reached' }, policy, at(3));

    // Assess
    expect(decision.ok ? undefined : decision.refusal.code).toBe('not_held');
  });

  it('refuses the first holder once another agent took the task after the hold ran out', () => {
    // Prepare
    const retaken = takenBy(OTHER, 8, takenBy(AGENT, 2));

    // Act
    const decision = recordCallbackAttempt(retaken, AGENT, { outcome: 'no_answer' }, policy, at(9));

    // Assess
    expect(decision.ok ? undefined : decision.refusal.code).toBe('not_held');
  });

  it('still records the call of a holder whose hold ran out with nobody else taking it', () => {
    // Prepare
    const task = takenBy(AGENT, 2);

    // Act
    const decision = recordCallbackAttempt(task, AGENT, { outcome: 'no_answer' }, policy, at(9));

    // Assess
    expect(decision.ok).toBe(true);
  });

  it('refuses a closed task (not_open)', () => {
    // Prepare
    const task = attempted(takenBy(AGENT, 2), 'reached', 3);

    // Act
    const decision = recordCallbackAttempt(task, AGENT, { outcome: 'reached' }, policy, at(4));

    // Assess
    expect(decision.ok ? undefined : decision.refusal.code).toBe('not_open');
  });

  it('keeps a case link with a reached attempt only', () => {
    // Prepare
    const task = takenBy(AGENT, 2);

    // Act
    const decision = recordCallbackAttempt(
      task,
      AGENT,
      { outcome: 'no_answer', caseId: 'case-1' },
      policy,
      at(3),
    );

    // Assess
    expect(decision.ok && decision.task.attempts[0]).not.toHaveProperty('caseId');
  });
});

describe('Function: eraseCallbackNumber', () => {
  it('removes the number once eraseAfter has passed, and records it', () => {
    // Prepare
    const closed = attempted(takenBy(AGENT, 2), 'reached', 3);
    const due = new Date(Date.parse(closed.eraseAfter as string));

    // Act
    const erased = eraseCallbackNumber(closed, due);

    // Assess
    expect(erased).not.toHaveProperty('number');
    expect(erased).toMatchObject({ erasedAt: due.toISOString(), status: 'reached' });
    expect(erased?.history.at(-1)).toEqual({ at: due.toISOString(), actor: 'system', action: 'erased' });
  });

  it('keeps the number before eraseAfter', () => {
    // Prepare
    const closed = attempted(takenBy(AGENT, 2), 'reached', 3);

    // Act
    const erased = eraseCallbackNumber(closed, new Date(Date.parse(closed.eraseAfter as string) - 1));

    // Assess
    expect(erased).toBeUndefined();
  });

  it('never erases an open task or an erased one', () => {
    // Prepare
    const closed = attempted(takenBy(AGENT, 2), 'reached', 3);
    const once = eraseCallbackNumber(closed, at(100_000));

    // Act
    const results = [
      eraseCallbackNumber(openTask(), at(100_000)),
      once && eraseCallbackNumber(once, at(100_001)),
    ];

    // Assess
    expect(results).toEqual([undefined, undefined]);
  });
});

describe('Invariant: the clear number', () => {
  it('appears nowhere in a task through its whole life', () => {
    // Prepare
    const task = attempted(takenBy(AGENT, 2), 'no_answer', 3);

    // Act
    const done = attempted(takenBy(AGENT, 13, task), 'reached', 14);

    // Assess
    expect(holdsNoNumber(done)).toBe(true);
  });
});
