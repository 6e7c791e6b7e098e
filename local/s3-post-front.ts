import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { LegalHolds } from './s3-legal-hold.js';
import { verifyUploadChecksum } from './s3-post-checksum.js';

/**
 * fauxqs has no browser POST upload and no CORS. This front sits before it as the functions' S3
 * endpoint: it checks a presigned POST the way S3 does (signature, expiry, every policy condition,
 * content-length-range), then the file's checksum (BadDigest when the bytes do not hash to it, and
 * none at all is refused for a bucket with Object Lock, as S3 refuses it), and stores the file
 * through the SDK. It also keeps Object Lock's legal holds, which fauxqs lacks (`?legal-hold`, and
 * a DELETE of a held object refused: s3-legal-hold.ts). Every other request goes through to fauxqs
 * untouched. So the page's uploads, the archive's holds, and their refusals, behave locally as in AWS.
 */
export interface S3PostFront {
  url: string;
  close(): Promise<void>;
}

/** S3's own cap on a POST upload's form is 20 KB plus the file; 5 MB photos leave room. */
const MAX_FORM_BYTES = 16 * 1024 * 1024;

export async function startS3PostFront(options: {
  target: string;
  s3: S3Client;
  secretAccessKey: string;
  /** Buckets that, like the archive bucket in AWS, have Object Lock: an upload must carry a checksum. */
  objectLockBuckets?: readonly string[];
  /**
   * The origins whose pages may read the answers (the bucket's CORS rule in AWS): the gateway's,
   * which serves the citizen page. Any other origin gets no CORS headers, and its preflight a 403.
   */
  allowedOrigins: readonly string[];
}): Promise<S3PostFront> {
  const target = new URL(options.target);
  const holds = new LegalHolds(options.s3);
  const server = createServer((req, res) => {
    const isUpload =
      req.method === 'POST' &&
      /^\/[^/?]+\/?$/.test(req.url ?? '') &&
      /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
    const allowed = corsHeaders(req.headers.origin, options.allowedOrigins);
    if (req.method === 'OPTIONS') return preflight(req, res, allowed);
    if (!isUpload) {
      holds
        .answer(req, res)
        .then((answer) => (answer === 'pass' ? proxy(req, res, target) : undefined))
        .catch((error: unknown) => reply(res, allowed, 500, 'InternalError', (error as Error).message));
      return;
    }
    upload(req, res, allowed, options).catch((error: unknown) =>
      reply(res, allowed, 500, 'InternalError', (error as Error).message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The CORS headers S3 adds for a request from `origin` under a rule allowing POST from `allowed`:
 * the origin itself when it is allowed, else none at all (only `Vary`, so a cache keeps them apart).
 *
 * @example
 * corsHeaders('https://evil.example', ['http://127.0.0.1:3000']) // { vary: 'Origin' }
 */
export function corsHeaders(origin: string | undefined, allowed: readonly string[]): Record<string, string> {
  return origin !== undefined && allowed.includes(origin)
    ? { 'access-control-allow-origin': origin, vary: 'Origin' }
    : { vary: 'Origin' };
}

/**
 * A preflight as S3 answers it under the archive bucket's rule (POST from the page's origin, no
 * extra request headers): 204 with the CORS headers, else 403 AccessForbidden without them.
 */
function preflight(req: IncomingMessage, res: ServerResponse, allowed: Record<string, string>): void {
  req.resume();
  const ok =
    'access-control-allow-origin' in allowed &&
    req.headers['access-control-request-method'] === 'POST' &&
    !req.headers['access-control-request-headers'];
  if (!ok) {
    reply(res, allowed, 403, 'AccessForbidden', 'CORSResponse: This CORS request is not allowed.');
    return;
  }
  res.writeHead(204, {
    ...allowed,
    'access-control-allow-methods': 'POST',
    'access-control-max-age': '3600',
  });
  res.end();
}

function proxy(req: IncomingMessage, res: ServerResponse, target: URL): void {
  const upstream = request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
}

function reply(
  res: ServerResponse,
  allowed: Record<string, string>,
  status: number,
  code: string,
  message: string,
): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`;
  if (res.headersSent) return void res.end();
  res.writeHead(status, { ...allowed, 'content-type': 'application/xml' });
  res.end(body);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] as string);
}

async function upload(
  req: IncomingMessage,
  res: ServerResponse,
  allowed: Record<string, string>,
  options: { s3: S3Client; secretAccessKey: string; objectLockBuckets?: readonly string[] },
): Promise<void> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES)
      return reply(res, allowed, 400, 'MaxPostPreDataLengthExceeded', 'form too large');
    chunks.push(chunk);
  }
  const form = await new Request('http://front/', {
    method: 'POST',
    headers: { 'content-type': req.headers['content-type'] as string },
    body: Buffer.concat(chunks),
  }).formData();
  const fields = new Map<string, string>();
  let file: File | undefined;
  for (const [name, value] of form) {
    if (name.toLowerCase() === 'file') file = value as File;
    else if (typeof value === 'string') fields.set(name.toLowerCase(), value);
  }
  fields.set('bucket', decodeURIComponent((req.url ?? '/').split('/')[1] ?? ''));
  if (!file)
    return reply(res, allowed, 400, 'InvalidArgument', 'POST requires exactly one file upload per request');

  const policy = fields.get('policy') ?? '';
  const refusal =
    checkSignature(fields, policy, options.secretAccessKey) ?? checkPolicy(policy, fields, file.size);
  if (refusal) return reply(res, allowed, refusal.status, refusal.code, refusal.message);

  const body = Buffer.from(await file.arrayBuffer());
  const bucket = fields.get('bucket') ?? '';
  const checksum = verifyUploadChecksum(fields, body, {
    objectLock: options.objectLockBuckets?.includes(bucket) ?? false,
  });
  if ('code' in checksum) return reply(res, allowed, checksum.status, checksum.code, checksum.message);

  await options.s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: fields.get('key'),
      Body: body,
      ContentType: fields.get('content-type'),
      ContentMD5: checksum.contentMd5,
      ChecksumSHA256: checksum.sha256,
      ChecksumSHA1: checksum.sha1,
    }),
  );
  res.writeHead(204, { ...allowed, location: `/${fields.get('bucket')}/${fields.get('key')}` });
  res.end();
}

type Refusal = { status: number; code: string; message: string };

/** SigV4 for a POST policy: the signature is over the base64 policy itself. */
function checkSignature(fields: Map<string, string>, policy: string, secret: string): Refusal | undefined {
  const credential = fields.get('x-amz-credential')?.split('/') ?? [];
  const [, date, region, service] = credential;
  if (fields.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256' || !date || !region || !service || !policy) {
    return { status: 403, code: 'AccessDenied', message: 'missing or malformed signature fields' };
  }
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  const expected = createHmac('sha256', signingKey).update(policy).digest();
  const given = Buffer.from(fields.get('x-amz-signature') ?? '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return {
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match',
    };
  }
  return undefined;
}

/** Every condition must hold and every field but the exempt ones must be covered, as in S3. */
function checkPolicy(policy: string, fields: Map<string, string>, fileSize: number): Refusal | undefined {
  const denied = (why: string): Refusal => ({
    status: 403,
    code: 'AccessDenied',
    message: `Invalid according to Policy: ${why}`,
  });
  let parsed: { expiration?: string; conditions?: unknown[] };
  try {
    parsed = JSON.parse(Buffer.from(policy, 'base64').toString('utf8'));
  } catch {
    return denied('Policy could not be parsed');
  }
  if (!parsed.expiration || Date.parse(parsed.expiration) <= Date.now()) return denied('Policy expired');
  const covered = new Set(['policy', 'x-amz-signature', 'file', 'bucket']);
  for (const condition of parsed.conditions ?? []) {
    if (Array.isArray(condition)) {
      const [op, field, value] = condition as [string, string | number, string | number];
      if (op === 'content-length-range') {
        if (fileSize < Number(field))
          return {
            status: 400,
            code: 'EntityTooSmall',
            message: 'Your proposed upload is smaller than the minimum allowed size',
          };
        if (fileSize > Number(value))
          return {
            status: 400,
            code: 'EntityTooLarge',
            message: 'Your proposed upload exceeds the maximum allowed size',
          };
        continue;
      }
      const name = String(field).replace(/^\$/, '').toLowerCase();
      const actual = fields.get(name) ?? '';
      covered.add(name);
      if (op === 'eq' && actual !== String(value))
        return denied(`Policy Condition failed: ["eq", "$${name}", "${value}"]`);
      if (op === 'starts-with' && !actual.startsWith(String(value)))
        return denied(`Policy Condition failed: ["starts-with", "$${name}", "${value}"]`);
      if (op !== 'eq' && op !== 'starts-with') return denied(`unknown condition ${op}`);
    } else if (condition && typeof condition === 'object') {
      for (const [name, value] of Object.entries(condition)) {
        const key = name.toLowerCase();
        covered.add(key);
        if ((fields.get(key) ?? '') !== String(value))
          return denied(`Policy Condition failed: ["eq", "$${key}", "${value}"]`);
      }
    }
  }
  for (const name of fields.keys()) {
    if (!covered.has(name) && !name.startsWith('x-ignore-')) return denied(`Extra input fields: ${name}`);
  }
  return undefined;
}
