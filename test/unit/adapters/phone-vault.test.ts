import { randomBytes } from 'node:crypto';
import { KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import { RawAesKeyringNode } from '@aws-crypto/raw-aes-keyring-node';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CallbackKeyMissingError,
  callbackKeyring,
  EnvelopePhoneVault,
  phoneVault,
  SealedNumberMismatchError,
} from '../../../shared/adapters/phone-vault.js';

const PHONE = '13812345678';
const KEY_ARN = 'arn:aws-cn:kms:cn-north-1:111122223333:key/0b7c3a4e-1111-2222-3333-444455556666';
const rawKey = () => randomBytes(32).toString('base64');

function saveEnv() {
  const saved = { arn: process.env.CALLBACK_KEY_ARN, raw: process.env.CALLBACK_RAW_KEY };
  return () => {
    for (const [name, value] of [
      ['CALLBACK_KEY_ARN', saved.arn],
      ['CALLBACK_RAW_KEY', saved.raw],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

describe('Class: EnvelopePhoneVault (raw AES keyring)', () => {
  const key = rawKey();
  const vault = new EnvelopePhoneVault(() => callbackKeyring({ rawKey: key }));

  it('opens what it sealed', async () => {
    // Prepare
    const sealed = await vault.seal(PHONE, 'c-1');

    // Act
    const phone = await vault.open(sealed);

    // Assess
    expect(sealed.callId).toBe('c-1');
    expect(phone).toBe(PHONE);
  });

  it('refuses a ciphertext stored with another call id', async () => {
    // Prepare
    const sealed = await vault.seal(PHONE, 'c-1');

    // Act
    const opening = vault.open({ ...sealed, callId: 'c-2' });

    // Assess
    await expect(opening).rejects.toBeInstanceOf(SealedNumberMismatchError);
  });

  it('keeps no run of the number’s digits in the stored ciphertext', async () => {
    // Prepare
    const sealed = await vault.seal(PHONE, 'c-1');

    // Act
    const bytes = Buffer.from(sealed.ciphertext, 'base64').toString('latin1');

    // Assess
    // Seven digits in a row: random bytes make such a run of one number's digits once in 10^9 tries.
    const runs = Array.from({ length: PHONE.length - 6 }, (_, i) => PHONE.slice(i, i + 7));
    for (const run of runs) expect(bytes).not.toContain(run);
    expect(sealed.ciphertext).not.toContain(PHONE);
  });

  it('seals the same number twice into two ciphertexts (a fresh data key each)', async () => {
    // Prepare
    const first = await vault.seal(PHONE, 'c-1');

    // Act
    const second = await vault.seal(PHONE, 'c-1');

    // Assess
    expect(second.ciphertext).not.toBe(first.ciphertext);
  });

  it('refuses a ciphertext sealed under another key', async () => {
    // Prepare
    const other = new EnvelopePhoneVault(() => callbackKeyring({ rawKey: rawKey() }));
    const sealed = await other.seal(PHONE, 'c-1');

    // Act
    const opening = vault.open(sealed);

    // Assess
    await expect(opening).rejects.toThrow();
  });
});

describe('Function: callbackKeyring', () => {
  it('chooses KMS when the key ARN is set, even beside a raw key', () => {
    // Prepare
    const key = { keyArn: KEY_ARN, rawKey: rawKey() };

    // Act
    const keyring = callbackKeyring(key);

    // Assess
    expect(keyring).toBeInstanceOf(KmsKeyringNode);
  });

  it('chooses the raw AES keyring locally', () => {
    // Prepare
    const key = { rawKey: rawKey() };

    // Act
    const keyring = callbackKeyring(key);

    // Assess
    expect(keyring).toBeInstanceOf(RawAesKeyringNode);
  });

  it('refuses a raw key that is not 32 bytes', () => {
    // Prepare
    const key = { rawKey: randomBytes(16).toString('base64') };

    // Act
    const choosing = () => callbackKeyring(key);

    // Assess
    expect(choosing).toThrow(CallbackKeyMissingError);
  });
});

describe('Function: phoneVault', () => {
  let restore: () => void;
  const kms = mockClient(KMSClient);

  beforeEach(() => {
    restore = saveEnv();
  });

  afterEach(() => {
    restore();
    kms.reset();
  });

  it('throws a clear error at first use when no key is configured', async () => {
    // Prepare
    delete process.env.CALLBACK_KEY_ARN;
    delete process.env.CALLBACK_RAW_KEY;

    // Act
    const sealing = phoneVault().seal(PHONE, 'c-1');

    // Assess
    await expect(sealing).rejects.toThrow(/CALLBACK_KEY_ARN.*CALLBACK_RAW_KEY/);
  });

  it('seals with a KMS data key (GenerateDataKey) and opens through KMS Decrypt', async () => {
    // Prepare
    process.env.CALLBACK_KEY_ARN = KEY_ARN;
    process.env.CALLBACK_RAW_KEY = rawKey();
    const dataKey = randomBytes(32);
    const wrapped = randomBytes(64);
    kms
      .on(GenerateDataKeyCommand)
      .resolves({ KeyId: KEY_ARN, Plaintext: new Uint8Array(dataKey), CiphertextBlob: wrapped });
    kms.on(DecryptCommand).resolves({ KeyId: KEY_ARN, Plaintext: new Uint8Array(dataKey) });

    // Act
    const sealed = await phoneVault().seal(PHONE, 'c-1');
    const phone = await phoneVault().open(sealed);

    // Assess
    expect(phone).toBe(PHONE);
    expect(kms).toHaveReceivedCommandWith(GenerateDataKeyCommand, {
      KeyId: KEY_ARN,
      EncryptionContext: { purpose: 'callback-number', callId: 'c-1' },
    });
    expect(kms).toHaveReceivedCommandWith(DecryptCommand, {
      KeyId: KEY_ARN,
      EncryptionContext: { purpose: 'callback-number', callId: 'c-1' },
    });
  });

  it('is one vault while the key stays the same, a new one when it changes', () => {
    // Prepare
    delete process.env.CALLBACK_KEY_ARN;
    process.env.CALLBACK_RAW_KEY = rawKey();
    const first = phoneVault();

    // Act
    const again = phoneVault();
    process.env.CALLBACK_RAW_KEY = rawKey();
    const changed = phoneVault();

    // Assess
    expect(again).toBe(first);
    expect(changed).not.toBe(first);
  });
});
