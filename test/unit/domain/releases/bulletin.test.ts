import { describe, expect, it } from 'vitest';
import {
  buildBulletin,
  type DisclosureReplyFacts,
  type Release,
} from '../../../../shared/domain/releases/index.js';

const NAMES: Record<string, string> = { water: '水务局', housing: '住建局', roads: '交通局' };

function reply(
  departmentId: string,
  decidedOn: string,
  onTime: boolean,
  i: number,
  dueAt = '2026-12-20T15:59:59.000Z',
): DisclosureReplyFacts {
  return {
    caseId: `c-${departmentId}-${i}`,
    departmentId,
    dueAt,
    slaOutcome: onTime ? 'on_time' : 'late',
    decidedOn,
  };
}

function release(id: string, dueOn: string, publishedAt?: string, corrects?: string): Release {
  return {
    releaseId: id,
    kind: 'monthly_figures',
    period: '2026-11',
    state: publishedAt ? 'published' : 'draft',
    version: 1,
    dueOn,
    createdAt: '2026-12-01T00:00:00.000Z',
    createdBy: 'system',
    history: [],
    ...(publishedAt ? { publishedAt } : {}),
    ...(corrects ? { corrects } : {}),
  };
}

describe('Bulletin (通报)', () => {
  it('ranks bodies by rate, then denominator, with ties sharing a rank, counting only replies settled that month', () => {
    // Prepare: water 2/2, housing 2/2 (tie), roads 1/1 (same rate, fewer), hotline 1/2.
    const replies = [
      reply('water', '2026-12-03', true, 1),
      reply('water', '2026-12-04', true, 2),
      reply('housing', '2026-12-05', true, 1),
      reply('housing', '2026-12-06', true, 2),
      reply('roads', '2026-12-07', true, 1),
      reply('roads', '2026-11-30', false, 2, '2026-11-25T15:59:59.000Z'),
    ];
    const releases = [
      release('2026-11-figures-01', '2026-12-14', '2026-12-10T02:00:00.000Z'),
      release('2026-11-cases-01', '2026-12-14'),
      release('2026-11-figures-02', '2026-12-14', '2026-12-20T02:00:00.000Z', '2026-11-figures-01'),
    ];

    // Act
    const bulletin = buildBulletin({
      month: '2026-12',
      today: '2026-12-31',
      replies,
      releases,
      departmentName: (id) => NAMES[id],
      hotlineName: '12345热线',
    });

    // Assess
    expect(bulletin.rows.map((r) => [r.rank, r.bodyId, r.overall.numerator, r.overall.denominator])).toEqual([
      [1, 'housing', 2, 2],
      [1, 'water', 2, 2],
      [3, 'roads', 1, 1],
      [4, 'hotline', 1, 2],
    ]);
    expect(bulletin.rows[3]).toMatchObject({
      bodyName: '12345热线',
      releases: { numerator: 1, denominator: 2, value: 0.5 },
    });
  });

  it('does not count a release before its due day has passed, nor a correction as a second duty', () => {
    // Prepare
    const releases = [
      release('2026-11-cases-01', '2026-12-14'),
      release('2026-11-figures-02', '2026-12-14', '2026-12-20T02:00:00.000Z', 'x'),
    ];

    // Act
    const bulletin = buildBulletin({
      month: '2026-12',
      today: '2026-12-14',
      replies: [],
      releases,
      departmentName: () => undefined,
      hotlineName: '12345热线',
    });

    // Assess
    expect(bulletin.rows).toEqual([]);
  });

  it('judges a reply without an SLA outcome by its decision day against its deadline', () => {
    // Prepare
    const late = {
      caseId: 'c1',
      departmentId: 'water',
      dueAt: '2026-12-02T15:59:59.000Z',
      decidedOn: '2026-12-03',
    };
    const onTime = {
      caseId: 'c2',
      departmentId: 'water',
      dueAt: '2026-12-02T15:59:59.000Z',
      decidedOn: '2026-12-02',
    };

    // Act
    const bulletin = buildBulletin({
      month: '2026-12',
      today: '2026-12-31',
      replies: [late, onTime],
      releases: [],
      departmentName: (id) => NAMES[id],
      hotlineName: '12345热线',
    });

    // Assess
    expect(bulletin.rows[0]).toMatchObject({
      rank: 1,
      bodyName: '水务局',
      replies: { numerator: 1, denominator: 2 },
    });
  });

  it('counts a late or missing reply in the month it fell due, once, and a request not yet due not at all', async () => {
    // Prepare: due in November, replied late in December; due in December, never replied; due later.
    const replies: DisclosureReplyFacts[] = [
      {
        caseId: 'late',
        departmentId: 'water',
        dueAt: '2026-11-20T15:59:59.000Z',
        slaOutcome: 'late',
        decidedOn: '2026-12-02',
      },
      { caseId: 'missing', departmentId: 'water', dueAt: '2026-12-10T15:59:59.000Z' },
      { caseId: 'pending', departmentId: 'water', dueAt: '2027-01-10T15:59:59.000Z' },
    ];
    const input = {
      today: '2026-12-31',
      replies,
      releases: [],
      departmentName: (id: string) => NAMES[id],
      hotlineName: '12345热线',
    };

    // Act
    const november = buildBulletin({ ...input, month: '2026-11' });
    const december = buildBulletin({ ...input, month: '2026-12' });

    // Assess
    expect(november.rows[0]?.replies).toMatchObject({ numerator: 0, denominator: 1 });
    expect(december.rows[0]?.replies).toMatchObject({ numerator: 0, denominator: 1 });
  });
});
