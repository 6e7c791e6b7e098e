import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

// The dispatcher's copy of a citizen's photo from the staging bucket into the locked archive.

/**
 * archived: copied now; already: the archive held it with the same checksum (a redelivery);
 * missing: never uploaded (or expired from staging); checksum_mismatch: the bytes in staging do
 * not hash to the checksum S3 stored with them (the one the grant signed).
 */
export type AttachmentCopy = 'archived' | 'already' | 'missing' | 'checksum_mismatch';

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/**
 * Copies `uploads/…` objects from staging into the archive under the same key, SHA-256 verified:
 * the bytes read from staging must hash to the checksum the upload's grant signed (`expected`; S3
 * refused any other at the POST, and it is checked again here), and the archive's put carries it,
 * so S3 verifies it once more and Object Lock has the checksum it requires. Idempotent: a key the
 * archive already holds is not written again (no second locked version); only this copy writes
 * there, and only verified bytes.
 *
 * @example
 * await attachmentArchive().copy('uploads/2026/12/03/<uuid>.png', sha256) // 'archived'
 */
export class S3AttachmentArchive {
  constructor(
    private readonly s3: S3Client,
    private readonly stagingBucket: string,
    private readonly archiveBucket: string,
  ) {}

  /** `expected`: the grant's SHA-256; without one, the checksum S3 stored with the staged object. */
  async copy(key: string, expected?: string): Promise<AttachmentCopy> {
    const archived = await this.head(key);
    if (archived) {
      // A checksum the archive reports must be the one expected; none reported (an emulator) counts as equal.
      const same = !expected || !archived.sha256 || archived.sha256 === expected;
      return same ? 'already' : 'checksum_mismatch';
    }
    let staged: { body: Uint8Array; sha256?: string; contentType?: string };
    try {
      const out = await this.s3.send(
        new GetObjectCommand({ Bucket: this.stagingBucket, Key: key, ChecksumMode: 'ENABLED' }),
      );
      staged = {
        body: (await out.Body?.transformToByteArray()) ?? new Uint8Array(),
        ...(out.ChecksumSHA256 ? { sha256: out.ChecksumSHA256 } : {}),
        ...(out.ContentType ? { contentType: out.ContentType } : {}),
      };
    } catch (error) {
      if (isNotFound(error)) return 'missing';
      throw error;
    }
    const actual = createHash('sha256').update(staged.body).digest('base64');
    const want = expected ?? staged.sha256;
    if (want === undefined || want !== actual) return 'checksum_mismatch';
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.archiveBucket,
        Key: key,
        Body: staged.body,
        ChecksumSHA256: actual,
        ...(staged.contentType ? { ContentType: staged.contentType } : {}),
      }),
    );
    return 'archived';
  }

  /** The archive's object under `key` (its SHA-256 when S3 reports one), or undefined. */
  private async head(key: string): Promise<{ sha256?: string } | undefined> {
    try {
      const head = await this.s3.send(
        new HeadObjectCommand({ Bucket: this.archiveBucket, Key: key, ChecksumMode: 'ENABLED' }),
      );
      return head.ChecksumSHA256 ? { sha256: head.ChecksumSHA256 } : {};
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}
