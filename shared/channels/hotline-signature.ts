import { createHmac, timingSafeEqual } from 'node:crypto';

// The hotline's request signature, sent as `X-Signature: sha256=<hex>` with X-Timestamp in Unix
// seconds (DESIGN §8). Version 2 (`X-Signature-Version: 2`): HMAC-SHA256 over
// `${X-Timestamp}.${METHOD} ${path}.${rawBody}`, so a signature for /calls does not pass on
// /connect-ctr. Version 1 (no version header, deprecated): over `${X-Timestamp}.${rawBody}`.
// No AWS, no clock.

/** Five minutes either way: a captured request cannot be replayed later, and clocks may drift. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureFailure =
  | 'missing_signature'
  | 'stale_timestamp'
  | 'invalid_signature'
  | 'unsupported_signature_version';

/** The request line version 2 signs: the method and the path as the API receives it, no query. */
export interface SignedRequestLine {
  readonly method: string;
  readonly path: string;
}

/** The header naming the scheme; absent means version 1. */
export const SIGNATURE_VERSION_HEADER = 'x-signature-version';
export type SignatureCheck = { ok: true } | { ok: false; code: SignatureFailure };

const SIGNATURE_FORMAT = /^sha256=([0-9a-f]{64})$/i;
const TIMESTAMP_FORMAT = /^\d{1,12}$/;

/**
 * The `X-Signature` value for a body at a time; the call centre's side of the scheme, and the
 * signer script's. With the request line it is version 2 (send `X-Signature-Version: 2`), without
 * it version 1.
 *
 * @example sign('secret', '1795320000', '{"callId":"c-1"}', { method: 'POST', path: '/v1/channels/hotline/calls' })
 */
export function sign(
  secret: string,
  timestamp: string,
  body: string | Uint8Array,
  request?: SignedRequestLine,
): string {
  return `sha256=${digest(secret, timestamp, body, request).toString('hex')}`;
}

function digest(
  secret: string,
  timestamp: string,
  body: string | Uint8Array,
  request: SignedRequestLine | undefined,
): Buffer {
  const hmac = createHmac('sha256', secret).update(`${timestamp}.`);
  if (request) hmac.update(`${request.method.toUpperCase()} ${request.path}.`);
  return hmac.update(body).digest();
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
  /** The `X-Signature-Version` header: absent or `1` (deprecated), or `2`. */
  version?: string | undefined;
  /** The request's method and path, which version 2 covers. */
  request?: SignedRequestLine;
}): SignatureCheck {
  const { signature, timestamp } = input;
  if (!signature || !timestamp) return { ok: false, code: 'missing_signature' };
  const version = input.version ?? '1';
  if (version !== '1' && version !== '2') return { ok: false, code: 'unsupported_signature_version' };
  const tolerance = input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  if (!TIMESTAMP_FORMAT.test(timestamp)) return { ok: false, code: 'stale_timestamp' };
  if (Math.abs(input.nowMs / 1000 - Number(timestamp)) > tolerance) {
    return { ok: false, code: 'stale_timestamp' };
  }
  // Version 2 without a request line to check cannot hold: compared against a digest of nothing.
  if (version === '2' && !input.request) return { ok: false, code: 'invalid_signature' };
  const expected = digest(input.secret, timestamp, input.body, version === '2' ? input.request : undefined);
  const hex = SIGNATURE_FORMAT.exec(signature)?.[1];
  const given = hex ? Buffer.from(hex, 'hex') : Buffer.alloc(expected.length);
  const equal = timingSafeEqual(expected, given);
  return equal && hex ? { ok: true } : { ok: false, code: 'invalid_signature' };
}
