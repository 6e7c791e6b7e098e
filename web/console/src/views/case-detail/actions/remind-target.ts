import type { CaseStatus } from '../../../../../../shared/domain/case';

/**
 * What a supervisor's 催办 urges: a case not yet signed for (dispatched, reopened) is urged to be
 * acknowledged (签收), any other unfinished case to be completed (办结) — the core's two targets.
 *
 * @example remindTarget('dispatched') // 'acknowledge'
 */
export function remindTarget(status: CaseStatus): 'acknowledge' | 'complete' {
  return status === 'dispatched' || status === 'reopened' ? 'acknowledge' : 'complete';
}

/** The target's words in the dialog. */
export const REMIND_TARGET_TEXT = {
  acknowledge: '督促承办单位尽快签收',
  complete: '督促承办单位尽快办结',
} as const;
