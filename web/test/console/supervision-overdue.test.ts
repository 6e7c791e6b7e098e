import { describe, expect, it } from 'vitest';
import type { CaseSummary } from '../../console/src/api/types';
import { inBatches, isOverdue, overdueOf } from '../../console/src/views/supervision/overdue';

const NOW = new Date('2026-12-03T08:00:00.000Z');

function row(caseId: string, dueAt: string, over: Partial<CaseSummary> = {}): CaseSummary {
  return {
    caseId,
    trackingNo: `T-${caseId}`,
    status: 'acknowledged',
    type: 'complaint',
    urgency: 'normal',
    category: 'noise',
    district: 'gulou',
    receivedAt: '2026-11-01T00:00:00.000Z',
    dueAt,
    ...over,
  };
}

describe('Module: overdue', () => {
  it('counts a case overdue by the job’s mark or by its deadline, but not while paused', () => {
    // Assess
    expect(isOverdue(row('a', '2026-12-10T00:00:00.000Z', { supervision: 'overdue' }), NOW)).toBe(true);
    expect(isOverdue(row('b', '2026-12-01T00:00:00.000Z'), NOW)).toBe(true);
    expect(isOverdue(row('c', '2026-12-01T00:00:00.000Z', { paused: true }), NOW)).toBe(false);
    expect(isOverdue(row('d', '2026-12-10T00:00:00.000Z', { supervision: 'warned' }), NOW)).toBe(false);
  });

  it('gathers the departments’ overdue cases oldest deadline first, naming a department with more', () => {
    // Act
    const view = overdueOf(
      [
        {
          departmentId: 'water',
          page: {
            items: [row('w1', '2026-11-20T00:00:00.000Z'), row('w2', '2026-11-25T00:00:00.000Z')],
            nextCursor: 'more',
          },
        },
        {
          departmentId: 'housing',
          page: {
            items: [row('h1', '2026-11-22T00:00:00.000Z'), row('h2', '2026-12-20T00:00:00.000Z')],
            nextCursor: 'x',
          },
        },
        { departmentId: 'empty', page: { items: [], nextCursor: null } },
      ],
      NOW,
    );

    // Assess
    expect(view.rows.map((r) => r.caseId)).toEqual(['w1', 'h1', 'w2']);
    expect(view.rows[0]?.departmentId).toBe('water');
    expect(view.more).toEqual(['water']);
  });

  it('runs the reads at most `limit` at once and keeps their order', async () => {
    // Prepare
    let running = 0;
    let peak = 0;

    // Act
    const out = await inBatches([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5 - (n % 3)));
      running--;
      return n * 10;
    });

    // Assess
    expect(out).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
  });
});
