import { createHash, randomUUID } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../shared/domain/attachment.js';
import {
  casesByTrackingNo,
  eventually,
  idempotencyKey,
  idle,
  invocations,
  postWebform,
  s3,
  stack,
  webform,
} from './helpers.js';

// Uploads through the local stack: the presigned POST is checked by the local S3 front as S3 checks
// it, so an oversized or wrong-type file is refused by the policy, not only by the page, and a file
// without its signed checksum, or whose bytes do not hash to it, is refused. Photos land in the
// staging bucket (no Object Lock, expired after a day); only the dispatcher copies the ones an
// appeal references into the locked archive, and the web form takes only keys granted for it.

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

const staging = () => (stack.resources as { stagingBucket?: string }).stagingBucket ?? 'no-staging-bucket';

async function exists(bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

/** A grant, and the photo posted under it. */
async function uploaded(bytes: Buffer): Promise<Grant> {
  const { body: grant } = await presign('image/png', bytes.length, sha256(bytes));
  const response = await post(grant, new Blob([bytes], { type: 'image/png' }));
  expect(response.status).toBe(204);
  return grant;
}

describe('Uploads through the local stack', () => {
  it('stores a photo posted within the policy under its uploads/ key in staging, not in the archive', async () => {
    // Prepare
    const { status, body: grant } = await presign('image/png', 68);

    // Act
    const response = await post(grant, new Blob([Buffer.alloc(68, 1)], { type: 'image/png' }));
    await idle();

    // Assess: an upload no appeal references is in staging only, where it expires.
    expect(status).toBe(201);
    expect(response.status).toBe(204);
    const head = await s3.send(new HeadObjectCommand({ Bucket: staging(), Key: grant.key }));
    expect(head.ContentLength).toBe(68);
    expect(head.ContentType).toBe('image/png');
    expect(await exists(stack.resources.archiveBucket, grant.key)).toBe(false);
  });

  it('grants one size only: a smaller file under the grant is refused by the policy', async () => {
    // Prepare
    const { body: grant } = await presign('image/png', 68);

    // Act
    const response = await post(grant, new Blob([Buffer.alloc(60, 1)], { type: 'image/png' }));

    // Assess
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>EntityTooSmall</Code>');
  });

  it('refuses with 422 invalid_attachment a key that was never granted, and queues nothing', async () => {
    // Prepare: a key of the right shape, but never handed out by the upload route.
    const forged = `uploads/2026/12/03/${randomUUID()}.png`;
    await idle();
    const before = (await invocations())['dispatch-appeal'];

    // Act
    const posted = await postWebform(webform({ attachments: [forged] }), {
      'idempotency-key': idempotencyKey(),
    });
    await idle();

    // Assess
    expect(posted.status).toBe(422);
    expect(posted.json.error).toMatchObject({ code: 'invalid_attachment' });
    expect((await invocations())['dispatch-appeal']).toBe(before);
  });

  it('refuses with 422 invalid_attachment a photo another submission already used', async () => {
    // Prepare
    const grant = await uploaded(Buffer.alloc(70, 3));
    const first = await postWebform(webform({ attachments: [grant.key] }), {
      'idempotency-key': idempotencyKey(),
    });

    // Act
    const second = await postWebform(webform({ attachments: [grant.key] }), {
      'idempotency-key': idempotencyKey(),
    });

    // Assess
    expect(first.status).toBe(202);
    expect(second.status).toBe(422);
    expect(second.json.error).toMatchObject({ code: 'invalid_attachment' });
  });

  it("copies a submitted appeal's photo into the archive, checksum verified, and the case lists it", async () => {
    // Prepare
    const bytes = Buffer.alloc(72, 7);
    const grant = await uploaded(bytes);
    const archivedBefore = await exists(stack.resources.archiveBucket, grant.key);

    // Act
    const posted = await postWebform(webform({ attachments: [grant.key] }), {
      'idempotency-key': idempotencyKey(),
    });
    const [kase] = await eventually(
      async () => {
        const items = await casesByTrackingNo(posted.json.trackingNo as string);
        return items.length > 0 ? items : undefined;
      },
      { what: 'the dispatched case' },
    );

    // Assess
    expect(archivedBefore).toBe(false);
    expect(posted.status).toBe(202);
    expect(kase?.attachments).toEqual([grant.key]);
    expect(kase?.missingAttachments).toBeUndefined();
    const archived = await s3.send(
      new GetObjectCommand({ Bucket: stack.resources.archiveBucket, Key: grant.key }),
    );
    const archivedBytes = Buffer.from((await archived.Body?.transformToByteArray()) ?? []);
    expect(sha256(archivedBytes)).toBe(sha256(bytes));
    expect(archived.ContentType).toBe('image/png');
  });

  it('creates the case all the same when a granted photo never arrived, and notes it as missing', async () => {
    // Prepare: granted, never posted.
    const { body: grant } = await presign('image/png', 68);

    // Act
    const posted = await postWebform(webform({ attachments: [grant.key] }), {
      'idempotency-key': idempotencyKey(),
    });
    const [kase] = await eventually(
      async () => {
        const items = await casesByTrackingNo(posted.json.trackingNo as string);
        return items.length > 0 ? items : undefined;
      },
      { what: 'the dispatched case' },
    );

    // Assess
    expect(posted.status).toBe(202);
    expect(kase?.attachments).toEqual([]);
    expect(kase?.missingAttachments).toEqual([{ key: grant.key, reason: 'not_uploaded' }]);
    expect(await exists(stack.resources.archiveBucket, grant.key)).toBe(false);
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
    // Prepare: the grant's size is the file's, so only the type differs.
    const { body: grant } = await presign('image/jpeg', 6);

    // Act
    const response = await post(grant, new Blob(['<svg/>']), { 'Content-Type': 'image/svg+xml' });

    // Assess
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Policy Condition failed');
  });

  it('refuses a key other than the one signed', async () => {
    // Prepare: the grant's size is the file's, so only the key differs.
    const { body: grant } = await presign('image/png', 1);

    // Act
    const response = await post(grant, new Blob(['x']), { key: 'raw/2026/01/01/forged.json' });

    // Assess
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Policy Condition failed');
  });

  it('refuses with 400 BadDigest a file whose bytes do not hash to the signed checksum', async () => {
    // Prepare
    const { body: grant } = await presign('image/png', 68, sha256(Buffer.alloc(68, 1)));

    // Act
    const response = await post(grant, new Blob([Buffer.alloc(68, 2)], { type: 'image/png' }));

    // Assess
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>BadDigest</Code>');
    expect(await exists(staging(), grant.key)).toBe(false);
    expect(await exists(stack.resources.archiveBucket, grant.key)).toBe(false);
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
