import { shanghaiDate } from './working-days.js';

/**
 * Photo attachments of the web form: what may be uploaded, how large, and the key it lands under.
 * The upload function, the web form's schema and the page all read these, so they cannot drift.
 */
export const ATTACHMENT_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
} as const;
export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

/** 5 MB: a phone photo fits; a video does not. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS = 3;

/**
 * How long an upload stays in the staging bucket (its lifecycle rule) and its grant's mark counts:
 * a day, so a citizen may finish the form after the photo went up; then it is gone unless a
 * submitted appeal referenced it and the dispatcher copied it into the archive.
 */
export const UPLOAD_STAGING_DAYS = 1;

/**
 * A file's SHA-256 as S3 takes it in `x-amz-checksum-sha256`: the 32-byte digest in base64, 44
 * characters. Only the canonical spelling (the last character before `=` carries two zero bits),
 * so one file has exactly one accepted value and the policy's exact match cannot be dodged.
 */
export const SHA256_BASE64 = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

export function isAttachmentType(value: string): value is AttachmentType {
  return Object.hasOwn(ATTACHMENT_TYPES, value);
}

/** `uploads/YYYY/MM/DD/<uuid>.<ext>`, by Shanghai date like the raw archive. */
export const ATTACHMENT_KEY =
  /^uploads\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(jpg|png|webp|heic)$/;

/** The key of a new upload; the id and the instant are passed in, so the core stays pure. */
export function attachmentKey(type: AttachmentType, id: string, at: Date): string {
  return `uploads/${shanghaiDate(at).replaceAll('-', '/')}/${id}.${ATTACHMENT_TYPES[type]}`;
}
