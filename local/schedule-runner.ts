import type { FunctionSpec } from '../infra/functions.js';
import type { LocalFunctions } from './functions.js';

/**
 * The local stand-in for EventBridge Scheduler: each `schedule` trigger of infra/functions.ts invokes
 * its function every `intervalMs` (not the trigger's minutes: nobody waits 5 minutes on a laptop).
 * One run at a time per function, as the AWS timeout below the rate gives; a failed run is logged and
 * the next tick runs again, as Scheduler's retries would.
 */
export class ScheduleRunner {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    private readonly o: {
      specs: readonly FunctionSpec[];
      functions: LocalFunctions;
      intervalMs: number;
      log: (line: string) => void;
    },
  ) {}

  start(): void {
    if (this.o.intervalMs <= 0) return;
    for (const spec of this.o.specs) {
      if (!spec.triggers.some((t) => t.kind === 'schedule')) continue;
      const timer = setInterval(() => this.tick(spec.name), this.o.intervalMs);
      // The stack's stop() ends it; a forgotten runner must not keep the process alive.
      timer.unref();
      this.timers.push(timer);
    }
  }

  private tick(name: string): void {
    if (this.stopped || this.running.has(name)) return;
    const run = this.o.functions
      .invoke(name, { source: 'local.scheduler' })
      .then(
        () => undefined,
        (error: unknown) => this.o.log(`${name} (scheduled) failed: ${(error as Error).message}`),
      )
      .finally(() => this.running.delete(name));
    this.running.set(name, run);
  }

  /** No new runs; resolves when the ones in flight have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all(this.running.values());
  }
}
