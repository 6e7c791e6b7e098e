import { request } from './http';
import type { CaseSummary, Page } from './types';

// 督办: the supervisors' review queues.

/**
 * The queues GET /v1/supervision/cases?queue= knows (SUPERVISOR_QUEUES of shared/adapters/case-item.ts,
 * not imported: the adapters module carries the parser). Overdue cases have no queue of their own.
 */
export type SupervisionQueue = 'extension' | 'dissatisfied';

export interface SupervisionSummary extends CaseSummary {
  readonly feedback?: { rating: string; comment?: string; at: string };
  readonly pendingExtension?: {
    requestedAt: string;
    requestedBy: string;
    reason: string;
    /** The deadline the department asks for (an instant, 23:59:59 Beijing time of a day). */
    requestedDueAt: string;
  };
}

export function supervisionQueue(
  queue: SupervisionQueue,
  query: { cursor?: string; limit?: number } = {},
): Promise<Page<SupervisionSummary>> {
  return request('/v1/supervision/cases', { query: { queue, ...query } });
}
