import { describe, expect, it } from 'vitest';
import { buildWorkingCalendar } from '../../../shared/domain/calendar/index.js';
import { type Case, CaseSchema, createCase } from '../../../shared/domain/case.js';
import {
  ACTION_NAMES,
  type Actor,
  actionsFor,
  applyAction,
  CO_HANDLERS_MAX,
  CODE_MAX_CHARS,
  COMMENT_MAX_CHARS,
  effectiveDueAtOf,
  type LifecycleAction,
  LifecycleActionSchema,
  type LifecycleContext,
  NOTE_MAX_CHARS,
  REASON_MAX_CHARS,
  REPLY_MAX_CHARS,
  reminderAt,
  TRANSITIONS,
  warningAt,
} from '../../../shared/domain/lifecycle/index.js';
import { SEED_CALENDAR_YEARS } from '../../../shared/seed/calendar/index.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);

const agent: Actor = { role: 'agent', id: 'a-1' };
const dispatcher: Actor = { role: 'dispatcher', id: 'd-1' };
const water: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };
const urban: Actor = { role: 'department', id: 'u-2', departmentId: 'city-urban' };
const supervisor: Actor = { role: 'supervisor', id: 's-1' };
const analyst: Actor = { role: 'analyst', id: 'n-1' };
const reviewer: Actor = { role: 'reviewer', id: 'r-1' };
const system: Actor = { role: 'system', id: 'system' };
const citizen: Actor = { role: 'citizen', id: 'feedback-link' };

/** An instant in Shanghai time. */
function sh(dateTime: string): Date {
  return new Date(`${dateTime}+08:00`);
}

function ctx(now: string, extra: Partial<LifecycleContext> = {}): LifecycleContext {
  return { now: sh(now), calendar, directory: TEST_DIRECTORY, ...extra };
}

/**
 * A help case received Friday 2026-11-20 10:00 and dispatched to water-group: acknowledge by
 * Monday 11-23, complete by Friday 11-27 23:59:59.
 */
function dispatchedCase(): Case {
  return createCase(testAppeal(), { directory: TEST_DIRECTORY, calendar, now: sh('2026-11-20T10:00:05') });
}

function pendingCase(): Case {
  return createCase(testAppeal({ category: 'other' }), {
    directory: TEST_DIRECTORY,
    calendar,
    now: sh('2026-11-20T10:00:05'),
  });
}

/** Applies actions that must all succeed. */
function run(kase: Case, ...steps: [LifecycleAction, Actor, string][]): Case {
  let current = kase;
  for (const [action, actor, now] of steps) {
    const result = applyAction(current, action, actor, ctx(now));
    if (!result.ok)
      throw new Error(`${action.action} refused: ${result.refusal.code} ${result.refusal.message}`);
    current = result.case;
  }
  return current;
}

function refusal(
  kase: Case,
  action: LifecycleAction,
  actor: Actor,
  now: string,
  extra?: Partial<LifecycleContext>,
) {
  const result = applyAction(kase, action, actor, ctx(now, extra));
  return result.ok ? undefined : result.refusal.code;
}

const ACK: [LifecycleAction, Actor, string] = [{ action: 'acknowledge' }, water, '2026-11-20T14:00:00'];

function acknowledged(): Case {
  return run(dispatchedCase(), ACK);
}

function completed(now = '2026-11-25T16:00:00'): Case {
  return run(acknowledged(), [{ action: 'complete', reply: '已恢复供水' }, water, now]);
}

describe('Table: TRANSITIONS', () => {
  it('has a row for every action, none from a terminal status but record_review from closed and legal_hold from both', () => {
    // Assess
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...ACTION_NAMES].sort());
    for (const [name, row] of Object.entries(TRANSITIONS)) {
      // 行政复议 / 行政诉讼 are filed after the reply: recorded on the closed request, nothing else.
      // 法律保全 holds an archived dossier, and a merged case is archived as well as a closed one.
      if (name === 'record_review') expect(row.from).toEqual(['closed']);
      else if (name === 'legal_hold') expect(row.from).toEqual(['closed', 'merged']);
      else {
        expect(row.from).not.toContain('closed');
        expect(row.from).not.toContain('merged');
      }
    }
  });

  it('gives each role its own actions and the analyst none', () => {
    // Assess
    expect(actionsFor('analyst')).toEqual([]);
    expect(actionsFor('department').sort()).toEqual(
      [
        'acknowledge',
        'complete',
        'pause',
        'request_correction',
        'request_extension',
        'resume',
        'return',
        // 依申请公开: the office's own steps (the reviewer or a supervisor approves, never the drafter).
        'register',
        'assign_responsible',
        'consult_third_party',
        'record_third_party_opinion',
        'draft_reply',
        'record_review',
      ].sort(),
    );
    expect(actionsFor('reviewer').sort()).toEqual(['approve_reply', 'reject_reply']);
    expect(actionsFor('supervisor')).toEqual(
      expect.arrayContaining(['approve_extension', 'reject_extension', 'reopen', 'close']),
    );
    expect(actionsFor('agent')).toContain('dispatch');
    expect(actionsFor('dispatcher')).toEqual(expect.arrayContaining(['dispatch', 'redispatch', 'merge']));
    expect(actionsFor('citizen').sort()).toEqual(['answer_correction', 'rate']);
    expect(actionsFor('system')).toEqual(
      expect.arrayContaining([
        'close_uncorrected',
        'record_third_party_opinion',
        'warn',
        'remind',
        'mark_overdue',
      ]),
    );
  });
});

describe('Schema: LifecycleActionSchema', () => {
  it('parses an action and refuses an unknown one', () => {
    // Act & Assess
    expect(LifecycleActionSchema.parse({ action: 'return', reason: 'wrong_district' })).toEqual({
      action: 'return',
      reason: 'wrong_district',
    });
    expect(LifecycleActionSchema.safeParse({ action: 'teleport' }).success).toBe(false);
    expect(LifecycleActionSchema.safeParse({ action: 'complete' }).success).toBe(false);
  });

  it('bounds every free text and every code of an action', () => {
    // Prepare
    const long = (n: number) => '办'.repeat(n);
    const tooLong: Record<string, unknown>[] = [
      { action: 'pause', reason: 'third_party', note: long(NOTE_MAX_CHARS + 1) },
      { action: 'resume', note: long(NOTE_MAX_CHARS + 1) },
      { action: 'pause', reason: long(CODE_MAX_CHARS + 1) },
      {
        action: 'request_extension',
        reason: long(REASON_MAX_CHARS + 1),
        requestedDueAt: '2026-12-01T09:00:00+08:00',
      },
      { action: 'complete', reply: long(REPLY_MAX_CHARS + 1) },
      { action: 'complete', reply: '已修复', internalNote: long(NOTE_MAX_CHARS + 1) },
      { action: 'rate', rating: 'satisfied', comment: long(COMMENT_MAX_CHARS + 1) },
      { action: 'dispatch', departmentId: long(CODE_MAX_CHARS + 1) },
      { action: 'dispatch', departmentId: 'water-group', coHandlers: Array(CO_HANDLERS_MAX + 1).fill('x') },
      { action: 'link_duplicate', duplicateCaseId: long(CODE_MAX_CHARS + 1) },
      { action: 'close', note: long(NOTE_MAX_CHARS + 1) },
    ];

    // Act
    const results = tooLong.map((body) => LifecycleActionSchema.safeParse(body).success);
    const atTheLimit = LifecycleActionSchema.safeParse({
      action: 'complete',
      reply: long(REPLY_MAX_CHARS),
      internalNote: long(NOTE_MAX_CHARS),
    });

    // Assess
    expect(results).toEqual(tooLong.map(() => false));
    expect(atTheLimit.success).toBe(true);
    expect(NOTE_MAX_CHARS).toBeLessThanOrEqual(500);
    expect(REPLY_MAX_CHARS).toBeLessThanOrEqual(2000);
  });
});

describe('Function: applyAction', () => {
  describe('dispatch 派单', () => {
    it('assigns a pending case, starts the acknowledgement clock and records the dispatcher', () => {
      // Prepare
      const kase = pendingCase();

      // Act
      const result = applyAction(
        kase,
        { action: 'dispatch', departmentId: 'city-urban', coHandlers: ['gulou-gov', 'city-urban'] },
        dispatcher,
        ctx('2026-11-23T09:00:00'),
      );

      // Assess
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.case).toMatchObject({
        status: 'dispatched',
        departmentId: 'city-urban',
        coHandlers: ['gulou-gov'],
        version: kase.version + 1,
        ackDueAt: sh('2026-11-24T23:59:59').toISOString(),
        dueAt: kase.dueAt,
      });
      expect(result.case.history.at(-1)).toEqual({
        at: sh('2026-11-23T09:00:00').toISOString(),
        actor: 'dispatcher:d-1',
        action: 'dispatch',
        note: 'city-urban',
      });
      expect(CaseSchema.parse(result.case)).toEqual(result.case);
    });

    it('lets an agent and the system dispatch, not a department, supervisor or analyst', () => {
      // Prepare
      const action: LifecycleAction = { action: 'dispatch', departmentId: 'city-urban' };

      // Act & Assess
      expect(refusal(pendingCase(), action, agent, '2026-11-23T09:00:00')).toBeUndefined();
      expect(refusal(pendingCase(), action, system, '2026-11-23T09:00:00')).toBeUndefined();
      expect(refusal(pendingCase(), action, water, '2026-11-23T09:00:00')).toBe('forbidden');
      expect(refusal(pendingCase(), action, supervisor, '2026-11-23T09:00:00')).toBe('forbidden');
      expect(refusal(pendingCase(), action, analyst, '2026-11-23T09:00:00')).toBe('forbidden');
    });

    it('refuses an unknown department and a case already dispatched', () => {
      // Act & Assess
      expect(
        refusal(
          pendingCase(),
          { action: 'dispatch', departmentId: 'nobody' },
          dispatcher,
          '2026-11-23T09:00:00',
        ),
      ).toBe('unknown_department');
      expect(
        refusal(
          pendingCase(),
          { action: 'dispatch', departmentId: 'city-urban', coHandlers: ['ghost'] },
          dispatcher,
          '2026-11-23T09:00:00',
        ),
      ).toBe('unknown_department');
      expect(
        refusal(pendingCase(), { action: 'dispatch', departmentId: ' ' }, dispatcher, '2026-11-23T09:00:00'),
      ).toBe('invalid_input');
      expect(
        refusal(
          dispatchedCase(),
          { action: 'dispatch', departmentId: 'city-urban' },
          dispatcher,
          '2026-11-23T09:00:00',
        ),
      ).toBe('illegal_transition');
    });

    it('flags an acknowledgement deadline that reaches into a year without calendar data', () => {
      // Prepare: dispatched on Thursday 2026-12-31, acknowledge within 1 working day → 2027
      // Act
      const result = applyAction(
        pendingCase(),
        { action: 'dispatch', departmentId: 'city-urban' },
        dispatcher,
        ctx('2026-12-31T10:00:00'),
      );

      // Assess
      expect(result).toMatchObject({ ok: true, uncoveredYears: [2027] });
    });
  });

  describe('redispatch 改派', () => {
    it('moves the order to another department, not to the same one', () => {
      // Act
      const moved = run(dispatchedCase(), [
        { action: 'redispatch', departmentId: 'city-urban' },
        dispatcher,
        '2026-11-20T11:00:00',
      ]);

      // Assess
      expect(moved).toMatchObject({ status: 'dispatched', departmentId: 'city-urban' });
      expect(
        refusal(
          dispatchedCase(),
          { action: 'redispatch', departmentId: 'water-group' },
          dispatcher,
          '2026-11-20T11:00:00',
        ),
      ).toBe('same_department');
      expect(
        refusal(
          dispatchedCase(),
          { action: 'redispatch', departmentId: 'city-urban' },
          agent,
          '2026-11-20T11:00:00',
        ),
      ).toBe('forbidden');
    });
  });

  describe('acknowledge 签收', () => {
    it('is taken by the assigned department only', () => {
      // Act & Assess
      expect(acknowledged().status).toBe('acknowledged');
      expect(refusal(dispatchedCase(), { action: 'acknowledge' }, urban, '2026-11-20T14:00:00')).toBe(
        'forbidden',
      );
      expect(refusal(dispatchedCase(), { action: 'acknowledge' }, dispatcher, '2026-11-20T14:00:00')).toBe(
        'forbidden',
      );
      expect(
        refusal(
          dispatchedCase(),
          { action: 'acknowledge' },
          { role: 'department', id: 'u-9' },
          '2026-11-20T14:00:00',
        ),
      ).toBe('forbidden');
    });

    it('refuses a second acknowledgement', () => {
      // Act & Assess
      expect(refusal(acknowledged(), { action: 'acknowledge' }, water, '2026-11-20T15:00:00')).toBe(
        'illegal_transition',
      );
    });

    it('does not tell another department what state the case is in', () => {
      // Act & Assess: a status the action is illegal from still reads forbidden to an outsider
      expect(refusal(acknowledged(), { action: 'acknowledge' }, urban, '2026-11-20T15:00:00')).toBe(
        'forbidden',
      );
    });
  });

  describe('return 退单', () => {
    it('sends the order back without a department, with its reason code', () => {
      // Act
      const returned = run(dispatchedCase(), [
        { action: 'return', reason: 'wrong_district', note: '属台江区' },
        water,
        '2026-11-20T14:00:00',
      ]);

      // Assess
      expect(returned.status).toBe('returned');
      expect(returned.departmentId).toBeUndefined();
      expect(returned.coHandlers).toEqual([]);
      expect(returned.history.at(-1)).toMatchObject({
        action: 'return',
        note: 'wrong_district: water-group: 属台江区',
      });
      expect(CaseSchema.parse(returned)).toEqual(returned);
    });

    it('refuses an unknown reason code and another department', () => {
      // Act & Assess
      expect(
        refusal(dispatchedCase(), { action: 'return', reason: 'busy' }, water, '2026-11-20T14:00:00'),
      ).toBe('invalid_reason');
      expect(
        refusal(dispatchedCase(), { action: 'return', reason: 'duplicate' }, urban, '2026-11-20T14:00:00'),
      ).toBe('forbidden');
    });

    it('goes back out by a dispatcher, even to the same department', () => {
      // Act
      const again = run(
        dispatchedCase(),
        [{ action: 'return', reason: 'not_our_responsibility' }, water, '2026-11-20T14:00:00'],
        [{ action: 'redispatch', departmentId: 'water-group' }, dispatcher, '2026-11-20T15:00:00'],
      );

      // Assess
      expect(again).toMatchObject({ status: 'dispatched', departmentId: 'water-group', version: 3 });
    });
  });

  describe('request_extension / approve_extension / reject_extension 延期', () => {
    const request: LifecycleAction = {
      action: 'request_extension',
      reason: '需协调管网抢修',
      requestedDueAt: sh('2026-12-02T23:59:59').toISOString(),
    };

    it('keeps a pending request on the case until a supervisor approves it, then moves dueAt', () => {
      // Act
      const requested = run(acknowledged(), [request, water, '2026-11-24T10:00:00']);
      const approved = run(requested, [{ action: 'approve_extension' }, supervisor, '2026-11-24T15:00:00']);

      // Assess
      expect(requested.pendingExtension).toMatchObject({
        reason: '需协调管网抢修',
        requestedBy: 'department:u-1@water-group',
      });
      expect(requested.dueAt).toBe(acknowledged().dueAt);
      expect(approved.dueAt).toBe(sh('2026-12-02T23:59:59').toISOString());
      expect(approved.pendingExtension).toBeUndefined();
      expect(approved.extensionsApproved).toBe(1);
    });

    it('refuses a second extension beyond the policy', () => {
      // Prepare
      const approved = run(
        acknowledged(),
        [request, water, '2026-11-24T10:00:00'],
        [{ action: 'approve_extension' }, supervisor, '2026-11-24T15:00:00'],
      );

      // Act & Assess
      expect(
        refusal(
          approved,
          { ...request, requestedDueAt: sh('2026-12-03T23:59:59').toISOString() },
          water,
          '2026-11-25T10:00:00',
        ),
      ).toBe('extension_beyond_policy');
    });

    it('refuses a request past the policy limit, in the past, without a reason, or while one is pending', () => {
      // Prepare: help is 5 working days; the limit is 5 more after Friday 11-27 → Friday 12-04
      const kase = acknowledged();

      // Act & Assess
      expect(
        refusal(
          kase,
          { ...request, requestedDueAt: sh('2026-12-07T10:00:00').toISOString() },
          water,
          '2026-11-24T10:00:00',
        ),
      ).toBe('extension_beyond_policy');
      expect(
        refusal(
          kase,
          { ...request, requestedDueAt: sh('2026-11-23T23:59:59').toISOString() },
          water,
          '2026-11-24T10:00:00',
        ),
      ).toBe('deadline_in_past');
      expect(refusal(kase, { ...request, reason: '  ' }, water, '2026-11-24T10:00:00')).toBe(
        'invalid_reason',
      );
      expect(refusal(kase, { ...request, requestedDueAt: 'soon' }, water, '2026-11-24T10:00:00')).toBe(
        'invalid_input',
      );
      expect(
        refusal(run(kase, [request, water, '2026-11-24T10:00:00']), request, water, '2026-11-24T11:00:00'),
      ).toBe('extension_pending');
      expect(refusal(kase, request, water, '2026-11-28T10:00:00')).toBe('deadline_passed');
    });

    it('lets only the assigned department request and only a supervisor decide', () => {
      // Prepare
      const requested = run(acknowledged(), [request, water, '2026-11-24T10:00:00']);

      // Act & Assess
      expect(refusal(acknowledged(), request, urban, '2026-11-24T10:00:00')).toBe('forbidden');
      expect(refusal(acknowledged(), request, supervisor, '2026-11-24T10:00:00')).toBe('forbidden');
      expect(refusal(dispatchedCase(), request, water, '2026-11-24T10:00:00')).toBe('illegal_transition');
      expect(refusal(requested, { action: 'approve_extension' }, water, '2026-11-24T11:00:00')).toBe(
        'forbidden',
      );
      expect(refusal(requested, { action: 'approve_extension' }, dispatcher, '2026-11-24T11:00:00')).toBe(
        'forbidden',
      );
      expect(
        refusal(acknowledged(), { action: 'approve_extension' }, supervisor, '2026-11-24T11:00:00'),
      ).toBe('no_pending_extension');
    });

    it('leaves dueAt where it was on a rejection', () => {
      // Act
      const rejected = run(
        acknowledged(),
        [request, water, '2026-11-24T10:00:00'],
        [{ action: 'reject_extension', note: '理由不充分' }, supervisor, '2026-11-24T11:00:00'],
      );

      // Assess
      expect(rejected.dueAt).toBe(acknowledged().dueAt);
      expect(rejected.pendingExtension).toBeUndefined();
      expect(rejected.history.at(-1)).toMatchObject({ action: 'reject_extension', note: '理由不充分' });
    });

    it('gives a disclosure request 20 more working days, once', () => {
      // Prepare: received Monday 2026-11-02 → due Monday 11-30; limit Monday 12-28
      const kase = run(
        createCase(testAppeal({ type: 'disclosure', receivedAt: sh('2026-11-02T10:00:00').toISOString() }), {
          directory: TEST_DIRECTORY,
          calendar,
          now: sh('2026-11-02T10:00:05'),
        }),
        [{ action: 'acknowledge' }, water, '2026-11-02T11:00:00'],
      );
      const ask = (due: string): LifecycleAction => ({
        action: 'request_extension',
        reason: '需征求第三方意见后答复',
        requestedDueAt: sh(due).toISOString(),
      });

      // Act & Assess
      expect(kase.dueAt).toBe(sh('2026-11-30T23:59:59').toISOString());
      expect(refusal(kase, ask('2026-12-29T23:59:59'), water, '2026-11-20T10:00:00')).toBe(
        'extension_beyond_policy',
      );
      expect(refusal(kase, ask('2026-12-28T23:59:59'), water, '2026-11-20T10:00:00')).toBeUndefined();
    });
  });

  describe('pause / resume 中止计时', () => {
    it('stops the clock and moves dueAt by the paused working days on resume', () => {
      // Act: paused Monday 11-23, resumed Wednesday 11-25 → 2 working days
      const paused = run(acknowledged(), [
        { action: 'pause', reason: 'awaiting_correction', note: '请补充具体楼栋' },
        water,
        '2026-11-23T10:00:00',
      ]);
      const resumed = run(paused, [{ action: 'resume' }, water, '2026-11-25T09:00:00']);

      // Assess
      expect(paused.pausedSince).toMatchObject({
        reason: 'awaiting_correction',
        by: 'department:u-1@water-group',
      });
      expect(paused.dueAt).toBe(acknowledged().dueAt);
      expect(resumed.dueAt).toBe(sh('2026-12-01T23:59:59').toISOString());
      expect(resumed.pausedSince).toBeUndefined();
      expect(resumed.pauses).toEqual([
        {
          from: sh('2026-11-23T10:00:00').toISOString(),
          to: sh('2026-11-25T09:00:00').toISOString(),
          reason: 'awaiting_correction',
        },
      ]);
    });

    it("marks a department's open pause late only once the pause allowance is used up", () => {
      // Prepare: due Friday 11-27, paused Monday 11-23 with 5 working days of allowance → 12-04
      const paused = run(acknowledged(), [
        { action: 'pause', reason: 'awaiting_correction' },
        water,
        '2026-11-23T10:00:00',
      ]);

      // Act
      const early = refusal(paused, { action: 'mark_overdue' }, system, '2026-12-04T23:59:00');
      const earlyReminder = refusal(paused, { action: 'remind' }, system, '2026-12-03T23:00:00');
      const overdue = run(paused, [{ action: 'mark_overdue' }, system, '2026-12-05T00:01:00']);

      // Assess
      expect(early).toBe('paused');
      expect(earlyReminder).toBe('paused');
      expect(refusal(paused, { action: 'warn' }, system, '2026-12-05T00:01:00')).toBe('paused');
      expect(overdue).toMatchObject({
        slaOutcome: 'late',
        slaDueAt: sh('2026-12-04T23:59:59').toISOString(),
        dueAt: paused.dueAt,
      });
      expect(overdue.history.at(-1)?.note).toBe(
        `${sh('2026-12-04T23:59:59').toISOString()}: pause_limit_reached`,
      );
      expect(refusal(overdue, { action: 'mark_overdue' }, system, '2026-12-06T00:00:00')).toBe('sla_decided');
    });

    it('counts only the allowance left after earlier pauses, and moves the limit with an approved extension', () => {
      // Prepare: paused 11-23..11-25 (2 working days), so 3 are left: paused again 11-26 → limit 12-02
      const again = run(
        acknowledged(),
        [{ action: 'pause', reason: 'third_party' }, water, '2026-11-23T10:00:00'],
        [{ action: 'resume' }, water, '2026-11-25T09:00:00'],
        [
          {
            action: 'request_extension',
            reason: '需现场勘察',
            requestedDueAt: sh('2026-12-04T23:59:59').toISOString(),
          },
          water,
          '2026-11-25T10:00:00',
        ],
        [{ action: 'pause', reason: 'third_party' }, water, '2026-11-26T10:00:00'],
      );

      // Act
      const extended = run(again, [{ action: 'approve_extension' }, supervisor, '2026-11-26T11:00:00']);

      // Assess
      expect(again.dueAt).toBe(sh('2026-12-01T23:59:59').toISOString());
      expect(again.pausedSince?.latestDueAt).toBe(sh('2026-12-04T23:59:59').toISOString());
      expect(extended.pausedSince?.latestDueAt).toBe(sh('2026-12-09T23:59:59').toISOString());
    });

    it('refuses a second pause, an unknown reason, a resume without a pause, and completion while paused', () => {
      // Prepare
      const paused = run(acknowledged(), [
        { action: 'pause', reason: 'third_party' },
        water,
        '2026-11-23T10:00:00',
      ]);

      // Act & Assess
      expect(refusal(paused, { action: 'pause', reason: 'third_party' }, water, '2026-11-23T11:00:00')).toBe(
        'paused',
      );
      expect(
        refusal(acknowledged(), { action: 'pause', reason: 'lunch' }, water, '2026-11-23T11:00:00'),
      ).toBe('invalid_reason');
      expect(refusal(acknowledged(), { action: 'resume' }, water, '2026-11-23T11:00:00')).toBe('not_paused');
      expect(refusal(paused, { action: 'complete', reply: '已处理' }, water, '2026-11-23T11:00:00')).toBe(
        'paused',
      );
      expect(refusal(paused, { action: 'return', reason: 'duplicate' }, water, '2026-11-23T11:00:00')).toBe(
        'paused',
      );
      expect(refusal(paused, { action: 'mark_overdue' }, system, '2026-12-04T11:00:00')).toBe('paused');
      expect(refusal(paused, { action: 'resume' }, urban, '2026-11-23T11:00:00')).toBe('forbidden');
      expect(
        refusal(acknowledged(), { action: 'pause', reason: 'third_party' }, water, '2026-11-28T10:00:00'),
      ).toBe('deadline_passed');
    });

    it('shows the deadline moving while the clock is still paused', () => {
      // Prepare: paused Monday 11-23
      const paused = run(acknowledged(), [
        { action: 'pause', reason: 'third_party' },
        water,
        '2026-11-23T10:00:00',
      ]);

      // Act: on Thursday 11-26, Tue, Wed and Thu have not counted
      const due = effectiveDueAtOf(paused, sh('2026-11-26T10:00:00'), calendar);

      // Assess: Friday 11-27 + 3 → Wednesday 12-02; the stored dueAt has not moved yet
      expect(due.toISOString()).toBe(sh('2026-12-02T23:59:59').toISOString());
      expect(effectiveDueAtOf(acknowledged(), sh('2026-11-26T10:00:00'), calendar).toISOString()).toBe(
        acknowledged().dueAt,
      );
    });

    it("shows a department's open pause moving the deadline no further than its allowance", () => {
      // Prepare: paused Monday 11-23 with 5 working days of allowance
      const paused = run(acknowledged(), [
        { action: 'pause', reason: 'third_party' },
        water,
        '2026-11-23T10:00:00',
      ]);

      // Act: on Thursday 12-10, eleven working days later
      const due = effectiveDueAtOf(paused, sh('2026-12-10T10:00:00'), calendar);

      // Assess: Friday 11-27 + 5 → Friday 12-04, as a resume would give
      expect(due.toISOString()).toBe(sh('2026-12-04T23:59:59').toISOString());
      expect(run(paused, [{ action: 'resume' }, water, '2026-12-10T10:00:00']).dueAt).toBe(due.toISOString());
    });

    it('lets the system resume when the correction arrives through a channel', () => {
      // Prepare
      const paused = run(acknowledged(), [
        { action: 'pause', reason: 'awaiting_correction' },
        water,
        '2026-11-23T10:00:00',
      ]);

      // Act & Assess
      expect(refusal(paused, { action: 'resume' }, system, '2026-11-24T10:00:00')).toBeUndefined();
    });

    it('moves an urgent case by the paused hours', () => {
      // Prepare: urgent complaint received Friday 10:00, due Saturday 10:00
      const urgent = run(
        createCase(testAppeal({ urgency: 'urgent', type: 'complaint' }), {
          directory: TEST_DIRECTORY,
          calendar,
          now: sh('2026-11-20T10:00:05'),
        }),
        [{ action: 'acknowledge' }, water, '2026-11-20T10:30:00'],
        [{ action: 'pause', reason: 'third_party' }, water, '2026-11-20T11:00:00'],
        [{ action: 'resume' }, water, '2026-11-20T14:30:00'],
      );

      // Assess
      expect(urgent.dueAt).toBe(sh('2026-11-21T13:30:00').toISOString());
    });

    it('refuses a department pause once the policy total is used, and lets a supervisor decide', () => {
      // Prepare: a help case (5 working days); paused Monday 11-23, resumed Monday 11-30 → 5 used
      const used = run(
        acknowledged(),
        [{ action: 'pause', reason: 'third_party' }, water, '2026-11-23T09:00:00'],
        [{ action: 'resume' }, water, '2026-11-30T09:00:00'],
      );

      // Act
      const department = refusal(
        used,
        { action: 'pause', reason: 'third_party' },
        water,
        '2026-11-30T10:00:00',
      );
      const bySupervisor = refusal(
        used,
        { action: 'pause', reason: 'third_party' },
        supervisor,
        '2026-11-30T10:00:00',
      );
      const extension = refusal(
        used,
        {
          action: 'request_extension',
          reason: '第三方仍未答复',
          requestedDueAt: sh('2026-12-08T18:00:00').toISOString(),
        },
        water,
        '2026-11-30T10:00:00',
      );

      // Assess
      expect(used.dueAt).toBe(sh('2026-12-04T23:59:59').toISOString());
      expect(department).toBe('pause_limit_reached');
      expect(bySupervisor).toBeUndefined();
      expect(extension).toBeUndefined();
    });

    it("moves the deadline by no more than the policy total however long a department's pause", () => {
      // Act: paused Monday 11-23, resumed Wednesday 12-02: 7 working days, of which 5 count
      const resumed = run(
        acknowledged(),
        [{ action: 'pause', reason: 'third_party' }, water, '2026-11-23T09:00:00'],
        [{ action: 'resume' }, water, '2026-12-02T09:00:00'],
      );

      // Assess: Friday 11-27 + 5 working days → Friday 12-04, not Tuesday 12-08
      expect(resumed.dueAt).toBe(sh('2026-12-04T23:59:59').toISOString());
      expect(resumed.pauses).toEqual([
        {
          from: sh('2026-11-23T09:00:00').toISOString(),
          to: sh('2026-12-02T09:00:00').toISOString(),
          reason: 'third_party',
        },
      ]);
    });
  });

  describe('complete 办结', () => {
    it('records the reply, the completion time and an on-time SLA outcome', () => {
      // Act
      const kase = run(acknowledged(), [
        { action: 'complete', reply: '已恢复供水', internalNote: '阀门故障' },
        water,
        '2026-11-25T16:00:00',
      ]);

      // Assess
      expect(kase).toMatchObject({
        status: 'completed',
        reply: '已恢复供水',
        completedAt: sh('2026-11-25T16:00:00').toISOString(),
        slaOutcome: 'on_time',
        slaDueAt: kase.dueAt,
      });
      expect(kase.history.at(-1)).toMatchObject({ action: 'complete', note: '阀门故障' });
    });

    it('decides late after the deadline, and on time at 23:59:59 of the last day', () => {
      // Act & Assess
      expect(completed('2026-11-27T23:59:59').slaOutcome).toBe('on_time');
      expect(completed('2026-11-28T00:00:00').slaOutcome).toBe('late');
    });

    it('refuses an empty reply, an unacknowledged case and another department', () => {
      // Act & Assess
      expect(refusal(acknowledged(), { action: 'complete', reply: ' ' }, water, '2026-11-25T16:00:00')).toBe(
        'invalid_input',
      );
      expect(
        refusal(dispatchedCase(), { action: 'complete', reply: '好' }, water, '2026-11-25T16:00:00'),
      ).toBe('illegal_transition');
      expect(refusal(acknowledged(), { action: 'complete', reply: '好' }, urban, '2026-11-25T16:00:00')).toBe(
        'forbidden',
      );
    });
  });

  describe('rate 回访', () => {
    it('closes a satisfied case and sends a dissatisfied one to a supervisor', () => {
      // Act
      const satisfied = run(completed(), [
        { action: 'rate', rating: 'satisfied' },
        citizen,
        '2026-11-26T10:00:00',
      ]);
      const dissatisfied = run(completed(), [
        { action: 'rate', rating: 'dissatisfied', comment: '仍有异味' },
        citizen,
        '2026-11-26T10:00:00',
      ]);

      // Assess
      expect(satisfied).toMatchObject({
        status: 'closed',
        closeReason: 'rated',
        feedback: { rating: 'satisfied' },
      });
      expect(dissatisfied).toMatchObject({
        status: 'dissatisfied',
        feedback: { rating: 'dissatisfied', comment: '仍有异味' },
      });
    });

    it('takes one rating per case, even after a reopen', () => {
      // Prepare
      const reworked = run(
        completed(),
        [{ action: 'rate', rating: 'dissatisfied' }, citizen, '2026-11-26T10:00:00'],
        [{ action: 'reopen', note: '复核后重办' }, supervisor, '2026-11-26T11:00:00'],
        [{ action: 'acknowledge' }, water, '2026-11-26T12:00:00'],
        [{ action: 'complete', reply: '已彻底清洗水箱' }, water, '2026-11-30T12:00:00'],
      );

      // Act & Assess
      expect(refusal(reworked, { action: 'rate', rating: 'satisfied' }, citizen, '2026-12-01T10:00:00')).toBe(
        'already_rated',
      );
    });

    it('refuses an unknown rating and a department rating its own work', () => {
      // Act & Assess
      expect(refusal(completed(), { action: 'rate', rating: 'meh' }, citizen, '2026-11-26T10:00:00')).toBe(
        'invalid_rating',
      );
      expect(
        refusal(completed(), { action: 'rate', rating: 'satisfied' }, water, '2026-11-26T10:00:00'),
      ).toBe('forbidden');
      expect(
        refusal(acknowledged(), { action: 'rate', rating: 'satisfied' }, citizen, '2026-11-26T10:00:00'),
      ).toBe('illegal_transition');
    });
  });

  describe('reopen 重办', () => {
    it('gives the department a fresh deadline and keeps the first SLA outcome', () => {
      // Prepare
      const first = completed('2026-11-28T09:00:00');

      // Act
      const reopened = run(
        first,
        [{ action: 'rate', rating: 'dissatisfied' }, citizen, '2026-11-30T10:00:00'],
        [{ action: 'reopen' }, supervisor, '2026-11-30T11:00:00'],
      );
      const redone = run(
        reopened,
        [{ action: 'acknowledge' }, water, '2026-11-30T12:00:00'],
        [{ action: 'complete', reply: '已复查' }, water, '2026-12-01T12:00:00'],
      );

      // Assess
      expect(first.slaOutcome).toBe('late');
      expect(reopened).toMatchObject({ status: 'reopened', dueAt: sh('2026-12-07T23:59:59').toISOString() });
      expect(redone.slaOutcome).toBe('late');
      expect(redone.slaDueAt).toBe(first.slaDueAt);
    });

    it('is a supervisor decision only', () => {
      // Prepare
      const dissatisfied = run(completed(), [
        { action: 'rate', rating: 'dissatisfied' },
        citizen,
        '2026-11-26T10:00:00',
      ]);

      // Act & Assess
      expect(refusal(dissatisfied, { action: 'reopen' }, water, '2026-11-26T11:00:00')).toBe('forbidden');
      expect(refusal(dissatisfied, { action: 'reopen' }, dispatcher, '2026-11-26T11:00:00')).toBe(
        'forbidden',
      );
      expect(refusal(acknowledged(), { action: 'reopen' }, supervisor, '2026-11-26T11:00:00')).toBe(
        'illegal_transition',
      );
    });
  });

  describe('close 归档', () => {
    it('closes an unrated case as no response once the follow-up window has elapsed', () => {
      // Prepare: completed Wednesday 11-25 16:00, 7-day window
      const kase = completed();

      // Act & Assess
      expect(refusal(kase, { action: 'close' }, system, '2026-12-02T15:59:00')).toBe('not_due');
      expect(run(kase, [{ action: 'close' }, system, '2026-12-02T16:00:00'])).toMatchObject({
        status: 'closed',
        closeReason: 'no_response',
      });
    });

    it('lets a supervisor force-close an open case with a reason', () => {
      // Act & Assess
      expect(
        run(acknowledged(), [{ action: 'close', note: '诉求人撤回' }, supervisor, '2026-11-24T10:00:00']),
      ).toMatchObject({ status: 'closed', closeReason: 'supervisor' });
      expect(refusal(acknowledged(), { action: 'close' }, supervisor, '2026-11-24T10:00:00')).toBe(
        'invalid_reason',
      );
      expect(refusal(acknowledged(), { action: 'close' }, system, '2026-12-24T10:00:00')).toBe(
        'illegal_transition',
      );
      expect(refusal(acknowledged(), { action: 'close', note: 'x' }, water, '2026-11-24T10:00:00')).toBe(
        'forbidden',
      );
    });

    it('closes a smoke-test case as smoke when a supervisor says so, with a note', () => {
      // Act
      const closed = run(dispatchedCase(), [
        { action: 'close', reason: 'smoke', note: '部署冒烟测试' },
        supervisor,
        '2026-11-20T11:00:00',
      ]);

      // Assess
      expect(closed).toMatchObject({ status: 'closed', closeReason: 'smoke' });
      expect(closed.history.at(-1)).toMatchObject({ action: 'close', note: '部署冒烟测试' });
      expect(
        run(pendingCase(), [
          { action: 'close', reason: 'smoke', note: 'x' },
          supervisor,
          '2026-11-20T11:00:00',
        ]),
      ).toMatchObject({ closeReason: 'smoke' });
    });

    it('refuses a smoke close without a note, by anyone but a supervisor, or of a case a department signed for', () => {
      // Act & Assess
      expect(
        refusal(dispatchedCase(), { action: 'close', reason: 'smoke' }, supervisor, '2026-11-20T11:00:00'),
      ).toBe('invalid_reason');
      expect(
        refusal(
          dispatchedCase(),
          { action: 'close', reason: 'smoke', note: 'x' },
          water,
          '2026-11-20T11:00:00',
        ),
      ).toBe('forbidden');
      expect(refusal(completed(), { action: 'close', reason: 'smoke' }, system, '2026-12-24T10:00:00')).toBe(
        'forbidden',
      );
      expect(
        refusal(
          acknowledged(),
          { action: 'close', reason: 'smoke', note: 'x' },
          supervisor,
          '2026-11-24T10:00:00',
        ),
      ).toBe('illegal_transition');
      expect(
        refusal(
          dispatchedCase(),
          { action: 'close', reason: 'tidy', note: 'x' },
          supervisor,
          '2026-11-20T11:00:00',
        ),
      ).toBe('invalid_reason');
    });
  });

  describe('merge 并单', () => {
    it('ends a duplicate, pointing at its master, and records it on the master', () => {
      // Prepare
      const master = acknowledged();
      const duplicate = { ...pendingCase(), caseId: 'dup-case-0001' };

      // Act
      const merged = applyAction(
        duplicate,
        { action: 'merge', masterCaseId: master.caseId },
        system,
        ctx('2026-11-21T10:00:00', { master }),
      );
      const linked = run(master, [
        { action: 'link_duplicate', duplicateCaseId: 'dup-case-0001' },
        system,
        '2026-11-21T10:00:00',
      ]);

      // Assess
      expect(merged).toMatchObject({ ok: true, case: { status: 'merged', mergedInto: master.caseId } });
      expect(linked.history.at(-1)).toMatchObject({ action: 'link_duplicate', note: 'dup-case-0001' });
      expect(linked.status).toBe('acknowledged');
    });

    it('refuses a merge into itself, into a closed master, or of a case already being handled', () => {
      // Prepare
      const closedMaster = run(acknowledged(), [
        { action: 'close', note: '撤回' },
        supervisor,
        '2026-11-24T10:00:00',
      ]);
      const duplicate = { ...pendingCase(), caseId: 'dup-case-0001' };

      // Act & Assess
      expect(
        refusal(duplicate, { action: 'merge', masterCaseId: 'dup-case-0001' }, agent, '2026-11-24T10:00:00'),
      ).toBe('invalid_merge');
      expect(
        refusal(
          duplicate,
          { action: 'merge', masterCaseId: closedMaster.caseId },
          agent,
          '2026-11-24T10:00:00',
          {
            master: closedMaster,
          },
        ),
      ).toBe('invalid_merge');
      expect(
        refusal(
          acknowledged(),
          { action: 'merge', masterCaseId: 'other-case-1' },
          agent,
          '2026-11-24T10:00:00',
        ),
      ).toBe('illegal_transition');
    });
  });

  describe('warn / remind / mark_overdue 预警、催办、逾期', () => {
    it('warns at 80 % of the allowed time, once per deadline', () => {
      // Prepare
      const kase = acknowledged();
      const at = warningAt(kase);

      // Act
      const early = applyAction(kase, { action: 'warn' }, system, {
        now: new Date(at.getTime() - 1),
        calendar,
      });
      const warned = applyAction(kase, { action: 'warn' }, system, { now: at, calendar });

      // Assess
      expect(early).toMatchObject({ ok: false, refusal: { code: 'not_due' } });
      expect(warned.ok).toBe(true);
      if (!warned.ok) return;
      expect(applyAction(warned.case, { action: 'warn' }, system, { now: at, calendar })).toMatchObject({
        ok: false,
        refusal: { code: 'already_done' },
      });
      expect(refusal(kase, { action: 'warn' }, supervisor, '2026-11-27T10:00:00')).toBe('forbidden');
    });

    it('warns again after an extension moves the deadline', () => {
      // Prepare
      const extended = run(
        acknowledged(),
        [{ action: 'warn' }, system, '2026-11-26T12:00:00'],
        [
          {
            action: 'request_extension',
            reason: '管网改造',
            requestedDueAt: sh('2026-12-04T23:59:59').toISOString(),
          },
          water,
          '2026-11-26T13:00:00',
        ],
        [{ action: 'approve_extension' }, supervisor, '2026-11-26T14:00:00'],
      );

      // Act & Assess
      expect(refusal(extended, { action: 'warn' }, system, '2026-12-04T09:00:00')).toBeUndefined();
    });

    it('reminds on the deadline day once, and a supervisor at any time', () => {
      // Prepare
      const kase = acknowledged();

      // Act & Assess
      expect(reminderAt(kase).toISOString()).toBe(sh('2026-11-27T00:00:00').toISOString());
      expect(refusal(kase, { action: 'remind' }, system, '2026-11-26T23:00:00')).toBe('not_due');
      const reminded = run(kase, [{ action: 'remind' }, system, '2026-11-27T08:00:00']);
      expect(refusal(reminded, { action: 'remind' }, system, '2026-11-27T09:00:00')).toBe('already_done');
      expect(
        refusal(reminded, { action: 'remind', note: '请加快办理' }, supervisor, '2026-11-27T09:00:00'),
      ).toBeUndefined();
    });

    it('reminds an order not acknowledged by its acknowledgement deadline', () => {
      // Prepare: acknowledge by Monday 11-23 23:59:59
      const kase = dispatchedCase();

      // Act & Assess
      expect(refusal(kase, { action: 'remind', target: 'acknowledge' }, system, '2026-11-23T20:00:00')).toBe(
        'not_due',
      );
      const reminded = run(kase, [
        { action: 'remind', target: 'acknowledge' },
        system,
        '2026-11-24T00:05:00',
      ]);
      expect(reminded.supervision?.ackRemindedFor).toBe(kase.ackDueAt);
      expect(
        refusal(reminded, { action: 'remind', target: 'acknowledge' }, system, '2026-11-24T00:10:00'),
      ).toBe('already_done');
      expect(
        refusal(acknowledged(), { action: 'remind', target: 'acknowledge' }, system, '2026-11-24T00:10:00'),
      ).toBe('illegal_transition');
      expect(refusal(kase, { action: 'remind', target: 'other' }, system, '2026-11-24T00:10:00')).toBe(
        'invalid_input',
      );
    });

    it('marks an unfinished case late after its deadline, exactly once, and completion keeps it late', () => {
      // Prepare
      const kase = acknowledged();

      // Act
      const early = refusal(kase, { action: 'mark_overdue' }, system, '2026-11-27T23:59:59');
      const overdue = run(kase, [{ action: 'mark_overdue' }, system, '2026-11-28T00:05:00']);
      const done = run(overdue, [{ action: 'complete', reply: '已处理' }, water, '2026-11-30T10:00:00']);

      // Assess
      expect(early).toBe('not_due');
      expect(overdue).toMatchObject({ slaOutcome: 'late', slaDueAt: kase.dueAt, status: 'acknowledged' });
      expect(refusal(overdue, { action: 'mark_overdue' }, system, '2026-11-28T00:10:00')).toBe('sla_decided');
      expect(done.slaOutcome).toBe('late');
    });
  });

  describe('terminal statuses', () => {
    const everyAction: LifecycleAction[] = [
      { action: 'dispatch', departmentId: 'city-urban' },
      { action: 'redispatch', departmentId: 'city-urban' },
      { action: 'acknowledge' },
      { action: 'return', reason: 'duplicate' },
      { action: 'request_extension', reason: 'x', requestedDueAt: sh('2026-12-30T23:59:59').toISOString() },
      { action: 'approve_extension' },
      { action: 'reject_extension' },
      { action: 'pause', reason: 'third_party' },
      { action: 'resume' },
      { action: 'request_correction', question: 'x' },
      { action: 'answer_correction', answer: 'x', via: 'web' },
      { action: 'close_uncorrected' },
      { action: 'complete', reply: 'x' },
      { action: 'rate', rating: 'satisfied' },
      { action: 'record_follow_up_call', outcome: 'rated', rating: 'satisfied' },
      { action: 'reopen' },
      { action: 'close', note: 'x' },
      { action: 'merge', masterCaseId: 'other-case-1' },
      { action: 'link_duplicate', duplicateCaseId: 'other-case-2' },
      { action: 'register', decision: 'accept' },
      { action: 'assign_responsible', responsible: { id: 'u-9', name: '赵六' } },
      { action: 'consult_third_party', party: '某公司' },
      { action: 'record_third_party_opinion', opinion: '同意公开' },
      { action: 'draft_reply', reply: { outcome: 'disclosed' }, drafterName: '王五' },
      { action: 'approve_reply', confidentialityReviewed: true, reviewerName: '钱七' },
      { action: 'reject_reply', note: 'x' },
      { action: 'record_review', kind: 'reconsideration', filedOn: '2026-12-01', result: 'pending' },
      { action: 'legal_hold', hold: true, note: '法院调取证据' },
      { action: 'warn' },
      { action: 'remind' },
      { action: 'mark_overdue' },
      { action: 'recompute_deadline', year: 2027 },
    ];

    // The exceptions: record_review on a closed disclosure request (disclosure-lifecycle.test.ts; on
    // any other closed case it is refused like everything else, not_a_disclosure_request), and a
    // supervisor's legal_hold (legal-hold.test.ts), which records the hold and changes nothing else.
    it("never changes a closed or merged case, whoever asks, but for a supervisor's legal hold", () => {
      // Prepare
      const closed = run(completed(), [
        { action: 'rate', rating: 'satisfied' },
        citizen,
        '2026-11-26T10:00:00',
      ]);
      const merged = run(pendingCase(), [
        { action: 'merge', masterCaseId: 'other-case-1' },
        agent,
        '2026-11-21T10:00:00',
      ]);

      // Act & Assess
      expect(everyAction.map((a) => a.action).sort()).toEqual([...ACTION_NAMES].sort());
      for (const kase of [closed, merged]) {
        for (const action of everyAction) {
          for (const actor of [agent, dispatcher, water, supervisor, reviewer, system, citizen, analyst]) {
            const result = applyAction(kase, action, actor, ctx('2026-12-20T10:00:00'));
            expect(result.ok).toBe(action.action === 'legal_hold' && actor === supervisor);
          }
        }
      }
    });

    it('refuses every action to an analyst', () => {
      // Act & Assess
      for (const action of everyAction) {
        expect(refusal(acknowledged(), action, analyst, '2026-11-24T10:00:00')).toBe('forbidden');
      }
    });
  });

  it('never mutates the case it is given', () => {
    // Prepare
    const kase = acknowledged();
    const snapshot = structuredClone(kase);

    // Act
    run(kase, [{ action: 'pause', reason: 'third_party' }, water, '2026-11-23T10:00:00']);
    applyAction(kase, { action: 'return', reason: 'nope' }, water, ctx('2026-11-23T10:00:00'));

    // Assess
    expect(kase).toEqual(snapshot);
  });

  it('refuses an action name it does not know, without throwing', () => {
    // Act
    const result = applyAction(
      acknowledged(),
      { action: 'teleport' } as unknown as LifecycleAction,
      supervisor,
      ctx('2026-11-24T10:00:00'),
    );

    // Assess
    expect(result).toMatchObject({ ok: false, refusal: { code: 'invalid_input' } });
  });
});
