// How the callback desk's refusals become HTTP: one place, so the three routes answer alike.
import type { CallbackRefusal } from '../../shared/domain/callbacks/index.js';
import { BadRequestError, HttpError, NotFoundError } from '../../shared/http/errors.js';

/**
 * Each refusal of the core is 409: the request does not fit the task as it is now (another agent
 * holds it, its gap has not passed, it is closed, its number is erased); a reload shows why.
 */
export const CALLBACK_REFUSAL_STATUS: Readonly<Record<CallbackRefusal['code'], 409>> = {
  not_open: 409,
  held_by_other: 409,
  not_held: 409,
  too_soon: 409,
  no_number: 409,
};

export function callbackRefusalError(refusal: CallbackRefusal): HttpError {
  return new HttpError(CALLBACK_REFUSAL_STATUS[refusal.code], refusal.code, refusal.message);
}

export const taskNotFound = () => new NotFoundError('not_found', '未找到该回拨任务');

export const invalidTaskId = () => new BadRequestError('invalid_task_id', 'taskId 不是有效的回拨任务编号');

/** Two writes at once on one task, twice over: the agent reloads and sees who won. */
export const versionConflict = () =>
  new HttpError(409, 'version_conflict', '回拨任务已被他人更新，请刷新后重试');

export const appealExists = () =>
  new HttpError(409, 'appeal_exists', '该来电已录入了另一份诉求，不能重复录入；如需补充请在工单上操作');
