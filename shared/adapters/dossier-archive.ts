import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  type S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  type ArchivedObject,
  buildDossier,
  closedAtOf,
  type Dossier,
  dossierKeys,
  dossierPrefix,
  encodeDossier,
  type ObjectRef,
  objectRefsOf,
  renderDossierHtml,
  type Sha256,
  supplementKeys,
} from '../domain/dossier/index.js';
import type { Case } from '../domain/index.js';

/** SHA-256 as the dossier core wants it: bytes in, 64 hex digits out. */
export const nodeSha256: Sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * What became of one dossier file: written now; already there with the same bytes (a replay);
 * or already there with different bytes (a conflict: never overwritten, the caller raises it).
 */
export type WriteOutcome = 'written' | 'unchanged' | 'conflict';

export interface ArchiveResult {
  readonly dossier: Dossier;
  readonly keys: { readonly json: string; readonly html: string };
  readonly json: WriteOutcome;
  readonly html: WriteOutcome;
}

/** What a legal hold was set on: every key of the case's dossier that exists, and the state. */
export interface LegalHoldResult {
  readonly caseId: string;
  readonly status: 'ON' | 'OFF';
  /** The objects whose hold was put, dossier files first, then the payload, photos and letter. */
  readonly keys: readonly string[];
  /** Objects the case names that are not in the archive (the dossier records them as missing). */
  readonly missing: readonly string[];
}

/** The port the stream consumer archives a terminal case through. */
export interface DossierArchive {
  /** `supplement`: a further dossier of a case archived before (supplementKeys), not its first. */
  archive(kase: Case, options?: { readonly supplement?: boolean }): Promise<ArchiveResult>;
  /**
   * 法律保全: sets (`on`) or lifts the S3 legal hold of every object the case's dossier covers: the
   * dossier files in its folder (the first and every further one, .json and .html) and the payload,
   * photos and 答复书 the case names. Idempotent: putting the state an object has changes nothing.
   */
  setLegalHold(kase: Case, on: boolean): Promise<LegalHoldResult>;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

const utf8 = new TextEncoder();

/** The bytes of an object, or undefined when there is none (404). Any other failure is thrown. */
export async function readObject(
  client: S3Client,
  bucket: string,
  key: string,
): Promise<Uint8Array | undefined> {
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
  } catch (error) {
    if (statusOf(error) === 404 || (error as Error).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/**
 * The dossier in the archive bucket: `cases/YYYY/MM/<caseId>/dossier.html`, then `dossier.json`
 * (so a dossier.json is only ever there with its page), each written once and never replaced.
 *
 * Create-only twice over: each file is read first, and the put carries `If-None-Match: *`. S3
 * refuses a second put with 412 by itself; the read is what keeps an emulator without conditional
 * writes (fauxqs 1.9 ignores If-None-Match on PutObject) from overwriting, and spares S3 the put on
 * a replay. A 412 (a put that raced ours) is settled by reading what won.
 *
 * @example
 * const archive = new S3DossierArchive(s3Client(), config().ARCHIVE_BUCKET_NAME);
 * const { json, html } = await archive.archive(closedCase); // 'written' | 'unchanged' | 'conflict'
 */
export class S3DossierArchive implements DossierArchive {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly sha256: Sha256 = nodeSha256,
  ) {}

  async archive(kase: Case, options: { readonly supplement?: boolean } = {}): Promise<ArchiveResult> {
    const objects = await Promise.all(objectRefsOf(kase).map((ref) => this.hashObject(ref)));
    const dossier = buildDossier(kase, objects, this.sha256);
    const keys = options.supplement
      ? supplementKeys(kase.caseId, dossier.closedAt, kase.version)
      : dossierKeys(kase.caseId, dossier.closedAt);
    const html = await this.writeOnce(
      keys.html,
      utf8.encode(renderDossierHtml(dossier)),
      'text/html; charset=utf-8',
    );
    const json = await this.writeOnce(keys.json, encodeDossier(dossier), 'application/json; charset=utf-8');
    return { dossier, keys, json, html };
  }

  async setLegalHold(kase: Case, on: boolean): Promise<LegalHoldResult> {
    const Status = on ? 'ON' : 'OFF';
    const files = await this.list(dossierPrefix(kase.caseId, closedAtOf(kase)));
    const named = objectRefsOf(kase).map((ref) => ref.key);
    const outcomes = await Promise.all(
      [...new Set([...files, ...named])].map(async (key) => {
        // Without a VersionId S3 holds the current version: every object here is written once
        // (create-only), so that version is the object's only one.
        try {
          await this.client.send(
            new PutObjectLegalHoldCommand({
              Bucket: this.bucket,
              Key: key,
              LegalHold: { Status },
              // S3 wants an integrity checksum on this request; SHA-256 as for the dossiers.
              ChecksumAlgorithm: 'SHA256',
            }),
          );
          return { key, held: true };
        } catch (error) {
          // A key the case names with nothing behind it (a photo never uploaded) is recorded as
          // missing in the dossier: there is nothing to hold. Any other failure fails the batch.
          if (named.includes(key) && (statusOf(error) === 404 || (error as Error).name === 'NoSuchKey')) {
            return { key, held: false };
          }
          throw error;
        }
      }),
    );
    return {
      caseId: kase.caseId,
      status: Status,
      keys: outcomes.filter((o) => o.held).map((o) => o.key),
      missing: outcomes.filter((o) => !o.held).map((o) => o.key),
    };
  }

  /** Every key under `prefix` (one case's folder: a few files, a page or two at most). */
  private async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken }),
      );
      for (const o of page?.Contents ?? []) if (o.Key) keys.push(o.Key);
      ContinuationToken = page?.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return keys.sort();
  }

  /** The bytes of an object, or undefined when there is none. Any other failure is thrown. */
  read(key: string): Promise<Uint8Array | undefined> {
    return readObject(this.client, this.bucket, key);
  }

  private async hashObject(ref: ObjectRef): Promise<ArchivedObject> {
    // A key the case names with no object behind it (an upload that never happened) is recorded
    // as such: the dossier states the fact instead of blocking the archive forever. Only a 404
    // means that (the function may list the bucket, so S3 tells missing from denied); a denial
    // throws, since the dossier cannot be corrected once written.
    const bytes = await this.read(ref.key);
    if (!bytes) return { kind: ref.kind, key: ref.key, missing: true };
    return { kind: ref.kind, key: ref.key, sha256: this.sha256(bytes), size: bytes.length };
  }

  private async writeOnce(key: string, body: Uint8Array, contentType: string): Promise<WriteOutcome> {
    const existing = await this.read(key);
    if (existing) return sameBytes(existing, body) ? 'unchanged' : 'conflict';
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          IfNoneMatch: '*',
          // Object Lock refuses a put without an integrity checksum; SHA-256 is also the one S3
          // keeps with the object, the same digest the dossier's hashes use.
          ChecksumAlgorithm: 'SHA256',
        }),
      );
      return 'written';
    } catch (error) {
      if (statusOf(error) !== 412) throw error;
      const winner = await this.read(key);
      if (!winner) throw error;
      return sameBytes(winner, body) ? 'unchanged' : 'conflict';
    }
  }
}
