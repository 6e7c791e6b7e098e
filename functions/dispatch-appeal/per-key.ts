/**
 * Runs the tasks given for one key one after another, and tasks for different keys side by side.
 * The batch processor handles a batch's records in parallel; two appeals of one caller in the same
 * batch must not decide "repeat or not" at the same instant, each blind to the other.
 *
 * @example const serial = new PerKeySerial(); await serial.run(callerKey, () => dispatchAppeal(m, deps));
 */
export class PerKeySerial {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string | undefined, task: () => Promise<T>): Promise<T> {
    if (key === undefined) return task();
    const before = this.tails.get(key) ?? Promise.resolve();
    // A failed task fails its own record only; the next one for the key still runs.
    const result = before.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
