/**
 * What a starting stack has brought up, stopped last first. `stop()` is the orderly shutdown: each
 * step in turn, and a step that throws ends it. `unwind()` cleans up after a start that failed
 * part-way: every step that can runs, and failures are ignored, so nothing outlives the failed start.
 *
 * @example
 * const teardown = new Teardown();
 * const server = await startServer();
 * teardown.add(() => server.close());
 * teardown.add(() => saveState(), { unwind: false }); // at an orderly stop only
 * await teardown.stop(); // saveState, then server.close
 */
export class Teardown {
  private readonly steps: { run: () => unknown; unwind: boolean }[] = [];

  /** `unwind: false` for a step that belongs to an orderly stop only (the snapshot of a good run). */
  add(run: () => unknown, options: { unwind?: boolean } = {}): void {
    this.steps.push({ run, unwind: options.unwind ?? true });
  }

  async stop(): Promise<void> {
    for (const step of [...this.steps].reverse()) await step.run();
  }

  async unwind(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      if (step.unwind)
        await Promise.resolve()
          .then(step.run)
          .catch(() => undefined);
    }
  }
}
