import type { RebuildReport } from '../shared/adapters/metrics-rebuild.js';
import {
  type CountInOut,
  errorTotal,
  type PhaseSummary,
  type QueueSample,
  queuePeak,
  rejectedTotal,
} from './report.js';

// The terminal report of `npm run load`: a table per phase, the queue's depth over time, the
// count in and out and the metrics recount.

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '—');
const counts = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ') || '—';

export function printPhases(phases: readonly PhaseSummary[]): void {
  const head = [
    'phase',
    'seconds',
    'sent',
    'accepted',
    'rejected',
    'errors',
    'accepted/s',
    'p50',
    'p99',
    'max',
  ];
  const rows = phases.map((p) => [
    p.phase,
    String(p.seconds),
    `${p.wallSeconds.toFixed(1)} s`,
    String(p.sent),
    String(p.accepted),
    String(rejectedTotal(p)),
    String(errorTotal(p)),
    p.acceptedPerSecond.toFixed(1),
    ms(p.p50),
    ms(p.p99),
    ms(p.max),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`;
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  for (const p of phases) {
    const channels = Object.entries(p.channels)
      .map(([name, c]) => `${name} ${c.accepted}/${c.sent} (p99 ${ms(c.p99)})`)
      .join(', ');
    console.log(`  ${p.phase}: accepted/sent by channel: ${channels}`);
    console.log(`  ${p.phase}: rejected ${counts(p.rejected)}; errors ${counts(p.errors)}`);
  }
}

/** One line per sample, every `every`-th, so a 10-minute soak prints a screenful. */
export function printQueue(samples: readonly QueueSample[], lines = 30): void {
  const every = Math.max(1, Math.ceil(samples.length / lines));
  console.log('  t (s)  phase   intake waiting  in flight  DLQ');
  samples.forEach((s, i) => {
    if (i % every !== 0 && i !== samples.length - 1) return;
    console.log(
      `  ${s.t.toFixed(0).padStart(5)}  ${s.phase.padEnd(6)}  ${String(s.intake).padStart(14)}  ${String(s.intakeInFlight).padStart(9)}  ${String(s.dlq).padStart(3)}`,
    );
  });
  const peak = queuePeak(samples);
  console.log(`  peak intake backlog ${peak.depth} at ${peak.t.toFixed(0)} s (${peak.phase || '—'})`);
}

export function printChecks(counted: CountInOut, metrics: RebuildReport, drainSeconds: number): void {
  console.log(`  drained (stack idle) ${drainSeconds.toFixed(1)} s after the last request`);
  console.log(
    `  count in ${counted.countIn} accepted appeals = count out ${counted.countOut} cases: ${counted.ok ? 'yes' : 'NO'}`,
  );
  // A request that timed out may still have been written: a case the client never heard of. Not a
  // loss (the sender retries, the idempotency key or source id dedupes), but worth seeing.
  console.log(
    `  cases in the table ${metrics.cases}: ${metrics.cases - counted.countOut} beyond the accepted ` +
      '(on a stack of its own: written for requests whose answer was lost, timeouts and resets)',
  );
  if (counted.missing.length) console.log(`  missing (no case): ${counted.missing.slice(0, 10).join(' ')}`);
  if (counted.duplicated.length) console.log(`  duplicated: ${counted.duplicated.slice(0, 10).join(' ')}`);
  if (counted.answeredTwice.length)
    console.log(`  one tracking number answered twice: ${counted.answeredTwice.slice(0, 10).join(' ')}`);
  console.log(`  intake DLQ after draining: ${counted.deadLettered}`);
  console.log(
    `  metrics recount: ${metrics.cases} cases, ${metrics.calls} call records, ${metrics.callbacks} callback tasks; ` +
      `${metrics.expectedItems} aggregates expected, ${metrics.liveItems} live; drift ${metrics.drift.length}`,
  );
  for (const d of metrics.drift.slice(0, 10))
    console.log(`    ${d.id} ${d.counter}: live ${d.live}, recount ${d.expected}`);
}
