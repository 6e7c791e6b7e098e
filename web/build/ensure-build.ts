import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { staleReason } from './source-stamp.js';

// The web build on demand: the local stack at start and `cdk synth` (serve-web's bundle) both need a
// web/dist that matches the sources, and neither should make anyone remember to build it.

export class WebBuildError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WebBuildError';
  }
}

export interface EnsureBuildOptions {
  readonly repoRoot: string;
  /** Repository-relative, e.g. `web/dist`. */
  readonly distDir: string;
  /** The npm script that builds it, e.g. `npm run build:web`. */
  readonly command: string;
  readonly log: (line: string) => void;
}

/**
 * Builds `distDir` when it is missing or older than its sources (its stamp, see source-stamp.ts),
 * and says which it did. Throws with the build's own output when the build fails.
 *
 * @example
 * ensureBuilt({ repoRoot, distDir: 'web/dist', command: 'npm run build:web', log: console.log });
 */
export function ensureBuilt(o: EnsureBuildOptions): 'built' | 'current' {
  const dist = join(o.repoRoot, o.distDir);
  const reason = staleReason(o.repoRoot, dist);
  if (!reason) {
    o.log(`web: ${o.distDir} is up to date`);
    return 'current';
  }
  o.log(`web: building ${o.distDir} (${reason}): ${o.command}`);
  const startedAt = performance.now();
  const [program = 'npm', ...args] = o.command.split(' ');
  const result = spawnSync(program, args, { cwd: o.repoRoot, encoding: 'utf8', shell: false });
  if (result.error || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new WebBuildError(`\`${o.command}\` failed${output ? `:\n${output}` : ''}`, {
      cause: result.error,
    });
  }
  const after = staleReason(o.repoRoot, dist);
  if (after) throw new WebBuildError(`\`${o.command}\` ran but ${o.distDir} is still stale (${after})`);
  o.log(`web: built ${o.distDir} in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
  return 'built';
}
