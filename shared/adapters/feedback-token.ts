import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Case } from '../domain/index.js';
import { type SecretRef, secretString } from './secrets.js';

// 回访 feedback tokens: the one-time credential in the completion notice that lets a citizen rate
// their case without an account.

/**
 * A key of its own, not derived from the contact-hash key: that key can never rotate (every stored
 * caller hash depends on it), while this one may, at the cost of the links still open (at most the
 * follow-up window). And the feedback function then holds no key that could hash phone numbers.
 */
export const FEEDBACK_TOKEN_KEY: SecretRef = {
  localEnv: 'FEEDBACK_TOKEN_KEY',
  arnEnv: 'FEEDBACK_TOKEN_SECRET_ARN',
};

export function feedbackTokenKey(): Promise<string> {
  return secretString(FEEDBACK_TOKEN_KEY);
}

/** Versioned and labelled, so a token can never be mistaken for another HMAC made with the key. */
function message(kase: Pick<Case, 'caseId' | 'completedAt'>): string {
  return `feedback:v1:${kase.caseId}:${kase.completedAt}`;
}

/**
 * The token for a completed case: bound to the case and to its completion, so a token from before
 * a reopen does not verify once the case is completed again. One-time because the case takes one
 * rating (the core refuses a second: already_rated), not because the token is remembered.
 *
 * @example
 * const token = feedbackToken(kase, await feedbackTokenKey()); // 43 base64url characters
 */
export function feedbackToken(kase: Pick<Case, 'caseId' | 'completedAt'>, key: string): string {
  if (!kase.completedAt) throw new Error(`case ${kase.caseId} is not completed: no feedback token`);
  return createHmac('sha256', key).update(message(kase)).digest('base64url');
}

/** Does `token` belong to this case's current completion? Compared in constant time. */
export function verifyFeedbackToken(
  token: string,
  kase: Pick<Case, 'caseId' | 'completedAt'>,
  key: string,
): boolean {
  if (!kase.completedAt) return false;
  const expected = Buffer.from(feedbackToken(kase, key), 'utf8');
  const given = Buffer.from(token, 'utf8');
  // The length is no secret (every token has 43 characters); only equal lengths can be compared.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
