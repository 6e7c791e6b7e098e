import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chooseTarget, readStackFile } from '../local/stack-file.js';

// The scripts' command lines, read one way: a wrong option exits 2 with the usage, --help prints
// it and exits 0, and a script finds the running local stack the same way as every other.

type Config = NonNullable<Parameters<typeof parseArgs>[0]>;

/** The command line is wrong and nothing was done: the reason and the usage, exit code 2. */
export function usageError(message: string, usage: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

/**
 * `parseArgs` with the scripts' conventions. Declare `help: { type: 'boolean', short: 'h' }` among
 * the options for --help to print the usage.
 *
 * @example
 * const { values } = commandLine({ options: { fix: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }, USAGE);
 */
export function commandLine<T extends Config>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    // parseArgs refuses an unknown or malformed option: say which, and how to call it.
    usageError((error as Error).message, usage);
  }
  if ((parsed.values as { help?: unknown }).help === true) {
    console.log(usage);
    process.exit(0);
  }
  return parsed;
}

/**
 * Points this process at the running `npm start` (`--local` or `--data-dir`) or at AWS (the deployed
 * names in `needs` set), as `chooseTarget` decides; exit 2 with the reason when neither is there.
 */
export function targetOrExit(
  values: { local?: boolean; 'data-dir'?: string },
  needs: readonly string[],
  usage: string,
): 'local' | 'aws' {
  try {
    return chooseTarget(
      {
        ...(values.local ? { local: true } : {}),
        ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
      },
      needs,
    );
  } catch (error) {
    usageError((error as Error).message, usage);
  }
}

/** The URL of the stack `npm start` runs with this data dir (its stack.json), or where it listens by default. */
export function urlOfRunningStack(dataDir: string): string {
  return existsSync(join(dataDir, 'stack.json'))
    ? readStackFile(dataDir).url
    : `http://localhost:${process.env.PORT ?? 3000}`;
}
