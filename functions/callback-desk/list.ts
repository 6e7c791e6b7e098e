// 漏接回拨 list: the open tasks, oldest callback deadline first, as an agent may take them now.
import { isOfferedTo } from '../../shared/domain/callbacks/index.js';
import type { CallbackDeskDeps } from './deps.js';
import { type CallbackItem, itemOf } from './item.js';

/** offered: what the caller may take now (default); all: every open task (supervisors). */
export type CallbackScope = 'offered' | 'all';

/**
 * Index pages read for one `offered` page at most: tasks held by others or waiting for their gap are
 * skipped, and a list that is mostly held must not read on without end. A short page with a cursor
 * says "more may follow".
 */
export const OFFERED_READS_MAX = 5;

/**
 * One page of open tasks off the index (CALLBACKS#open by deadline, oldest first). For `offered`, each
 * read asks for as many tasks as the page still lacks, so every task read is either shown or
 * skipped for good and the cursor never passes over one: a page may be short, never has a gap.
 */
export async function listCallbacks(
  deps: CallbackDeskDeps,
  input: { worker: string; scope: CallbackScope; limit: number; cursor?: string },
): Promise<{ items: CallbackItem[]; nextCursor: string | null }> {
  const now = deps.now();
  const ctx = { lineNames: await deps.lineNames(), maxAttempts: deps.policy().maxAttempts, now };
  if (input.scope === 'all') {
    const page = await deps.callbacks.listOpen({
      limit: input.limit,
      ...(input.cursor ? { cursor: input.cursor } : {}),
    });
    return { items: page.items.map((task) => itemOf(task, ctx)), nextCursor: page.nextCursor ?? null };
  }
  const items: CallbackItem[] = [];
  let cursor = input.cursor;
  for (let read = 0; read < OFFERED_READS_MAX && items.length < input.limit; read++) {
    const page = await deps.callbacks.listOpen({
      limit: input.limit - items.length,
      ...(cursor ? { cursor } : {}),
    });
    for (const task of page.items) if (isOfferedTo(task, input.worker, now)) items.push(itemOf(task, ctx));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return { items, nextCursor: cursor ?? null };
}
