import { request } from './http';
import type { CaseSummary, Page } from './types';

// 督办: the supervisors' review queues.

/** The queues GET /v1/supervision/cases?queue= knows (see shared/adapters/case-item.ts). */
export type SupervisionQueue = string;

export interface SupervisionSummary extends CaseSummary {
  readonly feedback?: { rating: string; comment?: string; at: string };
  readonly pendingExtension?: {
    requestedAt: string;
    requestedBy: string;
    reason: string;
    until?: string;
    days?: number;
  };
}

export function supervisionQueue(
  queue: SupervisionQueue,
  query: { cursor?: string; limit?: number } = {},
): Promise<Page<SupervisionSummary>> {
  return request('/v1/supervision/cases', { query: { queue, ...query } });
}
