// 并单, the master's side: after the merged case is stored, the master records the link to it.
import type { CaseIntakeStore } from '../../shared/adapters/case-store.js';
import {
  type Case,
  hasDuplicateLink,
  INTAKE_ACTOR,
  INTAKE_MERGE_NOTE,
  OPEN_STATUSES,
} from '../../shared/domain/index.js';

/**
 * `linked`: written now; `already_linked`: a previous delivery wrote it; `refused`: the master is
 * no longer open (it closed between the decision and the link: the merge stands); `missing`: no
 * such master.
 */
export type MasterLink = 'linked' | 'already_linked' | 'refused' | 'missing';

/**
 * Makes sure the master has the link to `duplicate`, as an item of its own beside the master's
 * (`CASE#<master>`, `DUP#<duplicate>`, a conditional put): N duplicates cost N small puts, and the
 * master's item neither grows nor is rewritten, so a flood from one sender is no hot, growing key.
 * A redelivered message puts nothing (the condition), and a master linked the old way (a
 * `link_duplicate` entry in its history, before the links had items) is not linked twice.
 *
 * @example await linkToMaster(cases, kase.mergedInto, kase, { now }) // 'linked'
 */
export async function linkToMaster(
  cases: CaseIntakeStore,
  masterCaseId: string,
  duplicate: Pick<Case, 'caseId' | 'trackingNo'>,
  ctx: { now: Date },
): Promise<MasterLink> {
  const master = await cases.getById(masterCaseId);
  if (!master) return 'missing';
  if (hasDuplicateLink(master, duplicate.caseId)) return 'already_linked';
  if (!OPEN_STATUSES.includes(master.status)) return 'refused';
  const written = await cases.putDuplicateLink(masterCaseId, {
    duplicateCaseId: duplicate.caseId,
    duplicateTrackingNo: duplicate.trackingNo,
    linkedAt: ctx.now.toISOString(),
    actor: INTAKE_ACTOR.id,
    note: INTAKE_MERGE_NOTE,
  });
  return written === 'linked' ? 'linked' : 'already_linked';
}
