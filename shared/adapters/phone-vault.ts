import type { SealedNumber } from '../domain/callbacks/index.js';

// SEAM (issue 13): envelope encryption of a caller's number for the callback, with the AWS
// Encryption SDK (@aws-crypto/client-node). Slice "callbacks core" writes `phoneVault()`: a KMS keyring
// (CALLBACK_KEY_ARN) in AWS, a raw AES keyring whose key the local stack keeps in `.local/`; the same
// encrypt and decrypt calls either way. The encryption context binds a ciphertext to its call id.

export interface PhoneVault {
  /** The number sealed for `callId`. */
  seal(phone: string, callId: string): Promise<SealedNumber>;
  /** The number in clear; throws when the ciphertext or its context does not match. */
  open(sealed: SealedNumber): Promise<string>;
}
