import { describe, expect, it } from 'vitest';
import { buildWorkingCalendar } from '../../../shared/domain/calendar/index.js';
import { type Case, CaseSchema, createCase } from '../../../shared/domain/case.js';
import { closedAtOf } from '../../../shared/domain/dossier/index.js';
import {
  type Actor,
  applyAction,
  type LifecycleAction,
  LifecycleActionSchema,
  REASON_MAX_CHARS,
} from '../../../shared/domain/lifecycle/index.js';
import { SEED_CALENDAR_YEARS } from '../../../shared/seed/calendar/index.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);
const supervisor: Actor = { role: 'supervisor', id: 's-1' };
const agent: Actor = { role: 'agent', id: 'a-1' };

function at(dateTime: string): Date {
  return new Date(`${dateTime}+08:00`);
}

function apply(kase: Case, action: LifecycleAction, actor: Actor, now: string) {
  return applyAction(kase, action, actor, { now: at(now), calendar, directory: TEST_DIRECTORY });
}

function must(kase: Case, action: LifecycleAction, actor: Actor, now: string): Case {
  const result = apply(kase, action, actor, now);
  if (!result.ok) throw new Error(`${action.action} refused: ${result.refusal.code}`);
  return result.case;
}

/** A case a supervisor force-closed on 2026-11-21. */
function closedCase(): Case {
  const kase = createCase(testAppeal(), {
    directory: TEST_DIRECTORY,
    calendar,
    now: at('2026-11-20T10:00:05'),
  });
  return must(kase, { action: 'close', note: '重复来电' }, supervisor, '2026-11-21T09:00:00');
}

/** A case merged into another on 2026-11-20. */
function mergedCase(): Case {
  const kase = createCase(testAppeal({ category: 'other' }), {
    directory: TEST_DIRECTORY,
    calendar,
    now: at('2026-11-20T10:00:05'),
  });
  return must(kase, { action: 'merge', masterCaseId: 'master-case-1' }, agent, '2026-11-20T11:00:00');
}

const HOLD: LifecycleAction = {
  action: 'legal_hold',
  hold: true,
  note: '法院调取证据（(2026)闽0102民初123号）',
};
const LIFT: LifecycleAction = { action: 'legal_hold', hold: false, note: '案件审结，法院函告解除' };

describe('Action: legal_hold (法律保全)', () => {
  it('sets the hold on a closed case, audited in its history, and changes nothing else', () => {
    // Prepare
    const closed = closedCase();

    // Act
    const result = apply(closed, HOLD, supervisor, '2026-12-01T15:00:00');

    // Assess
    expect(result.ok).toBe(true);
    const held = (result as { case: Case }).case;
    expect(held.legalHold).toEqual({
      on: true,
      since: '2026-12-01T07:00:00.000Z',
      by: 'supervisor:s-1',
      note: '法院调取证据（(2026)闽0102民初123号）',
    });
    expect(held.history.at(-1)).toEqual({
      at: '2026-12-01T07:00:00.000Z',
      actor: 'supervisor:s-1',
      action: 'legal_hold',
      note: 'on: 法院调取证据（(2026)闽0102民初123号）',
    });
    const { legalHold: _hold, history, version, ...rest } = held;
    const { history: before, version: previous, ...restBefore } = closed;
    expect(rest).toEqual(restBefore);
    expect(history.slice(0, -1)).toEqual(before);
    expect(version).toBe(previous + 1);
    expect(CaseSchema.safeParse(held).success).toBe(true);
    // The dossier's place is still the close's, not the hold's.
    expect(closedAtOf(held)).toBe(closedAtOf(closed));
  });

  it('lifts the hold with its own reason, the history keeping both', () => {
    // Prepare
    const held = must(closedCase(), HOLD, supervisor, '2026-12-01T15:00:00');

    // Act
    const lifted = must(held, LIFT, supervisor, '2027-03-02T10:00:00');

    // Assess
    expect(lifted.legalHold).toMatchObject({ on: false, since: '2027-03-02T02:00:00.000Z', note: LIFT.note });
    expect(lifted.history.slice(-2).map((h) => h.note)).toEqual([`on: ${HOLD.note}`, `off: ${LIFT.note}`]);
  });

  it('holds a merged case too: it is archived as well', () => {
    // Act
    const held = must(mergedCase(), HOLD, supervisor, '2026-12-01T15:00:00');

    // Assess
    expect(held.status).toBe('merged');
    expect(held.legalHold?.on).toBe(true);
  });

  it('refuses a hold already in the asked state (already_done), so a retry writes nothing', () => {
    // Prepare
    const closed = closedCase();
    const held = must(closed, HOLD, supervisor, '2026-12-01T15:00:00');

    // Act
    const again = apply(held, HOLD, supervisor, '2026-12-01T15:00:10');
    const liftNever = apply(closed, LIFT, supervisor, '2026-12-01T15:00:10');

    // Assess
    expect(again).toMatchObject({ ok: false, refusal: { code: 'already_done' } });
    expect(liftNever).toMatchObject({ ok: false, refusal: { code: 'already_done' } });
  });

  it('refuses a blank or overlong reason (invalid_reason)', () => {
    // Prepare
    const closed = closedCase();

    // Act
    const blank = apply(
      closed,
      { action: 'legal_hold', hold: true, note: '  ' },
      supervisor,
      '2026-12-01T15:00:00',
    );
    const long = apply(
      closed,
      { action: 'legal_hold', hold: true, note: '长'.repeat(REASON_MAX_CHARS + 1) },
      supervisor,
      '2026-12-01T15:00:00',
    );

    // Assess
    expect(blank).toMatchObject({ ok: false, refusal: { code: 'invalid_reason' } });
    expect(long).toMatchObject({ ok: false, refusal: { code: 'invalid_reason' } });
  });

  it.each<[string, Actor]>([
    ['agent', agent],
    ['dispatcher', { role: 'dispatcher', id: 'd-1' }],
    ['department', { role: 'department', id: 'u-1', departmentId: 'water-group' }],
    ['analyst', { role: 'analyst', id: 'n-1' }],
    ['reviewer', { role: 'reviewer', id: 'r-1' }],
    ['system', { role: 'system', id: 'system' }],
  ])('refuses the %s (forbidden): only a supervisor holds a dossier', (_name, actor) => {
    // Act & Assess
    expect(apply(closedCase(), HOLD, actor, '2026-12-01T15:00:00')).toMatchObject({
      ok: false,
      refusal: { code: 'forbidden' },
    });
  });

  it('refuses a case not yet archived (illegal_transition)', () => {
    // Prepare
    const open = createCase(testAppeal(), {
      directory: TEST_DIRECTORY,
      calendar,
      now: at('2026-11-20T10:00:05'),
    });

    // Act & Assess
    expect(apply(open, HOLD, supervisor, '2026-11-20T11:00:00')).toMatchObject({
      ok: false,
      refusal: { code: 'illegal_transition' },
    });
  });

  it('parses the action only with a boolean hold and a note', () => {
    // Act & Assess
    expect(LifecycleActionSchema.safeParse(HOLD).success).toBe(true);
    expect(LifecycleActionSchema.safeParse({ action: 'legal_hold', hold: 'on', note: 'x' }).success).toBe(
      false,
    );
    expect(LifecycleActionSchema.safeParse({ action: 'legal_hold', hold: true }).success).toBe(false);
  });
});
