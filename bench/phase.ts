// One phase of `npm run bench`: its figures, or why it failed with what it had measured by then, so
// one failed phase leaves the others' sections in the report.

export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string; readonly partial?: unknown };

/** A measurement that failed part-way, carrying what it had measured by then. */
export class PartialResultError extends Error {
  constructor(
    message: string,
    readonly partial: unknown,
  ) {
    super(message);
    this.name = 'PartialResultError';
  }
}

export const SKIPPED = 'skipped (--skip)';
export const skipped = <T>(): Outcome<T> => ({ ok: false, error: SKIPPED });

/** Runs a phase; a throw, or no answer within `timeoutMs`, is its failure, not the run's. */
export async function phase<T>(
  name: string,
  run: () => Promise<T>,
  timeoutMs = 30 * 60_000,
): Promise<Outcome<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no result within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
  });
  try {
    return { ok: true, value: await Promise.race([run(), timeout]) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name}失败：${message}\n`);
    return {
      ok: false,
      error: message,
      ...(error instanceof PartialResultError ? { partial: error.partial } : {}),
    };
  } finally {
    clearTimeout(timer);
  }
}
