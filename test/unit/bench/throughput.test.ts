import { describe, expect, it } from 'vitest';
import { compareFigures, figure } from '../../../bench/report.js';
import {
  combineRates,
  pipelineTally,
  rateOf,
  requestsPerAppeal,
  roundOrder,
  settledAt,
  splitAppeals,
  throughputRatio,
  throughputVerdict,
} from '../../../bench/throughput-stats.js';

describe('Function: rateOf', () => {
  it('gives appeals per second between two instants in ms', () => {
    // Act
    const rate = rateOf(300, 1_000, 13_000);

    // Assess
    expect(rate).toEqual({ appeals: 300, seconds: 12, perSecond: 25 });
  });

  it('refuses a run that ends before it starts', () => {
    // Act & Assess
    expect(() => rateOf(10, 5_000, 5_000)).toThrow(/end after its start/);
  });
});

describe('Function: settledAt', () => {
  it('gives the latest instant of a case history, whatever its order', () => {
    // Act
    const at = settledAt([
      { at: '2026-12-04T10:00:00.250Z' },
      { at: '2026-12-04T10:00:00.000Z' },
      { at: 'not a date' },
    ]);

    // Assess
    expect(at).toBe(Date.parse('2026-12-04T10:00:00.250Z'));
  });

  it('refuses a history without a dated entry', () => {
    // Act & Assess
    expect(() => settledAt([])).toThrow(/dated history/);
  });
});

describe('Function: pipelineTally', () => {
  it('times the run from the first POST to the last case settled and counts the statuses', () => {
    // Prepare
    const appeals = [
      { trackingNo: 'A', postedAtMs: 1_000, settledAtMs: 1_400, status: 'dispatched' },
      { trackingNo: 'B', postedAtMs: 1_100, settledAtMs: 3_000, status: 'dispatched' },
      { trackingNo: 'C', postedAtMs: 1_200, settledAtMs: 1_500, status: 'pending_dispatch' },
      { trackingNo: 'D', postedAtMs: 1_300, settledAtMs: 1_500, status: 'dispatched' },
    ];

    // Act
    const tally = pipelineTally(appeals);

    // Assess
    expect(tally.rate).toEqual({ appeals: 4, seconds: 2, perSecond: 2 });
    expect(tally.byStatus).toEqual({ dispatched: 3, pending_dispatch: 1 });
    // Latencies 400, 1900, 300, 200 ms: the nearest-rank median is the second smallest.
    expect(tally.latency.p50).toBe(300);
    expect(tally.latency.p99).toBe(1_900);
    expect(tally.latency.max).toBe(1_900);
  });

  it('fails when an accepted appeal has no case, naming it', () => {
    // Prepare
    const appeals = [
      { trackingNo: 'A', postedAtMs: 1_000, settledAtMs: 1_400, status: 'dispatched' },
      { trackingNo: 'LOST', postedAtMs: 1_100 },
    ];

    // Act & Assess
    expect(() => pipelineTally(appeals)).toThrow(/1 of 2 accepted appeals have no case \(e\.g\. LOST\)/);
  });

  it('fails when no appeal was accepted', () => {
    // Act & Assess
    expect(() => pipelineTally([])).toThrow(/no appeal/);
  });
});

describe('Function: requestsPerAppeal', () => {
  it('divides each operation by the appeals, largest first', () => {
    // Prepare
    const counts = {
      DynamoDB: {
        PutItem: { calls: 231, readUnits: 0, writeUnits: 1107 },
        Query: { calls: 200, readUnits: 0, writeUnits: 0 },
      },
      SQS: { SendMessage: { calls: 100, readUnits: 0, writeUnits: 0 } },
    };

    // Act
    const perAppeal = requestsPerAppeal(counts, 100);

    // Assess
    expect(Object.entries(perAppeal)).toEqual([
      ['DynamoDB PutItem', 2.31],
      ['DynamoDB Query', 2],
      ['SQS SendMessage', 1],
    ]);
  });
});

describe('Function: combineRates', () => {
  it('gives all the appeals over all the seconds, not the mean of the rates', () => {
    // Act
    const rate = combineRates([
      { appeals: 500, seconds: 10, perSecond: 50 },
      { appeals: 500, seconds: 15, perSecond: 500 / 15 },
    ]);

    // Assess
    expect(rate).toEqual({ appeals: 1000, seconds: 25, perSecond: 40 });
  });

  it('refuses to combine nothing', () => {
    // Act & Assess
    expect(() => combineRates([])).toThrow(/no timed run/);
  });
});

describe('Function: roundOrder', () => {
  it('alternates which side goes first (ABBA)', () => {
    // Act & Assess
    expect([0, 1, 2, 3].map(roundOrder)).toEqual([
      ['pipeline', 'floor'],
      ['floor', 'pipeline'],
      ['pipeline', 'floor'],
      ['floor', 'pipeline'],
    ]);
  });
});

describe('Function: splitAppeals', () => {
  it('splits the appeals as evenly as can be, the larger rounds first', () => {
    // Act & Assess
    expect(splitAppeals(1000, 2)).toEqual([500, 500]);
    expect(splitAppeals(1000, 3)).toEqual([334, 333, 333]);
    expect(splitAppeals(5, 4)).toEqual([2, 1, 1, 1]);
  });
});

describe('Function: throughputRatio', () => {
  it('gives the pipeline rate as a share of the floor rate', () => {
    // Act
    const ratio = throughputRatio(
      { appeals: 200, seconds: 10, perSecond: 20 },
      { appeals: 200, seconds: 8, perSecond: 25 },
    );

    // Assess
    expect(ratio).toBeCloseTo(0.8, 9);
  });
});

describe('Function: throughputVerdict', () => {
  it('meets when the combined ratio and every round reach the target', () => {
    // Act & Assess
    expect(throughputVerdict(0.8, [0.75, 0.7], 0.7)).toBe('meets');
  });

  it('misses when none reaches it', () => {
    // Act & Assess
    expect(throughputVerdict(0.5, [0.44, 0.56], 0.7)).toBe('misses');
  });

  it('is undecided when the rounds fall on both sides of the target', () => {
    // Act & Assess
    expect(throughputVerdict(0.74, [0.92, 0.6], 0.7)).toBe('undecided');
  });
});

describe('Function: compareFigures (a figure where higher is better)', () => {
  it('keeps the direction with the change', () => {
    // Prepare
    const before = [figure('throughput.webform.appeals-per-second', 'appeals/s', 18, 24, 0.7, 'higher')];
    const after = [figure('throughput.webform.appeals-per-second', 'appeals/s', 21, 24, 0.7, 'higher')];

    // Act
    const [change] = compareFigures(before, after);

    // Assess
    expect(change?.better).toBe('higher');
    expect(change?.before).toBeCloseTo(0.75, 9);
    expect(change?.change).toBeCloseTo(21 / 18 - 1, 9);
  });
});
