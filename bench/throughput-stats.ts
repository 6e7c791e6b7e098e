import type { RequestCounts } from '../shared/adapters/request-count.js';
import { type LatencySummary, summarise } from './latency.js';

// The arithmetic of the end-to-end throughput phase (bench/throughput.ts), kept apart from its
// traffic so it can be unit-tested: appeals per second, POST → dispatched latency, requests per appeal.

/** The target: the pipeline reaches at least this share of its floor's appeals per second. */
export const THROUGHPUT_TARGET = 0.7;

/** One timed run: how many appeals became cases between its first send and its last case. */
export interface RunRate {
  appeals: number;
  seconds: number;
  perSecond: number;
}

/** Appeals per second between `startedMs` and `endedMs` (both on one clock, in ms). */
export function rateOf(appeals: number, startedMs: number, endedMs: number): RunRate {
  const seconds = (endedMs - startedMs) / 1000;
  if (!(seconds > 0)) throw new Error(`a run needs an end after its start (${seconds} s)`);
  return { appeals, seconds, perSecond: appeals / seconds };
}

/**
 * When the dispatcher settled a case: the latest instant in its history (its `receive` entry is the
 * POST's time, the `dispatch` or `await_dispatch` entry the dispatcher's, written with the case).
 *
 * @example settledAt([{ at: '2026-12-04T10:00:00.000Z' }, { at: '2026-12-04T10:00:00.250Z' }]) // 1796378400250
 */
export function settledAt(history: readonly { at: string }[]): number {
  const times = history.map((h) => Date.parse(h.at)).filter((t) => Number.isFinite(t));
  if (times.length === 0) throw new Error('a case without a dated history entry');
  return Math.max(...times);
}

/** What the pipeline's run found of each appeal it sent: when it was posted, and when its case was settled. */
export interface TrackedAppeal {
  trackingNo: string;
  postedAtMs: number;
  settledAtMs?: number;
  status?: string;
}

export interface PipelineTally {
  rate: RunRate;
  latency: LatencySummary;
  /** Each appeal's POST → settled, ms. */
  latencies: number[];
  byStatus: Record<string, number>;
}

/**
 * The pipeline's figures from its tracked appeals: the rate from the first POST to the last case
 * settled, each appeal's POST → settled latency, and how many cases of each status. Throws when an
 * appeal has no case: a lost appeal is no throughput.
 */
export function pipelineTally(appeals: readonly TrackedAppeal[]): PipelineTally {
  const missing = appeals.filter((a) => a.settledAtMs === undefined);
  if (appeals.length === 0) throw new Error('no appeal was accepted');
  if (missing.length > 0)
    throw new Error(
      `${missing.length} of ${appeals.length} accepted appeals have no case (e.g. ${missing[0]?.trackingNo})`,
    );
  const started = Math.min(...appeals.map((a) => a.postedAtMs));
  const ended = Math.max(...appeals.map((a) => a.settledAtMs ?? 0));
  const byStatus: Record<string, number> = {};
  for (const a of appeals) byStatus[a.status ?? 'unknown'] = (byStatus[a.status ?? 'unknown'] ?? 0) + 1;
  const latencies = appeals.map((a) => (a.settledAtMs ?? 0) - a.postedAtMs);
  return { rate: rateOf(appeals.length, started, ended), latency: summarise(latencies), latencies, byStatus };
}

/** Calls per appeal by `Service Operation` (`DynamoDB PutItem` → 2.31), largest first. */
export function requestsPerAppeal(counts: RequestCounts, appeals: number): Record<string, number> {
  const rows = Object.entries(counts).flatMap(([service, operations]) =>
    Object.entries(operations).map(
      ([operation, count]) => [`${service} ${operation}`, count.calls / appeals] as const,
    ),
  );
  return Object.fromEntries(rows.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** Several timed runs as one: all their appeals over all their seconds (the time between runs left out). */
export function combineRates(rates: readonly RunRate[]): RunRate {
  const appeals = rates.reduce((sum, r) => sum + r.appeals, 0);
  const seconds = rates.reduce((sum, r) => sum + r.seconds, 0);
  if (!(seconds > 0)) throw new Error('no timed run to combine');
  return { appeals, seconds, perSecond: appeals / seconds };
}

/**
 * Which goes first in round `round` (from 0): the pipeline, then the floor, then the floor first, …
 * (ABBA), so a drift of the machine's load over the phase weighs on both alike.
 */
export function roundOrder(round: number): readonly ['pipeline', 'floor'] | readonly ['floor', 'pipeline'] {
  return round % 2 === 0 ? (['pipeline', 'floor'] as const) : (['floor', 'pipeline'] as const);
}

/** `appeals` split into `rounds` runs as evenly as can be, the larger first: 1000 in 3 → 334, 333, 333. */
export function splitAppeals(appeals: number, rounds: number): number[] {
  return Array.from(
    { length: rounds },
    (_, i) => Math.floor(appeals / rounds) + (i < appeals % rounds ? 1 : 0),
  );
}

/**
 * Against a target the ratio must reach: meets when every round's ratio and the combined one reach
 * it, misses when none does, undecided when the rounds fall on both sides (their spread is wider
 * than the margin to the target), as the bundle phase says of an interval that holds its target.
 */
export function throughputVerdict(
  combined: number,
  rounds: readonly number[],
  target: number,
): 'meets' | 'misses' | 'undecided' {
  const all = [combined, ...rounds];
  if (all.every((r) => r >= target)) return 'meets';
  if (all.every((r) => r < target)) return 'misses';
  return 'undecided';
}

/** The pipeline's appeals per second over its floor's: 1 is the emulators' own pace, higher is better. */
export function throughputRatio(pipeline: RunRate, floor: RunRate): number {
  return pipeline.perSecond / floor.perSecond;
}
