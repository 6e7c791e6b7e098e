import { describe, expect, it } from 'vitest';
import type { Case } from '../../../shared/domain/case';
import { UNFINISHED_STATUSES } from '../../../shared/domain/lifecycle/action-rules';
import type { ActionName } from '../../../shared/domain/lifecycle/actions';
import { type LifecycleContext, TRANSITIONS } from '../../../shared/domain/lifecycle/transitions';
import { remindTarget } from '../../console/src/views/case-detail/actions/remind-target';
import { type ActionCase, actionsFor } from '../../console/src/views/case-detail/available-actions';

const OFFERED: readonly ActionName[] = ['answer_correction', 'remind', 'close_uncorrected', 'close'];
const supervisor = { role: 'supervisor' as const };
const agent = { role: 'agent' as const };
const now = new Date('2026-12-10T04:00:00.000Z');
const correction = {
  requestedAt: '2026-12-01T02:00:00.000Z',
  requestedBy: 'department:u1@water',
  question: '请提供漏水位置的照片',
  dueAt: '2026-12-08T15:59:59.000Z',
};

function kase(over: Partial<ActionCase> = {}): ActionCase {
  return { status: 'acknowledged', departmentId: 'water', ...over };
}

/** What the core's guard answers for the same case at the same instant (undefined: allowed). */
function coreRefusal(name: ActionName, k: ActionCase, action: object, role: 'supervisor' | 'agent') {
  const rule = TRANSITIONS[name] as unknown as {
    guard?: (k: Case, a: object, actor: object, ctx: LifecycleContext) => unknown;
  };
  const ctx = { now } as LifecycleContext;
  return rule.guard?.(k as Case, { action: name, ...action }, { role, id: 'u1' }, ctx);
}

describe('Function: actionsFor (the supervisor’s and the agent’s further actions)', () => {
  it('offers a supervisor 催办 on every unfinished case and not on a completed or closed one', () => {
    // Act
    const unfinished = UNFINISHED_STATUSES.map((status) =>
      actionsFor(kase({ status }), supervisor, OFFERED, now),
    );
    const completed = actionsFor(kase({ status: 'completed' }), supervisor, OFFERED, now);
    const closed = actionsFor(kase({ status: 'closed' }), supervisor, OFFERED, now);
    const byDepartment = actionsFor(kase(), { role: 'department', departmentId: 'water' }, OFFERED, now);

    // Assess
    for (const offered of unfinished) expect(offered).toContain('remind');
    expect(completed).not.toContain('remind');
    expect(closed).toEqual([]);
    expect(byDepartment).toEqual([]);
  });

  it('offers an agent 补正答复 only while a 补正 waits for the citizen’s answer', () => {
    // Act
    const open = actionsFor(kase({ correction }), agent, OFFERED, now);
    const answered = actionsFor(
      kase({ correction: { ...correction, answeredAt: '2026-12-02T02:00:00.000Z' } }),
      agent,
      OFFERED,
      now,
    );
    const none = actionsFor(kase(), agent, OFFERED, now);

    // Assess
    expect(open).toEqual(['answer_correction']);
    expect(answered).toEqual([]);
    expect(none).toEqual([]);
  });

  it('offers 未补正归档 only once the 补正’s period has passed, as the core allows it', () => {
    // Prepare
    const passed = kase({ correction });
    const running = kase({ correction: { ...correction, dueAt: '2026-12-12T15:59:59.000Z' } });
    const answered = kase({ correction: { ...correction, answeredAt: '2026-12-02T02:00:00.000Z' } });

    // Act
    const offered = [passed, running, answered, kase()].map((k) =>
      actionsFor(k, supervisor, OFFERED, now).includes('close_uncorrected'),
    );
    const core = [passed, running, answered, kase()].map(
      (k) => coreRefusal('close_uncorrected', k, { note: '逾期未补正' }, 'supervisor') === undefined,
    );

    // Assess
    expect(offered).toEqual([true, false, false, false]);
    expect(offered).toEqual(core);
  });

  it('never offers the agent’s phone answer where the core refuses it', () => {
    // Prepare
    const open = kase({ correction });

    // Act
    const refusal = coreRefusal(
      'answer_correction',
      open,
      { answer: '照片已发到短信', via: 'phone' },
      'agent',
    );

    // Assess
    expect(refusal).toBeUndefined();
  });
});

describe('Function: remindTarget', () => {
  it('urges 签收 on a case not yet signed for and 办结 otherwise, each a target the core takes', () => {
    // Act
    const targets = UNFINISHED_STATUSES.map((status) => [status, remindTarget(status)] as const);
    const refusals = targets.map(([status, target]) =>
      coreRefusal('remind', kase({ status }), { target, note: '请尽快办理' }, 'supervisor'),
    );

    // Assess
    expect(Object.fromEntries(targets)).toEqual({
      received: 'complete',
      pending_dispatch: 'complete',
      dispatched: 'acknowledge',
      acknowledged: 'complete',
      returned: 'complete',
      reopened: 'acknowledge',
    });
    expect(refusals.every((r) => r === undefined)).toBe(true);
  });
  it('offers 法律保全 to a supervisor on a closed or merged case only, and to nobody else', () => {
    // Prepare
    const offered: readonly ActionName[] = ['legal_hold'];

    // Act
    const onClosed = actionsFor(kase({ status: 'closed' }), supervisor, offered, now);
    const onMerged = actionsFor(kase({ status: 'merged' }), supervisor, offered, now);
    const onOpen = actionsFor(kase({ status: 'completed' }), supervisor, offered, now);
    const others = (['agent', 'dispatcher', 'analyst', 'reviewer'] as const).flatMap((role) =>
      actionsFor(kase({ status: 'closed' }), { role }, offered, now),
    );
    const department = actionsFor(
      kase({ status: 'closed' }),
      { role: 'department', departmentId: 'water' },
      offered,
      now,
    );

    // Assess
    expect([onClosed, onMerged, onOpen]).toEqual([['legal_hold'], ['legal_hold'], []]);
    expect([...others, ...department]).toEqual([]);
  });
});
