import { phoneVault } from '../adapters/phone-vault.js';
import { contactHashKey, disclosureIdentityKey } from '../adapters/secrets.js';
import { appealQueue, directoryStore } from '../adapters/stores.js';
import type { CallIntakeDeps } from './call-intake.js';

// The real adapters behind a call's intake, for the two functions that take calls in (the signed
// webhook, ingest-hotline, and Amazon Connect's CTR stream, ingest-connect-stream).

let cached: CallIntakeDeps | undefined;

/**
 * The call intake's ports, built once per warm function.
 *
 * @example
 * await intakeCall(callIntakeDeps(), record, raw);
 */
export function callIntakeDeps(): CallIntakeDeps {
  cached ??= {
    directory: directoryStore(),
    queue: appealQueue(),
    contactHashKey,
    disclosureIdentityKey,
    sealCaller: (phone, callId) => phoneVault().seal(phone, callId),
  };
  return cached;
}
