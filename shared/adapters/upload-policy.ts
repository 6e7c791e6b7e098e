import type { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPost } from '@aws-sdk/s3-presigned-post';
import * as z from 'zod/mini';
import { type AttachmentType, MAX_ATTACHMENT_BYTES, SHA256_BASE64 } from '../domain/attachment.js';

/** Short enough that a leaked form is soon useless, long enough for a slow mobile upload. */
export const UPLOAD_EXPIRY_SECONDS = 600;

/**
 * What the page asks for; the type and size are checked again by S3 against the signed policy, and
 * the checksum against the bytes it receives.
 */
export const UploadRequestSchema = z.strictObject({
  contentType: z.string().check(z.minLength(1), z.maxLength(100)),
  size: z.number().check(z.int()),
  sha256: z.string().check(z.regex(SHA256_BASE64, '须为图片 SHA-256 摘要的 Base64 编码（44 个字符）')),
  fileName: z.optional(z.string().check(z.maxLength(255))),
});
export type UploadRequest = z.infer<typeof UploadRequestSchema>;

/**
 * A presigned POST whose policy, not only the page, enforces the limits: S3 refuses a body outside
 * `content-length-range` or a Content-Type other than the one signed, and writes only this key.
 * The archive bucket has Object Lock, and S3 stores nothing there without a checksum: the file's
 * SHA-256 is signed in as an exact match, so the upload must carry it and S3 refuses bytes that do
 * not hash to it (400 BadDigest).
 */
export function presignUpload(
  s3: S3Client,
  input: { bucket: string; key: string; contentType: AttachmentType; sha256: string },
): Promise<PresignedPost> {
  return createPresignedPost(s3, {
    Bucket: input.bucket,
    Key: input.key,
    Fields: {
      'Content-Type': input.contentType,
      'x-amz-checksum-algorithm': 'SHA256',
      'x-amz-checksum-sha256': input.sha256,
    },
    Conditions: [
      ['content-length-range', 1, MAX_ATTACHMENT_BYTES],
      ['eq', '$Content-Type', input.contentType],
      ['eq', '$x-amz-checksum-algorithm', 'SHA256'],
      ['eq', '$x-amz-checksum-sha256', input.sha256],
    ],
    Expires: UPLOAD_EXPIRY_SECONDS,
  });
}
