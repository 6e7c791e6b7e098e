import * as z from 'zod/mini';
import { type Case, CaseSchema, type CaseStatus } from '../case.js';
import { TERMINAL_STATUSES } from '../lifecycle/transitions.js';
import { shanghaiDate } from '../working-days.js';
import { canonicalJson } from './canonical-json.js';
import { chainOrigin, hashOf, historyChain, type Sha256 } from './hash-chain.js';

// 归档: the evidence a terminal case leaves in the archive bucket. Built from the case as stored and
// the bytes of the objects it references, and nothing else (no clock), so a replayed stream record
// builds the very same bytes.

export const DOSSIER_FORMAT = 'hotline12345-dossier/1';

/** How every hash of the dossier is made, written into it so an auditor needs no source code. */
export const HASH_METHOD =
  'SHA-256 (hex) of canonical JSON (RFC 8785: keys sorted, no whitespace, UTF-8). ' +
  'chain[i] = H({"entry": case.history[i], "previous": chain[i-1]}), chain[-1] = H({"caseId": caseId}); ' +
  'manifest.hash = H({"manifest": {caseId, case, closedAt, format, objects, status, trackingNo}, "previous": chain[last]})';

/**
 * A payload, photo or 答复书 (依申请公开 reply letter) the case references, with the SHA-256 of its
 * bytes when it was archived.
 */
export const ArchivedObjectSchema = z.object({
  kind: z.enum(['raw', 'attachment', 'letter']),
  key: z.string(),
  /** Absent with `missing`: the key was referenced but no object was there to hash. */
  sha256: z.optional(z.string()),
  size: z.optional(z.int().check(z.nonnegative())),
  missing: z.optional(z.literal(true)),
});
export type ArchivedObject = z.infer<typeof ArchivedObjectSchema>;

export const ChainLinkSchema = z.object({
  index: z.int().check(z.nonnegative()),
  at: z.string(),
  action: z.string(),
  hash: z.string(),
});
export type ChainLink = z.infer<typeof ChainLinkSchema>;

export const DossierSchema = z.object({
  format: z.literal(DOSSIER_FORMAT),
  caseId: z.string(),
  trackingNo: z.string(),
  status: z.enum(['closed', 'merged']),
  /** The time of the history entry that made the case terminal: the dossier's date. */
  closedAt: z.iso.datetime({ offset: true }),
  case: CaseSchema,
  objects: z.array(ArchivedObjectSchema),
  chain: z.array(ChainLinkSchema),
  manifest: z.object({ method: z.string(), previous: z.string(), hash: z.string() }),
});
export type Dossier = z.infer<typeof DossierSchema>;

/** An object the case points at, before it is read. */
export interface ObjectRef {
  readonly kind: ArchivedObject['kind'];
  readonly key: string;
}

export function isTerminal(status: CaseStatus | undefined): status is 'closed' | 'merged' {
  return status !== undefined && TERMINAL_STATUSES.includes(status);
}

/** What of a case names archived objects (a disclosure case's letter only by its key). */
export interface ObjectReferences {
  readonly rawKey?: string | undefined;
  readonly attachments: readonly string[];
  readonly disclosure?: { readonly letter?: { readonly key: string } | undefined } | undefined;
}

/**
 * The raw payload first, then the attachments in the case's order, then a disclosure case's 答复书
 * (stored by the disclosure desk under letters/): the order of `objects`.
 */
export function objectRefsOf(kase: ObjectReferences): ObjectRef[] {
  const letter = kase.disclosure?.letter?.key;
  return [
    ...(kase.rawKey ? [{ kind: 'raw' as const, key: kase.rawKey }] : []),
    ...kase.attachments.map((key) => ({ kind: 'attachment' as const, key })),
    ...(letter ? [{ kind: 'letter' as const, key: letter }] : []),
  ];
}

/**
 * Entries a terminal case may still gain: 行政复议 / 行政诉讼 recorded on a closed disclosure request
 * (record_review), and a supervisor's 法律保全 set or lifted on any archived case (legal_hold). They
 * do not move the instant it became terminal, so its dossier's place stays; each is archived in a
 * further dossier beside the first, so the archive itself records who held it, when and why.
 */
export const AFTER_CLOSE_ACTIONS: ReadonlySet<string> = new Set(['record_review', 'legal_hold']);

/** The instant the case became terminal: its last history entry (the close, rate, reply or merge). */
export function closedAtOf(kase: Pick<Case, 'history' | 'receivedAt'>): string {
  return kase.history.findLast((h) => !AFTER_CLOSE_ACTIONS.has(h.action))?.at ?? kase.receivedAt;
}

/** `cases/YYYY/MM/<caseId>/`, by the Shanghai month of the closing. */
export function dossierPrefix(caseId: string, closedAt: string): string {
  const [year, month] = shanghaiDate(new Date(closedAt)).split('-');
  return `cases/${year}/${month}/${caseId}/`;
}

export function dossierKeys(caseId: string, closedAt: string): { json: string; html: string } {
  const prefix = dossierPrefix(caseId, closedAt);
  return { json: `${prefix}dossier.json`, html: `${prefix}dossier.html` };
}

/**
 * A further dossier of a terminal case whose history grew after it was archived (a review recorded
 * on a closed disclosure request): the whole case at that version, beside the first, never replacing
 * it. Its chain runs through the same history, so the first dossier's chain is a prefix of its own.
 *
 * @example
 * supplementKeys(caseId, closedAt, 9).json // 'cases/2026/12/<caseId>/dossier.v9.json'
 */
export function supplementKeys(
  caseId: string,
  closedAt: string,
  version: number,
): { json: string; html: string } {
  const prefix = dossierPrefix(caseId, closedAt);
  return { json: `${prefix}dossier.v${version}.json`, html: `${prefix}dossier.v${version}.html` };
}

/** What the manifest hash covers besides the chain head. */
export function manifestOf(d: Omit<Dossier, 'chain' | 'manifest'>): Record<string, unknown> {
  const { format, caseId, trackingNo, status, closedAt, case: kase, objects } = d;
  return { format, caseId, trackingNo, status, closedAt, case: kase, objects };
}

/**
 * The dossier of a terminal case.
 *
 * @example
 * const objects = await readAndHash(objectRefsOf(kase)); // the adapter's part
 * const dossier = buildDossier(kase, objects, sha256);
 * put(dossierKeys(kase.caseId, dossier.closedAt).json, encodeDossier(dossier));
 */
export function buildDossier(kase: Case, objects: readonly ArchivedObject[], sha256: Sha256): Dossier {
  const { status } = kase;
  if (!isTerminal(status)) throw new RangeError(`case ${kase.caseId} is ${status}, not closed or merged`);
  const links = historyChain(kase.caseId, kase.history, sha256);
  const body: Omit<Dossier, 'chain' | 'manifest'> = {
    format: DOSSIER_FORMAT,
    caseId: kase.caseId,
    trackingNo: kase.trackingNo,
    status,
    closedAt: closedAtOf(kase),
    case: kase,
    objects: [...objects],
  };
  const previous = links.at(-1) ?? chainOrigin(kase.caseId, sha256);
  return {
    ...body,
    chain: kase.history.map((h, index) => ({
      index,
      at: h.at,
      action: h.action,
      hash: links[index] as string,
    })),
    manifest: {
      method: HASH_METHOD,
      previous,
      hash: hashOf({ manifest: manifestOf(body), previous }, sha256),
    },
  };
}

const utf8 = new TextEncoder();

/** The bytes of dossier.json: canonical JSON indented for reading, with a final newline. */
export function encodeDossier(dossier: Dossier): Uint8Array {
  return utf8.encode(`${canonicalJson(dossier, 2)}\n`);
}
