import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// What every provider fake does besides its own protocol: pushes (receipts, events) scheduled for
// later and in flight, which the local stack's idle waits for; a server on the loopback; a bounded
// request body.

/**
 * A fake's deliveries still to come: scheduled retries and requests in flight. `busy()` says the
 * stack is not idle yet (a receipt will write a case when it lands); `cancel()` is for close.
 *
 * @example
 * const pending = new PendingPushes();
 * pending.later(200, () => void pending.track(fetch(url, { method: 'POST', body })));
 */
export class PendingPushes {
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private cancelled = false;

  /** Runs `run` after `ms`, unless cancelled first. */
  later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.cancelled) run();
    }, ms);
    this.timers.add(timer);
  }

  /** Counts `push` as in flight until it settles; what it resolves or rejects with passes through. */
  track<T>(push: Promise<T>): Promise<T> {
    this.inFlight++;
    return push.finally(() => {
      this.inFlight--;
    });
  }

  busy(): boolean {
    return this.timers.size > 0 || this.inFlight > 0;
  }

  /** Resolves once nothing is scheduled or in flight. */
  async settled(): Promise<void> {
    while (this.busy()) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  cancel(): void {
    this.cancelled = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

/** Listens on a random port of `host` (127.0.0.1 by default); `close` drops open connections. */
export async function listenOnLoopback(
  server: Server,
  host = '127.0.0.1',
): Promise<{ port: number; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The whole request body, or undefined once it passes `maxBytes` (a fake answers that with 413). */
export async function readBoundedBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
