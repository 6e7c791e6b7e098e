import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LocalStack } from '../local/stack.js';
import { COUNT_AWS_REQUESTS, type RequestCounts } from '../shared/adapters/request-count.js';

/** The stack's tallies since the last reset: AWS requests, and invocations and time per function. */
export interface StackCounts {
  requests: RequestCounts;
  /** DynamoDB capacity units by table. */
  tables: Record<string, { readUnits: number; writeUnits: number }>;
  /** The same units by base table (`cases`) and by index (`cases/by-department-queue`). */
  indexes?: Record<string, { readUnits: number; writeUnits: number }>;
  invocations: Record<string, number>;
  invocationMs: Record<string, number>;
}

/** What the benchmark needs of a stack running in another process. */
export type RemoteStack = Pick<LocalStack, 'url' | 'endpoints' | 'resources' | 'idle' | 'stop'> & {
  resetCounts(): Promise<void>;
  counts(): Promise<StackCounts>;
};

/**
 * Starts bench/stack-process.ts in a child process and resolves once its stack is ready. Its
 * functions' AWS clients count their requests (a map increment per call: the latency phases pay it
 * too, equally on the gateway and, since the bare sends are not counted, not on the floor).
 */
export function spawnStack(dataDir: string): Promise<RemoteStack> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./stack-process.ts', import.meta.url)), [dataDir], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // The functions' warnings (a demo citizen without a verified address…) would bury the report.
    env: { LOG_LEVEL: 'ERROR', ...process.env, [COUNT_AWS_REQUESTS]: 'true' },
  });
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (message.type !== type && message.type !== 'error') return;
        child.off('message', onMessage);
        if (message.type === 'error') reject(new Error(String(message.message)));
        else resolve(message);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`the stack process exited (${code}) before '${type}'`)));
    });
  return next('ready').then((ready) => ({
    url: ready.url as string,
    endpoints: ready.endpoints as RemoteStack['endpoints'],
    resources: ready.resources as RemoteStack['resources'],
    idle: async () => {
      const done = next('idle');
      child.send({ type: 'idle' });
      await done;
    },
    resetCounts: async () => {
      const done = next('counts-reset');
      child.send({ type: 'reset-counts' });
      await done;
    },
    counts: async () => {
      const done = next('counts');
      child.send({ type: 'counts' });
      const { requests, tables, indexes, invocations, invocationMs } = await done;
      return { requests, tables, indexes, invocations, invocationMs } as StackCounts;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  }));
}
