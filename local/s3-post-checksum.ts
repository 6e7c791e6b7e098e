import { createHash } from 'node:crypto';

// The local S3 front's integrity check of a POST upload, after the policy held: what S3 does with
// the checksum form fields, and what an Object Lock bucket demands.

/** A refusal as S3 words it: HTTP status, S3 error code, message. */
export interface ChecksumRefusal {
  status: number;
  code: string;
  message: string;
}

/** What the upload carries and what S3 stores beside the object. */
export interface UploadChecksum {
  contentMd5?: string;
  sha256?: string;
  sha1?: string;
}

const DIGESTS = { sha256: 32, sha1: 20 } as const;
/** The additional checksums S3 knows; the CRCs are not computed here (refused, named as such). */
const KNOWN = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;

function base64Of(value: string, bytes: number): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const decoded = Buffer.from(value, 'base64');
  return decoded.length === bytes && decoded.toString('base64') === value ? decoded : undefined;
}

/**
 * Checks the upload's `Content-MD5` and `x-amz-checksum-*` fields (lower-cased names) against its
 * bytes, as S3 does: a malformed value is 400 InvalidRequest (InvalidDigest for Content-MD5), one
 * that does not match the bytes 400 BadDigest, and an Object Lock bucket refuses an upload with
 * neither. Returns the checksums to store, or the refusal.
 *
 * @example
 * const result = verifyUploadChecksum(fields, body, { objectLock: true });
 * if ('code' in result) return reply(result.status, result.code, result.message);
 */
export function verifyUploadChecksum(
  fields: ReadonlyMap<string, string>,
  body: Buffer,
  options: { objectLock: boolean },
): UploadChecksum | ChecksumRefusal {
  const invalid = (message: string): ChecksumRefusal => ({ status: 400, code: 'InvalidRequest', message });
  const given = KNOWN.filter((name) => fields.has(`x-amz-checksum-${name}`));
  if (given.length > 1) {
    return invalid('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  }
  const algorithm = fields.get('x-amz-checksum-algorithm')?.toLowerCase();
  if (algorithm !== undefined && given[0] !== algorithm) {
    return invalid(
      `x-amz-checksum-algorithm specified, but no corresponding x-amz-checksum-${algorithm} field was found.`,
    );
  }
  const stored: UploadChecksum = {};
  const name = given[0];
  if (name) {
    if (name !== 'sha256' && name !== 'sha1') {
      return { status: 501, code: 'NotImplemented', message: `the local S3 front does not compute ${name}` };
    }
    const value = fields.get(`x-amz-checksum-${name}`) ?? '';
    const expected = base64Of(value, DIGESTS[name]);
    if (!expected) return invalid(`Value for x-amz-checksum-${name} header is invalid.`);
    if (!createHash(name).update(body).digest().equals(expected)) {
      return {
        status: 400,
        code: 'BadDigest',
        message: `The ${name.toUpperCase()} you specified did not match the calculated checksum.`,
      };
    }
    stored[name] = value;
  }
  const md5 = fields.get('content-md5');
  if (md5 !== undefined) {
    const expected = base64Of(md5, 16);
    if (!expected)
      return { status: 400, code: 'InvalidDigest', message: 'The Content-MD5 you specified is not valid.' };
    if (!createHash('md5').update(body).digest().equals(expected)) {
      return {
        status: 400,
        code: 'BadDigest',
        message: 'The Content-MD5 you specified did not match what we received.',
      };
    }
    stored.contentMd5 = md5;
  }
  if (options.objectLock && !name && md5 === undefined) {
    return invalid(
      'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters',
    );
  }
  return stored;
}
