import { s3Client } from './clients.js';
import { stagingBucketName } from './config.js';
import { presignUpload } from './upload-policy.js';

// The origin a citizen page posts its photos to, for the page's CSP connect-src (the appeal page
// and the 补正 page). Presigning is a local computation (no AWS call), and it resolves the bucket's
// endpoint exactly as the upload function will.

/** The SHA-256 of no bytes: the probe signs a policy only to read its URL, never to post. */
const PROBE_SHA256 = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

let uploadOrigin: Promise<string | undefined> | undefined;

/**
 * The staging bucket's origin, once per cold start; undefined when it cannot be resolved (the page
 * then works except for photos, and the next cold start tries again).
 *
 * @example pageHeaders(await resolveUploadOrigin((error) => logger.warn('upload origin unresolved', { error })))
 */
export function resolveUploadOrigin(onError: (error: unknown) => void): Promise<string | undefined> {
  uploadOrigin ??= presignUpload(s3Client(), {
    bucket: stagingBucketName(),
    key: 'uploads/origin-probe',
    contentType: 'image/png',
    sha256: PROBE_SHA256,
  })
    .then(({ url }) => new URL(url).origin)
    .catch((error: unknown) => {
      onError(error);
      return undefined;
    });
  return uploadOrigin;
}
