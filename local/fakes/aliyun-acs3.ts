// Alibaba Cloud's request signature v3 (ACS3-HMAC-SHA256), checked as its API gateway checks it:
// what the official SDK (@alicloud/openapi-core, its default for SendSms) signs, read back.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

/** Alibaba refuses a request whose x-acs-date is more than 15 minutes from its clock. */
export const ACS3_MAX_SKEW_MS = 15 * 60 * 1000;

/** A request as the fake read it off the wire. */
export interface Acs3Request {
  readonly method: string;
  /** The path as sent, still percent-encoded (`/`). */
  readonly pathname: string;
  /** The query parameters, decoded. */
  readonly query: Readonly<Record<string, string>>;
  /** Header names in lower case, as node:http gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/** A refusal in Alibaba's own terms: the HTTP status and the error Code its JSON body carries. */
export interface Acs3Refusal {
  readonly ok: false;
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export type Acs3Verdict =
  | { readonly ok: true; readonly accessKeyId: string; readonly nonce: string; readonly date: Date }
  | Acs3Refusal;

/** Alibaba's percent-encoding (RFC 3986: only A-Z a-z 0-9 - _ . ~ stay as they are). */
export function acs3Encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function headerValue(headers: Acs3Request['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * The canonical request: method, URI, the query sorted by name with names and values
 * percent-encoded, each signed header as `name:value` (trimmed) in order, the signed headers'
 * names, and the payload's SHA-256 as x-acs-content-sha256 states it.
 */
export function acs3CanonicalRequest(
  request: Acs3Request,
  signedHeaders: readonly string[],
  payloadHash: string,
): string {
  const query = Object.keys(request.query)
    .sort()
    .map((name) => `${acs3Encode(name)}=${acs3Encode(request.query[name] ?? '')}`)
    .join('&');
  const headers = signedHeaders
    .map((name) => `${name}:${(headerValue(request.headers, name) ?? '').trim()}\n`)
    .join('');
  return [request.method, request.pathname || '/', query, headers, signedHeaders.join(';'), payloadHash].join(
    '\n',
  );
}

/** The string to sign: the algorithm and the hex SHA-256 of the canonical request. */
export function acs3StringToSign(canonicalRequest: string): string {
  return `${ACS3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

/** Hex HMAC-SHA256 of the string to sign under the AccessKey secret. */
export function acs3Signature(accessKeySecret: string, stringToSign: string): string {
  return createHmac('sha256', accessKeySecret).update(stringToSign).digest('hex');
}

const AUTHORIZATION =
  /^ACS3-HMAC-SHA256 Credential=([^,\s]+),SignedHeaders=([^,\s]+),Signature=([0-9a-f]{64})$/;
const ACS_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function refuse(status: number, code: string, message: string): Acs3Refusal {
  return { ok: false, status, code, message };
}

function equalHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Checks a request's ACS3-HMAC-SHA256 signature the way Alibaba's gateway does, in its order:
 * the Authorization header's form, the AccessKey, the time, the payload hash, then the
 * signature. The nonce is checked by the caller once the signature holds, so a forged request
 * cannot use up a nonce a real one carries.
 */
export function verifyAcs3(
  request: Acs3Request,
  options: { readonly secretOf: (accessKeyId: string) => string | undefined; readonly now: Date },
): Acs3Verdict {
  const authorization = headerValue(request.headers, 'authorization');
  const parts = authorization ? AUTHORIZATION.exec(authorization) : null;
  if (!parts) {
    return refuse(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
  }
  const [, accessKeyId, signedList, signature] = parts as unknown as [string, string, string, string];
  const signedHeaders = signedList.split(';');
  // Every x-acs-* header, the host and the content type must be signed, in sorted order.
  const mustSign = Object.keys(request.headers).filter(
    (name) => name.startsWith('x-acs-') || name === 'host' || name === 'content-type',
  );
  const sorted = [...signedHeaders].sort();
  if (
    sorted.join(';') !== signedList ||
    mustSign.some((name) => !signedHeaders.includes(name)) ||
    signedHeaders.some((name) => headerValue(request.headers, name) === undefined)
  ) {
    return refuse(400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
  }
  const secret = options.secretOf(accessKeyId);
  if (secret === undefined)
    return refuse(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');

  const date = headerValue(request.headers, 'x-acs-date') ?? '';
  const nonce = headerValue(request.headers, 'x-acs-signature-nonce') ?? '';
  const payloadHash = headerValue(request.headers, 'x-acs-content-sha256') ?? '';
  if (!nonce) return refuse(400, 'MissingSignatureNonce', 'SignatureNonce is mandatory for this action.');
  if (!ACS_DATE.test(date) || Number.isNaN(Date.parse(date))) {
    return refuse(
      400,
      'InvalidTimeStamp.Format',
      'Specified time stamp or date value is not well formatted.',
    );
  }
  const at = new Date(date);
  if (Math.abs(options.now.getTime() - at.getTime()) > ACS3_MAX_SKEW_MS) {
    return refuse(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
  }
  if (!equalHex(payloadHash, sha256Hex(request.body))) {
    return refuse(
      400,
      'SignatureDoesNotMatch',
      'The x-acs-content-sha256 header does not match the request body.',
    );
  }
  const stringToSign = acs3StringToSign(acs3CanonicalRequest(request, signedHeaders, payloadHash));
  if (!equalHex(signature, acs3Signature(secret, stringToSign))) {
    // Alibaba shows its own string to sign, so a client can see where it differs.
    return refuse(
      400,
      'SignatureDoesNotMatch',
      `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
    );
  }
  return { ok: true, accessKeyId, nonce, date: at };
}
