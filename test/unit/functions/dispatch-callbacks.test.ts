import { describe, expect, it } from 'vitest';
import {
  CALLS_PER_TASK,
  CallbackContentionError,
  closeCallerTask,
  missedCallToTask,
} from '../../../functions/dispatch-appeal/callbacks.js';
import {
  type DispatchDeps,
  dispatchAppeal,
  dispatchCall,
} from '../../../functions/dispatch-appeal/dispatch.js';
import type { QueuedCall } from '../../../shared/domain/appeal.js';
import { CallRecordSchema, toCallItem } from '../../../shared/domain/call-record.js';
import { callbackCallerRef, DEFAULT_CALLBACK_POLICY } from '../../../shared/domain/callbacks/index.js';
import { deriveCaseId } from '../../../shared/domain/identity.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';
import { abandonedCall, callRecord } from '../fixtures/hotline.js';
import { MemoryCallbackStore } from '../fixtures/memory-callback-store.js';

const KEY = 'unit-key';
const NOW = new Date('2026-11-23T01:45:00.000Z');

function missedCall(callId: string, minute: number, caller = '13812345678'): QueuedCall {
  const end = new Date(Date.parse('2026-11-23T01:40:00.000Z') + minute * 60_000).toISOString();
  return toCallItem(
    CallRecordSchema.parse(
      abandonedCall({ callId, caller, queuedAt: '2026-11-23T01:39:00.000Z', endedAt: end, recordedAt: end }),
    ),
    KEY,
  );
}

const sealed = (callId: string) => ({ ciphertext: `sealed-${callId}`, callId });

function deps(callbacks = new MemoryCallbackStore(), stored: 'stored' | 'current' | 'stale' = 'stored') {
  const d: DispatchDeps = {
    archive: { put: async () => 'raw/key.json' },
    attachments: { copy: async () => 'archived' },
    calls: { put: async () => stored },
    callbacks,
    callbackPolicy: DEFAULT_CALLBACK_POLICY,
    cases: {
      create: async () => ({ outcome: 'created' }),
      getById: async () => undefined,
      getByTrackingNo: async () => undefined,
      listByCaller: async () => [],
      putDuplicateLink: async () => 'linked',
    },
    directory: async () => TEST_DIRECTORY,
    calendar: async () => WEEKENDS_ONLY,
    now: () => NOW,
  };
  return d;
}

const tasksOf = (store: MemoryCallbackStore) => [...store.items.values()];

describe('Function: missedCallToTask', () => {
  it('opens round 1 for a first missed call', async () => {
    // Prepare
    const d = deps();
    const call = missedCall('c-1', 0);

    // Act
    const step = await missedCallToTask(call, sealed('c-1'), d);

    // Assess
    const ref = callbackCallerRef(call.callerHash as string);
    expect(step).toEqual({ step: 'opened', taskId: `${ref}-1` });
    expect(tasksOf(d.callbacks as MemoryCallbackStore)[0]).toMatchObject({ round: 1, number: sealed('c-1') });
  });

  it("joins the caller's open task, and leaves it alone on a redelivery", async () => {
    // Prepare
    const d = deps();
    await missedCallToTask(missedCall('c-1', 0), sealed('c-1'), d);

    // Act
    const joined = await missedCallToTask(missedCall('c-2', 3), sealed('c-2'), d);
    const again = await missedCallToTask(missedCall('c-2', 3), sealed('c-2'), d);

    // Assess
    expect(joined.step).toBe('joined');
    expect(again.step).toBe('unchanged');
    const [task] = tasksOf(d.callbacks as MemoryCallbackStore);
    expect(task?.calls.map((c) => c.callId)).toEqual(['c-1', 'c-2']);
    expect(task?.version).toBe(2);
  });

  it('opens round n + 1 once the newest round is closed', async () => {
    // Prepare
    const d = deps();
    const first = missedCall('c-1', 0);
    await missedCallToTask(first, sealed('c-1'), d);
    await closeCallerTask(first.callerHash as string, { callId: 'c-9', at: '2026-11-23T01:42:00.000Z' }, d);

    // Act
    const step = await missedCallToTask(missedCall('c-3', 10), sealed('c-3'), d);

    // Assess
    expect(step.step).toBe('opened');
    expect(tasksOf(d.callbacks as MemoryCallbackStore).map((t) => [t.round, t.status])).toEqual([
      [1, 'caller_got_through'],
      [2, 'open'],
    ]);
  });

  it('ends a burst of one caller’s concurrent missed calls in one task holding every call', async () => {
    // Prepare
    const d = deps();
    const calls = ['c-1', 'c-2', 'c-3', 'c-4'].map((id, i) => missedCall(id, i));

    // Act
    await Promise.all(calls.map((call) => missedCallToTask(call, sealed(call.callId), d)));

    // Assess
    const tasks = tasksOf(d.callbacks as MemoryCallbackStore);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.calls.map((c) => c.callId).sort()).toEqual(['c-1', 'c-2', 'c-3', 'c-4']);
  });

  it('adds no call to a task that holds CALLS_PER_TASK already, and says so', async () => {
    // Prepare
    const store = new MemoryCallbackStore();
    const d = deps(store);
    await missedCallToTask(missedCall('c-1', 0), sealed('c-1'), d);
    const [task] = tasksOf(store);
    if (!task) throw new Error('no task');
    const call = task.calls[0];
    if (!call) throw new Error('no call');
    task.calls = Array.from({ length: CALLS_PER_TASK }, (_, i) => ({ ...call, callId: `c-x${i}` }));

    // Act
    const step = await missedCallToTask(missedCall('c-2', 1), sealed('c-2'), d);

    // Assess
    expect(step).toEqual({ step: 'unchanged', taskId: task.taskId, full: true });
    expect(tasksOf(store)[0]?.calls).toHaveLength(CALLS_PER_TASK);
  });

  it('fails the message for SQS to retry when every write loses to another writer', async () => {
    // Prepare
    const store = new MemoryCallbackStore();
    const d = deps(store);
    await missedCallToTask(missedCall('c-1', 0), sealed('c-1'), d);
    store.beforeWrite = () => {
      for (const task of store.items.values()) task.version += 1;
    };

    // Act
    const step = missedCallToTask(missedCall('c-2', 1), sealed('c-2'), d);

    // Assess
    await expect(step).rejects.toBeInstanceOf(CallbackContentionError);
  });
});

describe('Function: dispatchCall (callbacks)', () => {
  it('opens a task for an abandoned call that carries its sealed number', async () => {
    // Prepare
    const d = deps();
    const call = missedCall('c-1', 0);

    // Act
    const outcome = await dispatchCall({ kind: 'call', call, callerSealed: sealed('c-1') }, d);

    // Assess
    expect(outcome.callback?.step).toBe('opened');
  });

  it('still reaches the task on a redelivery of the version the table holds', async () => {
    // Prepare
    const d = deps(new MemoryCallbackStore(), 'current');

    // Act
    const outcome = await dispatchCall(
      { kind: 'call', call: missedCall('c-1', 0), callerSealed: sealed('c-1') },
      d,
    );

    // Assess
    expect(outcome).toMatchObject({ record: 'current', callback: { step: 'opened' } });
  });

  it('leaves the task to the later version when the table holds one', async () => {
    // Prepare
    const d = deps(new MemoryCallbackStore(), 'stale');

    // Act
    const outcome = await dispatchCall(
      { kind: 'call', call: missedCall('c-1', 0), callerSealed: sealed('c-1') },
      d,
    );

    // Assess
    expect(outcome.callback).toBeUndefined();
    expect((d.callbacks as MemoryCallbackStore).items.size).toBe(0);
  });

  it("closes the caller's open task on their later answered call", async () => {
    // Prepare
    const d = deps();
    await dispatchCall({ kind: 'call', call: missedCall('c-1', 0), callerSealed: sealed('c-1') }, d);
    const answered = toCallItem(
      CallRecordSchema.parse(
        callRecord({
          callId: 'c-9',
          caller: '13812345678',
          startedAt: '2026-11-23T10:00:00+08:00',
          queuedAt: '2026-11-23T10:00:10+08:00',
          answeredAt: '2026-11-23T10:00:30+08:00',
          endedAt: '2026-11-23T10:05:00+08:00',
          recordedAt: '2026-11-23T10:05:01+08:00',
          appeal: undefined,
        }),
      ),
      KEY,
    );

    // Act
    const outcome = await dispatchCall({ kind: 'call', call: answered }, d);

    // Assess
    expect(outcome.callback?.step).toBe('closed');
    const [task] = tasksOf(d.callbacks as MemoryCallbackStore);
    expect(task).toMatchObject({ status: 'caller_got_through', closedBy: { callId: 'c-9' } });
  });

  it('makes no task for a missed call queued without a sealed number', async () => {
    // Prepare
    const d = deps();

    // Act
    const outcome = await dispatchCall({ kind: 'call', call: missedCall('c-1', 0) }, d);

    // Assess
    expect(outcome.callback).toBeUndefined();
    expect((d.callbacks as MemoryCallbackStore).items.size).toBe(0);
  });
});

describe('Function: dispatchAppeal (callbacks)', () => {
  it("closes the caller's open task when a case of the same phone is created", async () => {
    // Prepare
    const d = deps();
    const call = missedCall('c-1', 0);
    await dispatchCall({ kind: 'call', call, callerSealed: sealed('c-1') }, d);
    const caseId = deriveCaseId('webform', 'web-1');
    const appeal = testAppeal({
      caseId,
      sourceId: 'web-1',
      receivedAt: '2026-11-23T01:50:00.000Z',
      contact: { phoneHash: call.callerHash as string, phoneMasked: '138****5678' },
    });

    // Act
    const outcome = await dispatchAppeal({ appeal, raw: { contentType: 'application/json', body: '{}' } }, d);

    // Assess
    expect(outcome.callback?.step).toBe('closed');
    expect(tasksOf(d.callbacks as MemoryCallbackStore)[0]).toMatchObject({
      status: 'caller_got_through',
      closedBy: { caseId, at: '2026-11-23T01:50:00.000Z' },
    });
  });

  it('closes nothing with a case received before the first missed call', async () => {
    // Prepare
    const d = deps();
    const call = missedCall('c-1', 0);
    await dispatchCall({ kind: 'call', call, callerSealed: sealed('c-1') }, d);
    const appeal = testAppeal({
      receivedAt: '2026-11-23T01:00:00.000Z',
      contact: { phoneHash: call.callerHash as string, phoneMasked: '138****5678' },
    });

    // Act
    const outcome = await dispatchAppeal({ appeal, raw: { contentType: 'application/json', body: '{}' } }, d);

    // Assess
    expect(outcome.callback).toBeUndefined();
    expect(tasksOf(d.callbacks as MemoryCallbackStore)[0]?.status).toBe('open');
  });
});
