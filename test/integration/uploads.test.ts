import { createHash } from 'node:crypto';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../shared/domain/attachment.js';
import { s3, stack } from './helpers.js';

// Uploads through the local stack: the presigned POST is checked by the local S3 front as S3 checks
// it, so an oversized or wrong-type file is refused by the policy, not only by the page, and a file
// without its signed checksum, or whose bytes do not hash to it, is refused as by the Object Lock bucket.

interface Grant {
  url: string;
  fields: Record<string, string>;
  key: string;
  error: { code: string };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('base64');

async function presign(contentType: string, size: number, checksum = sha256(Buffer.alloc(size, 1))) {
  const response = await fetch(`${stack.url}/v1/channels/webform/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contentType, size, sha256: checksum }),
  });
  return { status: response.status, body: (await response.json()) as Grant };
}

function post(
  grant: { url: string; fields: Record<string, string> },
  file: Blob,
  override: Record<string, string> = {},
  omit: string[] = [],
) {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...grant.fields, ...override })) {
    if (!omit.includes(k)) form.append(k, v);
  }
  form.append('file', file);
  return fetch(grant.url, { method: 'POST', body: form });
}

describe('Uploads through the local stack', () => {
  it('stores a photo posted within the policy under its uploads/ key', async () => {
    // Prepare
    const { status, body: grant } = await presign('image/png', 68);

    // Act
    const response = await post(grant, new Blob([Buffer.alloc(68, 1)], { type: 'image/png' }));

    // Assess
    expect(status).toBe(201);
    expect(response.status).toBe(204);
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: stack.resources.archiveBucket, Key: grant.key }),
    );
    expect(head.ContentLength).toBe(68);
    expect(head.ContentType).toBe('image/png');
  });

  it('refuses a file larger than 5 MB even when the page is bypassed', async () => {
    // Prepare
    const { body: grant } = await presign('image/jpeg', 1000);

    // Act
    const response = await post(grant, new Blob([Buffer.alloc(MAX_ATTACHMENT_BYTES + 1)]));

    // Assess
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>EntityTooLarge</Code>');
  });

  it('refuses a Content-Type other than the one signed', async () => {
    // Prepare
    const { body: grant } = await presign('image/jpeg', 10);

    // Act
    const response = await post(grant, new Blob(['<svg/>']), { 'Content-Type': 'image/svg+xml' });

    // Assess
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Policy Condition failed');
  });

  it('refuses a key other than the one signed', async () => {
    // Prepare
    const { body: grant } = await presign('image/png', 10);

    // Act
    const response = await post(grant, new Blob(['x']), { key: 'raw/2026/01/01/forged.json' });

    // Assess
    expect(response.status).toBe(403);
  });

  it('refuses with 400 BadDigest a file whose bytes do not hash to the signed checksum', async () => {
    // Prepare
    const { body: grant } = await presign('image/png', 68, sha256(Buffer.alloc(68, 1)));

    // Act
    const response = await post(grant, new Blob([Buffer.alloc(68, 2)], { type: 'image/png' }));

    // Assess
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>BadDigest</Code>');
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: stack.resources.archiveBucket, Key: grant.key })),
    ).rejects.toThrow();
  });

  it('refuses a post that leaves out the signed checksum, by the policy', async () => {
    // Prepare
    const { body: grant } = await presign('image/png', 68);

    // Act
    const response = await post(grant, new Blob([Buffer.alloc(68, 1)]), {}, ['x-amz-checksum-sha256']);

    // Assess
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Policy Condition failed: ["eq", "$x-amz-checksum-sha256"');
  });

  it('refuses with 400 InvalidRequest an upload signed without any checksum, as the Object Lock bucket does', async () => {
    // Prepare: a form signed the old way, with the stack's local credentials, for the same front.
    const { body: template } = await presign('image/png', 68);
    const front = new S3Client({
      region: 'us-east-1',
      endpoint: new URL(template.url).origin,
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const grant = await createPresignedPost(front, {
      Bucket: stack.resources.archiveBucket,
      Key: template.key,
      Fields: { 'Content-Type': 'image/png' },
      Conditions: [['eq', '$Content-Type', 'image/png']],
      Expires: 60,
    });
    front.destroy();

    // Act
    const response = await post(grant, new Blob([Buffer.alloc(68, 1)]));

    // Assess
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('<Code>InvalidRequest</Code>');
    expect(text).toContain('Object Lock');
  });

  it('refuses to presign a PDF or a 6 MB photo', async () => {
    // Act
    const [pdf, big] = await Promise.all([
      presign('application/pdf', 10),
      presign('image/png', 6 * 1024 * 1024),
    ]);

    // Assess
    expect([pdf.status, pdf.body.error.code]).toEqual([415, 'unsupported_file_type']);
    expect([big.status, big.body.error.code]).toEqual([413, 'file_too_large']);
  });
});
