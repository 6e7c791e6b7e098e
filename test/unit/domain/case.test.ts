import { describe, expect, it } from 'vitest';
import { CaseSchema, createCase, phoneLast4Matches } from '../../../shared/domain/case.js';
import { WEEKENDS_ONLY } from '../../../shared/domain/working-days.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const context = { directory: TEST_DIRECTORY, calendar: WEEKENDS_ONLY, now: new Date('2026-11-20T02:00:05Z') };

describe('Function: createCase', () => {
  it('dispatches a routable appeal with deadlines in working days', () => {
    // Act
    const kase = createCase(testAppeal(), { ...context, rawKey: 'raw/2026/11/20/x.json' });

    // Assess
    expect(CaseSchema.parse(kase)).toEqual(kase);
    expect(kase.status).toBe('dispatched');
    expect(kase.departmentId).toBe('water-group');
    expect(kase.version).toBe(1);
    // help: 5 working days after Friday → Mon..Fri of the next week
    expect(kase.dueAt).toBe('2026-11-27T15:59:59.000Z');
    // acknowledge within 1 working day → Monday
    expect(kase.ackDueAt).toBe('2026-11-23T15:59:59.000Z');
    expect(kase.rawKey).toBe('raw/2026/11/20/x.json');
    expect(kase.history.map((h) => h.action)).toEqual(['receive', 'dispatch']);
  });

  it('leaves an unroutable appeal pending for a dispatcher', () => {
    // Act
    const kase = createCase(testAppeal({ category: 'other', type: 'consultation' }), context);

    // Assess
    expect(kase.status).toBe('pending_dispatch');
    expect(kase.departmentId).toBeUndefined();
    expect(kase.history.at(-1)?.action).toBe('await_dispatch');
  });

  it('counts an urgent case in calendar hours', () => {
    // Act
    const kase = createCase(testAppeal({ urgency: 'urgent', type: 'complaint' }), context);

    // Assess
    expect(kase.dueAt).toBe('2026-11-21T02:00:00.000Z');
    expect(kase.ackDueAt).toBe('2026-11-20T04:00:00.000Z');
  });
});

describe('Function: phoneLast4Matches', () => {
  it('matches only the last four digits of the masked number', () => {
    // Prepare
    const kase = createCase(testAppeal(), context);

    // Act & Assess
    expect(phoneLast4Matches(kase, '5678')).toBe(true);
    expect(phoneLast4Matches(kase, '5679')).toBe(false);
    expect(phoneLast4Matches(kase, '567')).toBe(false);
  });
});

describe('Function: createCase for an appeal resolved at intake', () => {
  it('creates the case completed and on time, with no department', () => {
    // Prepare
    const appeal = testAppeal({
      type: 'consultation',
      resolution: { at: '2026-11-20T02:03:00.000Z', by: 'agent:a-007', reply: '已告知办理流程' },
    });

    // Act
    const kase = createCase(appeal, context);

    // Assess
    expect(CaseSchema.parse(kase)).toEqual(kase);
    expect(kase).toMatchObject({
      status: 'completed',
      completedAt: '2026-11-20T02:03:00.000Z',
      slaOutcome: 'on_time',
      resolvedAtIntake: true,
      coHandlers: [],
    });
    expect(kase.departmentId).toBeUndefined();
    expect(kase.history.at(-1)).toMatchObject({ actor: 'agent:a-007', action: 'complete' });
  });
});

describe('Schema: ContactSchema', () => {
  it('accepts a WeChat contact with only an openid hash and refuses an empty one', () => {
    // Act & Assess
    expect(CaseSchema.shape.contact.safeParse({ openIdHash: 'b'.repeat(64) }).success).toBe(true);
    expect(CaseSchema.shape.contact.safeParse({}).success).toBe(false);
    expect(CaseSchema.shape.contact.safeParse({ phoneHash: 'c'.repeat(64) }).success).toBe(false);
  });

  it('never matches phone digits on a case without a phone', () => {
    // Prepare
    const kase = createCase(testAppeal({ contact: { openIdHash: 'b'.repeat(64) } }), context);

    // Act & Assess
    expect(phoneLast4Matches(kase, '')).toBe(false);
    expect(phoneLast4Matches(kase, '5678')).toBe(false);
  });
});
