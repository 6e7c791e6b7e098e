import { describe, expect, it } from 'vitest';
import { newlyTerminal } from '../../../../functions/project-case-events/archive.js';
import type { Case } from '../../../../shared/domain/case.js';
import { followUpCallDueAt, nextCheckAt } from '../../../../shared/domain/lifecycle/index.js';
import {
  aggregateId,
  aggregateKey,
  contributionsOf,
  deltaOf,
  sumInto,
} from '../../../../shared/domain/metrics/index.js';
import { addInto, emptyCounters, ratesOf } from '../../../../shared/domain/metrics/rates.js';
import {
  clerk,
  LETTER,
  PARTLY_DISCLOSED,
  registered,
  reviewer,
  run,
} from '../../fixtures/disclosure-case.js';

const source = (kase: Case) => ({ kind: 'case', case: kase }) as const;

function replied(): { before: Case; after: Case } {
  const before = run(registered(), [
    { action: 'draft_reply', reply: PARTLY_DISCLOSED, drafterName: '王五' },
    clerk,
    '2026-12-10T10:00:00',
  ]);
  const after = run(before, [
    { action: 'approve_reply', confidentialityReviewed: true, reviewerName: '李审核' },
    reviewer,
    '2026-12-22T10:00:00',
    { letter: LETTER },
  ]);
  return { before, after };
}

describe('A replied disclosure request in the metrics, the follow-up list and the archive', () => {
  it('counts its completion and its on-time outcome once, as a completed case, and as a disclosure reply', () => {
    // Prepare
    const { before, after } = replied();

    // Act: the stream's deltas over the walk equal a recount of the last state
    const summed = new Map();
    let previous: Case | undefined;
    for (const kase of [registered(), before, after]) {
      sumInto(summed, deltaOf(previous ? source(previous) : undefined, source(kase)));
      previous = kase;
    }
    const recount = contributionsOf(source(after));

    // Assess
    expect(summed).toEqual(recount);
    const onReplyDay = recount.get(aggregateId(aggregateKey('all', '2026-12-22')));
    expect(onReplyDay).toMatchObject({ completed: 1, disclosureReplies: 1, noticesQueued: 1 });
    const onDueDay = recount.get(aggregateId(aggregateKey('all', '2026-12-29')));
    expect(onDueDay).toEqual({ slaDue: 1, slaOnTime: 1 });
    expect(
      recount.get(aggregateId(aggregateKey('department', '2026-12-22', 'housing-bureau'))),
    ).toMatchObject({
      completed: 1,
    });
  });

  it('leaves it out of the follow-up rates’ denominators, keeping it in on-time completion', () => {
    // Prepare
    const { after } = replied();
    const all = [...contributionsOf(source(after))].filter(([id]) => id.startsWith('all|'));
    const totals = emptyCounters();
    for (const [, counters] of all) addInto(totals, { ...emptyCounters(), ...counters });

    // Act
    const rates = ratesOf(totals);

    // Assess
    expect(rates.feedbackResponseRate).toMatchObject({ numerator: 0, denominator: 0, value: null });
    expect(rates.followUpContactRate).toMatchObject({ numerator: 0, denominator: 0 });
    expect(rates.onTimeRate).toMatchObject({ numerator: 1, denominator: 1 });
    expect(rates.avgHandlingHours.denominator).toBe(1);
  });

  it('never puts it on the follow-up call list or the supervision index', () => {
    // Prepare
    const { after } = replied();

    // Act & Assess
    expect(followUpCallDueAt(after)).toBeUndefined();
    expect(nextCheckAt(after)).toBeUndefined();
  });

  it('archives it when it goes straight from acknowledged to closed', () => {
    // Prepare
    const { before, after } = replied();

    // Act
    const archived = newlyTerminal([{ before, after }]);

    // Assess
    expect(before.status).toBe('acknowledged');
    expect(archived.map((k) => k.caseId)).toEqual([after.caseId]);
  });
});
