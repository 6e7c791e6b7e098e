import { describe, expect, it } from 'vitest';
import { createCase } from '../../../shared/domain/case.js';
import { caseSummaryOf, supervisionStateOf } from '../../../shared/domain/case-summary.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const kase = createCase(testAppeal(), {
  directory: TEST_DIRECTORY,
  calendar: WEEKENDS_ONLY,
  now: new Date('2026-11-20T02:00:05Z'),
});

describe('Function: caseSummaryOf', () => {
  it('gives the row fields with the lead department and the version, and nothing personal', () => {
    // Act
    const summary = caseSummaryOf(kase);

    // Assess
    expect(summary).toMatchObject({ caseId: kase.caseId, departmentId: 'water-group', version: 1 });
    expect(summary).not.toHaveProperty('supervision');
    expect(summary).not.toHaveProperty('contact');
    expect(summary).not.toHaveProperty('content');
  });
});

describe('Function: supervisionStateOf', () => {
  it.each([
    [{ warnedFor: kase.dueAt }, 'warned'],
    [{ warnedFor: kase.dueAt, remindedFor: kase.dueAt }, 'reminded'],
    [{ ackRemindedFor: kase.ackDueAt }, 'reminded'],
    [{ remindedFor: kase.dueAt, markedOverdueAt: '2026-11-28T00:00:00.000Z' }, 'overdue'],
    // An extension moved the deadline: the steps taken for the old one no longer colour the case.
    [{ warnedFor: '2026-11-01T00:00:00.000Z', remindedFor: '2026-11-01T00:00:00.000Z' }, undefined],
    [{}, undefined],
  ])('reads %j as %s', (supervision, state) => {
    // Act and assess
    expect(supervisionStateOf({ ...kase, supervision })).toBe(state);
  });

  it('does not count a reminder to acknowledge once the case is acknowledged', () => {
    // Act and assess
    expect(
      supervisionStateOf({ ...kase, status: 'acknowledged', supervision: { ackRemindedFor: kase.ackDueAt } }),
    ).toBe(undefined);
  });
});
