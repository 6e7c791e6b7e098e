import { createHmac, timingSafeEqual } from 'node:crypto';

// The hotline's request signature: HMAC-SHA256 over `${X-Timestamp}.${rawBody}`, sent as
// `X-Signature: sha256=<hex>`, with X-Timestamp in Unix seconds (DESIGN §8). No AWS, no clock.

/** Five minutes either way: a captured request cannot be replayed later, and clocks may drift. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureFailure = 'missing_signature' | 'stale_timestamp' | 'invalid_signature';
export type SignatureCheck = { ok: true } | { ok: false; code: SignatureFailure };

const SIGNATURE_FORMAT = /^sha256=([0-9a-f]{64})$/i;
const TIMESTAMP_FORMAT = /^\d{1,12}$/;

/**
 * The `X-Signature` value for a body at a time; the call centre's side of the scheme, and the
 * signer script's.
 *
 * @example sign('secret', '1795320000', '{"callId":"c-1"}') // 'sha256=5f0c…'
 */
export function sign(secret: string, timestamp: string, body: string | Uint8Array): string {
  return `sha256=${digest(secret, timestamp, body).toString('hex')}`;
}

function digest(secret: string, timestamp: string, body: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/**
 * Checks the headers and the signature of a request, cheapest first: presence, the timestamp's
 * window, then the HMAC, compared in constant time. A signature of the wrong shape is still
 * compared (against zeros), so its shape does not change how long the refusal takes.
 */
export function verifySignature(input: {
  secret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  body: string | Uint8Array;
  nowMs: number;
  toleranceSeconds?: number;
}): SignatureCheck {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return { ok: false, code: 'missing_signature' };
  const tolerance = input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  if (!TIMESTAMP_FORMAT.test(timestamp)) return { ok: false, code: 'stale_timestamp' };
  if (Math.abs(input.nowMs / 1000 - Number(timestamp)) > tolerance) {
    return { ok: false, code: 'stale_timestamp' };
  }
  const expected = digest(input.secret, timestamp, input.body);
  const hex = SIGNATURE_FORMAT.exec(signature)?.[1];
  const given = hex ? Buffer.from(hex, 'hex') : Buffer.alloc(expected.length);
  const equal = timingSafeEqual(expected, given);
  return equal && hex ? { ok: true } : { ok: false, code: 'invalid_signature' };
}
