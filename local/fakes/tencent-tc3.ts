// Tencent Cloud's TC3-HMAC-SHA256 request signature, checked as Tencent's API gateway checks it
// (signature v3, document 213/30654), for the local fakes of Tencent APIs.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface Tc3Request {
  readonly method: string;
  /** The path without the query (`/`). */
  readonly path: string;
  /** The raw query string without `?` (empty for a POST). */
  readonly query: string;
  /** Node's request headers (names in lower case). */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export interface Tc3Expectations {
  /** SecretId → SecretKey of the keys the fake knows. */
  readonly keys: Readonly<Record<string, string>>;
  /** The service the endpoint serves (`sms`): the credential scope must name it. */
  readonly service: string;
  /** Now, in seconds since the epoch. */
  readonly now: number;
}

/** Accepted, with the key that signed; or refused with Tencent's error code and message. */
export type Tc3Verdict =
  | { readonly ok: true; readonly secretId: string }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Tencent refuses a request signed more than five minutes away from its clock (either side). */
export const TC3_MAX_SKEW_SECONDS = 300;

const AUTHORIZATION =
  /^TC3-HMAC-SHA256 Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([^/\s]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** The UTC date of a timestamp, as the credential scope carries it. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/** CanonicalRequest: method, URI, query, canonical headers, signed headers, hashed payload. */
export function tc3CanonicalRequest(
  request: Tc3Request,
  signedHeaders: readonly string[],
): string | undefined {
  let headers = '';
  for (const name of signedHeaders) {
    const raw = request.headers[name];
    if (raw === undefined || Array.isArray(raw)) return undefined;
    // Tencent's hosts take no port; the SDK signs the URL's hostname while sending `Host: h:port`
    // to a local fake, so the port is not part of what is compared.
    const value = name === 'host' ? raw.replace(/:\d+$/, '') : raw;
    headers += `${name}:${value.trim().toLowerCase()}\n`;
  }
  return [
    request.method.toUpperCase(),
    request.path,
    request.query,
    headers,
    signedHeaders.join(';'),
    sha256Hex(request.body),
  ].join('\n');
}

/** The hex signature of a canonical request under a SecretKey. */
export function tc3Signature(options: {
  readonly secretKey: string;
  readonly timestamp: number;
  readonly service: string;
  readonly canonicalRequest: string;
}): string {
  const date = tc3Date(options.timestamp);
  const scope = `${date}/${options.service}/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${options.timestamp}\n${scope}\n${sha256Hex(options.canonicalRequest)}`;
  const signing = hmac(hmac(hmac(`TC3${options.secretKey}`, date), options.service), 'tc3_request');
  return createHmac('sha256', signing).update(stringToSign).digest('hex');
}

function refuse(code: string, message: string): Tc3Verdict {
  return { ok: false, code, message };
}

/**
 * Checks a request's TC3-HMAC-SHA256 signature in Tencent's order: the Authorization header's form,
 * the timestamp (five minutes), the SecretId, the credential scope, then the signature itself.
 *
 * @example
 * const verdict = verifyTc3(request, { keys: { [secretId]: secretKey }, service: 'sms', now: Date.now() / 1000 });
 * if (!verdict.ok) answerError(verdict.code, verdict.message);
 */
export function verifyTc3(request: Tc3Request, expected: Tc3Expectations): Tc3Verdict {
  const authorization = request.headers.authorization;
  const match = typeof authorization === 'string' ? AUTHORIZATION.exec(authorization) : null;
  if (!match) {
    return refuse('AuthFailure.InvalidAuthorization', 'Authorization is not a TC3-HMAC-SHA256 header.');
  }
  const [, secretId, date, service, signedHeaderList, signature] = match as unknown as string[];
  const signedHeaders = (signedHeaderList as string).split(';');
  if (!signedHeaders.includes('content-type') || !signedHeaders.includes('host')) {
    return refuse('AuthFailure.InvalidAuthorization', 'SignedHeaders must include content-type and host.');
  }
  const rawTimestamp = request.headers['x-tc-timestamp'];
  if (typeof rawTimestamp !== 'string' || !/^\d{1,12}$/.test(rawTimestamp)) {
    return refuse('MissingParameter', 'The request is missing a required parameter `X-TC-Timestamp`.');
  }
  const timestamp = Number(rawTimestamp);
  if (Math.abs(expected.now - timestamp) > TC3_MAX_SKEW_SECONDS) {
    return refuse(
      'AuthFailure.SignatureExpire',
      `Signature expired. Timestamp ${timestamp}, server time ${Math.floor(expected.now)}.`,
    );
  }
  const secretKey = Object.hasOwn(expected.keys, secretId as string)
    ? expected.keys[secretId as string]
    : undefined;
  if (secretKey === undefined) return refuse('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
  if (date !== tc3Date(timestamp)) {
    return refuse(
      'AuthFailure.SignatureFailure',
      'The credential date is not the UTC date of X-TC-Timestamp.',
    );
  }
  if (service !== expected.service) {
    return refuse(
      'AuthFailure.SignatureFailure',
      `The credential scope names ${service}, not ${expected.service}.`,
    );
  }
  const canonicalRequest = tc3CanonicalRequest(request, signedHeaders);
  if (canonicalRequest === undefined) {
    return refuse('AuthFailure.InvalidAuthorization', 'A signed header is missing or repeated.');
  }
  const wanted = Buffer.from(tc3Signature({ secretKey, timestamp, service, canonicalRequest }), 'hex');
  if (!timingSafeEqual(wanted, Buffer.from(signature as string, 'hex'))) {
    return refuse(
      'AuthFailure.SignatureFailure',
      'The provided credentials could not be validated. Please check your signature is correct.',
    );
  }
  return { ok: true, secretId: secretId as string };
}
