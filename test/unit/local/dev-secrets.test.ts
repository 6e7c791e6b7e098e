import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDevSecrets } from '../../../local/secrets.js';
import { callbackKeyring, EnvelopePhoneVault } from '../../../shared/adapters/phone-vault.js';

describe('Function: loadDevSecrets (the callback key)', () => {
  const dirs: string[] = [];

  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('generates a 32-byte raw AES key once, keeps it, and the vault seals with it', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'dev-secrets-'));
    dirs.push(dir);
    const file = join(dir, 'dev-secrets.json');

    // Act
    const first = loadDevSecrets(file);
    const again = loadDevSecrets(file);
    const vault = new EnvelopePhoneVault(() => callbackKeyring({ rawKey: first.CALLBACK_RAW_KEY }));
    const sealed = await vault.seal('13812345678', 'c-1');

    // Assess
    expect(Buffer.from(first.CALLBACK_RAW_KEY, 'base64')).toHaveLength(32);
    expect(again.CALLBACK_RAW_KEY).toBe(first.CALLBACK_RAW_KEY);
    expect(JSON.parse(readFileSync(file, 'utf8')).CALLBACK_RAW_KEY).toBe(first.CALLBACK_RAW_KEY);
    expect(await vault.open(sealed)).toBe('13812345678');
  });
});
