import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import {
  closedAtOf,
  dossierKeys,
  isTerminal,
  type Mismatch,
  referencedKeys,
  type Sha256,
  supplementVersionOf,
  verifyDossier,
  verifySupplements,
} from '../domain/dossier/index.js';
import type { Case } from '../domain/index.js';
import type { CaseStore } from './case-store.js';
import { nodeSha256, readObject } from './dossier-archive.js';

// npm run verify-archive: reads what the archive and the cases table hold for one case now and
// hands it to the core's checks. An operator's tool (it lists the bucket); no function calls it.

export interface ArchiveVerification {
  readonly caseId: string;
  /** Where dossier.json was found; absent when it was not. */
  readonly jsonKey?: string;
  /** The case in the cases table, when it is there. */
  readonly stored?: Case;
  /** The dossier's manifest hash as recorded, when the JSON could be read. */
  readonly manifestHash?: string;
  readonly objectsChecked: number;
  /**
   * The further dossiers (`dossier.v<N>.json`, one per 行政复议 / 行政诉讼 recorded on the closed
   * request) found beside the first, by version, each with its manifest hash when readable.
   */
  readonly supplements: readonly { readonly jsonKey: string; readonly manifestHash?: string }[];
  readonly mismatches: readonly Mismatch[];
}

export interface VerifierDeps {
  readonly s3: S3Client;
  readonly bucket: string;
  /** The cases table: finds the dossier by the closing date and compares the case with it. */
  readonly cases?: Pick<CaseStore, 'getById'>;
  readonly sha256?: Sha256;
}

/**
 * Finds a case's dossier, re-reads and re-hashes everything it covers, does the same for each
 * further dossier beside it (复议/诉讼 or 法律保全 recorded after the close), and lists every mismatch.
 * The dossier is looked up by the case's closing date in the cases table, or else by listing
 * `cases/` for `…/<caseId>/dossier.json` (a case missing from the table can still be verified).
 *
 * @example
 * const result = await verifyArchivedCase('wfkpftffr7to7xemwtusahr6vy', { s3, bucket, cases });
 * process.exitCode = result.mismatches.length === 0 ? 0 : 1;
 */
export async function verifyArchivedCase(caseId: string, deps: VerifierDeps): Promise<ArchiveVerification> {
  const sha256 = deps.sha256 ?? nodeSha256;
  const read = (key: string) => readObject(deps.s3, deps.bucket, key);
  const stored = await deps.cases?.getById(caseId);

  let jsonKey: string | undefined;
  let json: Uint8Array | undefined;
  if (stored && isTerminal(stored.status)) {
    const expected = dossierKeys(caseId, closedAtOf(stored)).json;
    json = await read(expected);
    if (json) jsonKey = expected;
  }
  if (!json) {
    jsonKey = await findByListing(deps.s3, deps.bucket, caseId);
    json = jsonKey ? await read(jsonKey) : undefined;
  }
  if (!json || !jsonKey) {
    const why = stored && !isTerminal(stored.status) ? `（工单状态为 ${stored.status}，尚未归档）` : '';
    return {
      caseId,
      ...(stored ? { stored } : {}),
      objectsChecked: 0,
      supplements: [],
      mismatches: [
        { code: 'dossier_missing', where: 'dossier.json', message: `未找到工单 ${caseId} 的档案${why}` },
      ],
    };
  }

  const html = await read(jsonKey.replace(/dossier\.json$/, 'dossier.html'));
  const keys = referencedKeys(json);
  const objects = new Map(await Promise.all(keys.map(async (key) => [key, await read(key)] as const)));
  const mismatches = verifyDossier(
    { caseId, jsonKey, json, ...(html ? { html } : {}), objects, ...(stored ? { stored } : {}) },
    sha256,
  );

  // The further dossiers beside it, each read with its page and the objects it names.
  const supplementKeys = await listSupplements(deps.s3, deps.bucket, jsonKey);
  const supplements = await Promise.all(
    supplementKeys.map(async (key) => {
      const bytes = await read(key);
      const page = await read(key.replace(/\.json$/, '.html'));
      return { jsonKey: key, ...(bytes ? { json: bytes } : {}), ...(page ? { html: page } : {}) };
    }),
  );
  const further = [...new Set(supplements.flatMap((s) => (s.json ? referencedKeys(s.json) : [])))];
  for (const key of further.filter((k) => !objects.has(k))) objects.set(key, await read(key));
  mismatches.push(
    ...verifySupplements(
      { caseId, first: json, supplements, objects, ...(stored ? { stored } : {}) },
      sha256,
    ),
  );
  return {
    caseId,
    jsonKey,
    ...(stored ? { stored } : {}),
    ...manifestHashOf(json),
    objectsChecked: new Set([...keys, ...further]).size,
    supplements: supplements.map((s) => ({ jsonKey: s.jsonKey, ...(s.json ? manifestHashOf(s.json) : {}) })),
    mismatches,
  };
}

/**
 * The further dossiers in the first one's folder (`…/<caseId>/dossier.v<N>.json`), by version:
 * one listing of the case's own prefix, never of the whole bucket.
 */
async function listSupplements(s3: S3Client, bucket: string, jsonKey: string): Promise<string[]> {
  const Prefix = jsonKey.slice(0, jsonKey.lastIndexOf('/') + 1);
  const found: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix, ContinuationToken }));
    for (const o of page?.Contents ?? []) {
      if (o.Key && supplementVersionOf(o.Key) !== undefined) found.push(o.Key);
    }
    ContinuationToken = page?.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return found.sort((a, b) => (supplementVersionOf(a) ?? 0) - (supplementVersionOf(b) ?? 0));
}

function manifestHashOf(json: Uint8Array): { manifestHash?: string } {
  try {
    const hash = JSON.parse(new TextDecoder().decode(json))?.manifest?.hash;
    return typeof hash === 'string' ? { manifestHash: hash } : {};
  } catch {
    return {};
  }
}

/** `cases/YYYY/MM/<caseId>/dossier.json`, whatever the month: a walk of `cases/`, for the rare case. */
async function findByListing(s3: S3Client, bucket: string, caseId: string): Promise<string | undefined> {
  const suffix = `/${caseId}/dossier.json`;
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'cases/', ContinuationToken }),
    );
    const hit = page.Contents?.find((o) => o.Key?.endsWith(suffix));
    if (hit?.Key) return hit.Key;
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return undefined;
}
