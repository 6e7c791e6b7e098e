import { percentile } from '../bench/latency.js';

// The load test's arithmetic, pure so a unit test can hold it: what each request came to, a phase's
// summary of them, and the count of accepted appeals against the cases found afterwards.

export type Channel = 'webform' | 'wechat' | 'hotline' | 'acknowledge' | 'complete';

/** One request of the run. `status` 0 is a network failure or a timeout (no HTTP answer). */
export interface Outcome {
  readonly channel: Channel;
  readonly status: number;
  /**
   * The API's error code of a 4xx/5xx (`error.code`), or a label of the driver's own; on a 2xx, the
   * reason it was a refusal all the same (a WeChat reply without a tracking number).
   */
  readonly code?: string;
  readonly ms: number;
  /** The appeal's tracking number when the request was accepted as an appeal. */
  readonly trackingNo?: string;
}

export interface PhaseSummary {
  readonly phase: string;
  /** How long the phase sent for. */
  readonly seconds: number;
  /** From its first request to its last answer: longer than `seconds` when answers fell behind. */
  readonly wallSeconds: number;
  readonly sent: number;
  readonly accepted: number;
  /** 4xx by `<status> <code>`; a 200 that refused (WeChat answers a refusal with a reply) likewise. */
  readonly rejected: Record<string, number>;
  /** 5xx by `<status> <code>`, network failures as `network <code>`. */
  readonly errors: Record<string, number>;
  /** Latency of the accepted requests, in milliseconds. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Requests sent and accepted per channel, and the p99 of its accepted ones (ms). */
  readonly channels: Partial<Record<Channel, { sent: number; accepted: number; p99: number }>>;
  /** Accepted per second of wall time: what the stack answered, not what was offered. */
  readonly acceptedPerSecond: number;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((s, v) => s + v, 0);

/** A phase's figures from its outcomes: it sent for `seconds`, its last answer came at `wallSeconds`. */
export function summarisePhase(
  phase: string,
  seconds: number,
  wallSeconds: number,
  outcomes: readonly Outcome[],
): PhaseSummary {
  const rejected: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const channels: Partial<Record<Channel, { sent: number; accepted: number; p99: number }>> = {};
  const latencies: number[] = [];
  const byChannel = new Map<Channel, number[]>();
  for (const o of outcomes) {
    const channel = channels[o.channel] ?? { sent: 0, accepted: 0, p99: Number.NaN };
    channels[o.channel] = channel;
    channel.sent++;
    if (o.status >= 200 && o.status < 300 && o.code === undefined) {
      channel.accepted++;
      latencies.push(o.ms);
      const ms = byChannel.get(o.channel) ?? [];
      ms.push(o.ms);
      byChannel.set(o.channel, ms);
    } else if ((o.status >= 200 && o.status < 300) || (o.status >= 400 && o.status < 500)) {
      const key = `${o.status} ${o.code ?? ''}`.trim();
      rejected[key] = (rejected[key] ?? 0) + 1;
    } else {
      const key = `${o.status === 0 ? 'network' : o.status} ${o.code ?? ''}`.trim();
      errors[key] = (errors[key] ?? 0) + 1;
    }
  }
  latencies.sort((a, b) => a - b);
  for (const [name, ms] of byChannel) {
    const channel = channels[name];
    if (channel)
      channel.p99 = percentile(
        ms.sort((a, b) => a - b),
        99,
      );
  }
  const accepted = latencies.length;
  return {
    phase,
    seconds,
    wallSeconds,
    sent: outcomes.length,
    accepted,
    rejected,
    errors,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? Number.NaN,
    channels,
    acceptedPerSecond: wallSeconds > 0 ? accepted / wallSeconds : Number.NaN,
  };
}

export const rejectedTotal = (s: PhaseSummary) => total(s.rejected);
export const errorTotal = (s: PhaseSummary) => total(s.errors);

export interface CountInOut {
  /** Distinct tracking numbers the stack accepted (202/200 with a tracking number). */
  readonly countIn: number;
  /** Of those, how many are exactly one case. */
  readonly countOut: number;
  /** Accepted but no case. */
  readonly missing: readonly string[];
  /** More than one case item under one tracking number. */
  readonly duplicated: readonly string[];
  /** A tracking number answered to two requests (two appeals given one number). */
  readonly answeredTwice: readonly string[];
  /** Messages left in the intake DLQ after draining. */
  readonly deadLettered: number;
  readonly ok: boolean;
}

/**
 * Count in = count out: each accepted tracking number is one case, none is missing or doubled, and
 * nothing waits in the dead-letter queue. `found` maps a tracking number to its case items.
 */
export function compareCounts(
  accepted: readonly string[],
  found: ReadonlyMap<string, number>,
  deadLettered: number,
): CountInOut {
  const seen = new Set<string>();
  const answeredTwice: string[] = [];
  for (const t of accepted) {
    if (seen.has(t)) answeredTwice.push(t);
    seen.add(t);
  }
  const missing: string[] = [];
  const duplicated: string[] = [];
  let countOut = 0;
  for (const t of seen) {
    const n = found.get(t) ?? 0;
    if (n === 0) missing.push(t);
    else if (n > 1) duplicated.push(t);
    else countOut++;
  }
  return {
    countIn: seen.size,
    countOut,
    missing,
    duplicated,
    answeredTwice,
    deadLettered,
    ok: missing.length === 0 && duplicated.length === 0 && answeredTwice.length === 0 && deadLettered === 0,
  };
}

export interface QueueSample {
  /** Seconds since the run began. */
  readonly t: number;
  readonly phase: string;
  /** ApproximateNumberOfMessages and …NotVisible of the intake queue and its DLQ. */
  readonly intake: number;
  readonly intakeInFlight: number;
  readonly dlq: number;
}

/** The deepest intake backlog (waiting + in flight) of the samples, with when it was seen. */
export function queuePeak(samples: readonly QueueSample[]): { depth: number; t: number; phase: string } {
  let peak = { depth: 0, t: 0, phase: '' };
  for (const s of samples) {
    const depth = s.intake + s.intakeInFlight;
    if (depth > peak.depth) peak = { depth, t: s.t, phase: s.phase };
  }
  return peak;
}
