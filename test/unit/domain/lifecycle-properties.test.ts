import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildWorkingCalendar } from '../../../shared/domain/calendar/index.js';
import { type Case, CaseSchema, createCase } from '../../../shared/domain/case.js';
import {
  type Actor,
  actorLabel,
  applyAction,
  type LifecycleAction,
  type LifecycleContext,
  TERMINAL_STATUSES,
  TRANSITIONS,
} from '../../../shared/domain/lifecycle/index.js';
import { endOfShanghaiDay, shanghaiDate } from '../../../shared/domain/working-days.js';
import { SEED_CALENDAR_YEARS } from '../../../shared/seed/calendar/index.js';
import { testAppeal } from '../fixtures/appeal.js';
import { TEST_DIRECTORY } from '../fixtures/directory.js';

const calendar = buildWorkingCalendar(SEED_CALENDAR_YEARS);
const DAY = 86_400_000;
const START = new Date('2026-11-20T02:00:05Z');

const ACTORS: Actor[] = [
  { role: 'agent', id: 'a-1' },
  { role: 'dispatcher', id: 'd-1' },
  { role: 'department', id: 'u-1', departmentId: 'water-group' },
  { role: 'department', id: 'u-2', departmentId: 'city-urban' },
  { role: 'department', id: 'u-3', departmentId: 'gulou-urban' },
  { role: 'department', id: 'u-4' },
  { role: 'supervisor', id: 's-1' },
  { role: 'analyst', id: 'n-1' },
  { role: 'system', id: 'system' },
  { role: 'citizen', id: 'feedback-link' },
];

/** The cases a sequence starts from: dispatched, pending, resolved at intake, urgent, disclosure. */
const STARTS: Record<string, () => Case> = {
  dispatched: () => createCase(testAppeal(), { directory: TEST_DIRECTORY, calendar, now: START }),
  pending: () =>
    createCase(testAppeal({ category: 'other' }), { directory: TEST_DIRECTORY, calendar, now: START }),
  resolved: () =>
    createCase(
      testAppeal({
        type: 'consultation',
        resolution: { at: '2026-11-20T02:03:00.000Z', by: 'agent:a-7', reply: '已告知办理流程' },
      }),
      { directory: TEST_DIRECTORY, calendar, now: START },
    ),
  urgent: () =>
    createCase(testAppeal({ urgency: 'urgent', type: 'complaint', category: 'noise' }), {
      directory: TEST_DIRECTORY,
      calendar,
      now: START,
    }),
  disclosure: () =>
    createCase(testAppeal({ type: 'disclosure', category: 'property-dispute' }), {
      directory: TEST_DIRECTORY,
      calendar,
      now: START,
    }),
};

const department = fc.constantFrom(
  'water-group',
  'city-urban',
  'gulou-urban',
  'housing-bureau',
  'nobody',
  '',
);
const note = fc.option(fc.constantFrom('情况说明', '', '  ', '请加快办理'), { nil: undefined });

function w<T>(weight: number, arbitrary: fc.Arbitrary<T>): fc.WeightedArbitrary<T> {
  return { arbitrary, weight };
}

/**
 * Actions with plausible and implausible payloads, weighted so walks reach extensions, pauses and
 * completions; `requestedDueAt` is days ahead of now, resolved at run time.
 */
const actionArb: fc.Arbitrary<LifecycleAction> = fc.oneof(
  w(2, fc.record({ action: fc.constant('dispatch' as const), departmentId: department, note })),
  w(
    1,
    fc.record({
      action: fc.constant('redispatch' as const),
      departmentId: department,
      coHandlers: fc.option(fc.array(department, { maxLength: 3 }), { nil: undefined }),
    }),
  ),
  w(3, fc.record({ action: fc.constant('acknowledge' as const) })),
  w(
    1,
    fc.record({
      action: fc.constant('return' as const),
      reason: fc.constantFrom(
        'not_our_responsibility',
        'wrong_district',
        'insufficient_information',
        'duplicate',
        'bogus',
      ),
    }),
  ),
  w(
    4,
    fc.record({
      action: fc.constant('request_extension' as const),
      reason: fc.constantFrom('需要协调', '需要协调', ''),
      requestedDueAt: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: -2, max: 30 })).map(String),
    }),
  ),
  w(3, fc.record({ action: fc.constant('approve_extension' as const) })),
  w(1, fc.record({ action: fc.constant('reject_extension' as const), note })),
  w(
    2,
    fc.record({
      action: fc.constant('pause' as const),
      reason: fc.constantFrom('awaiting_correction', 'third_party', 'x'),
    }),
  ),
  w(3, fc.record({ action: fc.constant('resume' as const) })),
  w(
    4,
    fc.record({
      action: fc.constant('complete' as const),
      reply: fc.constantFrom('已处理完毕', '已处理完毕', ''),
      internalNote: note,
    }),
  ),
  w(
    2,
    fc.record({
      action: fc.constant('rate' as const),
      rating: fc.constantFrom('satisfied', 'basically_satisfied', 'dissatisfied', 'great'),
    }),
  ),
  w(2, fc.record({ action: fc.constant('reopen' as const), note })),
  w(1, fc.record({ action: fc.constant('close' as const), note })),
  w(
    1,
    fc.record({ action: fc.constant('merge' as const), masterCaseId: fc.constantFrom('master-case-01', '') }),
  ),
  w(
    1,
    fc.record({
      action: fc.constant('link_duplicate' as const),
      duplicateCaseId: fc.constantFrom('dup-case-01', ''),
    }),
  ),
  w(2, fc.record({ action: fc.constant('warn' as const) })),
  w(
    2,
    fc.record({
      action: fc.constant('remind' as const),
      target: fc.constantFrom('complete', 'acknowledge', 'x'),
    }),
  ),
  w(2, fc.record({ action: fc.constant('mark_overdue' as const) })),
);

const stepArb = fc.record({
  action: actionArb,
  // Mostly an actor the table allows for the action (so walks get far into the lifecycle),
  // sometimes anyone (so refusals are exercised too).
  actor: fc.oneof(
    { arbitrary: fc.nat(99).map((seed) => ({ fit: true as const, seed })), weight: 5 },
    { arbitrary: fc.constantFrom(...ACTORS).map((actor) => ({ fit: false as const, actor })), weight: 1 },
  ),
  // Mostly small steps, sometimes days, so deadlines, windows and supervision come into play.
  advanceMs: fc.oneof(
    w(4, fc.integer({ min: 0, max: 6 * 3_600_000 })),
    w(1, fc.integer({ min: 0, max: 4 * DAY })),
  ),
});

function resolve(action: LifecycleAction, now: Date): LifecycleAction {
  if (action.action !== 'request_extension') return action;
  const days = Number(action.requestedDueAt);
  if (!Number.isInteger(days)) return action;
  return {
    ...action,
    requestedDueAt: endOfShanghaiDay(shanghaiDate(new Date(now.getTime() + days * DAY))).toISOString(),
  };
}

/** The actor for a step: a random one, or one of the roles the action's row allows. */
function pickActor(
  pick: { fit: true; seed: number } | { fit: false; actor: Actor },
  action: LifecycleAction,
  kase: Case,
): Actor {
  if (!pick.fit) return pick.actor;
  const roles = TRANSITIONS[action.action].roles;
  const role = roles[pick.seed % roles.length] as Actor['role'];
  if (role === 'department') return { role, id: 'u-9', departmentId: kase.departmentId ?? 'water-group' };
  return ACTORS.find((a) => a.role === role) as Actor;
}

const SUPERVISION_ONCE = new Set(['warn', 'remind', 'mark_overdue']);

// 400 random sequences take under a second alone; a loaded machine can take several times that.
describe('Property: the case state machine', { timeout: 30_000 }, () => {
  it('keeps its invariants over random sequences of actions and actors', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(STARTS)),
        fc.array(stepArb, { minLength: 10, maxLength: 50, size: 'max' }),
        (start, steps) => {
          let kase = (STARTS[start] as () => Case)();
          let now = START;
          let slaDecisions = kase.slaOutcome ? 1 : 0;
          for (const step of steps) {
            now = new Date(now.getTime() + step.advanceMs);
            const action = resolve(step.action, now);
            const actor = pickActor(step.actor, action, kase);
            const ctx: LifecycleContext = { now, calendar, directory: TEST_DIRECTORY };
            const before = structuredClone(kase);

            const result = applyAction(kase, action, actor, ctx);

            // A refusal changes nothing, and the input is never mutated either way.
            expect(kase).toEqual(before);
            if (!result.ok) continue;
            const next = result.case;

            // Closed and merged cases never change.
            expect(TERMINAL_STATUSES).not.toContain(before.status);
            // Version increases by exactly one; history only grows, by one entry naming the actor.
            expect(next.version).toBe(before.version + 1);
            expect(next.history).toHaveLength(before.history.length + 1);
            expect(next.history.slice(0, -1)).toEqual(before.history);
            expect(next.history.at(-1)).toMatchObject({
              action: action.action,
              actor: actorLabel(actor),
              at: now.toISOString(),
            });
            // The SLA outcome is decided once, at completion or at overdue marking, and never changes.
            if (before.slaOutcome) {
              expect(next.slaOutcome).toBe(before.slaOutcome);
              expect(next.slaDueAt).toBe(before.slaDueAt);
            } else if (next.slaOutcome) {
              slaDecisions++;
              expect(['complete', 'mark_overdue']).toContain(action.action);
              if (action.action === 'complete') {
                expect(next.slaOutcome).toBe(now <= new Date(before.dueAt) ? 'on_time' : 'late');
              } else {
                expect(next.slaOutcome).toBe('late');
              }
            }
            expect(slaDecisions).toBeLessThanOrEqual(1);
            // At most one lead department, never also a co-handler; held exactly while handled.
            expect(next.coHandlers).not.toContain(next.departmentId);
            if (['dispatched', 'acknowledged'].includes(next.status))
              expect(next.departmentId).toEqual(expect.any(String));
            if (['pending_dispatch', 'returned', 'merged'].includes(next.status))
              expect(next.departmentId).toBeUndefined();
            // A merged case points to its master; nothing else does.
            expect(next.status === 'merged').toBe(next.mergedInto !== undefined);
            // One rating, kept.
            if (before.feedback) expect(next.feedback).toEqual(before.feedback);
            if (next.status === 'completed') expect(next.completedAt).toBeDefined();
            // The case stays a valid item.
            expect(CaseSchema.safeParse(next).success).toBe(true);
            // The supervision job may run again at once: each system step is taken once.
            if (actor.role === 'system' && SUPERVISION_ONCE.has(action.action)) {
              expect(applyAction(next, action, actor, ctx).ok).toBe(false);
            }
            kase = next;
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never throws, whatever the action, actor or time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(STARTS)),
        actionArb,
        fc.constantFrom(...ACTORS),
        fc.integer({ min: -30 * DAY, max: 400 * DAY }),
        (start, action, actor, offset) => {
          const now = new Date(START.getTime() + offset);
          expect(() =>
            applyAction((STARTS[start] as () => Case)(), resolve(action, now), actor, { now, calendar }),
          ).not.toThrow();
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives a case at most one SLA outcome however the supervision job and the department race', () => {
    const system: Actor = { role: 'system', id: 'system' };
    const water: Actor = { role: 'department', id: 'u-1', departmentId: 'water-group' };
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            who: fc.constantFrom('job', 'department'),
            advanceMs: fc.integer({ min: 0, max: 3 * DAY }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        (events) => {
          let kase = (STARTS.dispatched as () => Case)();
          let now = START;
          const decided: string[] = [];
          for (const e of events) {
            now = new Date(now.getTime() + e.advanceMs);
            const tries: [LifecycleAction, Actor][] =
              e.who === 'job'
                ? [
                    [{ action: 'warn' }, system],
                    [{ action: 'remind' }, system],
                    [{ action: 'mark_overdue' }, system],
                  ]
                : [
                    [{ action: 'acknowledge' }, water],
                    [{ action: 'complete', reply: '已处理' }, water],
                  ];
            for (const [action, actor] of tries) {
              const r = applyAction(kase, action, actor, { now, calendar });
              if (!r.ok) continue;
              if (!kase.slaOutcome && r.case.slaOutcome) decided.push(r.case.slaOutcome);
              kase = r.case;
            }
          }
          expect(decided.length).toBeLessThanOrEqual(1);
          if (kase.status === 'completed' || kase.slaOutcome) expect(decided).toHaveLength(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
