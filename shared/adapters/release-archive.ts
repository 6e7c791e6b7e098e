// 发布 frozen: a published release's document in the archive bucket (Object Lock), written once.
import { createHash } from 'node:crypto';
import { PutObjectCommand, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { FrozenObject } from '../domain/releases/index.js';
import { readObject } from './dossier-archive.js';

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** A document already stored under the key with other bytes: never overwritten. */
export class ReleaseArchiveConflictError extends Error {
  constructor(readonly key: string) {
    super(`the archive already holds other bytes under ${key}`);
    this.name = 'ReleaseArchiveConflictError';
  }
}

/**
 * @example
 * const frozen = await releaseArchive().freeze('releases/2026-11-figures-01.json', bytes);
 * // { key, sha256: '…64 hex…', bytes: 1234 }
 */
export class S3ReleaseArchive {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  /**
   * Stores `body` under `key` once, with its SHA-256 checked by S3 (ChecksumSHA256: S3 refuses bytes
   * that do not hash to it, and Object Lock refuses a put without a checksum). The same bytes there
   * already (a publish retried after its item write failed) are taken as written; other bytes throw.
   * Read first, then `If-None-Match: *`, as the dossier archive does (an emulator may ignore the
   * condition).
   */
  async freeze(key: string, body: Uint8Array): Promise<FrozenObject> {
    const digest = createHash('sha256').update(body).digest();
    const frozen = { key, sha256: digest.toString('hex'), bytes: body.length };
    const existing = await this.read(key);
    if (existing) {
      if (sameBytes(existing, body)) return frozen;
      throw new ReleaseArchiveConflictError(key);
    }
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json; charset=utf-8',
          IfNoneMatch: '*',
          ChecksumSHA256: digest.toString('base64'),
        }),
      );
    } catch (error) {
      if (statusOf(error) !== 412) throw error;
      const winner = await this.read(key);
      if (!winner || !sameBytes(winner, body)) throw new ReleaseArchiveConflictError(key);
    }
    return frozen;
  }

  read(key: string): Promise<Uint8Array | undefined> {
    return readObject(this.client, this.bucket, key);
  }
}
