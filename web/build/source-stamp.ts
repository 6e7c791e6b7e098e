import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

// Whether web/dist is the build of today's sources: the build stamps the dist with a hash of what it
// read, and the local stack rebuilds when the hash of those files (and of any new file in web/) no
// longer matches. The stamp is not served (serve-web serves only the pages and dist/assets).

/** The stamp's name inside the dist. */
export const STAMP_FILE = '.source-stamp.json';

export interface SourceStamp {
  /** sha256 over the lock file and every input's path and content. */
  readonly hash: string;
  /** Repository-relative POSIX paths the build read (outside node_modules), sorted. */
  readonly inputs: readonly string[];
}

const toPosix = (path: string) => path.split(sep).join('/');

/** The source files under web/ (not dist, not build output of tools), as repository-relative paths. */
export function webSourceFiles(repoRoot: string): string[] {
  const web = join(repoRoot, 'web');
  const files: string[] = [];
  for (const entry of readdirSync(web, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = toPosix(relative(repoRoot, join(entry.parentPath, entry.name)));
    if (path.startsWith('web/dist/') || path.includes('/node_modules/')) continue;
    files.push(path);
  }
  return files;
}

/**
 * The hash of the lock file and of `inputs` ∪ today's web/ sources: a new or deleted page module
 * changes it as much as an edited one. A missing input hashes as missing.
 */
export function sourceHash(repoRoot: string, inputs: readonly string[]): string {
  const hash = createHash('sha256');
  const lock = join(repoRoot, 'package-lock.json');
  hash.update(existsSync(lock) ? readFileSync(lock) : 'no lock file');
  for (const path of [...new Set([...inputs, ...webSourceFiles(repoRoot)])].sort()) {
    const file = join(repoRoot, path);
    hash.update(`\0${path}\0`);
    hash.update(existsSync(file) ? readFileSync(file) : '\0missing');
  }
  return hash.digest('hex');
}

/** The stamp of a dist, or undefined when there is none (never built, or built without it). */
export function readStamp(distDir: string): SourceStamp | undefined {
  const file = join(distDir, STAMP_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const stamp = JSON.parse(readFileSync(file, 'utf8')) as Partial<SourceStamp>;
    return typeof stamp.hash === 'string' && Array.isArray(stamp.inputs) ? (stamp as SourceStamp) : undefined;
  } catch {
    return undefined;
  }
}

/** Why `distDir` must be built again, or undefined when it is the build of today's sources. */
export function staleReason(repoRoot: string, distDir: string): string | undefined {
  const stamp = readStamp(distDir);
  if (!stamp) return 'no build yet';
  if (sourceHash(repoRoot, stamp.inputs) !== stamp.hash) return 'sources changed since the last build';
  return undefined;
}

/** The Vite plugin: stamps the dist with the hash of the modules this build read. */
export function sourceStamp(repoRoot: string): Plugin {
  let outDir = '';
  const inputs = new Set<string>();
  return {
    name: 'hotline12345:source-stamp',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    generateBundle() {
      for (const id of this.getModuleIds()) {
        const file = id.split('?')[0] ?? '';
        if (!isAbsolute(file) || file.includes(`${sep}node_modules${sep}`) || !existsSync(file)) continue;
        const path = toPosix(relative(repoRoot, file));
        if (!path.startsWith('..')) inputs.add(path);
      }
    },
    writeBundle: {
      sequential: true,
      order: 'post',
      handler() {
        const sorted = [...inputs].sort();
        const stamp: SourceStamp = { hash: sourceHash(repoRoot, sorted), inputs: sorted };
        writeFileSync(join(outDir, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
      },
    },
  };
}
