// 漏接回拨: a callback task as the agents' list shows it (the API's CallbackItem): the desk builds
// it (functions/callback-desk/item.ts) and the console reads it. Types only, so the console's bundle
// carries none of the task schema.
import type { CallbackOutcome, CallbackStatus, MissedReason } from './task.js';

/** One missed call of a task, as the list shows it. */
export interface CallbackCall {
  readonly callId: string;
  readonly line: string;
  readonly reason: MissedReason;
  readonly missedAt: string;
}

/** A task as GET /v1/callbacks lists it: never the clear number. */
export interface CallbackItem {
  readonly taskId: string;
  readonly status: CallbackStatus;
  /** 138****5678. */
  readonly callerMasked: string;
  /** The first missed call's line (the number dialled, or a merged hotline's code), and its name. */
  readonly line: string;
  readonly lineName: string;
  /** Why the first call was missed. */
  readonly reason: MissedReason;
  readonly missedCount: number;
  readonly firstMissedAt: string;
  readonly lastMissedAt: string;
  /** Call back by then (the first missed call's deadline): the list is ordered by it. */
  readonly callbackDueAt: string;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly lastAttempt: {
    readonly at: string;
    readonly by: string;
    readonly outcome: CallbackOutcome;
  } | null;
  /** Who holds the task now (took it, the hold has not run out, no attempt recorded since). */
  readonly heldBy: string | null;
  readonly heldUntil: string | null;
  /** Not offered again before this (the gap after a failed attempt); null once it has passed. */
  readonly nextAttemptAt: string | null;
  /** 回拨预警 / 回拨超时 recorded by the supervision. */
  readonly warned: boolean;
  readonly overdue: boolean;
  readonly calls: readonly CallbackCall[];
}
