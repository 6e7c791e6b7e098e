import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// Signature Version 4 as an AWS service checks it, for the local fakes: the request's canonical
// form, the string to sign and the signature, computed here on their own (not by the SDK's signer,
// so the fake checks the SDK rather than agrees with it).

export interface SigV4Check {
  readonly method: string;
  /** The path and query as the request line carries them. */
  readonly url: string;
  /** Lower-case names; repeated headers joined with commas, as Node gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly region: string;
  readonly service: string;
  readonly now: Date;
}

/** Refused as AWS refuses: the `__type` and the message its JSON protocols answer with (HTTP 403). */
export interface SigV4Refusal {
  readonly type:
    | 'MissingAuthenticationTokenException'
    | 'UnrecognizedClientException'
    | 'InvalidSignatureException';
  readonly message: string;
}

/** AWS takes a signature this long either side of its clock. */
const SKEW_MS = 5 * 60_000;

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/;

function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** RFC 3986 encoding as SigV4 wants it (unreserved characters kept, everything else %XX). */
function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function canonicalQuery(search: URLSearchParams): string {
  return [...search.entries()]
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Each path segment encoded twice over, as every service but S3 does. */
function canonicalPath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => encode(encode(decodeURIComponent(segment))))
    .join('/');
}

function headerValue(value: string | string[] | undefined): string {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

/** `20261203T161500Z` → a Date, or undefined. */
function amzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

/**
 * Checks the request's `Authorization` header; undefined when it holds.
 *
 * @example
 * const refusal = checkSigV4({ method, url, headers, body, credentials, region: 'us-east-1', service: 'sms-voice', now: new Date() });
 */
export function checkSigV4(check: SigV4Check): SigV4Refusal | undefined {
  const authorization = headerValue(check.headers.authorization);
  if (!authorization) {
    return { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
  }
  const parts = AUTHORIZATION.exec(authorization);
  if (!parts) {
    return {
      type: 'InvalidSignatureException',
      message: 'Authorization header requires valid Credential, SignedHeaders and Signature.',
    };
  }
  const [, accessKeyId, day, region, service, signedHeaderList, signature] = parts as unknown as string[];
  if (accessKeyId !== check.credentials.accessKeyId) {
    return {
      type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    };
  }
  if (region !== check.region) {
    return {
      type: 'InvalidSignatureException',
      message: `Credential should be scoped to a valid region, not '${region}'.`,
    };
  }
  if (service !== check.service) {
    return {
      type: 'InvalidSignatureException',
      message: `Credential should be scoped to correct service: '${check.service}'.`,
    };
  }
  const signed = (signedHeaderList as string).split(';');
  if (!signed.includes('host') || !signed.includes('x-amz-date')) {
    return { type: 'InvalidSignatureException', message: "'Host' and 'X-Amz-Date' must be signed." };
  }
  const dateHeader = headerValue(check.headers['x-amz-date']);
  const date = amzDate(dateHeader);
  if (!date || dateHeader.slice(0, 8) !== day) {
    return {
      type: 'InvalidSignatureException',
      message: 'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.',
    };
  }
  if (Math.abs(check.now.getTime() - date.getTime()) > SKEW_MS) {
    return {
      type: 'InvalidSignatureException',
      message: `Signature expired: ${dateHeader} is now earlier or later than the allowed window.`,
    };
  }
  const url = new URL(check.url, 'http://localhost');
  // The body's own hash, whatever the request claims: a claimed hash that differs is refused.
  const payloadHash = sha256Hex(check.body);
  const claimed = headerValue(check.headers['x-amz-content-sha256']);
  if (claimed && claimed !== payloadHash) {
    return {
      type: 'InvalidSignatureException',
      message: 'The provided x-amz-content-sha256 header does not match what was computed.',
    };
  }
  const canonicalRequest = [
    check.method.toUpperCase(),
    canonicalPath(url.pathname),
    canonicalQuery(url.searchParams),
    ...signed.map((name) => `${name}:${headerValue(check.headers[name])}`),
    '',
    signedHeaderList,
    payloadHash,
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', dateHeader, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(
    hmac(
      hmac(hmac(`AWS4${check.credentials.secretAccessKey}`, day as string), region as string),
      service as string,
    ),
    'aws4_request',
  );
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest();
  if (!timingSafeEqual(expected, Buffer.from(signature as string, 'hex'))) {
    return {
      type: 'InvalidSignatureException',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    };
  }
  return undefined;
}
