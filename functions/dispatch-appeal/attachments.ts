import type { AttachmentCopy } from '../../shared/adapters/attachment-archive.js';
import { ATTACHMENT_KEY } from '../../shared/domain/attachment.js';
import type { Case } from '../../shared/domain/index.js';

/** The part of the attachment archive the dispatcher uses. */
export interface AttachmentCopier {
  copy(key: string, expected?: string): Promise<AttachmentCopy>;
}

type Missing = NonNullable<Case['missingAttachments']>[number];

/** What becomes of an appeal's attachments: the keys the case lists, and the ones noted missing. */
export interface AttachmentsOutcome {
  attachments: string[];
  missingAttachments: Missing[];
}

/**
 * Copies each uploaded photo an appeal names (`uploads/…` keys) from staging into the archive,
 * checksum verified, before its case is created: the case then lists only photos the archive holds,
 * and notes the others (never uploaded, expired, or bytes that do not match the grant's checksum)
 * instead of failing the appeal. Other channels' references (a WeChat media id) pass through. A
 * transient S3 error throws: the message is retried, and each copy is idempotent.
 *
 * @example
 * const { attachments, missingAttachments } = await archiveAttachments(appeal.attachments, checksums, copier);
 */
export async function archiveAttachments(
  keys: readonly string[],
  checksums: Readonly<Record<string, string>> | undefined,
  copier: AttachmentCopier,
): Promise<AttachmentsOutcome> {
  const outcomes = await Promise.all(
    keys.map((key) =>
      ATTACHMENT_KEY.test(key)
        ? copier.copy(key, checksums?.[key] || undefined)
        : Promise.resolve('kept' as const),
    ),
  );
  const attachments: string[] = [];
  const missingAttachments: Missing[] = [];
  keys.forEach((key, i) => {
    const outcome = outcomes[i];
    if (outcome === 'missing') missingAttachments.push({ key, reason: 'not_uploaded' });
    else if (outcome === 'checksum_mismatch') missingAttachments.push({ key, reason: 'checksum_mismatch' });
    else attachments.push(key);
  });
  return { attachments, missingAttachments };
}
