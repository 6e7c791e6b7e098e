// 并单, the master's side: after the merged case is stored, the master's history records it.
import type { CaseIntakeStore } from '../../shared/adapters/case-store.js';
import { updateCase } from '../../shared/adapters/update-case.js';
import {
  applyAction,
  type Case,
  hasDuplicateLink,
  INTAKE_ACTOR,
  INTAKE_MERGE_NOTE,
  type WorkingCalendar,
} from '../../shared/domain/index.js';

/**
 * `linked`: written now; `already_linked`: a previous delivery wrote it; `refused`: the master is
 * no longer open (it closed between the decision and the link: the merge stands, and the citizen
 * sees the closed master); `missing`: no such master.
 */
export type MasterLink = 'linked' | 'already_linked' | 'refused' | 'missing';

/** Version conflicts tolerated before the message is failed and SQS redelivers it. */
const ATTEMPTS = 5;

/** The master link could not be written past concurrent edits: SQS redelivers, and the retry links it. */
export class MasterLinkConflictError extends Error {
  constructor(masterCaseId: string, options?: ErrorOptions) {
    super(`master ${masterCaseId}: link_duplicate lost ${ATTEMPTS} version races`, options);
    this.name = 'MasterLinkConflictError';
  }
}

/**
 * Makes sure the master's history has the `link_duplicate` entry for `duplicate`: read consistently,
 * skip when it is there (a redelivered message adds nothing), otherwise apply the core's action and
 * write it under the version read, re-reading on a conflict (`updateCase`).
 *
 * @example await linkToMaster(cases, kase.mergedInto, kase, { now, calendar }) // 'linked'
 */
export async function linkToMaster(
  cases: CaseIntakeStore,
  masterCaseId: string,
  duplicate: Pick<Case, 'caseId' | 'trackingNo'>,
  ctx: { now: Date; calendar: WorkingCalendar },
): Promise<MasterLink> {
  const link = {
    action: 'link_duplicate',
    duplicateCaseId: duplicate.caseId,
    note: `${INTAKE_MERGE_NOTE}（${duplicate.trackingNo}）`,
  } as const;
  const result = await updateCase(
    cases,
    masterCaseId,
    (master) =>
      hasDuplicateLink(master, duplicate.caseId) ? undefined : applyAction(master, link, INTAKE_ACTOR, ctx),
    { attempts: ATTEMPTS },
  );
  switch (result.outcome) {
    case 'updated':
      return 'linked';
    case 'unchanged':
      return 'already_linked';
    case 'refused':
      return 'refused';
    case 'missing':
      return 'missing';
    case 'conflict':
      throw new MasterLinkConflictError(masterCaseId);
  }
}
