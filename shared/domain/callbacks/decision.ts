// The values the callback decisions take and give: a refusal as a value (as the case lifecycle's),
// and what a missed call brings to a task.
import type { CallbackTask, MissedReason, SealedNumber } from './task.js';

/** A refusal as a value, like the case lifecycle's: a code the API maps to 404/409 and a Chinese message. */
export interface CallbackRefusal {
  readonly code: 'not_open' | 'held_by_other' | 'not_held' | 'too_soon' | 'no_number';
  readonly message: string;
}
export type CallbackDecision = { ok: true; task: CallbackTask } | { ok: false; refusal: CallbackRefusal };

/** What a missed call brings to a task. */
export interface MissedCallInput {
  readonly callId: string;
  readonly line: string;
  readonly reason: MissedReason;
  readonly missedAt: string;
  readonly day: string;
  readonly callerMasked: string;
  readonly number: SealedNumber;
}

export function refuse(code: CallbackRefusal['code'], message: string): CallbackDecision {
  return { ok: false, refusal: { code, message } };
}
