import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

// The pages' JavaScript budgets (issue 12): what a browser downloads before a page can run, gzipped,
// read from the Vite manifest (build.manifest) so the figure follows the build's own chunk graph.

/** One chunk of Vite's `dist/.vite/manifest.json`, the fields this reads. */
export interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  /** Manifest keys of the chunks this one imports statically (loaded before it runs). */
  readonly imports?: readonly string[];
  /** Loaded later, on demand (a lazy route): not part of the first load. */
  readonly dynamicImports?: readonly string[];
  readonly css?: readonly string[];
}
export type ViteManifest = Readonly<Record<string, ManifestChunk>>;

/** Budgets in bytes of gzipped JavaScript (kB as Vite prints them: 1 kB = 1,000 bytes). */
export const WEB_BUDGETS = {
  console: 300_000,
  citizen: 60_000,
  dashboard: undefined,
} as const satisfies Record<string, number | undefined>;
export type WebPage = keyof typeof WEB_BUDGETS;

/** The manifest key of each page: its index.html, relative to web/. */
const ENTRY_OF: Readonly<Record<WebPage, string>> = {
  console: 'console/index.html',
  citizen: 'citizen/index.html',
  dashboard: 'dashboard/index.html',
};

export interface PageScripts {
  readonly page: WebPage;
  /**
   * For the console: the screen a role lands on. The shell alone is not what a person waits for —
   * the first screen is the shell, its layout and that screen's lazy chunk, so each is measured and
   * held to the page's budget.
   */
  readonly screen?: string;
  /** The files of the first load: the entry chunk and every chunk it imports statically, transitively. */
  readonly files: readonly string[];
  readonly rawBytes: number;
  readonly gzipBytes: number;
  readonly budgetBytes?: number;
  readonly withinBudget?: boolean;
}

/**
 * The JavaScript files a page loads before it runs: its entry chunk and, depth-first, the chunks it
 * imports statically; dynamic imports (lazy routes) are left out, each file counted once.
 *
 * @example
 * firstLoadFiles(manifest, 'console/index.html') // ['assets/console-….js', 'assets/vue-….js']
 */
export function firstLoadFiles(manifest: ViteManifest, entryKey: string): string[] {
  const seen = new Set<string>();
  const files: string[] = [];
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the Vite manifest has no chunk ${key}`);
    if (chunk.file.endsWith('.js')) files.push(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(entryKey);
  return files;
}

/** The console's layout: loaded on every screen after the entry (a lazy chunk of the router). */
const CONSOLE_LAYOUT = 'console/src/layouts/basic-layout.tsx';
/** `console/src/views/agent/index.tsx` → `agent`; `console/src/views/callback.tsx` → `callback`. */
const screenName = (key: string) => key.replace(/^console\/src\/views\//, '').replace(/(\/index)?\.tsx$/, '');

/**
 * Each console screen's first load: the entry's files, the layout's and the screen's own (each
 * with its static imports), once each. The sign-in callback has no layout.
 */
export function consoleScreenFiles(
  manifest: ViteManifest,
  entryKey: string,
): { screen: string; files: string[] }[] {
  const entry = manifest[entryKey];
  if (!entry) throw new Error(`the Vite manifest has no chunk ${entryKey}`);
  const base = firstLoadFiles(manifest, entryKey);
  return (entry.dynamicImports ?? [])
    .filter((key) => key.startsWith('console/src/views/'))
    .map((key) => {
      const layout = key.endsWith('/callback.tsx') ? [] : firstLoadFiles(manifest, CONSOLE_LAYOUT);
      return {
        screen: screenName(key),
        files: [...new Set([...base, ...layout, ...firstLoadFiles(manifest, key)])],
      };
    });
}

/**
 * Each page's first-load JavaScript in `distDir` (raw and gzipped at level 9), against its budget.
 *
 * @example
 * measureWebPages('web/dist').find((p) => p.page === 'console')?.gzipBytes
 */
export function measureWebPages(distDir: string): PageScripts[] {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as ViteManifest;
  const rows = (Object.keys(WEB_BUDGETS) as WebPage[]).flatMap((page) => [
    { page, files: firstLoadFiles(manifest, ENTRY_OF[page]) },
    ...(page === 'console' ? consoleScreenFiles(manifest, ENTRY_OF[page]).map((s) => ({ page, ...s })) : []),
  ]);
  return rows.map(({ page, files, ...screen }) => {
    let rawBytes = 0;
    let gzipBytes = 0;
    for (const file of files) {
      const raw = readFileSync(join(distDir, file));
      rawBytes += raw.length;
      gzipBytes += gzipSync(raw, { level: 9 }).length;
    }
    const budgetBytes: number | undefined = WEB_BUDGETS[page];
    return {
      page,
      ...screen,
      files,
      rawBytes,
      gzipBytes,
      ...(budgetBytes === undefined ? {} : { budgetBytes, withinBudget: gzipBytes <= budgetBytes }),
    };
  });
}
