import { describe, expect, it } from 'vitest';
import {
  MIN_RANKED_APPEALS,
  overdueOf,
  RANKING_NOTE,
  rankDepartments,
} from '../../dashboard/src/league-ranking.js';
import { departmentRow } from './fixtures.js';

/** A department with `appeals` appeals, `onTime` of `due` on time and `happy` of `rated` satisfied. */
const dept = (key: string, appeals: number, onTime: number, due: number, happy = 0, rated = 0) =>
  departmentRow(key, { appeals, slaOnTime: onTime, slaDue: due, satisfied: happy, ratings: rated });

const order = (entries: ReturnType<typeof rankDepartments>) => entries.map((e) => [e.row.key, e.rank]);

describe('Function: rankDepartments', () => {
  it('does not let a department with one appeal top the league', () => {
    // Prepare: one appeal on time beats every department's rate, but is one appeal
    const groups = [dept('water', 200, 194, 200), dept('archive', 1, 1, 1), dept('housing', 60, 51, 60)];

    // Act
    const league = rankDepartments(groups);

    // Assess
    expect(order(league)).toEqual([
      ['water', 1],
      ['housing', 2],
      ['archive', null],
    ]);
  });

  it('ranks a department with exactly the minimum volume and not one below it', () => {
    // Prepare
    const groups = [
      dept('at-minimum', MIN_RANKED_APPEALS, 9, 10),
      dept('below', MIN_RANKED_APPEALS - 1, 9, 9),
    ];

    // Act
    const league = rankDepartments(groups);

    // Assess
    expect(order(league)).toEqual([
      ['at-minimum', 1],
      ['below', null],
    ]);
  });

  it('orders by on-time rate, then satisfaction rate, then key', () => {
    // Prepare
    const groups = [
      dept('c', 20, 18, 20, 9, 10),
      dept('b', 20, 18, 20, 10, 10),
      dept('a', 20, 18, 20, 10, 10),
      dept('d', 20, 20, 20, 1, 10),
    ];

    // Act
    const league = rankDepartments(groups);

    // Assess
    expect(order(league)).toEqual([
      ['d', 1],
      ['a', 2],
      ['b', 3],
      ['c', 4],
    ]);
  });

  it('puts a department whose on-time rate has no value after every one that has one', () => {
    // Prepare: nothing of "young" fell due in the range, its rate is 0/0
    const groups = [dept('young', 40, 0, 0, 10, 10), dept('late', 40, 1, 40)];

    // Act
    const league = rankDepartments(groups);

    // Assess
    expect(order(league)).toEqual([
      ['late', 1],
      ['young', 2],
    ]);
  });

  it('lists the departments below the minimum in the league order too, after the ranked ones', () => {
    // Prepare
    const groups = [dept('small-late', 2, 0, 2), dept('big', 30, 20, 30), dept('small-good', 3, 3, 3)];

    // Act
    const league = rankDepartments(groups, 10);

    // Assess
    expect(order(league)).toEqual([
      ['big', 1],
      ['small-good', null],
      ['small-late', null],
    ]);
  });

  it('takes another minimum when given one, and leaves its input unsorted', () => {
    // Prepare
    const groups = [dept('a', 5, 4, 5), dept('b', 5, 5, 5)];

    // Act
    const league = rankDepartments(groups, 1);

    // Assess
    expect(order(league)).toEqual([
      ['b', 1],
      ['a', 2],
    ]);
    expect(groups.map((g) => g.key)).toEqual(['a', 'b']);
  });

  it('tells the reader the rule with the same minimum', () => {
    // Assess
    expect(RANKING_NOTE).toContain(`按办件量≥${MIN_RANKED_APPEALS}的单位排名`);
  });
});

describe('Function: overdueOf', () => {
  it('counts the cases due and not done on time, never below zero', () => {
    // Act & Assess
    expect(overdueOf(dept('a', 20, 17, 20))).toBe(3);
    expect(overdueOf(departmentRow('b', { slaDue: 0, slaOnTime: 2 }))).toBe(0);
  });
});
