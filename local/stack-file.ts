import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// While `npm start` runs, its data dir holds `stack.json`: the gateway URL and the environment the
// handlers run with (endpoints, table and bucket names, dummy credentials). Operator scripts
// (rebuild-metrics, verify-archive, reindex-cases) read it to work on the local stack exactly as
// they would on AWS with the deployed names in their environment.

const FILE = 'stack.json';

/**
 * What scripts may take from the handlers' environment: never the dev secrets. The follow-up
 * settings too (FOLLOW_UP_DAYS, FOLLOW_UP_CALL_AFTER_HOURS): reindex-cases keys the indexes with them.
 */
const SHARED_PREFIXES = [
  'AWS_',
  'S3_',
  'CASES_',
  'DIRECTORY_',
  'METRICS_',
  'ARCHIVE_',
  'INTAKE_',
  'FOLLOW_UP_',
];

export interface StackFile {
  readonly url: string;
  readonly env: Readonly<Record<string, string>>;
}

export function writeStackFile(dataDir: string, url: string, env: Record<string, string>): void {
  const shared = Object.fromEntries(
    Object.entries(env).filter(([name]) => SHARED_PREFIXES.some((prefix) => name.startsWith(prefix))),
  );
  writeFileSync(
    join(dataDir, FILE),
    `${JSON.stringify({ url, env: shared } satisfies StackFile, null, 2)}\n`,
  );
}

export function removeStackFile(dataDir: string): void {
  rmSync(join(dataDir, FILE), { force: true });
}

/** The running local stack of `dataDir`, or a clear error when none is running there. */
export function readStackFile(dataDir: string): StackFile {
  const path = join(dataDir, FILE);
  if (!existsSync(path)) {
    throw new Error(`no local stack is running with data dir ${dataDir} (start one with npm start)`);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as StackFile;
}

/**
 * Points this process's SDK clients and table names at the local stack of `dataDir`. Call before
 * the first client is created.
 */
export function useLocalStack(dataDir: string): StackFile {
  const file = readStackFile(dataDir);
  Object.assign(process.env, file.env);
  return file;
}

/**
 * Where an operator script runs: on the local stack when asked (`--local`, `--data-dir`) or when
 * the deployed names it needs are not in the environment; otherwise on AWS. Throws a clear error
 * when it must use a local stack and none is running.
 */
export function chooseTarget(
  options: { local?: boolean; dataDir?: string },
  needs: readonly string[],
): 'local' | 'aws' {
  const asked = options.local === true || options.dataDir !== undefined;
  if (!asked && needs.every((name) => process.env[name])) return 'aws';
  const dataDir = resolve(options.dataDir ?? process.env.LOCAL_DATA_DIR ?? '.local');
  try {
    useLocalStack(dataDir);
  } catch (error) {
    throw new Error(
      `${(error as Error).message}; for a deployed stack set ${needs.join(' and ')} (see the stack outputs)`,
      { cause: error },
    );
  }
  return 'local';
}
