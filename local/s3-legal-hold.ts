import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';

// S3 Object Lock's legal hold, which fauxqs lacks, kept by the S3 front (s3-post-front.ts) in its
// own state: `PUT/GET /<bucket>/<key>?legal-hold` answered as S3 answers them, never forwarded
// (fauxqs 1.9 takes the PUT for a PutObject and replaces the object with the XML body: the evidence
// would be overwritten by the very call meant to protect it), and a DELETE of a held object refused. The state lives as long as the stack's process: enough for the
// functions' and the tests' calls, not a store (a restart forgets the holds, as fauxqs forgets no
// object but keeps no lock either).

/** What the front does with a request: answered here, or not about a legal hold at all. */
export type LegalHoldAnswer = 'answered' | 'pass';

const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

/**
 * The holds set through the front, by `<bucket>/<key>`. A versionId is accepted and not told
 * apart: the archive writes each key once (create-only), so a key has one version.
 *
 * @example
 * const holds = new LegalHolds(s3);
 * if ((await holds.answer(req, res)) === 'pass') proxy(req, res, target);
 */
export class LegalHolds {
  private readonly held = new Map<string, 'ON' | 'OFF'>();

  constructor(private readonly s3: S3Client) {}

  /** The state of one object's hold, or undefined when none was ever put. */
  statusOf(bucket: string, key: string): 'ON' | 'OFF' | undefined {
    return this.held.get(`${bucket}/${key}`);
  }

  /** Answers a legal-hold request or a DELETE of a held object; anything else passes. */
  async answer(req: IncomingMessage, res: ServerResponse): Promise<LegalHoldAnswer> {
    const target = objectOf(req.url ?? '/');
    if (!target) return 'pass';
    const id = `${target.bucket}/${target.key}`;
    if (!target.legalHold) {
      if (req.method !== 'DELETE' || this.held.get(id) !== 'ON') return 'pass';
      // S3 refuses to delete a held object version. Locally there are no versions to keep the
      // object behind a delete marker, so any delete of a held object is refused.
      req.resume();
      error(res, 403, 'AccessDenied', 'Access Denied because object protected by object lock.');
      return 'answered';
    }
    const body = await readBody(req);
    if (!(await this.exists(target.bucket, target.key))) {
      error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
      return 'answered';
    }
    if (req.method === 'GET') {
      const status = this.held.get(id);
      if (!status) {
        error(
          res,
          404,
          'NoSuchObjectLockConfiguration',
          'The specified object does not have a ObjectLock configuration',
        );
        return 'answered';
      }
      xml(res, 200, `<LegalHold xmlns="${S3_NS}"><Status>${status}</Status></LegalHold>`);
      return 'answered';
    }
    if (req.method !== 'PUT') {
      error(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
      return 'answered';
    }
    // As S3: an Object Lock request carries Content-MD5 or a flexible checksum.
    const checksummed =
      req.headers['content-md5'] !== undefined ||
      Object.keys(req.headers).some((h) => h.startsWith('x-amz-checksum-')) ||
      /^x-amz-checksum-/i.test(String(req.headers['x-amz-trailer'] ?? ''));
    if (!checksummed) {
      error(
        res,
        400,
        'InvalidRequest',
        'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters',
      );
      return 'answered';
    }
    const status = /<Status>\s*(ON|OFF)\s*<\/Status>/.exec(body)?.[1] as 'ON' | 'OFF' | undefined;
    if (!status) {
      error(
        res,
        400,
        'MalformedXML',
        'The XML you provided was not well-formed or did not validate against our published schema',
      );
      return 'answered';
    }
    this.held.set(id, status);
    res.writeHead(200, { 'content-length': '0' });
    res.end();
    return 'answered';
  }

  private async exists(bucket: string, key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (e) {
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (e as Error).name === 'NotFound' || (e as Error).name === 'NoSuchKey')
        return false;
      throw e;
    }
  }
}

/**
 * The bucket and key of a path-style request (`/<bucket>/<key…>`), and whether it is about the
 * legal hold (`?legal-hold`); undefined for a bucket-level request.
 */
export function objectOf(url: string): { bucket: string; key: string; legalHold: boolean } | undefined {
  const parsed = new URL(url, 'http://front');
  const [, bucket, ...rest] = parsed.pathname.split('/');
  if (!bucket || rest.length === 0 || rest.join('') === '') return undefined;
  return {
    bucket: decodeURIComponent(bucket),
    key: rest.map(decodeURIComponent).join('/'),
    legalHold: parsed.searchParams.has('legal-hold'),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

function error(res: ServerResponse, status: number, code: string, message: string): void {
  xml(res, status, `<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}
