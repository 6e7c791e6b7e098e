import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { S3LetterStore } from '../../../shared/adapters/letter-store.js';

const s3 = mockClient(S3Client);
const store = new S3LetterStore(new S3Client({}), 'archive');
const bytes = new TextEncoder().encode('%PDF-1.7 letter');
const sha = createHash('sha256').update(bytes).digest('hex');
const notFound = () =>
  new S3ServiceException({ name: 'NoSuchKey', $fault: 'client', $metadata: { httpStatusCode: 404 } });

describe('Adapter: S3LetterStore', () => {
  afterEach(() => {
    s3.reset();
  });

  it('puts a new letter once, under its content key, with its SHA-256 for S3 to check', async () => {
    // Prepare
    s3.on(GetObjectCommand).rejects(notFound());
    s3.on(PutObjectCommand).resolves({});

    // Act
    const key = await store.put('wf1', bytes, sha);

    // Assess
    expect(key).toBe(`letters/wf1/${sha}.pdf`);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'archive',
      Key: key,
      ContentType: 'application/pdf',
      IfNoneMatch: '*',
      ChecksumSHA256: Buffer.from(sha, 'hex').toString('base64'),
    });
  });

  it('puts nothing when the same letter is already there', async () => {
    // Prepare
    s3.on(GetObjectCommand).resolves({ Body: { transformToByteArray: async () => bytes } as never });

    // Act
    const key = await store.put('wf1', bytes, sha);

    // Assess
    expect(key).toBe(`letters/wf1/${sha}.pdf`);
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 0);
  });
});
