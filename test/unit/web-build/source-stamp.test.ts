import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, WebBuildError } from '../../../web/build/ensure-build.js';
import { precompressDir } from '../../../web/build/precompress.js';
import { STAMP_FILE, sourceHash, staleReason } from '../../../web/build/source-stamp.js';

// A repository in miniature: web/ sources, a lock file, a module outside web/ the build reads.

let repo: string;
const dist = () => join(repo, 'web', 'dist');

function stamp(inputs: string[]): void {
  mkdirSync(dist(), { recursive: true });
  writeFileSync(join(dist(), STAMP_FILE), JSON.stringify({ hash: sourceHash(repo, inputs), inputs }));
}

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'web-stamp-'));
  mkdirSync(join(repo, 'web', 'console'), { recursive: true });
  mkdirSync(join(repo, 'shared'), { recursive: true });
  writeFileSync(join(repo, 'package-lock.json'), '{"lockfileVersion":3}');
  writeFileSync(join(repo, 'web', 'console', 'main.ts'), 'export const a = 1;');
  writeFileSync(join(repo, 'shared', 'labels.ts'), "export const L = '受理';");
});

afterEach(() => {
  rmSync(repo, { recursive: true, force: true });
});

describe('Function: staleReason', () => {
  const INPUTS = ['shared/labels.ts', 'web/console/main.ts'];

  it('asks for a build when there is none', () => {
    // Act & Assess
    expect(staleReason(repo, dist())).toBe('no build yet');
  });

  it('finds a build current while nothing it read has changed, whatever lies in dist', () => {
    // Prepare
    stamp(INPUTS);
    writeFileSync(join(dist(), 'index.html'), '<!doctype html>');

    // Act & Assess
    expect(staleReason(repo, dist())).toBeUndefined();
  });

  it.each([
    [
      'an edited page module',
      () => writeFileSync(join(repo, 'web', 'console', 'main.ts'), 'export const a = 2;'),
    ],
    ['a new file under web/', () => writeFileSync(join(repo, 'web', 'console', 'new.ts'), '')],
    ['a deleted input', () => rmSync(join(repo, 'web', 'console', 'main.ts'))],
    [
      'an edited module outside web/ that the build read',
      () => writeFileSync(join(repo, 'shared', 'labels.ts'), "export const L = '签收';"),
    ],
    [
      'a changed lock file',
      () => writeFileSync(join(repo, 'package-lock.json'), '{"lockfileVersion":3,"x":1}'),
    ],
  ])('finds the build stale after %s', (_what, change) => {
    // Prepare
    stamp(INPUTS);

    // Act
    change();

    // Assess
    expect(staleReason(repo, dist())).toBe('sources changed since the last build');
  });
});

describe('Function: ensureBuilt', () => {
  /** A stand-in for `vite build`: writes the stamp of today's sources (known beforehand), or fails. */
  function fakeBuild(fail = false): string {
    const script = join(repo, 'fake-build.mjs');
    const inputs = ['web/console/main.ts'];
    const stampText = JSON.stringify({ hash: sourceHash(repo, inputs), inputs });
    writeFileSync(
      script,
      fail
        ? "console.error('构建失败: syntax error in main.ts'); process.exit(1);"
        : `import { mkdirSync, writeFileSync } from 'node:fs';
mkdirSync(${JSON.stringify(dist())}, { recursive: true });
writeFileSync(${JSON.stringify(join(dist(), STAMP_FILE))}, ${JSON.stringify(stampText)});`,
    );
    return `${process.execPath} ${script}`;
  }

  it('builds when stale, then finds the build current, saying which each time', () => {
    // Prepare
    const lines: string[] = [];
    const options = {
      repoRoot: repo,
      distDir: 'web/dist',
      command: fakeBuild(),
      log: (l: string) => lines.push(l),
    };

    // Act
    const first = ensureBuilt(options);
    const second = ensureBuilt(options);

    // Assess
    expect(first).toBe('built');
    expect(second).toBe('current');
    expect(lines[0]).toMatch(/^web: building web\/dist \(no build yet\)/);
    expect(lines[1]).toMatch(/^web: built web\/dist in [\d.]+ s$/);
    expect(lines[2]).toBe('web: web/dist is up to date');
  }, 30_000);

  it("fails with the build's own output when the build fails", () => {
    // Prepare
    const options = { repoRoot: repo, distDir: 'web/dist', command: fakeBuild(true), log: () => undefined };

    // Act & Assess
    expect(() => ensureBuilt(options)).toThrow(WebBuildError);
    expect(() => ensureBuilt(options)).toThrow('构建失败: syntax error in main.ts');
  }, 30_000);
});

describe('Function: precompressDir', () => {
  it('writes .br and .gz beside text files only, and leaves dot folders alone', () => {
    // Prepare
    mkdirSync(join(dist(), 'assets'), { recursive: true });
    mkdirSync(join(dist(), '.vite'), { recursive: true });
    writeFileSync(join(dist(), 'assets', 'app-A1.js'), 'console.log(1);'.repeat(100));
    writeFileSync(join(dist(), 'assets', 'logo-B2.png'), Buffer.alloc(500));
    writeFileSync(join(dist(), 'assets', 'tiny-C3.js'), ';');
    writeFileSync(join(dist(), '.vite', 'manifest.json'), '{}'.repeat(100));

    // Act
    precompressDir(dist());

    // Assess
    expect(existsSync(join(dist(), 'assets', 'app-A1.js.br'))).toBe(true);
    expect(existsSync(join(dist(), 'assets', 'app-A1.js.gz'))).toBe(true);
    expect(existsSync(join(dist(), 'assets', 'logo-B2.png.gz'))).toBe(false);
    // Compressing one byte only makes it bigger: the raw file is served.
    expect(existsSync(join(dist(), 'assets', 'tiny-C3.js.gz'))).toBe(false);
    expect(existsSync(join(dist(), '.vite', 'manifest.json.gz'))).toBe(false);
  });
});
