import { describe, expect, it } from 'vitest';
import {
  COUNTERS,
  type CounterTotals,
  countersOf,
  emptyCounters,
  RATES,
  ratesOf,
  sumCounters,
  TARGETS,
} from '../../../shared/domain/metrics/rates.js';

function counters(partial: Partial<CounterTotals>): CounterTotals {
  return { ...emptyCounters(), ...partial };
}

describe('Metrics: ratesOf', () => {
  it('computes every rate of DESIGN §7 from its numerator and denominator', () => {
    // Prepare
    const c = counters({
      callsQueued: 200,
      callsAnswered: 190,
      callsAnsweredIn15s: 150,
      callsAbandoned: 10,
      slaDue: 40,
      slaOnTime: 38,
      ratings: 20,
      satisfied: 15,
      basicallySatisfied: 4,
      dissatisfied: 1,
      completed: 50,
      appeals: 80,
      directResolutions: 16,
      dispatches: 60,
      returns: 3,
      repeats: 8,
      handlingSecondsSum: 50 * 7200,
      noticesQueued: 60,
      noticesDelivered: 57,
      followUpContacted: 30,
      ratingsViaWeb: 12,
      satisfiedOrBasicViaWeb: 12,
      ratingsViaWechat: 5,
      satisfiedOrBasicViaWechat: 4,
      ratingsViaPhone: 3,
      satisfiedOrBasicViaPhone: 3,
      callbacksDue: 8,
      callbacksReached: 6,
      callbacksReachedOnTime: 4,
      callbacksSelfResolved: 2,
    });

    // Act
    const rates = ratesOf(c);

    // Assess
    const pairs = Object.fromEntries(RATES.map((r) => [r, [rates[r].numerator, rates[r].denominator]]));
    expect(pairs).toEqual({
      answerRate: [190, 200],
      answeredIn15sRate: [150, 200],
      abandonRate: [10, 200],
      onTimeRate: [38, 40],
      satisfactionRate: [19, 20],
      feedbackResponseRate: [20, 50],
      directResolutionRate: [16, 80],
      misrouteRate: [3, 60],
      repeatRate: [8, 80],
      avgHandlingHours: [100, 50],
      noticeDeliveryRate: [57, 60],
      followUpContactRate: [30, 50],
      satisfactionRateWeb: [12, 12],
      satisfactionRateWechat: [4, 5],
      satisfactionRatePhone: [3, 3],
      callbackRate: [6, 8],
      callbackOnTimeRate: [4, 8],
    });
    expect(rates.answerRate.value).toBe(0.95);
    expect(rates.satisfactionRate.value).toBe(0.95);
    expect(rates.avgHandlingHours.value).toBe(2);
    expect(rates.noticeDeliveryRate.value).toBe(0.95);
    expect(rates.followUpContactRate.value).toBe(0.6);
    expect(rates.satisfactionRateWechat.value).toBe(0.8);
  });

  it('gives null, not 0, for every rate over zero counters, and met null', () => {
    // Act
    const rates = ratesOf(emptyCounters());

    // Assess
    for (const name of RATES) {
      expect(rates[name]).toMatchObject({ numerator: 0, denominator: 0, value: null });
    }
    expect(rates.answerRate.met).toBeNull();
    expect(rates.onTimeRate.met).toBeNull();
    expect(rates.satisfactionRate.met).toBeNull();
  });

  it('leaves the answer rate alone when abandoned calls are called back', () => {
    // Prepare: 10 calls, 2 abandoned; both callers reached by a callback
    const c = counters({
      callsQueued: 10,
      callsAnswered: 8,
      callsAbandoned: 2,
      callbacksDue: 2,
      callbacksReached: 2,
      callbacksReachedOnTime: 1,
    });

    // Act
    const rates = ratesOf(c);

    // Assess
    expect(rates.answerRate).toMatchObject({ numerator: 8, denominator: 10, value: 0.8, met: false });
    expect(rates.callbackRate).toEqual({ numerator: 2, denominator: 2, value: 1 });
    expect(rates.callbackOnTimeRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
  });

  it('judges a line against its own answer-rate target when one is given', () => {
    // Act
    const rates = ratesOf(counters({ callsQueued: 100, callsAnswered: 96 }), { answerRate: 0.95 });

    // Assess
    expect(rates.answerRate).toMatchObject({ value: 0.96, target: 0.95, met: true });
    expect(rates.onTimeRate.target).toBe(TARGETS.onTimeRate);
  });

  it('averages handling time in hours over the cases completed', () => {
    // Act
    const rates = ratesOf(counters({ completed: 4, handlingSecondsSum: 3600 * 3 + 1800 }));

    // Assess
    expect(rates.avgHandlingHours).toEqual({ numerator: 3.5, denominator: 4, value: 0.875 });
  });

  it.each([
    ['answerRate', { callsAnswered: 49, callsQueued: 50 }, true],
    ['answerRate', { callsAnswered: 979, callsQueued: 1000 }, false],
    ['onTimeRate', { slaOnTime: 24, slaDue: 25 }, true],
    ['onTimeRate', { slaOnTime: 959, slaDue: 1000 }, false],
    ['satisfactionRate', { satisfied: 40, basicallySatisfied: 9, ratings: 50 }, true],
    ['satisfactionRate', { satisfied: 9799, ratings: 10000 }, false],
  ] as const)(
    'judges %s %j against its target: met %s (exactly the target meets it)',
    (name, partial, met) => {
      // Act
      const rate = ratesOf(counters(partial))[name];

      // Assess
      expect(rate.target).toBe(TARGETS[name]);
      expect(rate.met).toBe(met);
    },
  );

  it('puts a target only on the three headline rates', () => {
    // Act
    const rates = ratesOf(counters({ appeals: 1, repeats: 1 }));

    // Assess
    expect(RATES.filter((r) => 'target' in rates[r])).toEqual([
      'answerRate',
      'onTimeRate',
      'satisfactionRate',
    ]);
  });
});

describe('Metrics: counters', () => {
  it('reads the counters of an item, absent ones as 0, and ignores keys and bookkeeping', () => {
    // Act
    const c = countersOf({
      pk: 'department',
      sk: '2026-11-02#water-group',
      day: '2026-11-02',
      value: 'water-group',
      appeals: 3,
      completed: '7',
      _applied: 12,
    });

    // Assess
    expect(c).toEqual(counters({ appeals: 3 }));
    expect(Object.keys(c)).toEqual([...COUNTERS]);
  });

  it('sums counter sets', () => {
    // Act
    const total = sumCounters([counters({ appeals: 2, callsQueued: 1 }), counters({ appeals: 3 })]);

    // Assess
    expect(total).toEqual(counters({ appeals: 5, callsQueued: 1 }));
  });
});
