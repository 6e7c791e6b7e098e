import { createHmac, timingSafeEqual } from 'node:crypto';
import { feedbackTokenKey } from './feedback-token.js';

// 补正 tokens: the credential in the correction-request notice that lets the citizen answer the
// handler's question on the status page without an account. Made with the feedback-token key (the
// same holders, the same lifetime), under a label of their own so neither can pass for the other.

export { feedbackTokenKey as correctionTokenKey };

function message(caseId: string, requestedAt: string): string {
  return `correction:v1:${caseId}:${requestedAt}`;
}

/**
 * The token for the correction request made at `requestedAt`: a later request gets another.
 *
 * @example correctionToken('c-1', '2026-12-03T08:00:00.000Z', key) // 43 base64url characters
 */
export function correctionToken(caseId: string, requestedAt: string, key: string): string {
  return createHmac('sha256', key).update(message(caseId, requestedAt)).digest('base64url');
}

/** Does `token` belong to this correction request? Compared in constant time. */
export function verifyCorrectionToken(
  token: string,
  caseId: string,
  requestedAt: string,
  key: string,
): boolean {
  const expected = Buffer.from(correctionToken(caseId, requestedAt, key), 'utf8');
  const given = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
