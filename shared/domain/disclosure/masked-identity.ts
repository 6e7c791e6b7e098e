import type { IdentityDocumentKind } from './identity-numbers.js';

// How a kept identity number is shown. Apart from protected-identity.ts (which hashes with
// node:crypto) so the staff console can import it: one table of lengths for server and browser.

/** The number's kind, its keyed hash (hex) and its last four characters: never the number. */
export interface ProtectedIdentity {
  readonly kind: IdentityDocumentKind | 'credit_code';
  readonly hash: string;
  readonly last4: string;
}

/** How many characters a masked number shows (stars + last four): the usual length of each kind. */
export const MASKED_IDENTITY_LENGTHS: Readonly<Record<ProtectedIdentity['kind'], number>> = {
  resident_id_card: 18,
  credit_code: 18,
  hk_macao_permit: 9,
  taiwan_permit: 8,
  passport: 9,
  foreign_permanent_residence: 15,
};

/**
 * The display form of a kept number: as many stars as the hidden characters, then the last four.
 * Only the last four are known, so only they can be shown (a number's region or birth date would
 * narrow down who the applicant is). Takes the kind as stored (a string: the console reads it from
 * the case); a kind outside the table shows four stars.
 *
 * @example
 * maskIdentity({ kind: 'resident_id_card', last4: '002X' }) // '**************002X'
 */
export function maskIdentity(kept: { readonly kind: string; readonly last4: string }): string {
  const length = (MASKED_IDENTITY_LENGTHS as Readonly<Record<string, number>>)[kept.kind];
  return `${'*'.repeat(length === undefined ? 4 : Math.max(length - kept.last4.length, 0))}${kept.last4}`;
}
