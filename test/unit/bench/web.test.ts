import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstLoadFiles, measureWebPages, type ViteManifest } from '../../../bench/web.js';

// A manifest as Vite writes it: the console imports a shared vendor chunk statically and a screen
// lazily; the dashboard imports the same vendor chunk; the citizen page stands alone.
const MANIFEST: ViteManifest = {
  'console/index.html': {
    file: 'assets/console-C1.js',
    isEntry: true,
    imports: ['_vendor-V1.js', '_element-E1.js'],
    dynamicImports: ['console/src/layouts/basic-layout.tsx', 'console/src/views/admin/index.tsx'],
    css: ['assets/console-C1.css'],
  },
  '_vendor-V1.js': { file: 'assets/vendor-V1.js' },
  '_element-E1.js': { file: 'assets/element-E1.js', imports: ['_vendor-V1.js'] },
  'console/src/layouts/basic-layout.tsx': { file: 'assets/layout-L1.js', imports: ['_element-E1.js'] },
  'console/src/views/admin/index.tsx': { file: 'assets/admin-A1.js', imports: ['_vendor-V1.js'] },
  'citizen/index.html': { file: 'assets/citizen-Z1.js', isEntry: true },
  'dashboard/index.html': { file: 'assets/dashboard-D1.js', isEntry: true, imports: ['_vendor-V1.js'] },
};

const CONTENT: Record<string, string> = {
  'assets/console-C1.js': 'console();'.repeat(100),
  'assets/vendor-V1.js': 'vendor();'.repeat(300),
  'assets/element-E1.js': 'element();'.repeat(200),
  'assets/layout-L1.js': 'layout();'.repeat(70),
  'assets/admin-A1.js': 'admin();'.repeat(5000),
  'assets/citizen-Z1.js': 'citizen();'.repeat(50),
  'assets/dashboard-D1.js': 'dashboard();'.repeat(80),
};

const gz = (files: string[]) =>
  files.reduce((sum, f) => sum + gzipSync(CONTENT[f] ?? '', { level: 9 }).length, 0);

describe('Function: firstLoadFiles', () => {
  it('follows static imports transitively, once each, and leaves lazy chunks out', () => {
    // Act
    const files = firstLoadFiles(MANIFEST, 'console/index.html');

    // Assess
    expect(files).toEqual(['assets/console-C1.js', 'assets/vendor-V1.js', 'assets/element-E1.js']);
  });

  it('names the missing chunk when the manifest is not the build it claims', () => {
    // Act & Assess
    expect(() => firstLoadFiles(MANIFEST, 'console/missing.html')).toThrow('console/missing.html');
  });
});

describe('Function: measureWebPages', () => {
  let dist: string;

  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'bench-web-'));
    mkdirSync(join(dist, '.vite'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, '.vite', 'manifest.json'), JSON.stringify(MANIFEST));
    for (const [file, text] of Object.entries(CONTENT)) writeFileSync(join(dist, file), text);
  });

  afterAll(() => {
    rmSync(dist, { recursive: true, force: true });
  });

  it("sums each page's first-load JavaScript, gzipped, against its budget", () => {
    // Act
    const pages = measureWebPages(dist);

    // Assess
    const consoleFiles = ['assets/console-C1.js', 'assets/vendor-V1.js', 'assets/element-E1.js'];
    expect(pages.find((p) => p.page === 'console')).toEqual({
      page: 'console',
      files: consoleFiles,
      rawBytes: 1000 + 2700 + 2000,
      gzipBytes: gz(consoleFiles),
      budgetBytes: 300_000,
      withinBudget: true,
    });
    const adminFiles = [...consoleFiles, 'assets/layout-L1.js', 'assets/admin-A1.js'];
    expect(pages.find((p) => p.screen === 'admin')).toMatchObject({
      page: 'console',
      files: adminFiles,
      gzipBytes: gz(adminFiles),
      budgetBytes: 300_000,
    });
    expect(pages.filter((p) => p.page === 'console').map((p) => p.screen)).toEqual([undefined, 'admin']);
    expect(pages.find((p) => p.page === 'citizen')).toMatchObject({
      budgetBytes: 60_000,
      withinBudget: true,
    });
    const dashboard = pages.find((p) => p.page === 'dashboard');
    expect(dashboard?.gzipBytes).toBe(gz(['assets/dashboard-D1.js', 'assets/vendor-V1.js']));
    expect(dashboard?.budgetBytes).toBeUndefined();
  });
});
