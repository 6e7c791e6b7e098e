import { describe, expect, it } from 'vitest';
import { buildWorkingCalendar } from '../../../shared/domain/calendar/index.js';
import { type Case, createCase } from '../../../shared/domain/case.js';
import {
  type Actor,
  applyAction,
  budgetFor,
  DYNAMODB_ITEM_LIMIT_BYTES,
  estimatedItemBytes,
  type LifecycleAction,
  type LifecycleContext,
  NOTE_MAX_CHARS,
  superviseCase,
} from '../../../shared/domain/lifecycle/index.js';
import { SEED_CALENDAR_YEARS } from '../../../shared/seed/calendar/index.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);
const water: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };
const supervisor: Actor = { role: 'supervisor', id: 's-1' };

function ctx(now: string): LifecycleContext {
  return { now: new Date(`${now}+08:00`), calendar, directory: TEST_DIRECTORY };
}

/** A help case received Friday 2026-11-20 10:00, dispatched to water-group, acknowledged. */
function acknowledgedCase(): Case {
  const kase = createCase(testAppeal(), {
    directory: TEST_DIRECTORY,
    calendar,
    now: new Date('2026-11-20T10:00:05+08:00'),
  });
  const acked = applyAction(kase, { action: 'acknowledge' }, water, ctx('2026-11-20T14:00:00'));
  if (!acked.ok) throw new Error(acked.refusal.code);
  return acked.case;
}

const maximalNote = '办'.repeat(NOTE_MAX_CHARS);

/** Same-day pause and resume with maximal notes, until the core refuses one: the brick attempt. */
function pauseResumeUntilRefused(kase: Case) {
  let current = kase;
  for (let i = 0; i < 1000; i++) {
    const action: LifecycleAction = current.pausedSince
      ? { action: 'resume', note: maximalNote }
      : { action: 'pause', reason: 'third_party', note: maximalNote };
    const result = applyAction(current, action, water, ctx('2026-11-23T09:00:00'));
    if (!result.ok) return { current, refusal: result.refusal, accepted: i };
    current = result.case;
  }
  throw new Error('never refused');
}

describe('Core: the case item budget', () => {
  it('counts a case as the UTF-8 bytes of its JSON plus the keys an item adds', () => {
    // Prepare
    const kase = acknowledgedCase();
    const withNote = {
      ...kase,
      history: [...kase.history, { at: kase.receivedAt, actor: 'x', action: 'y', note: '办' }],
    };

    // Act
    const before = estimatedItemBytes(kase);
    const after = estimatedItemBytes(withNote);

    // Assess
    expect(before).toBeGreaterThan(new TextEncoder().encode(JSON.stringify(kase)).length);
    // '办' is three bytes of UTF-8, as DynamoDB counts a string.
    const entry = JSON.stringify({ at: kase.receivedAt, actor: 'x', action: 'y', note: '办' });
    expect(after - before).toBe(entry.length + 2 + 1); // two more bytes for '办', one for the comma
  });

  it('refuses a department with 422-class case_too_large before the item nears the DynamoDB limit', () => {
    // Prepare
    const kase = acknowledgedCase();

    // Act
    const { current, refusal, accepted } = pauseResumeUntilRefused(kase);

    // Assess
    expect(refusal.code).toBe('case_too_large');
    expect(accepted).toBeGreaterThan(20);
    expect(estimatedItemBytes(current)).toBeLessThanOrEqual(budgetFor('department').bytes);
    expect(current.history.length).toBeLessThanOrEqual(budgetFor('department').historyEntries);
    expect(budgetFor('supervisor').bytes + 20_000).toBeLessThan(DYNAMODB_ITEM_LIMIT_BYTES);
  });

  it('leaves a supervisor and the supervision job room to act on a case a department filled', () => {
    // Prepare
    const { current } = pauseResumeUntilRefused(acknowledgedCase());
    const resumed = current.pausedSince
      ? applyAction(current, { action: 'resume', note: maximalNote }, supervisor, ctx('2026-11-23T09:00:00'))
      : { ok: true as const, case: current };
    if (!resumed.ok) throw new Error(resumed.refusal.code);

    // Act
    const supervised = superviseCase(resumed.case, ctx('2026-12-31T09:00:00'));
    const closed = applyAction(
      supervised.case,
      { action: 'close', note: maximalNote },
      supervisor,
      ctx('2026-12-31T10:00:00'),
    );

    // Assess
    expect(supervised.steps).toContain('marked_overdue');
    expect(closed.ok).toBe(true);
    if (closed.ok) expect(estimatedItemBytes(closed.case)).toBeLessThan(DYNAMODB_ITEM_LIMIT_BYTES);
  });

  it('refuses a department at the history entry cap however short its entries', () => {
    // Prepare
    const kase = acknowledgedCase();
    const entries = Array.from({ length: budgetFor('department').historyEntries }, () => ({
      at: kase.receivedAt,
      actor: 'x',
      action: 'remind',
    }));
    const full = { ...kase, history: entries };

    // Act
    const department = applyAction(
      full,
      { action: 'pause', reason: 'third_party' },
      water,
      ctx('2026-11-23T09:00:00'),
    );
    const bySupervisor = applyAction(
      full,
      { action: 'pause', reason: 'third_party' },
      supervisor,
      ctx('2026-11-23T09:00:00'),
    );

    // Assess
    expect(department.ok ? undefined : department.refusal.code).toBe('case_too_large');
    expect(bySupervisor.ok).toBe(true);
  });
});
