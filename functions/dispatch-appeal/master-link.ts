// 并单, the master's side: after the merged case is stored, the master's history records it.
import type { CaseIntakeStore } from '../../shared/adapters/case-store.js';
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
 * write it under the version read, re-reading on a conflict.
 *
 * @example await linkToMaster(cases, kase.mergedInto, kase, { now, calendar }) // 'linked'
 */
export async function linkToMaster(
  cases: CaseIntakeStore,
  masterCaseId: string,
  duplicate: Pick<Case, 'caseId' | 'trackingNo'>,
  ctx: { now: Date; calendar: WorkingCalendar },
): Promise<MasterLink> {
  let master = await cases.getById(masterCaseId);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (!master) return 'missing';
    if (hasDuplicateLink(master, duplicate.caseId)) return 'already_linked';
    const linked = applyAction(
      master,
      {
        action: 'link_duplicate',
        duplicateCaseId: duplicate.caseId,
        note: `${INTAKE_MERGE_NOTE}（${duplicate.trackingNo}）`,
      },
      INTAKE_ACTOR,
      ctx,
    );
    if (!linked.ok) return 'refused';
    const written = await cases.update(linked.case, master.version);
    if (written.outcome === 'updated') return 'linked';
    master = written.current ?? (await cases.getById(masterCaseId));
  }
  throw new MasterLinkConflictError(masterCaseId);
}
