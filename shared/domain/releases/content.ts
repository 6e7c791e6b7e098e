// What a release publishes, and the document frozen in the archive: fixed when the release is
// submitted, so the publisher approves exactly the bytes that are stored.
import { canonicalJson } from '../dossier/canonical-json.js';
import type { MonthFigures } from '../metrics/disclosure.js';
import type { HeadlineRate } from '../metrics/rates.js';
import type { Person, Release, ReleaseKind } from './release.js';
import type { TypicalCase } from './typical-case.js';

export type ReleaseContent =
  | {
      readonly kind: 'monthly_figures';
      /** What `buildDisclosure` gives for the month (the public disclosure route serves it live). */
      readonly figures: MonthFigures;
      readonly targets: Readonly<Record<HeadlineRate, number>>;
    }
  | { readonly kind: 'typical_cases'; readonly cases: readonly TypicalCase[] };

/** Bumped when the document's shape changes; a verifier reads it first. */
export const RELEASE_DOCUMENT_FORMAT = 'hotline12345.release/1';

/** The frozen document: everything the public may read, nothing that changes after submit. */
export interface ReleaseDocument {
  readonly format: typeof RELEASE_DOCUMENT_FORMAT;
  readonly releaseId: string;
  readonly kind: ReleaseKind;
  readonly period: string;
  readonly dueOn: string;
  readonly responsible: Person;
  readonly corrects?: string;
  readonly content: ReleaseContent;
}

/** The archive key of a release's frozen document. */
export function releaseObjectKey(releaseId: string): string {
  return `releases/${releaseId}.json`;
}

/**
 * The document of a submitted release (it has content and a responsible person by then). Who
 * publishes and when is kept on the item, not in the document, so a publish retried after a
 * failure writes the very same bytes.
 */
export function releaseDocument(release: Release): ReleaseDocument {
  if (!release.content || !release.responsible) {
    throw new Error(`release ${release.releaseId} has no content or responsible person yet`);
  }
  return {
    format: RELEASE_DOCUMENT_FORMAT,
    releaseId: release.releaseId,
    kind: release.kind,
    period: release.period,
    dueOn: release.dueOn,
    responsible: release.responsible,
    ...(release.corrects ? { corrects: release.corrects } : {}),
    content: release.content,
  };
}

const utf8 = new TextEncoder();

/**
 * The stored bytes: canonical JSON (RFC 8785 for these values), so anyone can hash it again.
 *
 * @example
 * sha256Hex(encodeReleaseDocument(releaseDocument(release))) === release.frozen.sha256
 */
export function encodeReleaseDocument(document: ReleaseDocument): Uint8Array {
  return utf8.encode(canonicalJson(document));
}
