import { describe, expect, it } from 'vitest';
import { coHandlerLinkItems } from '../../../shared/adapters/co-handler-link.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const dispatched: Case = {
  ...createCase(testAppeal(), {
    directory: TEST_DIRECTORY,
    calendar: WEEKENDS_ONLY,
    now: new Date('2026-11-20T02:00:05Z'),
  }),
  coHandlers: ['gulou-gov'],
};

describe('Function: coHandlerLinkItems', () => {
  it('lists a new co-handled case in its co-handler’s partition, sorted by the deadline', () => {
    // Act
    const items = coHandlerLinkItems(undefined, dispatched);

    // Assess
    expect(items).toEqual([
      {
        pk: `CASE#${dispatched.caseId}`,
        sk: 'CO#gulou-gov',
        caseId: dispatched.caseId,
        departmentId: 'gulou-gov',
        version: 1,
        deptQueue: 'CO#gulou-gov#open',
        dueAt: dispatched.dueAt,
      },
    ]);
  });

  it('writes nothing for a change that leaves the links as they are', () => {
    // Act and assess
    expect(coHandlerLinkItems(dispatched, { ...dispatched, status: 'acknowledged', version: 2 })).toEqual([]);
  });

  it('moves the link with the deadline, and drops it from the queue when the case leaves the department', () => {
    // Prepare
    const extended = { ...dispatched, version: 2, dueAt: '2026-12-04T15:59:59.999Z' };
    const completed = { ...extended, version: 3, status: 'completed' as const };

    // Act
    const moved = coHandlerLinkItems(dispatched, extended);
    const dropped = coHandlerLinkItems(extended, completed);

    // Assess
    expect(moved).toEqual([expect.objectContaining({ dueAt: extended.dueAt, version: 2 })]);
    expect(dropped).toEqual([expect.not.objectContaining({ deptQueue: expect.anything() })]);
    expect(dropped[0]).toMatchObject({ sk: 'CO#gulou-gov', version: 3 });
  });

  it('drops the old co-handler and adds the new one on a redispatch', () => {
    // Prepare
    const redispatched = { ...dispatched, version: 2, coHandlers: ['city-urban'] };

    // Act
    const items = coHandlerLinkItems(dispatched, redispatched);

    // Assess
    expect(items).toHaveLength(2);
    expect(items.find((i) => i.sk === 'CO#gulou-gov')).not.toHaveProperty('deptQueue');
    expect(items.find((i) => i.sk === 'CO#city-urban')).toMatchObject({ deptQueue: 'CO#city-urban#open' });
  });
});
