import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stack } from './helpers.js';
import { operatorEnv } from './operator-env.js';

// docs/deploy.md rehearsed on the local stack: every ```bash block the guide marks **Locally** is
// pasted, in order, into one bash with the environment of an operator's fresh shell, against the
// test stack standing in for `npm start`. A block that no longer works as written fails here.

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url);
const SECRETS_FILE = join(stack.dataDir, 'dev-secrets.json');

/** The ```bash blocks that follow a paragraph opening with **Locally**, up to the next heading. */
function localBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let armed = false;
  let block: string[] | undefined;
  for (const line of markdown.split('\n')) {
    if (block) {
      if (line.startsWith('```')) {
        blocks.push(block.join('\n'));
        block = undefined;
      } else block.push(line);
    } else if (line.startsWith('**Locally**')) armed = true;
    else if (line.startsWith('#')) armed = false;
    else if (line.startsWith('```bash') && armed) {
      block = [];
      armed = false;
    }
  }
  return blocks;
}

const scripts = (
  JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** A block calling an npm script this checkout does not have yet (the smoke script of a parallel change). */
function missingScript(block: string): string | undefined {
  return [...block.matchAll(/npm run (?:-s )?([a-z][\w:-]*)/g)]
    .map((m) => m[1] ?? '')
    .find((name) => !scripts[name]);
}

describe('Docs: the deployment guide works locally as written', () => {
  let originalSecrets: string;

  beforeAll(() => {
    originalSecrets = readFileSync(SECRETS_FILE, 'utf8');
  });

  afterAll(() => {
    // The guide sets secrets; the stack read its own at start, and other files sign with the copy on disk.
    writeFileSync(SECRETS_FILE, originalSecrets, { mode: 0o600 });
  });

  it('runs every local step of docs/deploy.md in order', { timeout: 240_000 }, async () => {
    // Prepare
    const blocks = localBlocks(readFileSync(new URL('docs/deploy.md', ROOT), 'utf8'));
    const runnable = blocks.filter((block) => missingScript(block) === undefined);

    // Act
    const { stdout } = await run('bash', ['-o', 'pipefail', '-e', '-c', runnable.join('\n')], {
      cwd: ROOT,
      env: operatorEnv(),
      timeout: 200_000,
      maxBuffer: 8 * 1024 * 1024,
    });
    const secrets = JSON.parse(readFileSync(SECRETS_FILE, 'utf8')) as Record<string, string>;

    // Assess
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    expect(blocks.filter((block) => missingScript(block) !== undefined).map(missingScript)).toEqual(
      scripts.smoke ? [] : ['smoke'],
    );
    expect(stdout).toMatch(/^200$/m);
    expect(stdout).toMatch(/^wechat-secret\s+WECHAT_SECRET_ARN/m);
    expect(stdout).toContain('已写入 wechat-secret 到本地栈');
    expect(stdout).toContain('已写入 hotline-hmac-secret 到本地栈');
    expect(secrets.WECHAT_TOKEN).toBe('Rehearsal2026Token');
    expect(secrets.HOTLINE_HMAC_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(stdout).not.toContain(secrets.HOTLINE_HMAC_SECRET);
    expect(stdout).toContain(
      'npm run -s token -- --role department --department water-group --sub zhang.wei',
    );
    expect(stdout).toMatch(/^已写入目录表 \S+：共 \d+ 项$/m);
    expect(stdout).toMatch(/^\[(\d{4},)*\d{4}\]$/m);
  });
});
