import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyUploadChecksum } from '../../../local/s3-post-checksum.js';

const PHOTO = Buffer.from('a photo of a broken street lamp');
const digest = (algorithm: string, bytes: Buffer = PHOTO) =>
  createHash(algorithm).update(bytes).digest('base64');
const fields = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('Function: verifyUploadChecksum', () => {
  it('accepts bytes that hash to the SHA-256 field and returns it to store', () => {
    // Prepare
    const sha256 = digest('sha256');

    // Act
    const result = verifyUploadChecksum(
      fields({ 'x-amz-checksum-algorithm': 'SHA256', 'x-amz-checksum-sha256': sha256 }),
      PHOTO,
      { objectLock: true },
    );

    // Assess
    expect(result).toEqual({ sha256 });
  });

  it('returns 400 BadDigest when the bytes do not hash to the SHA-256 field', () => {
    // Act
    const result = verifyUploadChecksum(
      fields({ 'x-amz-checksum-sha256': digest('sha256', Buffer.from('another photo')) }),
      PHOTO,
      { objectLock: true },
    );

    // Assess
    expect(result).toMatchObject({ status: 400, code: 'BadDigest' });
  });

  it('returns 400 InvalidRequest when the SHA-256 field is not base64 of 32 bytes', () => {
    // Act
    const result = verifyUploadChecksum(
      fields({ 'x-amz-checksum-sha256': createHash('sha256').update(PHOTO).digest('hex') }),
      PHOTO,
      { objectLock: false },
    );

    // Assess
    expect(result).toMatchObject({ status: 400, code: 'InvalidRequest' });
  });

  it('returns 400 InvalidRequest for an Object Lock bucket when no checksum is given', () => {
    // Act
    const result = verifyUploadChecksum(fields({ 'content-type': 'image/png' }), PHOTO, { objectLock: true });

    // Assess
    expect(result).toMatchObject({ status: 400, code: 'InvalidRequest' });
    expect((result as { message: string }).message).toContain('Object Lock');
  });

  it('accepts no checksum for a bucket without Object Lock', () => {
    // Act
    const result = verifyUploadChecksum(fields({}), PHOTO, { objectLock: false });

    // Assess
    expect(result).toEqual({});
  });

  it('accepts a matching Content-MD5 and refuses a wrong or malformed one as S3 does', () => {
    // Act
    const right = verifyUploadChecksum(fields({ 'content-md5': digest('md5') }), PHOTO, { objectLock: true });
    const wrong = verifyUploadChecksum(fields({ 'content-md5': digest('md5', Buffer.from('x')) }), PHOTO, {
      objectLock: true,
    });
    const malformed = verifyUploadChecksum(fields({ 'content-md5': 'abc' }), PHOTO, { objectLock: true });

    // Assess
    expect(right).toEqual({ contentMd5: digest('md5') });
    expect(wrong).toMatchObject({ status: 400, code: 'BadDigest' });
    expect(malformed).toMatchObject({ status: 400, code: 'InvalidDigest' });
  });

  it('returns 400 InvalidRequest when the algorithm names a checksum that is not given', () => {
    // Act
    const result = verifyUploadChecksum(
      fields({ 'x-amz-checksum-algorithm': 'SHA256', 'x-amz-checksum-sha1': digest('sha1') }),
      PHOTO,
      { objectLock: true },
    );

    // Assess
    expect(result).toMatchObject({ status: 400, code: 'InvalidRequest' });
  });

  it('returns 400 InvalidRequest when two checksum types are given', () => {
    // Act
    const result = verifyUploadChecksum(
      fields({ 'x-amz-checksum-sha1': digest('sha1'), 'x-amz-checksum-sha256': digest('sha256') }),
      PHOTO,
      { objectLock: true },
    );

    // Assess
    expect(result).toMatchObject({ status: 400, code: 'InvalidRequest' });
  });

  it('says plainly that it does not compute a CRC rather than accept one unchecked', () => {
    // Act
    const result = verifyUploadChecksum(fields({ 'x-amz-checksum-crc32': 'AAAAAA==' }), PHOTO, {
      objectLock: true,
    });

    // Assess
    expect(result).toMatchObject({ status: 501, code: 'NotImplemented' });
  });
});
