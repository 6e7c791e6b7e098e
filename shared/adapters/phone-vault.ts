// The AWS Encryption SDK for JavaScript through its own packages (declared one by one in
// package.json), not the `@aws-crypto/client-node` roll-up: client-node is CommonJS only and
// re-exports the branch keystore (a DynamoDB client) and the RSA keyring, which esbuild cannot shake
// out; these have ES module builds. ingest-hotline's bundle: 686 KB before the vault, 1,072 KB with
// client-node, 966 KB with these (minified, without source maps).
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import {
  AlgorithmSuiteIdentifier,
  CommitmentPolicy,
  type KeyringNode,
} from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import {
  DecryptCommand,
  type DecryptCommandInput,
  EncryptCommand,
  type EncryptCommandInput,
  GenerateDataKeyCommand,
  type GenerateDataKeyCommandInput,
  KMSClient,
} from '@aws-sdk/client-kms';
import type { SealedNumber } from '../domain/callbacks/index.js';
import { callbackKeyConfig } from './config.js';

// 漏接回拨: the caller's number, kept for the callback as an envelope (AWS Encryption SDK): a fresh data
// key per number, wrapped by the KMS key in AWS or by the local stack's raw AES key; the same encrypt
// and decrypt calls either way. The encryption context binds a ciphertext to its call id.

export interface PhoneVault {
  /** The number sealed for `callId`. */
  seal(phone: string, callId: string): Promise<SealedNumber>;
  /** The number in clear; throws when the ciphertext or its context does not match. */
  open(sealed: SealedNumber): Promise<string>;
}

/** The ciphertext was not sealed for the call id it is stored with (moved, or tampered with). */
export class SealedNumberMismatchError extends Error {
  constructor(message = 'the sealed number belongs to another call', options?: ErrorOptions) {
    super(message, options);
    this.name = 'SealedNumberMismatchError';
  }
}

/** Neither CALLBACK_KEY_ARN nor CALLBACK_RAW_KEY is set (or the raw key is not 32 bytes). */
export class CallbackKeyMissingError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CallbackKeyMissingError';
  }
}

const PURPOSE = 'callback-number';

/**
 * Committing (the key commitment stops one ciphertext from decrypting to two plaintexts under two
 * keys) and not signing: the writer (ingest-hotline) and the readers (the callback desk) are equally
 * trusted functions of one account, and a reader can never be made to accept a number that writer
 * did not seal without the KMS key itself, so an ECDSA signature would add CPU on every call and ~100
 * bytes to every item for nothing.
 */
const SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;

/** A number is a few digits: no message is ever near this, and a larger one is not ours. */
const MAX_BODY_BYTES = 4096;

// Both directions demand a committing suite: an old non-committing message is refused, not read.
const { encrypt } = buildEncrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const { decrypt } = buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

/**
 * The KMS calls the keyring makes, through one SDK client of ours (only the three commands are
 * bundled, not the KMS aggregate's hundred).
 */
function kmsCalls(client: KMSClient) {
  return {
    generateDataKey: (input: GenerateDataKeyCommandInput) => client.send(new GenerateDataKeyCommand(input)),
    encrypt: (input: EncryptCommandInput) => client.send(new EncryptCommand(input)),
    decrypt: (input: DecryptCommandInput) => client.send(new DecryptCommand(input)),
  };
}

/** The keyring the deployment's key calls for: KMS when its ARN is set (it wins), else the raw key. */
export function callbackKeyring(key: { keyArn?: string; rawKey?: string }): KeyringNode {
  if (key.keyArn) {
    const client = kmsCalls(new KMSClient({}));
    return new KmsKeyringNode({
      generatorKeyId: key.keyArn,
      keyIds: [],
      // The keyring asks for a client per region of the key ARN; ours serves the function's region,
      // which is the key's (the stateful stack's, in the same account and region).
      clientProvider: () => client as never,
    });
  }
  if (key.rawKey) {
    const bytes = Buffer.from(key.rawKey, 'base64');
    if (bytes.length !== 32) {
      throw new CallbackKeyMissingError(`CALLBACK_RAW_KEY must be 32 bytes in base64, not ${bytes.length}`);
    }
    return new RawAesKeyringNode({
      keyNamespace: 'hotline12345-local',
      keyName: 'callback-number',
      unencryptedMasterKey: new Uint8Array(bytes),
      wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
    });
  }
  throw new CallbackKeyMissingError(
    'neither CALLBACK_KEY_ARN (AWS) nor CALLBACK_RAW_KEY (the local stack) is set: no key to seal callback numbers',
  );
}

/**
 * The vault over one keyring. `open` checks the context it decrypted under: the SDK authenticates
 * the context stored in the message but does not compare it with anything, so a ciphertext copied
 * from another call's task would otherwise open.
 *
 * @example
 * const sealed = await vault.seal('13812345678', 'c-1'); // { ciphertext: 'AgV4…', callId: 'c-1' }
 * await vault.open(sealed); // '13812345678'
 */
export class EnvelopePhoneVault implements PhoneVault {
  constructor(private readonly keyring: () => KeyringNode) {}

  async seal(phone: string, callId: string): Promise<SealedNumber> {
    const { result } = await encrypt(this.keyring(), phone, {
      suiteId: SUITE,
      encryptionContext: { purpose: PURPOSE, callId },
    });
    return { ciphertext: result.toString('base64'), callId };
  }

  async open(sealed: SealedNumber): Promise<string> {
    const { plaintext, messageHeader } = await decrypt(
      this.keyring(),
      Buffer.from(sealed.ciphertext, 'base64'),
      {
        maxBodySize: MAX_BODY_BYTES,
      },
    );
    const context = messageHeader.encryptionContext;
    if (context.purpose !== PURPOSE || context.callId !== sealed.callId)
      throw new SealedNumberMismatchError();
    return plaintext.toString('utf8');
  }
}

let last: { key: string; vault: EnvelopePhoneVault } | undefined;

/**
 * The deployment's vault, one per container and key: `CALLBACK_KEY_ARN` (a KMS key, AWS) wins over
 * `CALLBACK_RAW_KEY` (base64, 32 bytes: the local stack's, kept in `.local/`). Neither set → the
 * first seal or open throws CallbackKeyMissingError (a function that never seals needs neither).
 *
 * @example const sealed = await phoneVault().seal(record.caller, record.callId);
 */
export function phoneVault(): PhoneVault {
  const key = callbackKeyConfig();
  const id = JSON.stringify([key.keyArn ?? '', key.keyArn ? '' : (key.rawKey ?? '')]);
  if (last?.key !== id) {
    let keyring: KeyringNode | undefined;
    last = { key: id, vault: new EnvelopePhoneVault(() => (keyring ??= callbackKeyring(key))) };
  }
  return last.vault;
}
