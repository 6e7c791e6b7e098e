import type { Case } from '../domain/index.js';

// What a citizen's tracking number shows of a merged case (并单). The citizen proved only their own
// case's contact (the last four digits of its phone, or its WeChat sender), not the master's: the
// master may be another citizen's (a dispatcher's manual merge), so its tracking number, type,
// department, status and dates are never shown. The lookup answers with the citizen's own case,
// says it was merged and is being handled, and leaves out what no longer applies to it.

/** Was the citizen's own case merged into another? */
export function isMerged(own: Pick<Case, 'status'>): boolean {
  return own.status === 'merged';
}

/** The Chinese note the citizen reads beside a merged case's status: their own number only. */
export function mergedNote(own: Pick<Case, 'trackingNo'>): string {
  return `您的诉求（工单号 ${own.trackingNo}）已与反映相同问题的工单并单办理，正在处理中，办理结果将一并答复。`;
}

/**
 * The merged case's part of the lookup's answer: the note (the caller leaves out its own `dueAt`,
 * which binds nobody once the case is handled as part of another). Empty for any other case.
 *
 * @example json(200, { ...fields, ...mergedLookupFields(own) })
 */
export function mergedLookupFields(own: Pick<Case, 'status' | 'trackingNo'>): { note?: string } {
  return isMerged(own) ? { note: mergedNote(own) } : {};
}
