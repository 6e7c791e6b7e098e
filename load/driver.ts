import type { Outcome } from './report.js';

// An open-loop driver: arrivals at a fixed rate whatever the answers' speed, as citizens arrive,
// so a slow stack shows as latency and a backlog rather than as a gentler offered load (a closed
// loop would wait for each answer and hide it). Requests still in flight at `maxInFlight` are not
// added to: the arrival is counted as an error of the driver ('overloaded').

export interface Stream {
  /** Arrivals per second. */
  readonly rate: number;
  /** Sends one request and reports it; undefined when there was nothing to send (no case ready). */
  readonly fire: () => Promise<Outcome | undefined>;
  /** The channel an arrival dropped at the in-flight cap is counted under. */
  readonly overloadChannel: Outcome['channel'];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `streams` together for `seconds`, then waits for the requests still in flight. */
export async function drive(
  streams: readonly Stream[],
  seconds: number,
  options: { maxInFlight: number },
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const pending = new Set<Promise<void>>();
  const fired = streams.map(() => 0);
  const started = performance.now();
  for (;;) {
    const elapsed = (performance.now() - started) / 1000;
    const until = Math.min(elapsed, seconds);
    streams.forEach((stream, i) => {
      const due = Math.floor(until * stream.rate);
      while ((fired[i] ?? 0) < due) {
        fired[i] = (fired[i] ?? 0) + 1;
        if (pending.size >= options.maxInFlight) {
          outcomes.push({ channel: stream.overloadChannel, status: 0, code: 'overloaded', ms: 0 });
          continue;
        }
        const p: Promise<void> = stream
          .fire()
          .then((o) => {
            if (o) outcomes.push(o);
          })
          .finally(() => pending.delete(p));
        pending.add(p);
      }
    });
    if (elapsed >= seconds) break;
    await sleep(5);
  }
  await Promise.all(pending);
  return outcomes;
}
