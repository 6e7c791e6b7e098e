import type { ClaimOutcome } from '../../shared/adapters/upload-grants.js';
import { HttpError } from '../../shared/http/errors.js';

/** The part of the upload grants' marks the web form uses. */
export interface AttachmentClaims {
  claim(key: string, owner: string, now: Date): Promise<ClaimOutcome>;
  release(key: string, owner: string): Promise<void>;
}

/**
 * Every attachment key must have been handed out by the upload function (its grant mark) and not
 * be another submission's: each is claimed for this submission's case id (a retry of the same
 * submission claims again and passes). A key never granted, expired or claimed by another is a 422
 * `invalid_attachment`, and the claims this submission made are given back, so nothing is queued
 * and nothing stays held. Returns the SHA-256 each grant signed, by key, for the dispatcher.
 *
 * @example
 * const checksums = await claimAttachments(submission.attachments, appeal.caseId, uploadGrants(), now);
 */
export async function claimAttachments(
  keys: readonly string[],
  owner: string,
  claims: AttachmentClaims,
  now: Date,
): Promise<Record<string, string>> {
  const distinct = [...new Set(keys)];
  const outcomes = await Promise.all(distinct.map((key) => claims.claim(key, owner, now)));
  const refused = distinct.filter((_, i) => outcomes[i]?.kind !== 'claimed');
  if (refused.length > 0) {
    await releaseAttachments(
      distinct.filter((key) => !refused.includes(key)),
      owner,
      claims,
    );
    throw new HttpError(422, 'invalid_attachment', '附件须为本页面刚上传的图片，且每张图片只能用于一份诉求', {
      details: refused.map((key) => ({
        path: `attachments.${keys.indexOf(key)}`,
        message: '该图片未经本页面上传、已过期或已用于另一份诉求，请重新选择图片',
      })),
    });
  }
  return Object.fromEntries(
    distinct.map((key, i) => {
      const outcome = outcomes[i];
      return [key, outcome?.kind === 'claimed' ? outcome.sha256 : ''];
    }),
  );
}

/** Gives this submission's claims back (it was not queued after all); best effort per key. */
export async function releaseAttachments(
  keys: readonly string[],
  owner: string,
  claims: AttachmentClaims,
): Promise<void> {
  await Promise.allSettled(keys.map((key) => claims.release(key, owner)));
}
