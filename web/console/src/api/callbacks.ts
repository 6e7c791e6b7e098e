import type { CallbackCall, CallbackItem } from '../../../../shared/domain/callbacks/item';
import type { CallbackOutcome, CallbackStatus, MissedReason } from '../../../../shared/domain/callbacks/task';
import type { CallAppealInput } from './agent';
import { request } from './http';
import type { Page } from './types';

// 漏接回拨: the callback list, taking a task (the only read that returns the number in clear) and
// recording an attempt. Types only from the core: the task schema's zod stays out of the bundle.

export type { CallbackCall, CallbackItem, CallbackOutcome, CallbackStatus, MissedReason };

/** What the taker alone receives: the number to dial. Kept in the dialog only, never in a store. */
export interface TakenCallback extends CallbackItem {
  readonly callerNumber: string;
}

export interface CallbackAttemptResult extends CallbackItem {
  readonly attempt: {
    readonly at: string;
    readonly by: string;
    readonly outcome: CallbackOutcome;
    readonly note?: string;
  };
  /** The case entered from a reached callback. */
  readonly case?: { readonly caseId: string; readonly trackingNo: string };
}

/** `offered`: what this agent may take now; `all` (supervisor): every open task, held or not. */
export type CallbackScope = 'offered' | 'all';

export function callbackList(query: {
  readonly scope?: CallbackScope;
  readonly limit?: number;
  readonly cursor?: string;
}): Promise<Page<CallbackItem>> {
  return request('/v1/callbacks', { query: { ...query } });
}

/** 领取: holds the task for this agent a few minutes and returns the number in clear. */
export function takeCallback(taskId: string): Promise<TakenCallback> {
  return request(`/v1/callbacks/${encodeURIComponent(taskId)}/take`, { method: 'POST' });
}

export interface CallbackAttemptInput {
  readonly outcome: CallbackOutcome;
  readonly note?: string;
  /** Only with `reached`: the caller's appeal, entered from the callback. */
  readonly appeal?: CallAppealInput;
}

export function recordCallbackAttempt(
  taskId: string,
  body: CallbackAttemptInput,
): Promise<CallbackAttemptResult> {
  return request(`/v1/callbacks/${encodeURIComponent(taskId)}/attempts`, { method: 'POST', body });
}
