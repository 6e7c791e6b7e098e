// 漏接回拨: every change of a callback task, decided here and nowhere else. Pure: the clock and the
// policy come in; the store writes what these return under the version it read. Every change appends
// to `history` with its actor (`system`, `agent:<id>`, or the contact that closed it); the number
// appears nowhere but sealed in `number`.
//
// intake.ts: missed calls open and join a caller's task; the caller's own contact closes it.
// work.ts: the agent's list, taking a task and recording a call. watch.ts: supervision and erasure.
export type { CallbackDecision, CallbackRefusal, MissedCallInput } from './decision.js';
export {
  closeOnCallerContact,
  joinCallbackTask,
  missedCallOf,
  missedReasonOf,
  openCallbackTask,
} from './intake.js';
export { eraseCallbackNumber, superviseCallbackTask } from './watch.js';
export { isOfferedTo, recordCallbackAttempt, takeCallbackTask } from './work.js';
