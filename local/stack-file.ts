import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// How a script finds a running `npm start`: the stack writes its URL, emulator endpoints (random
// ports) and resource names to `<dataDir>/stack.json` while it runs, as it keeps its dev keys there.

export interface StackFile {
  url: string;
  endpoints: { dynamodb: string; sqs: string; s3: string };
  resources: { casesTable: string; directoryTable: string; archiveBucket: string };
  pid: number;
}

export const STACK_FILE = 'stack.json';

export function writeStackFile(dataDir: string, stack: StackFile): void {
  writeFileSync(join(dataDir, STACK_FILE), `${JSON.stringify(stack, null, 2)}\n`, { mode: 0o600 });
}

export function removeStackFile(dataDir: string): void {
  rmSync(join(dataDir, STACK_FILE), { force: true });
}

/** The running stack of a data dir; a clear error when none runs there (or it was killed). */
export function readStackFile(dataDir: string): StackFile {
  const file = join(dataDir, STACK_FILE);
  if (!existsSync(file)) {
    throw new Error(`${file} 不存在：请先在该数据目录运行 npm start（或用 --data-dir 指定其数据目录）`);
  }
  const stack = JSON.parse(readFileSync(file, 'utf8')) as StackFile;
  if (!alive(stack.pid)) {
    throw new Error(`${file} 所记录的本地栈（进程 ${stack.pid}）已不在运行：请重新 npm start`);
  }
  return stack;
}

function alive(pid: number): boolean {
  try {
    // Signal 0 checks the process exists without touching it.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
