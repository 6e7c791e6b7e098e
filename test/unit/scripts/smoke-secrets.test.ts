import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadDevJwt } from '../../../local/jwt.js';
import { writeStackFile } from '../../../local/stack-file.js';
import {
  loadSmokeSecrets,
  localDataDirFor,
  SMOKE_ENV,
  SmokeSecretError,
} from '../../../scripts/smoke-secrets.js';

// Where the smoke's secrets come from: the environment, a file named there, or the local stack's
// data dir; never the command line.

const NAMES = Object.values(SMOKE_ENV).flatMap((name) => [name, `${name}_FILE`]);

describe('Function: loadSmokeSecrets', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'smoke-secrets-'));
    for (const name of [...NAMES, 'WECHAT_ENCODING_AES_KEY', 'WECHAT_APP_ID']) vi.stubEnv(name, '');
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads each secret from its variable, or from the file its _FILE variable names', async () => {
    // Prepare
    writeFileSync(join(dir, 'hotline'), 'file-secret\n');
    writeFileSync(join(dir, 'wechat.json'), JSON.stringify({ token: 'wxtoken1', appId: 'wx1' }));
    vi.stubEnv('HOTLINE_HMAC_SECRET_FILE', join(dir, 'hotline'));
    vi.stubEnv('WECHAT_TOKEN_FILE', join(dir, 'wechat.json'));
    vi.stubEnv('SMOKE_SUPERVISOR_TOKEN', 'eyJ.supervisor');

    // Act
    const secrets = await loadSmokeSecrets(undefined);

    // Assess
    expect(secrets).toEqual({
      hotlineSecret: 'file-secret',
      wechatToken: 'wxtoken1',
      supervisorToken: 'eyJ.supervisor',
    });
  });

  it('names every missing secret, variable and file both', async () => {
    // Prepare
    vi.stubEnv('WECHAT_TOKEN', 'wxtoken1');

    // Act
    const loading = loadSmokeSecrets(undefined);

    // Assess
    await expect(loading).rejects.toThrow(SmokeSecretError);
    await expect(loading).rejects.toThrow(
      'missing HOTLINE_HMAC_SECRET (or HOTLINE_HMAC_SECRET_FILE), SMOKE_SUPERVISOR_TOKEN (or SMOKE_SUPERVISOR_TOKEN_FILE)',
    );
  });

  it('says which file it cannot read, without its content', async () => {
    // Prepare
    vi.stubEnv('HOTLINE_HMAC_SECRET_FILE', join(dir, 'absent'));

    // Act & Assess
    await expect(loadSmokeSecrets(undefined)).rejects.toThrow(
      /HOTLINE_HMAC_SECRET_FILE: cannot read .*absent \(ENOENT\)/,
    );
  });

  it('takes the local stack’s dev secrets and signs a supervisor token with its dev key', async () => {
    // Prepare
    writeFileSync(
      join(dir, 'dev-secrets.json'),
      JSON.stringify({
        HOTLINE_HMAC_SECRET: 'dev-hmac',
        WECHAT_TOKEN: 'devtoken',
        WECHAT_ENCODING_AES_KEY: 'a'.repeat(43),
        WECHAT_APP_ID: 'wxdev',
      }),
    );

    // Act
    const secrets = await loadSmokeSecrets(dir);

    // Assess
    expect(secrets.hotlineSecret).toBe('dev-hmac');
    expect(secrets.wechatToken).toBe('devtoken');
    const claims = await (await loadDevJwt(dir)).verify(secrets.supervisorToken);
    expect(claims).toMatchObject({ role: 'supervisor', sub: 'smoke-test' });
  });
});

describe('Function: localDataDirFor', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'smoke-local-'));
    vi.stubEnv('LOCAL_DATA_DIR', dir);
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the data dir given, or the default one whose running stack has this URL, else none', () => {
    // Prepare
    writeStackFile(dir, 'http://127.0.0.1:3000', {});

    // Act & Assess
    expect(localDataDirFor('https://api.example.gov.cn', join(dir, 'other'))).toBe(join(dir, 'other'));
    expect(localDataDirFor('http://127.0.0.1:3000', undefined)).toBe(dir);
    expect(localDataDirFor('https://api.example.gov.cn', undefined)).toBeUndefined();
  });

  it('takes localhost for the running stack at 127.0.0.1, on its port only', () => {
    // Prepare
    writeStackFile(dir, 'http://127.0.0.1:3000', {});

    // Act & Assess
    expect(localDataDirFor('http://localhost:3000/', undefined)).toBe(dir);
    expect(localDataDirFor('http://localhost:3001', undefined)).toBeUndefined();
    expect(localDataDirFor('https://localhost:3000', undefined)).toBeUndefined();
  });
});
