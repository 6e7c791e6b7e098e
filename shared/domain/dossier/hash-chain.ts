import type { HistoryEntry } from '../case.js';
import { canonicalJson } from './canonical-json.js';

/**
 * SHA-256 of some bytes, as 64 lowercase hex digits. Passed in by the adapter (node:crypto), so the
 * core stays free of crypto imports and the tests can count or fake the calls.
 */
export type Sha256 = (bytes: Uint8Array) => string;

const utf8 = new TextEncoder();

/** The SHA-256 of a value's canonical JSON (UTF-8). */
export function hashOf(value: unknown, sha256: Sha256): string {
  return sha256(utf8.encode(canonicalJson(value)));
}

/**
 * What the first history entry is chained to: the case's own id, so a chain cannot be lifted from
 * one case's dossier into another's.
 */
export function chainOrigin(caseId: string, sha256: Sha256): string {
  return hashOf({ caseId }, sha256);
}

/** One link: the entry hashed together with the hash before it. */
export function linkHash(previous: string, entry: HistoryEntry, sha256: Sha256): string {
  return hashOf({ entry, previous }, sha256);
}

/**
 * The hash chain over a case's history: element i covers entry i and, through element i − 1, every
 * entry before it. Changing, removing or reordering any entry changes its link and every later one.
 *
 * @example
 * const links = historyChain(kase.caseId, kase.history, sha256);
 * links.at(-1); // the head, which the manifest hash is chained to
 */
export function historyChain(caseId: string, history: readonly HistoryEntry[], sha256: Sha256): string[] {
  const links: string[] = [];
  let previous = chainOrigin(caseId, sha256);
  for (const entry of history) {
    previous = linkHash(previous, entry, sha256);
    links.push(previous);
  }
  return links;
}
