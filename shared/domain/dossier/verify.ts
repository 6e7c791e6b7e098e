import type { Case, HistoryEntry } from '../case.js';
import { canonicalJson } from './canonical-json.js';
import {
  AFTER_CLOSE_ACTIONS,
  type Dossier,
  DossierSchema,
  dossierKeys,
  manifestOf,
  objectRefsOf,
  supplementKeys,
} from './dossier.js';
import { renderDossierHtml } from './dossier-html.js';
import { chainOrigin, hashOf, linkHash, type Sha256 } from './hash-chain.js';

// The checks of `npm run verify-archive`, without the reading: every hash of a dossier recomputed
// from what is stored now, each difference named, so an auditor sees what was edited, not only that
// something was.

export type MismatchCode =
  | 'dossier_missing'
  | 'dossier_unreadable'
  | 'dossier_malformed'
  | 'dossier_not_canonical'
  | 'dossier_misplaced'
  | 'chain_length'
  | 'history_hash'
  | 'manifest_previous'
  | 'manifest_hash'
  | 'objects_incomplete'
  | 'object_missing'
  | 'object_hash'
  | 'letter_hash'
  | 'html_missing'
  | 'html_mismatch'
  | 'case_differs_from_table'
  /** A further dossier (dossier.v<N>.json) that does not continue the first one. */
  | 'supplement_diverges'
  /** The table holds 复议/诉讼 or 法律保全 entries no further dossier covers. */
  | 'supplement_missing';

export interface Mismatch {
  readonly code: MismatchCode;
  /** The part of the dossier concerned: `history[3]`, an object key, `dossier.html`… */
  readonly where: string;
  readonly message: string;
}

/** What the archive and the table hold now for one case. */
export interface ArchivedDossier {
  readonly caseId: string;
  /** The key dossier.json was found under, and its bytes (undefined: not found). */
  readonly jsonKey?: string;
  readonly json?: Uint8Array;
  readonly html?: Uint8Array;
  /** The bytes of each referenced object now; undefined where no object is there. */
  readonly objects: ReadonlyMap<string, Uint8Array | undefined>;
  /** The case as the cases table holds it now, when it does. */
  readonly stored?: Case;
}

const utf8 = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

type Json = Record<string, unknown>;

function parse(bytes: Uint8Array): Json | undefined {
  try {
    const value: unknown = JSON.parse(decoder.decode(bytes));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every object key a dossier names (its `objects` and the case's own references), so the reader
 * knows what to fetch before verifying. Unreadable JSON names none.
 */
export function referencedKeys(json: Uint8Array): string[] {
  const raw = parse(json);
  if (!raw) return [];
  const listed = Array.isArray(raw.objects)
    ? raw.objects.flatMap((o) =>
        o && typeof (o as Json).key === 'string' ? [(o as Json).key as string] : [],
      )
    : [];
  const kase = raw.case as Partial<Case> | undefined;
  const own = kase && typeof kase === 'object' ? objectRefsOf(referencesOf(kase)).map((r) => r.key) : [];
  return [...new Set([...listed, ...own])];
}

/** The object references of a case as a dossier holds it (any shape: it is checked, not trusted). */
function referencesOf(kase: Partial<Case>) {
  const letter = (kase.disclosure as { letter?: { key?: unknown } } | undefined)?.letter;
  return {
    ...(typeof kase.rawKey === 'string' ? { rawKey: kase.rawKey } : {}),
    attachments: Array.isArray(kase.attachments) ? kase.attachments.filter((a) => typeof a === 'string') : [],
    ...(typeof letter?.key === 'string' ? { disclosure: { letter: { key: letter.key } } } : {}),
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function short(hash: unknown): string {
  return typeof hash === 'string' ? `${hash.slice(0, 12)}…` : String(hash);
}

/**
 * Every mismatch between a dossier and what it claims; an empty list means it verifies.
 *
 * The chain is checked link by link against the stored previous link, so an edited history entry
 * is named by itself rather than as the first of a run of failures.
 *
 * @example
 * const mismatches = verifyDossier({ caseId, jsonKey, json, html, objects, stored }, sha256);
 * console.log(mismatches.length === 0 ? 'OK' : mismatches.map((m) => m.message).join('\n'));
 */
export function verifyDossier(input: ArchivedDossier, sha256: Sha256): Mismatch[] {
  const found = checkFile(input, sha256);
  const raw = input.json ? parse(input.json) : undefined;
  if (
    raw &&
    input.stored &&
    raw.case &&
    canonicalJson(settled(input.stored)) !== canonicalJson(settled(raw.case))
  ) {
    found.push({
      code: 'case_differs_from_table',
      where: 'case',
      message: '档案中的工单与工单表中的当前记录不一致',
    });
  }
  return found;
}

/** A further dossier as read now: its key (`…/dossier.v<N>.json`), its bytes and its page. */
export interface ArchivedSupplement {
  readonly jsonKey: string;
  readonly json?: Uint8Array;
  readonly html?: Uint8Array;
}

/** The first dossier, the further ones (any order) and what the table and the objects hold now. */
export interface ArchivedSupplements {
  readonly caseId: string;
  /** The first dossier's bytes (dossier.json), which every further one must continue. */
  readonly first?: Uint8Array;
  readonly supplements: readonly ArchivedSupplement[];
  /** The bytes of each object the further dossiers reference; undefined where none is there. */
  readonly objects: ReadonlyMap<string, Uint8Array | undefined>;
  readonly stored?: Case;
}

/**
 * Every mismatch of the further dossiers (`dossier.v<N>.json`) an archived case gains with each
 * 行政复议 / 行政诉讼 recorded on a closed disclosure request, and with each 法律保全 set or lifted.
 * Each is checked as a dossier of its own (bytes, chain, manifest, objects, page, its place by its
 * case's version), then against the first dossier (same closing, the first chain a prefix of its
 * own, nothing after it but record_review and legal_hold entries), then against the table where
 * the table can still tell: the latest one (the table's history no longer) must be the table's
 * case but for delivery and version; an earlier one's history must be the start of the table's.
 * Last, a 复议/诉讼 or 法律保全 entry in the table that no further dossier holds is reported.
 *
 * @example
 * const mismatches = verifySupplements({ caseId, first, supplements, objects, stored }, sha256);
 */
export function verifySupplements(input: ArchivedSupplements, sha256: Sha256): Mismatch[] {
  const found: Mismatch[] = [];
  const first = input.first ? parse(input.first) : undefined;
  let longest = first ? historyOf(first).length : 0;
  for (const supplement of input.supplements) {
    const name = fileName(supplement.jsonKey);
    const add: Add = (code, where, message) => found.push({ code, where: `${name} ${where}`, message });
    for (const m of checkFile({ caseId: input.caseId, ...supplement, objects: input.objects }, sha256)) {
      add(m.code, m.where, m.message);
    }
    const raw = supplement.json ? parse(supplement.json) : undefined;
    if (!raw) continue;
    const history = historyOf(raw);
    longest = Math.max(longest, history.length);
    if (first) checkContinues(first, raw, add);
    if (input.stored) checkAgainstTable(input.stored, raw, add);
  }
  const stored = input.stored;
  if (stored && first) {
    const uncovered = stored.history.slice(longest).filter((h) => AFTER_CLOSE_ACTIONS.has(h.action));
    if (uncovered.length > 0) {
      found.push({
        code: 'supplement_missing',
        where: 'history',
        message: `工单表中有 ${uncovered.length} 条复议/诉讼或法律保全记录（最后一条 ${uncovered.at(-1)?.at}）没有补充档案`,
      });
    }
  }
  return found;
}

/** The checks every dossier file gets, the first or a further one, without the table. */
function checkFile(input: ArchivedDossier, sha256: Sha256): Mismatch[] {
  const found: Mismatch[] = [];
  const add = (code: MismatchCode, where: string, message: string) => found.push({ code, where, message });
  const name = input.jsonKey ? fileName(input.jsonKey) : 'dossier.json';
  if (!input.json) {
    add('dossier_missing', name, `未找到工单 ${input.caseId} 的 ${name}`);
    return found;
  }
  const raw = parse(input.json);
  if (!raw) {
    add('dossier_unreadable', name, `${name} 不是有效的 JSON 对象`);
    return found;
  }
  if (!sameBytes(input.json, utf8.encode(`${canonicalJson(raw, 2)}\n`))) {
    add('dossier_not_canonical', name, `${name} 的字节不是其规范 JSON 形式（文件被改写过）`);
  }
  if (raw.caseId !== input.caseId) {
    add('dossier_misplaced', 'caseId', `档案的工单编号为 ${String(raw.caseId)}，不是 ${input.caseId}`);
  }
  if (input.jsonKey && typeof raw.caseId === 'string' && typeof raw.closedAt === 'string') {
    const expected = expectedKey(input.jsonKey, raw);
    if (expected !== input.jsonKey) {
      add('dossier_misplaced', input.jsonKey, `档案应位于 ${expected ?? '（归档时间或版本无效）'}`);
    }
  }

  checkChain(raw, sha256, add);
  checkManifest(raw, sha256, add);
  checkObjects(raw, input.objects, sha256, add);

  const parsed = DossierSchema.safeParse(raw);
  if (!parsed.success) {
    add('dossier_malformed', name, `档案结构不符：${parsed.error.issues[0]?.message ?? ''}`);
  } else {
    checkHtml(parsed.data, input.html, name.replace(/\.json$/, '.html'), add);
  }
  return found;
}

/** `dossier.v<N>.json` for a further dossier, `dossier.json` for the first. */
const SUPPLEMENT_NAME = /\/dossier\.v(\d+)\.json$/;

/** Whether a key names a further dossier, and of which version. */
export function supplementVersionOf(key: string): number | undefined {
  const match = SUPPLEMENT_NAME.exec(key);
  return match ? Number(match[1]) : undefined;
}

function fileName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** Where a file with this content belongs: a further dossier by its case's version. */
function expectedKey(jsonKey: string, raw: Json): string | undefined {
  const caseId = raw.caseId as string;
  const closedAt = raw.closedAt as string;
  if (Number.isNaN(Date.parse(closedAt))) return undefined;
  if (supplementVersionOf(jsonKey) === undefined) return dossierKeys(caseId, closedAt).json;
  const version = caseOf(raw)?.version;
  return typeof version === 'number' ? supplementKeys(caseId, closedAt, version).json : undefined;
}

function caseOf(raw: Json | undefined): Json | undefined {
  const kase = raw?.case;
  return kase && typeof kase === 'object' && !Array.isArray(kase) ? (kase as Json) : undefined;
}

function historyOf(raw: Json): HistoryEntry[] {
  const history = caseOf(raw)?.history;
  return Array.isArray(history) ? (history as HistoryEntry[]) : [];
}

/**
 * A further dossier continues the first: the same closing, the first chain as the start of its
 * own (so the history archived at the close is untouched), and only record_review after it.
 */
function checkContinues(first: Json, raw: Json, add: Add): void {
  const firstChain = (Array.isArray(first.chain) ? first.chain : []) as Json[];
  const chain = (Array.isArray(raw.chain) ? raw.chain : []) as Json[];
  if (raw.closedAt !== first.closedAt) {
    add('supplement_diverges', 'closedAt', `补充档案的归档时间 ${String(raw.closedAt)} 与首份档案不同`);
  }
  const broken = firstChain.findIndex((link, i) => chain[i]?.hash !== link.hash);
  if (broken >= 0 || chain.length <= firstChain.length) {
    add(
      'supplement_diverges',
      broken >= 0 ? `chain[${broken}]` : 'chain',
      broken >= 0
        ? `补充档案的哈希链第 ${broken + 1} 环与首份档案不同（结案前的办理过程被改动）`
        : '补充档案没有在首份档案之后增加记录',
    );
  }
  const added = historyOf(raw).slice(firstChain.length);
  const other = added.find((h) => !AFTER_CLOSE_ACTIONS.has(String(h?.action)));
  if (other) {
    add(
      'supplement_diverges',
      'history',
      `补充档案在结案后增加了 ${String(other.action)}，只应有复议/诉讼或法律保全记录`,
    );
  }
}

/**
 * The table's case against a further dossier. The table holds the case now, so only the latest
 * further dossier (the table's history no longer than its own) can be compared whole; an earlier
 * one's history must still be the start of the table's.
 */
function checkAgainstTable(stored: Case, raw: Json, add: Add): void {
  const history = historyOf(raw);
  const mine = canonicalJson(history);
  if (stored.history.length === history.length) {
    if (canonicalJson(withoutDelivery(stored)) !== canonicalJson(withoutDelivery(raw.case))) {
      add('case_differs_from_table', 'case', '补充档案中的工单与工单表中的当前记录不一致');
    }
  } else if (
    stored.history.length < history.length ||
    canonicalJson(stored.history.slice(0, history.length)) !== mine
  ) {
    add('case_differs_from_table', 'case.history', '补充档案中的办理过程与工单表中的记录不一致');
  }
}

type Add = (code: MismatchCode, where: string, message: string) => void;

/**
 * The case as it must still stand in the table: all of it but the notices' delivery record and the
 * version its writes bump. A receipt (状态报告) may come after the close, or a notice queued by the
 * last completion may be sent after a prompt close, and each moves its notice on the live item
 * (issue 11); the dossier keeps what was decided, which nothing may change.
 */
function settled(kase: unknown): unknown {
  const decided = withoutDelivery(kase);
  return typeof decided === 'object' && decided !== null
    ? withoutAfterClose(decided as Record<string, unknown>)
    : decided;
}

/** The case but for the notices' delivery record and the version its writes bump (see settled). */
function withoutDelivery(kase: unknown): unknown {
  if (typeof kase !== 'object' || kase === null) return kase;
  const { notices: _notices, version: _version, ...decided } = kase as Record<string, unknown>;
  return decided;
}

/**
 * Without what a closed case may still gain: 行政复议 / 行政诉讼 recorded on a closed disclosure
 * request (record_review: its history entries and `disclosure.reviews`), and a 法律保全 set or lifted
 * on any archived case (legal_hold: its history entries and `legalHold`). Each is archived in a
 * further dossier (`dossier.v<version>.json`), so the first dossier is checked against the table
 * for what was decided at the close: the table's history must be the dossier's with nothing but
 * such entries after it.
 */
function withoutAfterClose(kase: Record<string, unknown>): Record<string, unknown> {
  const { legalHold: _legalHold, ...decided } = kase;
  const history = Array.isArray(kase.history)
    ? (kase.history as HistoryEntry[]).filter((h) => !AFTER_CLOSE_ACTIONS.has(String(h?.action)))
    : kase.history;
  const disclosure = kase.disclosure as Record<string, unknown> | undefined;
  if (disclosure && typeof disclosure === 'object') {
    const { reviews: _reviews, ...rest } = disclosure;
    return { ...decided, history, disclosure: rest };
  }
  return { ...decided, history };
}

function checkChain(raw: Json, sha256: Sha256, add: Add): void {
  const kase = raw.case as Json | undefined;
  const history = (Array.isArray(kase?.history) ? kase.history : []) as HistoryEntry[];
  const chain = (Array.isArray(raw.chain) ? raw.chain : []) as Json[];
  if (chain.length !== history.length) {
    add('chain_length', 'chain', `哈希链有 ${chain.length} 环，办理过程有 ${history.length} 条`);
  }
  let previous = chainOrigin(String(raw.caseId), sha256);
  history.forEach((entry, i) => {
    const stored = chain[i]?.hash;
    const recomputed = linkHash(previous, entry, sha256);
    if (stored !== recomputed) {
      add(
        'history_hash',
        `history[${i}]`,
        `办理过程第 ${i + 1} 条（${String(entry?.action)}，${String(entry?.at)}）的哈希不符：` +
          `记录 ${short(stored)}，重算 ${short(recomputed)}`,
      );
    }
    // The next link is checked against what is stored, so one edit is reported once.
    previous = typeof stored === 'string' ? stored : recomputed;
  });
}

function checkManifest(raw: Json, sha256: Sha256, add: Add): void {
  const manifest = (raw.manifest ?? {}) as Json;
  const chain = (Array.isArray(raw.chain) ? raw.chain : []) as Json[];
  const head = chain.length > 0 ? chain.at(-1)?.hash : chainOrigin(String(raw.caseId), sha256);
  if (manifest.previous !== head) {
    add('manifest_previous', 'manifest.previous', '档案哈希未链接到哈希链的最后一环');
  }
  const recomputed = hashOf(
    { manifest: manifestOf(raw as unknown as Dossier), previous: manifest.previous },
    sha256,
  );
  if (manifest.hash !== recomputed) {
    add(
      'manifest_hash',
      'manifest.hash',
      `档案哈希不符：记录 ${short(manifest.hash)}，重算 ${short(recomputed)}（工单、对象清单或归档信息被改动）`,
    );
  }
}

function checkObjects(
  raw: Json,
  now: ReadonlyMap<string, Uint8Array | undefined>,
  sha256: Sha256,
  add: Add,
): void {
  const objects = (Array.isArray(raw.objects) ? raw.objects : []) as Json[];
  const kase = (raw.case ?? {}) as Partial<Case>;
  const expected = objectRefsOf(referencesOf(kase)).map((r) => `${r.kind}:${r.key}`);
  const listed = objects.map((o) => `${String(o.kind)}:${String(o.key)}`);
  if (canonicalJson(expected) !== canonicalJson(listed)) {
    add('objects_incomplete', 'objects', '对象清单与工单引用的原始报文、附件和答复书不一致');
  }
  // 答复书: the hash the case recorded when the letter was approved must be the hash archived, so a
  // letter replaced before the case closed is caught even though both hashes were made honestly.
  const letter = (kase.disclosure as { letter?: { key?: unknown; sha256?: unknown } } | undefined)?.letter;
  const archived = objects.find((o) => o.kind === 'letter');
  if (letter && archived && archived.missing !== true && archived.sha256 !== letter.sha256) {
    add(
      'letter_hash',
      String(archived.key),
      `答复书的 SHA-256 与工单记录不符：工单 ${short(letter.sha256)}，档案 ${short(archived.sha256)}`,
    );
  }
  for (const o of objects) {
    const key = String(o.key);
    const bytes = now.get(key);
    if (o.missing === true) {
      if (bytes) add('object_hash', key, `${key} 归档时不存在，现在却存在`);
      continue;
    }
    if (!bytes) {
      add('object_missing', key, `${key} 已不存在（归档时 SHA-256 为 ${short(o.sha256)}）`);
      continue;
    }
    const recomputed = sha256(bytes);
    if (recomputed !== o.sha256) {
      add('object_hash', key, `${key} 的 SHA-256 不符：记录 ${short(o.sha256)}，重算 ${short(recomputed)}`);
    }
  }
}

function checkHtml(dossier: Dossier, html: Uint8Array | undefined, name: string, add: Add): void {
  if (!html) {
    add('html_missing', name, `未找到 ${name}`);
    return;
  }
  if (!sameBytes(html, utf8.encode(renderDossierHtml(dossier)))) {
    add('html_mismatch', name, `${name} 不是 ${name.replace(/\.html$/, '.json')} 的渲染结果（页面被改动）`);
  }
}
