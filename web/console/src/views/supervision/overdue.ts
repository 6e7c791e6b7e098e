import type { CaseSummary, Page } from '../../api/types';

// 逾期 has no queue of its own in the API (SUPERVISOR_QUEUES: extension, dissatisfied): a supervisor
// finds overdue cases in the departments' own queues, which list the soonest deadline first, so each
// department's overdue cases lead its first page. This gathers them; a department whose whole first
// page is overdue may have more, and is named so the supervisor opens its full list.

export interface DepartmentPage {
  readonly departmentId: string;
  readonly page: Page<CaseSummary>;
}

export interface OverdueView {
  /** Overdue cases of every department read, oldest deadline first. */
  readonly rows: CaseSummary[];
  /** Departments with more cases past the page read: their overdue count is at least what is shown. */
  readonly more: string[];
}

/** Overdue by the supervision job's mark, or by the clock when the job has not run yet. */
export function isOverdue(row: CaseSummary, now: Date): boolean {
  if (row.supervision === 'overdue') return true;
  if (row.paused || !row.dueAt) return false;
  return new Date(row.dueAt).getTime() < now.getTime();
}

/**
 * @example
 * overdueOf([{ departmentId: 'water', page: { items: [late, fine], nextCursor: null } }], now)
 * // { rows: [late], more: [] }
 */
export function overdueOf(pages: readonly DepartmentPage[], now: Date): OverdueView {
  const rows: CaseSummary[] = [];
  const more: string[] = [];
  const seen = new Set<string>();
  for (const { departmentId, page } of pages) {
    const late = page.items.filter((r) => isOverdue(r, now));
    if (late.length === page.items.length && page.items.length > 0 && page.nextCursor)
      more.push(departmentId);
    for (const r of late) {
      if (seen.has(r.caseId)) continue;
      seen.add(r.caseId);
      rows.push(r.departmentId ? r : { ...r, departmentId });
    }
  }
  rows.sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
  return { rows, more };
}

/** Runs `work` over `items` with at most `limit` at once (a supervisor's browser, not a batch job). */
export async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
