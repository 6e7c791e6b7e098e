import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { archiveAttachments } from '../../../functions/dispatch-appeal/attachments.js';
import { S3AttachmentArchive } from '../../../shared/adapters/attachment-archive.js';

const s3 = mockClient(S3Client);
const KEY = 'uploads/2026/12/03/0b7e5a52-3c1a-4b8e-9a55-6a1f0f3b2c11.png';
const PHOTO = Buffer.from('a photo of the broken street lamp');
const SHA = createHash('sha256').update(PHOTO).digest('base64');

const body = (bytes: Buffer) => ({ transformToByteArray: async () => new Uint8Array(bytes) }) as never;
const notFound = () => new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } });
const archive = () => new S3AttachmentArchive(new S3Client({ region: 'cn-north-1' }), 'staging', 'archive');

describe('Adapter: S3AttachmentArchive (the dispatcher copy from staging into the archive)', () => {
  beforeEach(() => {
    s3.reset();
    s3.on(HeadObjectCommand, { Bucket: 'archive' }).rejects(notFound());
    s3.on(GetObjectCommand, { Bucket: 'staging', Key: KEY }).resolves({
      Body: body(PHOTO),
      ChecksumSHA256: SHA,
      ContentType: 'image/png',
    });
    s3.on(PutObjectCommand).resolves({});
  });

  it('copies the staged photo into the archive under the same key with its SHA-256', async () => {
    // Act
    const outcome = await archive().copy(KEY, SHA);

    // Assess
    expect(outcome).toBe('archived');
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, {
      Bucket: 'staging',
      Key: KEY,
      ChecksumMode: 'ENABLED',
    });
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'archive',
      Key: KEY,
      ChecksumSHA256: SHA,
      ContentType: 'image/png',
    });
  });

  it('writes nothing again when the archive already holds the photo with that checksum (a redelivery)', async () => {
    // Prepare
    s3.on(HeadObjectCommand, { Bucket: 'archive' }).resolves({ ChecksumSHA256: SHA });

    // Act
    const outcome = await archive().copy(KEY, SHA);

    // Assess
    expect(outcome).toBe('already');
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
    expect(s3).not.toHaveReceivedCommand(GetObjectCommand);
  });

  it('copies nothing when the staged bytes do not hash to the checksum the grant signed', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Bucket: 'staging', Key: KEY }).resolves({
      Body: body(Buffer.from('other bytes')),
    });

    // Act
    const outcome = await archive().copy(KEY, SHA);

    // Assess
    expect(outcome).toBe('checksum_mismatch');
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  });

  it('says missing for a photo never uploaded (or expired from staging)', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Bucket: 'staging', Key: KEY }).rejects(
      new NoSuchKey({ message: 'no such key', $metadata: { httpStatusCode: 404 } }),
    );

    // Act
    const outcome = await archive().copy(KEY, SHA);

    // Assess
    expect(outcome).toBe('missing');
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  });

  it('throws on a denial or an outage, so the message is retried rather than the photo noted missing', async () => {
    // Prepare
    s3.on(GetObjectCommand, { Bucket: 'staging', Key: KEY }).rejects(
      Object.assign(new Error('Access Denied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
    );

    // Act & Assess
    await expect(archive().copy(KEY, SHA)).rejects.toThrow('Access Denied');
  });
});

describe('Dispatcher: archiveAttachments', () => {
  beforeEach(() => {
    s3.reset();
  });

  it('lists the archived photos on the case and notes the missing and mismatching ones', async () => {
    // Prepare
    const other = KEY.replace('0b7e5a52', '1b7e5a52');
    const third = KEY.replace('0b7e5a52', '2b7e5a52');
    const outcomes = { [KEY]: 'archived', [other]: 'missing', [third]: 'checksum_mismatch' } as const;
    const seen: [string, string | undefined][] = [];
    const copier = {
      copy: async (key: string, expected?: string) => {
        seen.push([key, expected]);
        return outcomes[key as keyof typeof outcomes] ?? 'already';
      },
    };

    // Act
    const result = await archiveAttachments([KEY, other, third, 'wechat-media:m-1'], { [KEY]: SHA }, copier);

    // Assess
    expect(result).toEqual({
      attachments: [KEY, 'wechat-media:m-1'],
      missingAttachments: [
        { key: other, reason: 'not_uploaded' },
        { key: third, reason: 'checksum_mismatch' },
      ],
    });
    expect(seen).toEqual([
      [KEY, SHA],
      [other, undefined],
      [third, undefined],
    ]);
  });
});
