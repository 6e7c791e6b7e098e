import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyArchivedCase } from '../../../shared/adapters/archive-verifier.js';
import {
  buildDossier,
  dossierKeys,
  encodeDossier,
  renderDossierHtml,
  supplementKeys,
} from '../../../shared/domain/dossier/index.js';
import { closedCase, PHOTO_KEY, RAW_KEY, sha256 } from '../fixtures/dossier.js';

const s3 = mockClient(S3Client);
const utf8 = new TextEncoder();
const RAW = utf8.encode('{"body":"停水了"}');
const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);

const { completed, closed } = closedCase();
const dossier = buildDossier(
  closed,
  [
    { kind: 'raw', key: RAW_KEY, sha256: sha256(RAW), size: RAW.length },
    { kind: 'attachment', key: PHOTO_KEY, sha256: sha256(PHOTO), size: PHOTO.length },
  ],
  sha256,
);
const keys = dossierKeys(closed.caseId, dossier.closedAt);

function body(bytes: Uint8Array) {
  return { Body: { transformToByteArray: async () => bytes } as never };
}

/** The bucket with the dossier, its page and its objects. */
function bucket(): void {
  s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'no', $metadata: { httpStatusCode: 404 } }));
  s3.on(GetObjectCommand, { Key: keys.json }).resolves(body(encodeDossier(dossier)));
  s3.on(GetObjectCommand, { Key: keys.html }).resolves(body(utf8.encode(renderDossierHtml(dossier))));
  s3.on(GetObjectCommand, { Key: RAW_KEY }).resolves(body(RAW));
  s3.on(GetObjectCommand, { Key: PHOTO_KEY }).resolves(body(PHOTO));
}

describe('Function: verifyArchivedCase', () => {
  afterEach(() => {
    s3.reset();
  });

  it('finds the dossier by the closing date in the cases table, listing only its own folder', async () => {
    // Prepare
    bucket();

    // Act
    const result = await verifyArchivedCase(closed.caseId, {
      s3: new S3Client({}),
      bucket: 'archive',
      cases: { getById: async () => closed },
    });

    // Assess
    expect(result).toMatchObject({
      jsonKey: keys.json,
      objectsChecked: 2,
      manifestHash: dossier.manifest.hash,
    });
    expect(result.mismatches).toEqual([]);
    expect(result.supplements).toEqual([]);
    expect(s3).toHaveReceivedCommandTimes(ListObjectsV2Command, 1);
    expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, {
      Prefix: keys.json.replace('dossier.json', ''),
    });
  });

  it('verifies the further dossier a review left beside the first, and names an edit of it', async () => {
    // Prepare: 行政复议 recorded on the closed case, archived as dossier.v<N>.json
    const review = {
      at: '2027-01-06T02:00:00.000Z',
      actor: 'supervisor:s-1',
      action: 'record_review' as const,
      note: 'R1',
    };
    const reviewed = { ...closed, version: closed.version + 1, history: [...closed.history, review] };
    const further = buildDossier(reviewed, dossier.objects, sha256);
    const furtherKeys = supplementKeys(closed.caseId, further.closedAt, reviewed.version);
    const goodJson = encodeDossier(further);
    const editedJson = utf8.encode(
      new TextDecoder().decode(goodJson).replace('"note": "R1"', '"note": "R2"'),
    );
    const run = async (json: Uint8Array) => {
      s3.reset();
      bucket();
      s3.on(ListObjectsV2Command).resolves({
        Contents: [{ Key: keys.json }, { Key: furtherKeys.json }, { Key: furtherKeys.html }],
        IsTruncated: false,
      });
      s3.on(GetObjectCommand, { Key: furtherKeys.json }).resolves(body(json));
      s3.on(GetObjectCommand, { Key: furtherKeys.html }).resolves(
        body(utf8.encode(renderDossierHtml(further))),
      );
      return verifyArchivedCase(closed.caseId, {
        s3: new S3Client({}),
        bucket: 'archive',
        cases: { getById: async () => reviewed },
      });
    };

    // Act
    const good = await run(goodJson);
    const edited = await run(editedJson);

    // Assess
    expect(good.mismatches).toEqual([]);
    expect(good.supplements).toEqual([{ jsonKey: furtherKeys.json, manifestHash: further.manifest.hash }]);
    expect(edited.mismatches.map((m) => m.code)).toEqual(
      expect.arrayContaining(['history_hash', 'case_differs_from_table']),
    );
    expect(edited.mismatches.every((m) => m.where.startsWith(`dossier.v${reviewed.version}.json`))).toBe(
      true,
    );
  });

  it('finds the dossier by listing cases/ page by page when the table has no such case', async () => {
    // Prepare
    bucket();
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [{ Key: 'cases/2026/11/other/dossier.json' }],
        IsTruncated: true,
        NextContinuationToken: 'page-2',
      })
      .resolvesOnce({ Contents: [{ Key: keys.html }, { Key: keys.json }], IsTruncated: false });

    // Act
    const result = await verifyArchivedCase(closed.caseId, { s3: new S3Client({}), bucket: 'archive' });

    // Assess
    expect(result.jsonKey).toBe(keys.json);
    expect(result.mismatches).toEqual([]);
    expect(s3).toHaveReceivedCommandWith(ListObjectsV2Command, {
      Prefix: 'cases/',
      ContinuationToken: 'page-2',
    });
  });

  it('says a case that is still open has no dossier yet', async () => {
    // Prepare
    bucket();
    s3.on(ListObjectsV2Command).resolves({ Contents: [], IsTruncated: false });

    // Act
    const result = await verifyArchivedCase(completed.caseId, {
      s3: new S3Client({}),
      bucket: 'archive',
      cases: { getById: async () => completed },
    });

    // Assess
    expect(result.mismatches).toEqual([
      expect.objectContaining({ code: 'dossier_missing', message: expect.stringContaining('completed') }),
    ]);
  });

  it('reports the case in the table differing from the dossier', async () => {
    // Prepare
    bucket();

    // Act
    const result = await verifyArchivedCase(closed.caseId, {
      s3: new S3Client({}),
      bucket: 'archive',
      cases: { getById: async () => ({ ...closed, reply: '改过的答复' }) },
    });

    // Assess
    expect(result.mismatches.map((m) => m.code)).toEqual(['case_differs_from_table']);
  });
});
