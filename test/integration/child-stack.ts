import { type ChildProcess, spawn } from 'node:child_process';

// `local/start.ts` in a child process (one stack per process), for the tests that need a stack of
// their own beside the shared one: a real restart, the deployment guide's fresh rehearsal.

const REPO = new URL('../../', import.meta.url);
const children: ChildProcess[] = [];

export interface ChildStack {
  child: ChildProcess;
  /** The API's base URL as the stack printed it (http://127.0.0.1:<port>). */
  api: string;
  fauxqs: string;
}

/**
 * Starts a stack on `dataDir` (`--fresh` empties it first) and resolves once it prints its URLs.
 * `port` 0 takes a free one; a restart passes the first run's to keep the same address.
 */
export function startChildStack(
  dataDir: string,
  options: { fresh: boolean; port?: number; env?: NodeJS.ProcessEnv },
): Promise<ChildStack> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'local/start.ts', '--data-dir', dataDir, ...(options.fresh ? ['--fresh'] : [])],
    {
      cwd: REPO,
      env: { ...(options.env ?? process.env), PORT: String(options.port ?? 0) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within 30 s:\n${output}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const api = /API\s+(http:\/\/\S+)/.exec(output)?.[1];
      const fauxqs = /fauxqs\s+(http:\/\/\S+)/.exec(output)?.[1];
      if (api && fauxqs) {
        clearTimeout(timer);
        resolve({ child, api, fauxqs });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`start.ts exited with ${code}:\n${output}`));
    });
  });
}

/** Stops the stack as Ctrl-C would (SIGTERM drains it); resolves with its exit code. */
export function stopChildStack(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** Kills whatever a failed test left running (afterAll). */
export function killChildStacks(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
}
