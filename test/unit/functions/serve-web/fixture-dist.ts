import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { precompressDir } from '../../../../web/build/precompress.js';

// A small dist as Vite writes it (three pages, hashed assets), compressed by the build's own step.

export const FIXTURE_SCRIPT = `import{a as t}from"./vendor-Q1w2E3r4.js";${'document.title="工作台";'.repeat(50)}`;

/** Builds the fixture in a temp dir and returns its path. */
export function fixtureDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'serve-web-dist-'));
  for (const page of ['citizen', 'dashboard', 'console', 'releases']) {
    mkdirSync(join(dir, page));
    writeFileSync(
      join(dir, page, 'index.html'),
      `<!doctype html>\n<html lang="zh-CN">\n<head><title>${page}</title>` +
        `<script type="module" crossorigin src="/assets/${page}-AbC123.js"></script></head>\n` +
        `<body><div id="app"></div></body>\n</html>\n`,
    );
  }
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'console-AbC123.js'), FIXTURE_SCRIPT);
  writeFileSync(join(dir, 'assets', 'console-Zx9.css'), `.app{color:#b3261e}${'.x{margin:0}'.repeat(40)}`);
  writeFileSync(join(dir, 'assets', 'logo-P0o9.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
  // Beside the assets, not among them: no request may reach these.
  writeFileSync(join(dir, 'secret.txt'), 'not served');
  mkdirSync(join(dir, '.vite'));
  writeFileSync(join(dir, '.vite', 'manifest.json'), '{}');
  precompressDir(dir);
  return dir;
}
