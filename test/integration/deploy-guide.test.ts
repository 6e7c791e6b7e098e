import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChildStack, killChildStacks, startChildStack, stopChildStack } from './child-stack.js';
import { operatorEnv } from './operator-env.js';

// docs/deploy.md rehearsed on a fresh local stack of its own: every ```bash block the guide marks
// **Locally** is pasted, in order, into bash with the environment of an operator's fresh shell. The
// stack is restarted after the secrets step, as the guide says, so the smoke test signs with the
// secrets just set. A block that no longer works as written fails here.

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url);
const DATA_DIR = mkdtempSync(join(tmpdir(), 'hotline-deploy-guide-'));
const SECRETS_FILE = join(DATA_DIR, 'dev-secrets.json');

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

/** Runs `blocks` as one bash script in an operator's shell pointed at the stack on `port`. */
async function runBlocks(blocks: string[], port: string): Promise<string> {
  const { stdout } = await run('bash', ['-o', 'pipefail', '-e', '-c', blocks.join('\n')], {
    cwd: ROOT,
    env: { ...operatorEnv(), LOCAL_DATA_DIR: DATA_DIR, PORT: port },
    timeout: 200_000,
    maxBuffer: 8 * 1024 * 1024,
  });
  return stdout;
}

describe('Docs: the deployment guide works locally as written', () => {
  let running: ChildStack | undefined;

  afterAll(async () => {
    if (running) await stopChildStack(running.child);
    killChildStacks();
    rmSync(DATA_DIR, { recursive: true, force: true });
  });

  it('runs every local step of docs/deploy.md in order on a fresh stack', { timeout: 240_000 }, async () => {
    // Prepare: `npm start -- --fresh` in its own data dir, on a port of its own
    const blocks = localBlocks(readFileSync(new URL('docs/deploy.md', ROOT), 'utf8'));
    const runnable = blocks.filter((block) => missingScript(block) === undefined);
    const restartAfter = runnable.findIndex((block) => block.includes('setup -- secret'));
    running = await startChildStack(DATA_DIR, { fresh: true });
    const port = new URL(running.api).port;

    // Act: the steps up to the secrets, the restart the guide asks for, then (from the first
    // block, which names the API) the rest
    const beforeRestart = await runBlocks(runnable.slice(0, restartAfter + 1), port);
    await stopChildStack(running.child);
    running = await startChildStack(DATA_DIR, { fresh: false, port: Number(port) });
    const afterRestart = await runBlocks([runnable[0] ?? '', ...runnable.slice(restartAfter + 1)], port);
    const stdout = `${beforeRestart}${afterRestart}`;
    const secrets = JSON.parse(readFileSync(SECRETS_FILE, 'utf8')) as Record<string, string>;

    // Assess
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    expect(restartAfter).toBeGreaterThan(0);
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
    // The smoke test after the restart, with the secrets the guide set: every channel passed
    expect(stdout).toMatch(/^hotline\s+OK\s/m);
    expect(stdout).toMatch(/^webform\s+OK\s/m);
    expect(stdout).toMatch(/^wechat\s+OK\s/m);
  });
});
