import { fileURLToPath } from 'node:url';
import { FUNCTIONS } from '../../infra/functions.js';
import { ensureBuilt } from '../../web/build/ensure-build.js';

// Local stack, phase 0: the web build serve-web serves (web/dist), rebuilt when missing or older
// than its sources (the stamp of web/build/source-stamp.ts), as `cdk synth` does for AWS.

/**
 * Builds every function's `staticDir` that needs it, and says what it did.
 *
 * @example
 * buildStaticDirs(new URL('../', import.meta.url), console.log);
 */
export function buildStaticDirs(repoRoot: URL, log: (line: string) => void): void {
  for (const spec of FUNCTIONS) {
    if (!spec.staticDir) continue;
    ensureBuilt({
      repoRoot: fileURLToPath(repoRoot),
      distDir: spec.staticDir.from,
      command: spec.staticDir.build,
      log,
    });
  }
}
