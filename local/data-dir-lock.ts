import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

// One running stack per data dir: two would write one DynamoDB Local database and one set of stream
// checkpoints, and each would replay or skip the other's records. `npm start` takes `stack.lock` in
// the data dir (created exclusively, naming its pid) and refuses a dir another live process holds;
// a lock whose process is gone (a crash, a kill -9) is taken over.

const FILE = 'stack.lock';

interface LockContent {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
}

export class DataDirLockedError extends Error {
  readonly holder: LockContent;

  constructor(dataDir: string, holder: LockContent) {
    super(
      `data dir ${dataDir} is in use by another local stack (pid ${holder.pid}, started ${holder.startedAt}); ` +
        'stop it first, or start this one with another --data-dir',
    );
    this.name = 'DataDirLockedError';
    this.holder = holder;
  }
}

export interface DataDirLock {
  /** Removes the lock if it is still this process's. */
  release(): void;
}

/** Is `pid` a live process? EPERM: it exists but belongs to someone else, so it is alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockContent | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number' ? (parsed as LockContent) : undefined;
  } catch {
    return undefined; // gone meanwhile, or half-written by a process that died writing it
  }
}

/**
 * Whether another live process holds the dir: throws DataDirLockedError naming it. A lock of this
 * very process counts as stale (`ownProcessStale`): the in-process guard of startLocalStack already
 * allows one stack per process, so such a lock is left from a start that did not stop cleanly.
 */
export function assertDataDirFree(dataDir: string, options: { ownProcessStale?: boolean } = {}): void {
  const holder = readLock(join(dataDir, FILE));
  if (!holder) return;
  if (holder.pid === process.pid && (options.ownProcessStale ?? true)) return;
  if (holder.hostname === hostname() && !alive(holder.pid)) return;
  // Another machine's pid cannot be checked from here (a data dir on a shared disk): refuse.
  throw new DataDirLockedError(dataDir, holder);
}

/**
 * Takes the data dir's lock, or throws DataDirLockedError when another live process holds it.
 *
 * @example
 * const lock = acquireDataDirLock(dataDir);
 * teardown.add(() => lock.release());
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = join(dataDir, FILE);
  const content: LockContent = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx'); // exclusive: of two stacks starting at once, one wins
      writeSync(fd, `${JSON.stringify(content)}\n`);
      closeSync(fd);
      return {
        release() {
          if (readLock(path)?.pid === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      assertDataDirFree(dataDir); // throws for a live holder
      rmSync(path, { force: true }); // stale: take it over
    }
  }
  throw new DataDirLockedError(dataDir, readLock(path) ?? content);
}
