import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_DIRECTORY } from '../../shared/seed/directory.js';
import { ddb, stack } from './helpers.js';
import { operatorEnv } from './operator-env.js';

// `npm run setup -- <step>` as an operator runs it against `npm start`: a child process that finds the
// stack through its data dir, with none of the stack's variables in its environment (those would
// make it take the AWS path). The stack's dev secrets are put back afterwards: the stack read them
// at its start, and other files sign with the copy on disk.

const ROOT = new URL('../../', import.meta.url);
const SECRETS_FILE = join(stack.dataDir, 'dev-secrets.json');
const HOTLINE_KEY = `setup-test-${'k'.repeat(40)}`;
const AES_KEY = 'SetupTestSetupTestSetupTestSetupTestSetupTe';

interface Run {
  readonly code: number | null;
  readonly out: string;
}

/** `npm run -s setup -- …args`, stdin from `input` (not a terminal), stdout and stderr together. */
function setup(args: string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'setup', '--', ...args], { cwd: ROOT, env: operatorEnv() });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
    child.stdin.end(input);
  });
}

async function departmentName(id: string): Promise<unknown> {
  const { Item } = await ddb.send(
    new GetCommand({ TableName: stack.resources.directoryTable, Key: { pk: 'DEPARTMENT', sk: id } }),
  );
  return Item?.name;
}

describe('Script: npm run setup (local stack)', () => {
  let originalSecrets: string;
  let dir: string;

  beforeAll(() => {
    originalSecrets = readFileSync(SECRETS_FILE, 'utf8');
    dir = mkdtempSync(join(tmpdir(), 'setup-steps-'));
  });

  afterAll(() => {
    writeFileSync(SECRETS_FILE, originalSecrets, { mode: 0o600 });
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the secrets the stacks declare with their shape', { timeout: 60_000 }, async () => {
    // Act
    const run = await setup(['secret', '--list']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^wechat-secret\s+WECHAT_SECRET_ARN\s+\{"token"/m);
    expect(run.out).toMatch(/^hotline-hmac-secret\s+HOTLINE_HMAC_SECRET_ARN/m);
  });

  it('stores a secret from a file into the dev secrets, never printing it', { timeout: 60_000 }, async () => {
    // Prepare
    const file = join(dir, 'wechat.json');
    writeFileSync(
      file,
      JSON.stringify({ token: 'SetupToken42', encodingAesKey: AES_KEY, appId: 'wxsetup42' }),
    );

    // Act
    const run = await setup(['secret', 'wechat-secret', '--file', file]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.out).toContain('请重启 npm start 使新值生效');
    expect(run.out).not.toContain('SetupToken42');
    expect(run.out).not.toContain(AES_KEY);
    const stored = JSON.parse(readFileSync(SECRETS_FILE, 'utf8'));
    expect(stored).toMatchObject({
      WECHAT_TOKEN: 'SetupToken42',
      WECHAT_ENCODING_AES_KEY: AES_KEY,
      WECHAT_APP_ID: 'wxsetup42',
      WECHAT_REQUIRE_SAFE_MODE: 'true',
      CONTACT_HASH_KEY: JSON.parse(originalSecrets).CONTACT_HASH_KEY,
    });
  });

  it('stores a secret piped on stdin, never printing it', { timeout: 60_000 }, async () => {
    // Act
    const run = await setup(['secret', 'hotline-hmac-secret'], `${HOTLINE_KEY}\n`);

    // Assess
    expect(run.code).toBe(0);
    expect(run.out).not.toContain(HOTLINE_KEY);
    expect(JSON.parse(readFileSync(SECRETS_FILE, 'utf8')).HOTLINE_HMAC_SECRET).toBe(HOTLINE_KEY);
  });

  it('refuses a malformed secret with exit code 1, writing nothing and quoting nothing', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    const before = readFileSync(SECRETS_FILE, 'utf8');

    // Act
    const run = await setup(['secret', 'wechat-secret'], '{"token":"LeakedIfEchoed77", "appId": ');

    // Assess
    expect(run.code).toBe(1);
    expect(run.out).toContain('不是合法的 JSON');
    expect(run.out).not.toContain('LeakedIfEchoed77');
    expect(readFileSync(SECRETS_FILE, 'utf8')).toBe(before);
  });

  it('refuses a value typed on the command line with exit code 2', { timeout: 60_000 }, async () => {
    // Act
    const run = await setup(['secret', 'hotline-hmac-secret', 'TypedOnTheCommandLine99']);

    // Assess
    expect(run.code).toBe(2);
    expect(run.out).not.toContain('TypedOnTheCommandLine99');
  });

  it('answers a staff user with the dev token command, which the API then accepts', {
    timeout: 60_000,
  }, async () => {
    // Act
    const run = await setup([
      'user',
      '--username',
      'zhang.wei',
      '--email',
      'zhang.wei@example.gov.cn',
      '--role',
      'department',
      '--department',
      'water-group',
    ]);
    const command = run.out.match(/^ {2}(npm run -s token -- .+)$/m)?.[1];
    const token = await new Promise<string>((resolve, reject) => {
      const child = spawn('bash', ['-c', command ?? 'false'], { cwd: ROOT, env: operatorEnv() });
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
      });
      child.on('error', reject);
      child.on('close', () => resolve(out.trim()));
    });
    const res = await fetch(`${stack.url}/v1/departments/water-group/cases`, {
      headers: { authorization: `Bearer ${token}` },
    });

    // Assess
    expect(run.code).toBe(0);
    expect(command).toBe('npm run -s token -- --role department --department water-group --sub zhang.wei');
    expect(res.status).toBe(200);
  });

  it('refuses a user of a department the catalogue does not hold, with exit code 1', {
    timeout: 60_000,
  }, async () => {
    // Act
    const run = await setup([
      'user',
      '--username',
      'li.na',
      '--email',
      'li.na@example.gov.cn',
      '--role',
      'department',
      '--department',
      'no-such-department',
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.out).toContain('目录中没有单位 no-such-department');
  });

  it('writes a catalogue file into the running stack, and the seed back', { timeout: 60_000 }, async () => {
    // Prepare
    const file = join(dir, 'catalogue.json');
    const renamed = SEED_DIRECTORY.departments.map((d) =>
      d.id === 'water-group' ? { ...d, name: '江城水务集团（setup 测试）' } : d,
    );
    writeFileSync(file, JSON.stringify({ ...SEED_DIRECTORY, departments: renamed }));

    // Act
    const fromFile = await setup(['catalogue', '--file', file]);
    const nameFromFile = await departmentName('water-group');
    const seed = await setup(['catalogue']);

    // Assess
    expect(fromFile.code).toBe(0);
    expect(fromFile.out).toMatch(/^已写入目录表 \S+：共 \d+ 项$/m);
    expect(nameFromFile).toBe('江城水务集团（setup 测试）');
    expect(seed.code).toBe(0);
    expect(await departmentName('water-group')).toBe('江城水务集团');
  });

  it('refuses a catalogue file with a rule to an unknown department, writing nothing', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    const file = join(dir, 'bad-catalogue.json');
    const rules = [{ category: '*', district: '*', departmentId: 'nobody', coHandlers: [], priority: 0 }];
    writeFileSync(
      file,
      JSON.stringify({ ...SEED_DIRECTORY, departments: [{ id: 'setup-never', name: '不应写入' }], rules }),
    );

    // Act
    const run = await setup(['catalogue', '--file', file]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.out).toContain('rules.0：未知的单位：nobody');
    expect(await departmentName('setup-never')).toBeUndefined();
  });
});
