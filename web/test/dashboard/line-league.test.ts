import { describe, expect, it } from 'vitest';
import { lineSummary, rankLines, targetOf, verdictOf } from '../../dashboard/src/line-league.js';
import { lineRow } from './fixtures.js';

/** A line with `answered` of `queued` calls answered, against `target`. */
const line = (code: string, answered: number, queued: number, target = 0.98) =>
  lineRow(code, `线路 ${code}`, { callsAnswered: answered, callsQueued: queued }, target);

describe('Function: rankLines', () => {
  it('puts the line furthest below its target first and the lines without calls last', () => {
    // Prepare
    const groups = [
      line('12345', 990, 1000),
      line('12315', 90, 100),
      line('96123', 0, 0),
      line('12319', 970, 1000),
      line('12369', 100, 100),
    ];

    // Act
    const order = rankLines(groups).map((r) => r.key);

    // Assess
    expect(order).toEqual(['12315', '12319', '12345', '12369', '96123']);
  });

  it('judges each line against its own target, not a single city-wide one', () => {
    // Prepare: 96 % against 95 % meets its target; 97 % against 98 % misses it
    const lenient = line('12319', 96, 100, 0.95);
    const strict = line('12345', 97, 100, 0.98);

    // Act
    const order = rankLines([lenient, strict]).map((r) => r.key);

    // Assess
    expect(order).toEqual(['12345', '12319']);
    expect([verdictOf(lenient.rates.answerRate), verdictOf(strict.rates.answerRate)]).toEqual([
      'met',
      'miss',
    ]);
  });

  it('keeps equal lines in the order of their codes', () => {
    // Act
    const order = rankLines([line('b', 1, 2), line('a', 1, 2)]).map((r) => r.key);

    // Assess
    expect(order).toEqual(['a', 'b']);
  });
});

describe('Function: verdictOf and targetOf', () => {
  it('says 无来电 for a line without a queued call instead of a verdict on 0/0', () => {
    // Prepare
    const quiet = line('96123', 0, 0, 0.9);

    // Act
    const result = [
      verdictOf(quiet.rates.answerRate),
      targetOf(quiet.rates.answerRate),
      verdictOf(undefined),
    ];

    // Assess
    expect(result).toEqual(['none', 0.9, 'none']);
  });
});

describe('Function: lineSummary', () => {
  it('counts the lines that miss their target and those without calls', () => {
    // Act
    const texts = [
      lineSummary([line('a', 90, 100), line('b', 99, 100), line('c', 0, 0)]),
      lineSummary([line('a', 99, 100)]),
      lineSummary([line('a', 0, 0)]),
    ];

    // Assess
    expect(texts).toEqual([
      '共 3 条线路，1 条未达标，1 条所选期间无来电',
      '共 1 条线路，有来电的线路均达标',
      '共 1 条线路，均无来电',
    ]);
  });
});
