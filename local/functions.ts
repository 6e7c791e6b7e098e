import type { Context } from 'aws-lambda';
import { entryOf, FUNCTIONS, type FunctionSpec } from '../infra/functions.js';
import { withFunctionLogger } from '../shared/logger.js';
import { lambdaContext } from './lambda-context.js';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

export class FunctionTimeoutError extends Error {}

/** The functions of infra/functions.ts, loaded in this process, invoked the way Lambda does. */
export class LocalFunctions {
  readonly invocations: Record<string, number> = {};
  /** Wall time spent in each function's invocations, in ms (the benchmark's Lambda duration). */
  readonly invocationMs: Record<string, number> = {};

  private constructor(
    private readonly handlers: ReadonlyMap<string, { spec: FunctionSpec; handler: Handler }>,
  ) {
    for (const name of handlers.keys()) {
      this.invocations[name] = 0;
      this.invocationMs[name] = 0;
    }
  }

  /**
   * Imports every handler module. Call only after process.env holds the stack's environment:
   * modules read it when they load (Powertools) or on first use (the SDK clients, config()).
   */
  static async load(root: URL): Promise<LocalFunctions> {
    const entries = await Promise.all(
      FUNCTIONS.map(async (spec) => {
        const module = (await import(new URL(entryOf(spec), root).href)) as { handler?: Handler };
        if (typeof module.handler !== 'function') throw new Error(`${entryOf(spec)} exports no handler`);
        return [spec.name, { spec, handler: module.handler }] as const;
      }),
    );
    return new LocalFunctions(new Map(entries));
  }

  /** Functions from handlers already at hand (tests). */
  static of(entries: readonly { spec: FunctionSpec; handler: Handler }[]): LocalFunctions {
    return new LocalFunctions(new Map(entries.map((entry) => [entry.spec.name, entry])));
  }

  spec(name: string): FunctionSpec {
    const entry = this.handlers.get(name);
    if (!entry) throw new Error(`no function named ${name}`);
    return entry.spec;
  }

  /** Runs one invocation; rejects like Lambda when the handler throws or outlives its timeout. */
  async invoke(name: string, event: unknown, requestId?: string): Promise<unknown> {
    const entry = this.handlers.get(name);
    if (!entry) throw new Error(`no function named ${name}`);
    this.invocations[name] = (this.invocations[name] ?? 0) + 1;
    const context = lambdaContext(entry.spec, requestId);
    let timer: NodeJS.Timeout | undefined;
    const started = performance.now();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new FunctionTimeoutError(`${name} timed out after ${entry.spec.timeoutSeconds} s`)),
        entry.spec.timeoutSeconds * 1000,
      );
    });
    try {
      // Its own logger, as each function's own process has in AWS (service, Lambda context).
      const invocation = withFunctionLogger(name, () => entry.handler(event, context));
      return await Promise.race([invocation, timeout]);
    } finally {
      clearTimeout(timer);
      this.invocationMs[name] = (this.invocationMs[name] ?? 0) + (performance.now() - started);
    }
  }
}
