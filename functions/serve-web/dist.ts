import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The Vite build (web/dist) as this function serves it: three pages and the hashed assets, each
// with its pre-compressed variants (web/build/precompress.ts), read from disk once per cold start.

/** The pages of the build: the folder of each one's index.html under the dist. */
export const PAGES = ['citizen', 'dashboard', 'console', 'releases'] as const;
export type PageName = (typeof PAGES)[number];

/** A file as served: its bytes in each encoding the build wrote, and its validator. */
export interface StaticFile {
  readonly contentType: string;
  readonly raw: Buffer;
  readonly br?: Buffer;
  readonly gzip?: Buffer;
  /** A strong validator of the raw bytes; each encoding answers its own (`"<hash>-br"`). */
  readonly hash: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** The content type of a file name; bytes of an unknown kind are never sniffed into script. */
export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/** The longest asset name looked up at all: Vite's are `<name>-<hash>.<ext>`, far shorter. */
export const MAX_ASSET_NAME = 200;

export class DistMissingError extends Error {
  constructor(dir: string) {
    super(`the web build is missing at ${dir}: run \`npm run build:web\``);
    this.name = 'DistMissingError';
  }
}

export interface Dist {
  page(name: PageName): StaticFile;
  /** An asset by its file name in dist/assets, or undefined when the build has no such file. */
  asset(name: string): StaticFile | undefined;
}

function readStatic(path: string, name: string): StaticFile {
  const raw = readFileSync(path);
  const variant = (suffix: string) =>
    existsSync(`${path}${suffix}`) ? readFileSync(`${path}${suffix}`) : undefined;
  const br = variant('.br');
  const gzip = variant('.gz');
  return {
    contentType: contentTypeOf(name),
    raw,
    ...(br ? { br } : {}),
    ...(gzip ? { gzip } : {}),
    hash: createHash('sha256').update(raw).digest('base64url').slice(0, 22),
  };
}

/**
 * The dist at `dir`. The asset names are listed once: a request names a file of that list or gets
 * 404, so no request path ever reaches the file system (no `..`, no NUL, no symlink games).
 *
 * @example
 * const dist = openDist(defaultDistDir());
 * dist.asset('console-BqUnvBFB.js')?.br
 */
export function openDist(dir: string): Dist {
  if (!existsSync(join(dir, 'assets')) && !PAGES.some((p) => existsSync(join(dir, p, 'index.html')))) {
    throw new DistMissingError(dir);
  }
  const assetsDir = join(dir, 'assets');
  const names = new Set(
    existsSync(assetsDir)
      ? readdirSync(assetsDir, { withFileTypes: true })
          .filter((e) => e.isFile() && !e.name.endsWith('.br') && !e.name.endsWith('.gz'))
          .map((e) => e.name)
      : [],
  );
  const files = new Map<string, StaticFile>();
  const load = (key: string, path: string, name: string) => {
    let file = files.get(key);
    if (!file) {
      file = readStatic(path, name);
      files.set(key, file);
    }
    return file;
  };
  return {
    page(name) {
      const path = join(dir, name, 'index.html');
      if (!existsSync(path)) throw new DistMissingError(path);
      return load(`page:${name}`, path, 'index.html');
    },
    asset(name) {
      if (name.length > MAX_ASSET_NAME || !names.has(name)) return undefined;
      return load(`asset:${name}`, join(assetsDir, name), name);
    },
  };
}

/**
 * Where the build is: beside the bundle in AWS (`web/`, copied there by CDK bundling, see
 * FunctionSpec.staticDir), else the repository's web/dist (the local stack, tests from source).
 */
export function defaultDistDir(here: URL = new URL('./', import.meta.url)): string {
  const bundled = fileURLToPath(new URL('./web/', here));
  if (existsSync(bundled)) return bundled;
  return fileURLToPath(new URL('../../web/dist/', here));
}

/**
 * When the dist at `dir` was built (its source stamp's mtime), or undefined without a stamp (the
 * Lambda bundle leaves it out): a rebuilt web/dist is served without restarting the local stack.
 */
export function stampTime(dir: string): number | undefined {
  try {
    return statSync(join(dir, '.source-stamp.json')).mtimeMs;
  } catch {
    return undefined;
  }
}
