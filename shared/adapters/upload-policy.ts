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
 * A presigned POST for one file: one key, one size, one checksum. Its policy, not only the page,
 * enforces them: S3 refuses a body of any other length (`content-length-range` of exactly `size`)
 * or a Content-Type other than the one signed, writes only this key, and refuses bytes that do not
 * hash to the signed SHA-256 (400 BadDigest). So posting the grant again can only put the same
 * bytes under the same key (the staging bucket is not versioned): a grant is worth one photo.
 * Without `size` (only the page's origin probe) the range is 1 byte to 5 MB.
 */
export function presignUpload(
  s3: S3Client,
  input: { bucket: string; key: string; contentType: AttachmentType; sha256: string; size?: number },
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
      ['content-length-range', input.size ?? 1, input.size ?? MAX_ATTACHMENT_BYTES],
      ['eq', '$Content-Type', input.contentType],
      ['eq', '$x-amz-checksum-algorithm', 'SHA256'],
      ['eq', '$x-amz-checksum-sha256', input.sha256],
    ],
    Expires: UPLOAD_EXPIRY_SECONDS,
  });
}
