import type { Case, HistoryEntry } from '../case.js';
import { canonicalJson } from './canonical-json.js';
import {
  AFTER_CLOSE_ACTIONS,
  type Dossier,
  DossierSchema,
  dossierKeys,
  manifestOf,
  objectRefsOf,
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
  | 'case_differs_from_table';

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
  const found: Mismatch[] = [];
  const add = (code: MismatchCode, where: string, message: string) => found.push({ code, where, message });
  if (!input.json) {
    add('dossier_missing', 'dossier.json', `未找到工单 ${input.caseId} 的 dossier.json`);
    return found;
  }
  const raw = parse(input.json);
  if (!raw) {
    add('dossier_unreadable', 'dossier.json', 'dossier.json 不是有效的 JSON 对象');
    return found;
  }
  if (!sameBytes(input.json, utf8.encode(`${canonicalJson(raw, 2)}\n`))) {
    add('dossier_not_canonical', 'dossier.json', 'dossier.json 的字节不是其规范 JSON 形式（文件被改写过）');
  }
  if (raw.caseId !== input.caseId) {
    add('dossier_misplaced', 'caseId', `档案的工单编号为 ${String(raw.caseId)}，不是 ${input.caseId}`);
  }
  if (input.jsonKey && typeof raw.caseId === 'string' && typeof raw.closedAt === 'string') {
    const expected = safeKeys(raw.caseId, raw.closedAt)?.json;
    if (expected !== input.jsonKey) {
      add('dossier_misplaced', input.jsonKey, `档案应位于 ${expected ?? '（归档时间无效）'}`);
    }
  }

  checkChain(raw, sha256, add);
  checkManifest(raw, sha256, add);
  checkObjects(raw, input.objects, sha256, add);

  const parsed = DossierSchema.safeParse(raw);
  if (!parsed.success) {
    add('dossier_malformed', 'dossier.json', `档案结构不符：${parsed.error.issues[0]?.message ?? ''}`);
  } else {
    checkHtml(parsed.data, input.html, add);
  }
  if (input.stored && raw.case && canonicalJson(settled(input.stored)) !== canonicalJson(settled(raw.case))) {
    add('case_differs_from_table', 'case', '档案中的工单与工单表中的当前记录不一致');
  }
  return found;
}

type Add = (code: MismatchCode, where: string, message: string) => void;

/**
 * The case as it must still stand in the table: all of it but the notices' delivery record and the
 * version its writes bump. A receipt (状态报告) may come after the close, or a notice queued by the
 * last completion may be sent after a prompt close, and each moves its notice on the live item
 * (issue 11); the dossier keeps what was decided, which nothing may change.
 */
function settled(kase: unknown): unknown {
  if (typeof kase !== 'object' || kase === null) return kase;
  const { notices: _notices, version: _version, ...decided } = kase as Record<string, unknown>;
  return withoutAfterClose(decided);
}

/**
 * Without what a closed case may still gain: 行政复议 / 行政诉讼 recorded on a closed disclosure
 * request (record_review: its history entries and `disclosure.reviews`). Each is archived in a
 * further dossier (`dossier.v<version>.json`), so the first dossier is checked against the table
 * for what was decided at the close: the table's history must be the dossier's with nothing but
 * such entries after it.
 */
function withoutAfterClose(kase: Record<string, unknown>): Record<string, unknown> {
  const history = Array.isArray(kase.history)
    ? (kase.history as HistoryEntry[]).filter((h) => !AFTER_CLOSE_ACTIONS.has(String(h?.action)))
    : kase.history;
  const disclosure = kase.disclosure as Record<string, unknown> | undefined;
  if (disclosure && typeof disclosure === 'object') {
    const { reviews: _reviews, ...rest } = disclosure;
    return { ...kase, history, disclosure: rest };
  }
  return { ...kase, history };
}

function safeKeys(caseId: string, closedAt: string): { json: string } | undefined {
  return Number.isNaN(Date.parse(closedAt)) ? undefined : dossierKeys(caseId, closedAt);
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

function checkHtml(dossier: Dossier, html: Uint8Array | undefined, add: Add): void {
  if (!html) {
    add('html_missing', 'dossier.html', '未找到 dossier.html');
    return;
  }
  if (!sameBytes(html, utf8.encode(renderDossierHtml(dossier)))) {
    add('html_mismatch', 'dossier.html', 'dossier.html 不是 dossier.json 的渲染结果（页面被改动）');
  }
}
