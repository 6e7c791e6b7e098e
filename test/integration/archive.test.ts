import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDevJwt } from '../../local/jwt.js';
import { verifyArchivedCase } from '../../shared/adapters/archive-verifier.js';
import { DynamoCaseStore } from '../../shared/adapters/case-store.js';
import { S3DossierArchive } from '../../shared/adapters/dossier-archive.js';
import type { Case } from '../../shared/domain/case.js';
import { canonicalJson, dossierKeys } from '../../shared/domain/dossier/index.js';
import {
  casesByTrackingNo,
  ddb,
  eventually,
  idempotencyKey,
  idle,
  postWebform,
  s3,
  stack,
  webform,
} from './helpers.js';

// 归档 through the local stack: a case force-closed over HTTP, its dossier written by the stream
// consumer into the emulated archive bucket, verified, then tampered with and verified again.

const bucket = stack.resources.archiveBucket;
const cases = new DynamoCaseStore(ddb, stack.resources.casesTable);

async function getBytes(key: string): Promise<Uint8Array | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await out.Body?.transformToByteArray();
  } catch {
    return undefined;
  }
}

async function putBytes(key: string, body: Uint8Array | string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

/** Asks for a grant and posts the photo under it, as the citizen page does; returns its key. */
async function uploadPhoto(bytes: Uint8Array): Promise<string> {
  const grant = (await (
    await fetch(`${stack.url}/v1/channels/webform/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        contentType: 'image/jpeg',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('base64'),
      }),
    })
  ).json()) as { url: string; fields: Record<string, string>; key: string };
  const form = new FormData();
  for (const [k, v] of Object.entries(grant.fields)) form.append(k, v);
  form.append('file', new Blob([bytes], { type: 'image/jpeg' }));
  const posted = await fetch(grant.url, { method: 'POST', body: form });
  if (posted.status !== 204) throw new Error(`upload: ${posted.status} ${await posted.text()}`);
  return grant.key;
}

describe('the archive (归档) through the local stack', () => {
  let photoKey: string;
  const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70]);
  let closed: Case;
  let keys: { json: string; html: string };

  beforeAll(async () => {
    // A citizen's photo, posted under its grant into staging; the dispatcher copies it into the archive.
    photoKey = await uploadPhoto(photo);
    const posted = await postWebform(webform({ attachments: [photoKey] }), {
      'idempotency-key': idempotencyKey(),
    });
    const [item] = await eventually(
      async () => {
        const items = await casesByTrackingNo(posted.json.trackingNo as string);
        return items.length > 0 ? items : undefined;
      },
      { what: 'the dispatched case' },
    );
    const caseId = item?.caseId as string;
    const supervisor = await (await loadDevJwt(stack.dataDir)).issue({
      sub: 'it-archive',
      role: 'supervisor',
    });
    const res = await fetch(`${stack.url}/v1/cases/by-id/${caseId}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${supervisor}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'close', note: '市民来电撤回诉求 <已核实>' }),
    });
    expect(res.status).toBe(200);
    closed = (await res.json()) as Case;
    keys = dossierKeys(closed.caseId, closed.history.at(-1)?.at as string);
    await idle();
  });

  it('writes dossier.json and dossier.html when the case closes', async () => {
    // Act
    const json = await eventually(() => getBytes(keys.json), { what: 'dossier.json' });
    const html = await getBytes(keys.html);

    // Assess
    const dossier = JSON.parse(new TextDecoder().decode(json));
    expect(dossier).toMatchObject({ caseId: closed.caseId, status: 'closed', trackingNo: closed.trackingNo });
    expect(canonicalJson(dossier.case)).toBe(canonicalJson(closed));
    expect(dossier.objects).toEqual([
      expect.objectContaining({ kind: 'raw', key: closed.rawKey }),
      expect.objectContaining({ kind: 'attachment', key: photoKey, size: photo.length }),
    ]);
    const page = new TextDecoder().decode(html);
    expect(page).toContain('工单档案');
    expect(page).toContain('市民来电撤回诉求 &lt;已核实&gt;');
  });

  it('verifies: every hash recomputed from the bucket and the cases table matches', async () => {
    // Act
    const result = await verifyArchivedCase(closed.caseId, { s3, bucket, cases });

    // Assess
    expect(result.mismatches).toEqual([]);
    expect(result).toMatchObject({ jsonKey: keys.json, objectsChecked: 2 });
  });

  it('rewrites nothing when the same case is archived again (a replay), in another process', async () => {
    // Prepare
    const before = await getBytes(keys.json);

    // Act
    const again = await new S3DossierArchive(s3, bucket).archive(closed);

    // Assess
    expect(again).toMatchObject({ json: 'unchanged', html: 'unchanged' });
    expect(
      Buffer.from((await getBytes(keys.json)) as Uint8Array).equals(Buffer.from(before as Uint8Array)),
    ).toBe(true);
  });

  it('reports an archive conflict instead of overwriting a dossier that differs', async () => {
    // Act
    const other = await new S3DossierArchive(s3, bucket).archive({ ...closed, reply: '另一个答复' });

    // Assess
    expect(other).toMatchObject({ json: 'conflict', html: 'conflict' });
    expect((await verifyArchivedCase(closed.caseId, { s3, bucket, cases })).mismatches).toEqual([]);
  });

  it('names the photo whose bytes were changed in the bucket', async () => {
    // Prepare
    const tampered = photo.slice();
    tampered[9] = 0;
    await putBytes(photoKey, tampered);

    // Act
    const result = await verifyArchivedCase(closed.caseId, { s3, bucket, cases });

    // Assess
    expect(result.mismatches).toEqual([expect.objectContaining({ code: 'object_hash', where: photoKey })]);
    await putBytes(photoKey, photo);
  });

  it('names the history entry edited in dossier.json', async () => {
    // Prepare
    const json = (await getBytes(keys.json)) as Uint8Array;
    const edited = new TextDecoder().decode(json).replace('市民来电撤回诉求 <已核实>', '市民来电撤回诉求');
    await putBytes(keys.json, edited);

    // Act
    const result = await verifyArchivedCase(closed.caseId, { s3, bucket, cases });

    // Assess
    const last = closed.history.length - 1;
    expect(result.mismatches.map((m) => `${m.code} ${m.where}`)).toEqual(
      expect.arrayContaining([
        `history_hash history[${last}]`,
        'manifest_hash manifest.hash',
        'html_mismatch dossier.html',
      ]),
    );
    await putBytes(keys.json, json);
  });
});
