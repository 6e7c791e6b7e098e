import { describe, expect, it } from 'vitest';
import { compareCounts, type Outcome, queuePeak, summarisePhase } from '../../../load/report.js';
import { isLoopback } from '../../../load/target.js';

// The load test's arithmetic: a phase's figures, count in against count out, the queue's peak, and
// the loopback guard that keeps it off real deployments.

const accepted = (ms: number, trackingNo?: string): Outcome => ({
  channel: 'webform',
  status: 202,
  ms,
  ...(trackingNo ? { trackingNo } : {}),
});

describe('summarisePhase', () => {
  it('takes p50 and p99 of the accepted requests only, by nearest rank', () => {
    // Prepare: 100 accepted answers of 1..100 ms, and a slow refusal that must not count.
    const outcomes = [
      ...Array.from({ length: 100 }, (_, i) => accepted(100 - i)),
      { channel: 'webform', status: 400, code: 'validation_failed', ms: 5_000 } satisfies Outcome,
    ];

    // Act
    const summary = summarisePhase('soak', 10, 20, outcomes);

    // Assess
    expect(summary).toMatchObject({ sent: 101, accepted: 100, p50: 50, p99: 99, max: 100 });
    expect(summary.acceptedPerSecond).toBe(5);
  });

  it('counts refusals by status and code, and failures apart from them', () => {
    // Prepare
    const outcomes: Outcome[] = [
      accepted(3),
      { channel: 'hotline', status: 401, code: 'bad_signature', ms: 2 },
      { channel: 'hotline', status: 401, code: 'bad_signature', ms: 2 },
      { channel: 'wechat', status: 200, code: 'no_tracking_no', ms: 4 },
      { channel: 'webform', status: 503, code: 'service_unavailable', ms: 9 },
      { channel: 'complete', status: 0, code: 'timeout', ms: 30_000 },
    ];

    // Act
    const summary = summarisePhase('burst', 1, 1, outcomes);

    // Assess
    expect(summary.accepted).toBe(1);
    expect(summary.rejected).toEqual({ '401 bad_signature': 2, '200 no_tracking_no': 1 });
    expect(summary.errors).toEqual({ '503 service_unavailable': 1, 'network timeout': 1 });
    expect(summary.channels).toEqual({
      webform: { sent: 2, accepted: 1, p99: 3 },
      hotline: { sent: 2, accepted: 0, p99: Number.NaN },
      wechat: { sent: 1, accepted: 0, p99: Number.NaN },
      complete: { sent: 1, accepted: 0, p99: Number.NaN },
    });
  });

  it('has no latency figures for a phase nothing was accepted in', () => {
    // Act
    const summary = summarisePhase('burst', 1, 1, []);

    // Assess
    expect(summary.p99).toBeNaN();
    expect(summary.accepted).toBe(0);
  });
});

describe('compareCounts', () => {
  it('holds when each accepted tracking number is exactly one case and nothing is dead-lettered', () => {
    // Prepare
    const found = new Map([
      ['A', 1],
      ['B', 1],
    ]);

    // Act
    const counted = compareCounts(['A', 'B'], found, 0);

    // Assess
    expect(counted).toMatchObject({ countIn: 2, countOut: 2, ok: true });
  });

  it('names the missing, the duplicated and the numbers answered twice', () => {
    // Prepare: C has no case, B two, A was answered to two requests.
    const found = new Map([
      ['A', 1],
      ['B', 2],
    ]);

    // Act
    const counted = compareCounts(['A', 'B', 'C', 'A'], found, 0);

    // Assess
    expect(counted).toMatchObject({
      countIn: 3,
      countOut: 1,
      missing: ['C'],
      duplicated: ['B'],
      answeredTwice: ['A'],
      ok: false,
    });
  });

  it('fails on a message left in the dead-letter queue', () => {
    // Act
    const counted = compareCounts(['A'], new Map([['A', 1]]), 1);

    // Assess
    expect(counted.ok).toBe(false);
  });
});

describe('queuePeak', () => {
  it('finds the deepest backlog of waiting and in-flight messages', () => {
    // Prepare
    const samples = [
      { t: 0, phase: 'start', intake: 0, intakeInFlight: 0, dlq: 0 },
      { t: 2, phase: 'burst', intake: 90, intakeInFlight: 10, dlq: 0 },
      { t: 4, phase: 'soak', intake: 95, intakeInFlight: 0, dlq: 0 },
    ];

    // Act
    const peak = queuePeak(samples);

    // Assess
    expect(peak).toEqual({ depth: 100, t: 2, phase: 'burst' });
  });
});

describe('isLoopback', () => {
  it.each(['http://127.0.0.1:3000', 'http://localhost:3000', 'http://[::1]:3000', 'http://127.0.1.1'])(
    'accepts %s',
    (url) => {
      // Act, Assess
      expect(isLoopback(url)).toBe(true);
    },
  );

  it.each([
    'https://api.12345.example.gov.cn',
    'http://10.0.0.5:3000',
    'http://127.0.0.1.example.com',
    'not a url',
  ])('refuses %s', (url) => {
    // Act, Assess
    expect(isLoopback(url)).toBe(false);
  });
});
