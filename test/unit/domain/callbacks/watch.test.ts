import { describe, expect, it } from 'vitest';
import { superviseCallbackTask } from '../../../../shared/domain/callbacks/index.js';
import { AGENT, at, attempted, openTask, policy, takenBy } from './fixtures.js';

describe('Function: superviseCallbackTask', () => {
  it('does nothing before 80 % of the deadline', () => {
    // Prepare
    const task = openTask();

    // Act
    const result = superviseCallbackTask(task, policy, at(47));

    // Assess
    expect(result).toBeUndefined();
  });

  it('warns once at 80 % of the deadline', () => {
    // Prepare
    const task = openTask();

    // Act
    const first = superviseCallbackTask(task, policy, at(48));
    const again = first && superviseCallbackTask(first.task, policy, at(50));

    // Assess
    expect(first?.steps).toEqual(['warned']);
    expect(first?.task.warnedAt).toBe(at(48).toISOString());
    expect(first?.task.history.at(-1)).toEqual({
      at: at(48).toISOString(),
      actor: 'system',
      action: 'warned',
    });
    expect(again).toBeUndefined();
  });

  it('marks overdue once after the deadline', () => {
    // Prepare
    const warned = superviseCallbackTask(openTask(), policy, at(48))?.task ?? openTask();

    // Act
    const atDue = superviseCallbackTask(warned, policy, at(60));
    const first = superviseCallbackTask(warned, policy, at(61));
    const again = first && superviseCallbackTask(first.task, policy, at(70));

    // Assess
    expect(atDue).toBeUndefined();
    expect(first?.steps).toEqual(['overdue']);
    expect(first?.task.overdueAt).toBe(at(61).toISOString());
    expect(again).toBeUndefined();
  });

  it('marks a task first seen past its deadline overdue without a late warning', () => {
    // Prepare
    const task = openTask();

    // Act
    const result = superviseCallbackTask(task, policy, at(90));

    // Assess
    expect(result?.steps).toEqual(['overdue']);
    expect(result?.task).not.toHaveProperty('warnedAt');
  });

  it('leaves a closed task alone', () => {
    // Prepare
    const task = attempted(takenBy(AGENT, 2), 'reached', 3);

    // Act
    const result = superviseCallbackTask(task, policy, at(90));

    // Assess
    expect(result).toBeUndefined();
  });
});
