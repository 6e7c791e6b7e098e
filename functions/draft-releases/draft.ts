// The monthly drafting as a use case over its ports, so a unit test passes fakes.
import type { DynamoReleaseStore } from '../../shared/adapters/release-store.js';
import { createRelease, type Person, RELEASE_KINDS } from '../../shared/domain/releases/index.js';
import type { WorkingCalendar } from '../../shared/domain/working-days.js';

export interface DraftDeps {
  readonly store: Pick<DynamoReleaseStore, 'siblings' | 'create'>;
  readonly calendar: () => Promise<WorkingCalendar>;
  /** 专人负责 from configuration, or none (a supervisor assigns one before submitting). */
  readonly responsible: Person | undefined;
}

/** The ids drafted now; a kind with any release for `period` already is skipped. */
export async function draftMonth(period: string, at: string, deps: DraftDeps): Promise<string[]> {
  const calendar = await deps.calendar();
  const drafted: string[] = [];
  for (const kind of RELEASE_KINDS) {
    const existing = await deps.store.siblings(period, kind);
    if (existing.length > 0) continue;
    const result = createRelease(
      { kind, period, ...(deps.responsible ? { responsible: deps.responsible } : {}) },
      { existing, calendar, actor: 'system', at },
    );
    if (!result.ok) continue;
    // 'conflict': another run drafted it between the read and the put.
    if ((await deps.store.create(result.release)) === 'written') drafted.push(result.release.releaseId);
  }
  return drafted;
}
