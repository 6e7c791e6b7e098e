import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { secretKind } from '../../../../scripts/setup/secret-kinds.js';
import { setSecret } from '../../../../scripts/setup/steps.js';

// `npm run setup -- secret` against AWS: one PutSecretValue on the ARN the stack output gives, the
// value never printed, nothing written when the value is refused.

const ARN = 'arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:hotlinehmacsecret-AbCdEf';
const VALUE = 'Hotl1neS1gningKeyHotl1neS1gningKey-xyz';

describe('Function: setSecret (AWS)', () => {
  const secrets = mockClient(SecretsManagerClient);
  let dir: string;
  let printed: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'setup-secret-'));
    process.env.HOTLINE_HMAC_SECRET_ARN = ARN;
  });

  afterEach(() => {
    secrets.reset();
    vi.restoreAllMocks();
  });

  afterAll(() => {
    delete process.env.HOTLINE_HMAC_SECRET_ARN;
    rmSync(dir, { recursive: true, force: true });
  });

  function capture(): void {
    printed = [];
    const keep = (...args: unknown[]) => {
      printed.push(args.join(' '));
    };
    vi.spyOn(console, 'log').mockImplementation(keep);
    vi.spyOn(console, 'error').mockImplementation(keep);
  }

  it('puts the file value on the secret the ARN variable names, without printing it', async () => {
    // Prepare
    capture();
    const file = join(dir, 'hotline.key');
    writeFileSync(file, `${VALUE}\n`);
    secrets.on(PutSecretValueCommand).resolves({ ARN });

    // Act
    const code = await setSecret(
      secretKind('hotline-hmac-secret') as NonNullable<ReturnType<typeof secretKind>>,
      {
        target: 'aws',
        file,
        dataDir: dir,
        force: false,
      },
    );

    // Assess
    expect(code).toBe(0);
    expect(secrets).toReceiveCommandWith(PutSecretValueCommand, { SecretId: ARN, SecretString: VALUE });
    expect(printed.join('\n')).toContain(ARN);
    expect(printed.join('\n')).not.toContain(VALUE);
  });

  it('refuses a value of the wrong shape with exit code 1 and calls nothing', async () => {
    // Prepare
    capture();
    const file = join(dir, 'short.key');
    writeFileSync(file, 'too-short-secret\n');

    // Act
    const code = await setSecret(
      secretKind('hotline-hmac-secret') as NonNullable<ReturnType<typeof secretKind>>,
      {
        target: 'aws',
        file,
        dataDir: dir,
        force: false,
      },
    );

    // Assess
    expect(code).toBe(1);
    expect(secrets.commandCalls(PutSecretValueCommand)).toHaveLength(0);
    expect(printed.join('\n')).not.toContain('too-short-secret');
  });

  it('reports a Secrets Manager refusal with exit code 1', async () => {
    // Prepare
    capture();
    const file = join(dir, 'hotline.key');
    writeFileSync(file, VALUE);
    secrets
      .on(PutSecretValueCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));

    // Act
    const code = await setSecret(
      secretKind('hotline-hmac-secret') as NonNullable<ReturnType<typeof secretKind>>,
      {
        target: 'aws',
        file,
        dataDir: dir,
        force: false,
      },
    );

    // Assess
    expect(code).toBe(1);
    expect(printed.join('\n')).toContain('AccessDeniedException');
  });
});
