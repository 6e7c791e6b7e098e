import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type {
  ArchiveResult,
  DossierArchive,
  LegalHoldResult,
} from '../../shared/adapters/dossier-archive.js';
import { dossierArchive } from '../../shared/adapters/stores.js';
import { isTerminal } from '../../shared/domain/dossier/index.js';
import type { Case } from '../../shared/domain/index.js';
import { logger } from '../../shared/logger.js';
import { metrics } from '../../shared/metrics.js';

// 归档 from the cases stream: a case that has just become terminal (closed, or merged into another)
// leaves its dossier in the archive bucket; a terminal case whose history grew afterwards (a 行政复议
// or 行政诉讼 recorded on a closed disclosure request, a 法律保全 set or lifted) leaves a further
// dossier beside it. A legal hold reaches S3 here and only here: the stream is its one source.

/** One stream record read as the case before and after the write. */
export interface CaseChange {
  readonly before?: Case;
  readonly after?: Case;
}

export interface ArchiveDeps {
  /** Default: the archive bucket through the shared S3 client, made on first use. */
  readonly archive?: DossierArchive;
}

/** The cases of a batch that became terminal in it: not terminal before, terminal after. */
export function newlyTerminal(changes: readonly CaseChange[]): Case[] {
  return changes.flatMap(({ before, after }) =>
    after && isTerminal(after.status) && !isTerminal(before?.status) ? [after] : [],
  );
}

/**
 * The cases of a batch that were terminal already and gained history entries in it (record_review,
 * the one action a terminal status allows). A change that appends no history (a notice's receipt
 * recorded on the item) leaves the dossier as it is: the dossier records the history, not delivery.
 */
export function revisedTerminal(changes: readonly CaseChange[]): Case[] {
  return changes.flatMap(({ before, after }) =>
    after &&
    before &&
    isTerminal(after.status) &&
    isTerminal(before.status) &&
    after.history.length > before.history.length
      ? [after]
      : [],
  );
}

/**
 * The cases of a batch whose S3 legal hold must be put, each as its last change in the batch left
 * it: a terminal case that gained a legal_hold entry (set or lifted), and a held case that gained
 * any other entry (its further dossier must be held like the rest). One per case, so a hold set
 * and lifted within one batch ends as the case does, never by the order of parallel calls.
 */
export function legalHoldsOf(changes: readonly CaseChange[]): Case[] {
  const last = new Map<string, Case>();
  for (const { before, after } of changes) {
    if (!after || !before || !isTerminal(after.status) || !isTerminal(before.status)) continue;
    const added = after.history.slice(before.history.length);
    if (added.some((h) => h.action === 'legal_hold') || (after.legalHold?.on && added.length > 0)) {
      last.set(after.caseId, after);
    }
  }
  return [...last.values()];
}

/**
 * Writes the dossier of each case that became terminal in `changes`, and a further dossier
 * (`dossier.v<version>.json`) of each terminal case whose history grew. Throws when a dossier cannot
 * be written, so the invocation fails and the batch is retried (a replay rewrites nothing: each
 * file is create-only and built from the record alone). A file already there with other bytes is
 * an ERROR log and an `ArchiveConflict` metric (alarmed), never an overwrite, and not a failure:
 * retrying could not change the outcome. Then, once the further dossiers are there, the legal hold
 * of each case that needs it (legalHoldsOf) is put on every object of its dossier; a failure throws
 * as well, and the retried batch puts it again (the same state: idempotent).
 *
 * @example
 * await archiveTerminalCases([{ before: completedCase, after: closedCase }]);
 */
export async function archiveTerminalCases(
  changes: readonly CaseChange[],
  deps: ArchiveDeps = {},
): Promise<ArchiveResult[]> {
  const cases = newlyTerminal(changes);
  const revised = revisedTerminal(changes);
  if (cases.length === 0 && revised.length === 0) return [];
  const archive = deps.archive ?? dossierArchive();
  const results = await Promise.all([
    ...cases.map((kase) => archive.archive(kase)),
    ...revised.map((kase) => archive.archive(kase, { supplement: true })),
  ]);
  for (const result of results) report(result);
  const holds = await Promise.all(
    legalHoldsOf(changes).map((kase) => archive.setLegalHold(kase, kase.legalHold?.on ?? false)),
  );
  for (const hold of holds) reportHold(hold);
  return results;
}

function reportHold(hold: LegalHoldResult): void {
  logger.info(hold.status === 'ON' ? 'legal hold set' : 'legal hold lifted', {
    caseId: hold.caseId,
    status: hold.status,
    objects: hold.keys.length,
    ...(hold.missing.length > 0 ? { missing: hold.missing } : {}),
  });
}

function report(result: ArchiveResult): void {
  const { dossier, keys } = result;
  const conflicts = (['json', 'html'] as const).filter((file) => result[file] === 'conflict');
  if (conflicts.length === 0) {
    logger.info('dossier archived', {
      caseId: dossier.caseId,
      key: keys.json,
      json: result.json,
      html: result.html,
      manifestHash: dossier.manifest.hash,
    });
    return;
  }
  logger.error('archive conflict: a dossier file exists with other bytes and was not overwritten', {
    caseId: dossier.caseId,
    keys: conflicts.map((file) => keys[file]),
    manifestHash: dossier.manifest.hash,
  });
  const single = metrics.singleMetric();
  single.addMetric('ArchiveConflict', MetricUnit.Count, conflicts.length);
}
