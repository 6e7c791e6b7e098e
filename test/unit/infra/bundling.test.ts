import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyStaticDirCommand } from '../../../infra/bundling.js';

describe('Function: copyStaticDirCommand', () => {
  let dir: string;

  beforeEach(() => {
    // A space and a quote in the path: the command must quote what CDK hands it.
    dir = mkdtempSync(join(tmpdir(), "asset it's "));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the build beside the bundle without its dot files', () => {
    // Prepare
    mkdirSync(join(dir, 'web/dist/assets'), { recursive: true });
    mkdirSync(join(dir, 'web/dist/.vite'), { recursive: true });
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'web/dist/assets/app-Abc123.js'), 'console.log("工作台")');
    writeFileSync(join(dir, 'web/dist/assets/app-Abc123.js.br'), 'br');
    writeFileSync(join(dir, 'web/dist/.vite/manifest.json'), '{}');
    writeFileSync(join(dir, 'web/dist/.source-stamp.json'), '{}');
    const command = copyStaticDirCommand({ from: 'web/dist', to: 'web' }, dir, join(dir, 'out'));

    // Act: the way CDK runs its bundling hooks
    execFileSync('bash', ['-c', command]);

    // Assess
    expect(readFileSync(join(dir, 'out/web/assets/app-Abc123.js'), 'utf8')).toBe('console.log("工作台")');
    expect(existsSync(join(dir, 'out/web/assets/app-Abc123.js.br'))).toBe(true);
    expect(existsSync(join(dir, 'out/web/.vite'))).toBe(false);
    expect(existsSync(join(dir, 'out/web/.source-stamp.json'))).toBe(false);
  });
});
