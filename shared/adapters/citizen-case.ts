import type { Case } from '../domain/index.js';
import type { CaseStore } from './case-store.js';

// What a citizen's tracking number shows. A case merged at intake (并单) keeps its own tracking
// number, the one the citizen was given at once; the lookup answers with the master it joined.

export interface CitizenView {
  /** The case whose status, department and deadline the citizen is shown. */
  readonly shown: Case;
  /** The citizen's own case, when it was merged into `shown`. */
  readonly mergedFrom?: Case;
}

/**
 * The case to show for `own` (already checked to be the caller's): its master when it was merged,
 * one step only (a master is chosen open and never merged, so no chain is followed); `own` itself
 * otherwise, or when the master cannot be read.
 *
 * @example const { shown, mergedFrom } = await citizenViewOf(store, kase);
 */
export async function citizenViewOf(store: Pick<CaseStore, 'getById'>, own: Case): Promise<CitizenView> {
  if (own.status !== 'merged' || !own.mergedInto) return { shown: own };
  const master = await store.getById(own.mergedInto);
  return master ? { shown: master, mergedFrom: own } : { shown: own };
}

/** The Chinese note the citizen reads beside a merged case's status. */
export function mergedNote(own: Pick<Case, 'trackingNo'>, master: Pick<Case, 'trackingNo'>): string {
  return `您的诉求（工单号 ${own.trackingNo}）与此前反映的问题相同，已并入工单 ${master.trackingNo} 一并办理。`;
}
