// How the release core's refusals become HTTP: one table, checked complete by the compiler.
import type {
  CreateRefusalCode,
  ReleaseRefusalCode,
  TypicalCaseResult,
} from '../../shared/domain/releases/index.js';
import { HttpError } from '../../shared/http/errors.js';

type TypicalRefusalCode = Extract<TypicalCaseResult, { ok: false }>['refusal']['code'];

/** 409: the release (or case) as it is now does not allow it; 422: the request is wrong; 403: the person may not. */
export const RELEASE_REFUSAL_STATUS: Readonly<
  Record<ReleaseRefusalCode | CreateRefusalCode | TypicalRefusalCode, 403 | 409 | 422>
> = {
  forbidden: 403,
  self_approval: 403,
  release_published: 409,
  wrong_state: 409,
  case_already_chosen: 409,
  case_not_chosen: 409,
  no_responsible: 409,
  release_open: 409,
  already_published: 409,
  already_corrected: 409,
  too_many_releases: 409,
  case_not_finished: 409,
  wrong_kind: 422,
  too_many_cases: 422,
  no_cases: 422,
  period_not_ended: 422,
  bad_correction: 422,
  identifying_text: 422,
};

export function refusalError(refusal: {
  readonly code: keyof typeof RELEASE_REFUSAL_STATUS;
  readonly message: string;
  readonly problems?: unknown;
}): HttpError {
  return new HttpError(RELEASE_REFUSAL_STATUS[refusal.code], refusal.code, refusal.message, {
    ...(refusal.problems === undefined ? {} : { details: { problems: refusal.problems } }),
  });
}

export function versionConflict(): HttpError {
  return new HttpError(409, 'version_conflict', '该发布已被他人修改，请刷新后重试');
}

export function releaseNotFound(): HttpError {
  return new HttpError(404, 'release_not_found', '没有该发布');
}
