import { describe, expect, it } from 'vitest';
import { superviseCallbacks } from '../../../functions/supervise-deadlines/callbacks.js';
import {
  type CallbackTask,
  recordCallbackAttempt,
  takeCallbackTask,
} from '../../../shared/domain/callbacks/index.js';
import { AGENT, at, fakeCallbacks, openTask, POLICY } from '../fixtures/callback-desk.js';

/** A task closed as reached by AGENT at `minutes`: its number is due for erasure 30 days later. */
function reachedAt(minutes: number, caller: string): CallbackTask {
  const took = takeCallbackTask(openTask(`c-${caller}`, 0, caller), AGENT, POLICY, at(minutes - 1));
  if (!took.ok) throw new Error(took.refusal.code);
  const done = recordCallbackAttempt(took.task, AGENT, { outcome: 'reached' }, POLICY, at(minutes));
  if (!done.ok) throw new Error(done.refusal.code);
  return done.task;
}

const DAY = 1440;

describe('Function: supervise-deadlines (callback tasks)', () => {
  it('warns at 80 % of the callback deadline and marks overdue after it, each once', async () => {
    // Prepare: missed at minutes 0 and 10, deadlines at 60 and 70.
    const early = openTask('c-early', 0, 'caller-early-0123456789ab');
    const later = openTask('c-later', 10, 'caller-later-0123456789ab');
    const callbacks = fakeCallbacks([early, later]);

    // Act
    const at50 = await superviseCallbacks({ callbacks, policy: POLICY, now: at(50) });
    const again = await superviseCallbacks({ callbacks, policy: POLICY, now: at(50) });
    const at61 = await superviseCallbacks({ callbacks, policy: POLICY, now: at(61) });

    // Assess
    expect(at50).toEqual({
      callbacksWarned: 1,
      callbacksOverdue: 0,
      callbackNumbersErased: 0,
      callbacksFailed: 0,
    });
    expect(again.callbacksWarned).toBe(0);
    expect(at61).toMatchObject({ callbacksWarned: 1, callbacksOverdue: 1 });
    const stored = callbacks.table.get(early.taskId);
    expect(stored?.warnedAt).toBe(at(50).toISOString());
    expect(stored?.overdueAt).toBe(at(61).toISOString());
    expect(stored?.history.slice(-2)).toEqual([
      { at: at(50).toISOString(), actor: 'system', action: 'warned' },
      { at: at(61).toISOString(), actor: 'system', action: 'overdue' },
    ]);
    expect(callbacks.table.get(later.taskId)?.warnedAt).toBe(at(61).toISOString());
  });

  it('erases the number of a task closed longer than the retention, and no other', async () => {
    // Prepare
    const old = reachedAt(5, 'caller-old-0123456789abcd');
    const recent = reachedAt(10 * DAY, 'caller-new-0123456789abcd');
    const callbacks = fakeCallbacks([old, recent]);

    // Act
    const counts = await superviseCallbacks({ callbacks, policy: POLICY, now: at(30 * DAY + 6) });

    // Assess
    expect(counts.callbackNumbersErased).toBe(1);
    const erased = callbacks.table.get(old.taskId);
    expect(erased?.number).toBeUndefined();
    expect(erased?.erasedAt).toBe(at(30 * DAY + 6).toISOString());
    expect(erased?.history.at(-1)).toEqual({
      at: at(30 * DAY + 6).toISOString(),
      actor: 'system',
      action: 'erased',
    });
    expect(callbacks.table.get(recent.taskId)?.number).toBeDefined();
  });

  it('goes on with the other tasks when one fails, and counts it', async () => {
    // Prepare
    const broken = openTask('c-broken', 0, 'caller-broken-0123456789a');
    const fine = openTask('c-fine', 1, 'caller-fine-0123456789abc');
    const callbacks = fakeCallbacks([broken, fine]);
    const update = callbacks.update.bind(callbacks);
    callbacks.update = async (task, expected) => {
      if (task.taskId === broken.taskId) throw new Error('ValidationException: item too large');
      return update(task, expected);
    };

    // Act
    const counts = await superviseCallbacks({ callbacks, policy: POLICY, now: at(55) });

    // Assess
    expect(counts).toMatchObject({ callbacksWarned: 1, callbacksFailed: 1 });
    expect(callbacks.table.get(fine.taskId)?.warnedAt).toBe(at(55).toISOString());
    expect(callbacks.table.get(broken.taskId)?.warnedAt).toBeUndefined();
  });

  it('leaves a task another write changed to the next run, counting nothing for it', async () => {
    // Prepare
    const task = openTask('c-1', 0);
    const callbacks = fakeCallbacks([task]);
    callbacks.loseNextWrites(1);

    // Act
    const counts = await superviseCallbacks({ callbacks, policy: POLICY, now: at(50) });

    // Assess
    expect(counts).toEqual({
      callbacksWarned: 0,
      callbacksOverdue: 0,
      callbackNumbersErased: 0,
      callbacksFailed: 0,
    });
    expect(callbacks.writes).toEqual([]);
  });

  it('still erases when the open tasks cannot be listed, and counts the failure', async () => {
    // Prepare
    const old = reachedAt(5, 'caller-old-0123456789abcd');
    const callbacks = fakeCallbacks([old]);
    callbacks.listOpen = async () => {
      throw new Error('ProvisionedThroughputExceededException');
    };

    // Act
    const counts = await superviseCallbacks({ callbacks, policy: POLICY, now: at(31 * DAY) });

    // Assess
    expect(counts).toMatchObject({ callbacksFailed: 1, callbackNumbersErased: 1 });
  });

  it('reads no page when the run is nearly out of time', async () => {
    // Prepare
    const callbacks = fakeCallbacks([openTask('c-1', 0)]);

    // Act
    const counts = await superviseCallbacks({
      callbacks,
      policy: POLICY,
      now: at(50),
      remainingMs: () => 1000,
    });

    // Assess
    expect(counts.callbacksWarned).toBe(0);
    expect(callbacks.writes).toEqual([]);
  });
});
