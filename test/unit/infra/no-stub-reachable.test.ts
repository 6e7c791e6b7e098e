import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { entryOf, FUNCTIONS } from '../../../infra/functions.js';

// Issue 11: a stub that answers "sent" while sending nothing must never again be reachable from a
// production function. esbuild follows the static imports of each handler as the deployed bundle
// does; npm packages are left out (ours are the files that could hold a stub).

const ROOT = resolve(import.meta.dirname, '../../..');

/** A file is a stub by its name, or by the `STUB:` mark its opening comment carries. */
function isStub(path: string): boolean {
  if (/stub/i.test(basename(path))) return true;
  return /^\s*(\/\/|\/\*\*?|\*)\s*STUB\b/m.test(readFileSync(path, 'utf8').slice(0, 2_000));
}

/** The project's own files `entry` reaches through static imports. */
async function reachable(entry: string, cwd: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: cwd,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs).map((input) => resolve(cwd, input));
}

async function stubsReachedFrom(entry: string, cwd: string): Promise<string[]> {
  return (await reachable(entry, cwd)).filter(isStub).map((path) => path.slice(cwd.length + 1));
}

describe('No stub is reachable from a production function', () => {
  it.each(FUNCTIONS.map((spec) => [spec.name, entryOf(spec)]))('%s reaches no stub', async (_name, entry) => {
    // Act
    const stubs = await stubsReachedFrom(entry, ROOT);

    // Assess
    expect(stubs).toEqual([]);
  });

  describe('the check itself', () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-stub-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('finds a stub by its name and by its STUB: mark, through other files', async () => {
      // Prepare
      writeFileSync(join(dir, 'handler.ts'), "import { a } from './middle.js';\nexport const h = a;\n");
      writeFileSync(
        join(dir, 'middle.ts'),
        "import { s } from './sms-notifier.stub.js';\nimport { q } from './quiet.js';\nexport const a = s + q;\n",
      );
      writeFileSync(join(dir, 'sms-notifier.stub.ts'), "export const s = 'sent';\n");
      writeFileSync(join(dir, 'quiet.ts'), "/**\n * STUB: sends nothing.\n */\nexport const q = 'sent';\n");

      // Act
      const stubs = await stubsReachedFrom('handler.ts', dir);

      // Assess
      expect(stubs.sort()).toEqual(['quiet.ts', 'sms-notifier.stub.ts']);
    });
  });
});
