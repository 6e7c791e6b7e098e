import type { QueuedCall } from '../../../../shared/domain/appeal.js';
import {
  type CallbackTask,
  callbackCallerRef,
  DEFAULT_CALLBACK_POLICY,
  type MissedCallInput,
  openCallbackTask,
  recordCallbackAttempt,
  takeCallbackTask,
} from '../../../../shared/domain/callbacks/index.js';

export const policy = DEFAULT_CALLBACK_POLICY;
export const callerRef = callbackCallerRef('caller-hash-0123456789abcdef');
export const AGENT = 'agent:a-1';
export const OTHER = 'agent:a-2';

/** 2026-11-23 10:00 Shanghai (02:00 UTC) plus `minutes`. */
export function at(minutes: number): Date {
  return new Date(Date.parse('2026-11-23T02:00:00.000Z') + minutes * 60_000);
}

export function missed(
  callId: string,
  minutes: number,
  extra: Partial<MissedCallInput> = {},
): MissedCallInput {
  return {
    callId,
    line: '12345',
    reason: 'queue_abandoned',
    missedAt: at(minutes).toISOString(),
    day: '2026-11-23',
    callerMasked: '138****5678',
    number: { ciphertext: 'c2VhbGVk', callId },
    ...extra,
  };
}

/** Round 1, opened by call c-1 missed at minute 0, decided at minute 1. */
export function openTask(): CallbackTask {
  return openCallbackTask(callerRef, 1, missed('c-1', 0), policy, at(1));
}

export function takenBy(agent: string, minutes: number, task = openTask()): CallbackTask {
  const decision = takeCallbackTask(task, agent, policy, at(minutes));
  if (!decision.ok) throw new Error(decision.refusal.code);
  return decision.task;
}

export function attempted(
  task: CallbackTask,
  outcome: 'reached' | 'no_answer' | 'wrong_number' | 'refused',
  minutes: number,
): CallbackTask {
  const decision = recordCallbackAttempt(task, AGENT, { outcome }, policy, at(minutes));
  if (!decision.ok) throw new Error(decision.refusal.code);
  return decision.task;
}

export function queuedCall(extra: Partial<QueuedCall> = {}): QueuedCall {
  return {
    pk: 'CALL#c-1',
    sk: 'CALL',
    callId: 'c-1',
    line: '12345',
    disposition: 'abandoned',
    day: '2026-11-23',
    recordedAt: '2026-11-23T02:03:00.000Z',
    startedAt: '2026-11-23T02:00:00.000Z',
    queuedAt: '2026-11-23T02:00:10.000Z',
    endedAt: '2026-11-23T02:02:10.000Z',
    callerHash: 'caller-hash-0123456789abcdef',
    callerMasked: '138****5678',
    ...extra,
  };
}

/** The task has no clear number anywhere: no run of seven of its digits in any field. */
export function holdsNoNumber(task: CallbackTask, digits = '13812345678'): boolean {
  const text = JSON.stringify(task);
  for (let i = 0; i + 7 <= digits.length; i++) if (text.includes(digits.slice(i, i + 7))) return false;
  return true;
}
