import { describe, expect, it } from 'vitest';
import { ACTION_RULES } from '../../../shared/domain/lifecycle/action-rules';
import { ACTION_NAMES } from '../../../shared/domain/lifecycle/actions';
import { TRANSITIONS } from '../../../shared/domain/lifecycle/transitions';
import { type ActionCase, actionsFor } from '../../console/src/views/case-detail/available-actions';

const DEPARTMENT_ACTIONS = [
  'acknowledge',
  'complete',
  'request_extension',
  'request_correction',
  'pause',
  'resume',
  'return',
] as const;
const lead = { role: 'department' as const, departmentId: 'water' };

function kase(over: Partial<ActionCase> = {}): ActionCase {
  return { status: 'dispatched', departmentId: 'water', ...over };
}

describe('Function: actionsFor', () => {
  it('offers the lead department 签收, 退单, 中止计时 and 补正 on a dispatched order', () => {
    // Act
    const actions = actionsFor(kase(), lead, DEPARTMENT_ACTIONS);

    // Assess
    expect(actions).toEqual(['acknowledge', 'request_correction', 'pause', 'return']);
  });

  it('offers 办结 and 申请延期 once acknowledged, and no second 签收', () => {
    // Act
    const actions = actionsFor(kase({ status: 'acknowledged' }), lead, DEPARTMENT_ACTIONS);

    // Assess
    expect(actions).toEqual(['complete', 'request_extension', 'request_correction', 'pause', 'return']);
  });

  it('offers a co-handling department nothing: it reads the case, the lead acts', () => {
    // Act
    const actions = actionsFor(
      kase({ status: 'acknowledged' }),
      { role: 'department', departmentId: 'roads' },
      DEPARTMENT_ACTIONS,
    );

    // Assess
    expect(actions).toEqual([]);
  });

  it('offers only 恢复计时 among the clock actions while paused, and no 办结 or 退单', () => {
    // Prepare
    const paused = kase({
      status: 'acknowledged',
      pausedSince: { at: '2026-12-01T02:00:00Z', reason: 'third_party', by: 'department:u1@water' },
    });

    // Act
    const actions = actionsFor(paused, lead, DEPARTMENT_ACTIONS);

    // Assess
    expect(actions).toEqual(['request_extension', 'resume']);
  });

  it('leaves 恢复计时 to the citizen’s answer while a 补正 is open', () => {
    // Prepare
    const awaiting = kase({
      status: 'acknowledged',
      pausedSince: { at: '2026-12-01T02:00:00Z', reason: 'awaiting_correction', by: 'department:u1@water' },
      correction: {
        requestedAt: '2026-12-01T02:00:00Z',
        requestedBy: 'department:u1@water',
        question: '请补充照片',
        dueAt: '2026-12-08T15:59:59Z',
      },
    });

    // Act
    const actions = actionsFor(awaiting, lead, DEPARTMENT_ACTIONS);

    // Assess
    expect(actions).toEqual(['request_extension']);
  });

  it('offers no second 申请延期 while one waits for a supervisor', () => {
    // Prepare
    const pending = kase({
      status: 'acknowledged',
      pendingExtension: {
        requestedAt: '2026-12-01T02:00:00Z',
        requestedBy: 'department:u1@water',
        reason: '需现场勘查',
        requestedDueAt: '2026-12-20T15:59:59Z',
      },
    });

    // Act
    const actions = actionsFor(pending, lead, DEPARTMENT_ACTIONS);

    // Assess
    expect(actions).not.toContain('request_extension');
    expect(actions).toContain('complete');
  });

  it('offers other roles none of the department’s actions, and nothing on a closed case', () => {
    // Act
    const dispatcher = actionsFor(kase(), { role: 'dispatcher' }, DEPARTMENT_ACTIONS);
    const closed = actionsFor(kase({ status: 'closed' }), lead, DEPARTMENT_ACTIONS);

    // Assess
    expect(dispatcher).toEqual([]);
    expect(closed).toEqual([]);
  });

  it('offers a dispatcher 派单 and 并单 on an unrouted case, and 改派 (not 派单) on a returned one', () => {
    // Prepare
    const offered = ['dispatch', 'redispatch', 'merge'] as const;
    const dispatcher = { role: 'dispatcher' as const };

    // Act
    const pending = actionsFor(
      kase({ status: 'pending_dispatch', departmentId: undefined }),
      dispatcher,
      offered,
    );
    const returned = actionsFor(kase({ status: 'returned', departmentId: undefined }), dispatcher, offered);
    const byAgent = actionsFor(
      kase({ status: 'returned', departmentId: undefined }),
      { role: 'agent' },
      offered,
    );

    // Assess
    expect(pending).toEqual(['dispatch', 'merge']);
    expect(returned).toEqual(['redispatch', 'merge']);
    expect(byAgent).toEqual(['dispatch', 'merge']);
  });

  it('offers a supervisor the extension decision only while one is pending, and 重办 on a dissatisfied case', () => {
    // Prepare
    const offered = ['approve_extension', 'reject_extension', 'reopen', 'close'] as const;
    const supervisor = { role: 'supervisor' as const };
    const pendingExtension = {
      requestedAt: '2026-12-01T02:00:00.000Z',
      requestedBy: 'department:u1@water',
      reason: '需现场勘查',
      requestedDueAt: '2026-12-18T15:59:59.000Z',
    };

    // Act
    const asked = actionsFor(kase({ status: 'acknowledged', pendingExtension }), supervisor, offered);
    const notAsked = actionsFor(kase({ status: 'acknowledged' }), supervisor, offered);
    const dissatisfied = actionsFor(kase({ status: 'dissatisfied' }), supervisor, offered);

    // Assess
    expect(asked).toEqual(['approve_extension', 'reject_extension', 'close']);
    expect(notAsked).toEqual(['close']);
    expect(dissatisfied).toEqual(['reopen', 'close']);
  });
});

describe('Table: ACTION_RULES', () => {
  it('is the transition table’s own who-and-from for every action', () => {
    // Assess
    for (const name of ACTION_NAMES) {
      const { from, to, roles, assignedDepartmentOnly } = TRANSITIONS[name];
      expect({ from, to, roles, assignedDepartmentOnly }).toEqual({
        assignedDepartmentOnly: undefined,
        ...ACTION_RULES[name],
      });
    }
  });
});
