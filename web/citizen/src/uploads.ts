import { postToBucket, requestUploadGrant } from './api.js';
import { byId, el } from './dom.js';
import { serverRefusal } from './refusal.js';
import { TEXT } from './text.js';

// 现场照片: each photo goes to the staging bucket before the form is sent, through a presigned POST
// granted for that one photo — its size and SHA-256 are signed into the grant, S3 refuses bytes that
// do not hash to it, and the archive takes the photo only if they still do.

/** A photo that could not be uploaded, with the message shown beside the photo field. */
export class AttachmentUploadError extends Error {
  readonly field = 'attachments';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AttachmentUploadError';
  }
}

async function sha256Base64(file: File): Promise<string> {
  // Web Crypto exists only in a secure context: over plain HTTP the photo cannot be vouched for.
  if (!window.crypto?.subtle) throw new AttachmentUploadError(TEXT.noDigest);
  const digest = await window.crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

/**
 * The photos of one appeal. A photo uploaded once is not uploaded again when the citizen retries the
 * same submission; `forget` drops them all (a grant expired or was used, or the appeal went through).
 */
export class Uploads {
  private keys = new Map<File, string>();

  /** The chosen photos of the form. */
  chosen(): File[] {
    return Array.from(byId('attachments', HTMLInputElement).files ?? []);
  }

  /** Every chosen photo uploaded, their keys in order. */
  uploadAll(): Promise<string[]> {
    return Promise.all(this.chosen().map((file) => this.upload(file)));
  }

  forget(): void {
    this.keys = new Map();
  }

  private async upload(file: File): Promise<string> {
    const known = this.keys.get(file);
    if (known) return known;
    const grant = await requestUploadGrant(file, await sha256Base64(file));
    const { url, fields, key } = grant.body;
    if (!grant.ok || !url || !fields || !key)
      throw new AttachmentUploadError(serverRefusal(grant.body).title);
    const stored = await postToBucket({ url, fields, key }, file);
    if (!stored.ok) throw new AttachmentUploadError(TEXT.bucketRefused(stored.status, file.name));
    this.keys.set(file, key);
    return key;
  }
}

/** The chosen photos listed under the field, with their size, so the citizen sees what goes. */
export function listChosenFiles(files: readonly File[]): void {
  const list = el('file-list');
  list.textContent = '';
  for (const file of files) {
    const item = document.createElement('li');
    item.textContent = `${file.name}（${Math.max(1, Math.round(file.size / 1024))} KB）`;
    list.appendChild(item);
  }
}
