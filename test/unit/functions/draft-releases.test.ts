import { describe, expect, it } from 'vitest';
import { draftMonth } from '../../../functions/draft-releases/draft.js';
import type { Release, ReleaseKind } from '../../../shared/domain/releases/index.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';

function memoryStore() {
  const items = new Map<string, Release>();
  return {
    items,
    siblings: async (period: string, kind: ReleaseKind) =>
      [...items.values()].filter((r) => r.period === period && r.kind === kind),
    create: async (release: Release) => {
      if (items.has(release.releaseId)) return 'conflict' as const;
      items.set(release.releaseId, release);
      return 'written' as const;
    },
  };
}

describe('Function: draft-releases', () => {
  it('drafts the two releases of the month just ended once, naming the configured responsible person', async () => {
    // Prepare
    const store = memoryStore();
    const deps = { store, calendar: async () => WEEKENDS_ONLY, responsible: { id: 's-9', name: '陈科长' } };

    // Act
    const first = await draftMonth('2026-11', '2026-12-01T01:00:00.000Z', deps);
    const second = await draftMonth('2026-11', '2026-12-01T02:00:00.000Z', deps);

    // Assess
    expect(first).toEqual(['2026-11-figures-01', '2026-11-cases-01']);
    expect(second).toEqual([]);
    expect(store.items.get('2026-11-figures-01')).toMatchObject({
      state: 'draft',
      dueOn: '2026-12-14',
      responsible: { id: 's-9', name: '陈科长' },
      createdBy: 'system',
    });
  });

  it('leaves the responsible person for a supervisor when none is configured', async () => {
    // Prepare
    const store = memoryStore();

    // Act
    await draftMonth('2026-11', '2026-12-01T01:00:00.000Z', {
      store,
      calendar: async () => WEEKENDS_ONLY,
      responsible: undefined,
    });

    // Assess
    expect(store.items.get('2026-11-cases-01')?.responsible).toBeUndefined();
  });
});

describe('Function: releases (the 通报 from the disclosure book)', () => {
  it('reads each request of the book as reply facts, leaving out a merged one', async () => {
    // Prepare
    const { bookReplies } = await import('../../../functions/releases/bulletin.js');
    const { closed } = (await import('../fixtures/dossier.js')).closedCase();
    const replied = {
      ...closed,
      caseId: 'c-1',
      slaOutcome: 'on_time' as const,
      disclosure: { decidedOn: '2026-11-25' },
    } as never;
    const merged = { ...closed, caseId: 'c-2', status: 'merged' as const } as never;

    // Act
    const facts = await bookReplies({ decidedOrDueIn: async () => [replied, merged] }).decidedIn('2026-11');

    // Assess
    expect(facts).toEqual([
      {
        caseId: 'c-1',
        departmentId: closed.departmentId,
        dueAt: closed.dueAt,
        slaOutcome: 'on_time',
        decidedOn: '2026-11-25',
      },
    ]);
  });
});
