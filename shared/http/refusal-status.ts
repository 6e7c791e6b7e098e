// How the core's lifecycle refusals become HTTP: one table for every function that applies an action.
import type { Refusal, RefusalCode } from '../domain/lifecycle/index.js';
import { HttpError } from './errors.js';

/**
 * Each refusal's status, checked complete by the compiler. 409: the action does not fit the case as
 * it is now (retrying after the case changes may succeed). 422: the request itself is wrong.
 * 403: the role may not take it. (A department acting on a case it cannot see never reaches the
 * core: it gets the same 404 as for a case that does not exist.)
 */
export const REFUSAL_STATUS: Readonly<Record<RefusalCode, 403 | 409 | 422>> = {
  forbidden: 403,
  illegal_transition: 409,
  same_department: 409,
  deadline_passed: 409,
  extension_pending: 409,
  no_pending_extension: 409,
  paused: 409,
  not_paused: 409,
  already_rated: 409,
  sla_decided: 409,
  not_due: 409,
  already_done: 409,
  taken_by_other: 409,
  correction_open: 409,
  no_open_correction: 409,
  not_registered: 409,
  already_registered: 409,
  no_draft: 409,
  no_third_party_consultation: 409,
  correction_too_late: 409,
  unchanged: 409,
  not_a_disclosure_request: 422,
  self_approval: 403,
  letter_required: 422,
  invalid_reason: 422,
  invalid_input: 422,
  invalid_rating: 422,
  unknown_department: 422,
  deadline_in_past: 422,
  deadline_not_later: 422,
  extension_beyond_policy: 422,
  invalid_merge: 422,
  case_too_large: 422,
  pause_limit_reached: 422,
};

/**
 * The refusal as the error the JSON error middleware answers with: its status from the table, the
 * core's code and Chinese message as they are.
 *
 * @example
 * if (!result.ok) throw refusalError(result.refusal); // 409 illegal_transition …
 */
export function refusalError(refusal: Refusal): HttpError {
  return new HttpError(REFUSAL_STATUS[refusal.code], refusal.code, refusal.message);
}
