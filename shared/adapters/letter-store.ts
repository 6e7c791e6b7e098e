import { PutObjectCommand, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { readObject } from './dossier-archive.js';

// 答复书 PDFs in the archive bucket (Object Lock, the dossiers' bucket): `letters/<caseId>/<sha256>.pdf`.
// Content-addressed, so the same letter is the same object: a retried approval, or one that lost
// the case write, finds its bytes already there and nothing is ever overwritten.

export interface LetterStore {
  /** Stores the bytes (once) under their content key; returns the key. */
  put(caseId: string, bytes: Uint8Array, sha256: string): Promise<string>;
  /** The bytes, or undefined when there is no such object. */
  get(key: string): Promise<Uint8Array | undefined>;
}

export function letterKey(caseId: string, sha256: string): string {
  return `letters/${caseId}/${sha256}.pdf`;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

/**
 * @example
 * const key = await new S3LetterStore(s3Client(), bucket).put(caseId, rendered.bytes, rendered.sha256);
 */
export class S3LetterStore implements LetterStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(caseId: string, bytes: Uint8Array, sha256: string): Promise<string> {
    const key = letterKey(caseId, sha256);
    // Read first: the same key holds the same bytes by construction, and an emulator without
    // conditional puts (fauxqs) must not gain a second locked version.
    if (await this.get(key)) return key;
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: bytes,
          ContentType: 'application/pdf',
          IfNoneMatch: '*',
          // Object Lock wants an integrity checksum; S3 checks this one against the bytes it receives.
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
        }),
      );
    } catch (error) {
      // 412: a racing approval stored the same bytes first.
      if (statusOf(error) !== 412) throw error;
    }
    return key;
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return readObject(this.client, this.bucket, key);
  }
}
