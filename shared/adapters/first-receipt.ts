// An Idempotency-Key bound to its first body and receipt time: the web form's and the disclosure
// office's staff entry (来信来访) share it, so a retry is answered alike on both.
import type { Channel } from '../domain/appeal.js';
import { deriveCaseId, deriveTrackingNo } from '../domain/index.js';
import { HttpError } from '../http/errors.js';
import { bodyHashOf, type MarkOutcome, type RequestMark } from './request-marks.js';

/** How long a key stays bound to its body: a client's retries come within minutes, at most a day. */
const IDEMPOTENCY_TTL_MS = 2 * 24 * 3600_000;

/**
 * What a keyed submission's case id is derived from: the Idempotency-Key and its body's hash, so a
 * retry lands on the same case and the same key with another body (even after its mark expired) on
 * another, never on the first one's.
 */
export function caseKeyOf(idempotencyKey: string, bodyHash: string): string {
  return `${idempotencyKey}#${bodyHash}`;
}

export interface FirstReceiptInput {
  readonly channel: Channel;
  /** The mark's key (`IDEMPOTENCY#…`: the grant allows that prefix only). */
  readonly markPk: string;
  readonly idempotencyKey: string;
  readonly rawBody: string;
  readonly hashKey: string;
  readonly now: Date;
}

/**
 * The key marked once with its body's keyed hash (never the body): the same body again is a retry
 * and gets the first receipt time, so the same tracking number (even across midnight in Shanghai);
 * another body under the key is refused 422 `idempotency_key_reused`, so neither submission is
 * dropped or answered with the other's number.
 *
 * @example
 * const { caseKey, receivedAt } = await firstReceipt(requestMarks(), { channel: 'webform', markPk: `IDEMPOTENCY#${key}`, … });
 */
export async function firstReceipt(
  marks: { markOnce(mark: RequestMark, now: Date): Promise<MarkOutcome> },
  input: FirstReceiptInput,
): Promise<{ caseKey: string; receivedAt: Date }> {
  const { now } = input;
  const bodyHash = bodyHashOf(input.rawBody, input.hashKey);
  const caseKey = caseKeyOf(input.idempotencyKey, bodyHash);
  const outcome = await marks.markOnce(
    {
      pk: input.markPk,
      bodyHash,
      expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      details: {
        // For whoever reads the table; a retry derives it again from receivedAt.
        trackingNo: deriveTrackingNo(deriveCaseId(input.channel, caseKey), now),
        receivedAt: now.toISOString(),
      },
    },
    now,
  );
  if (outcome.kind === 'other-body') {
    throw new HttpError(
      422,
      'idempotency_key_reused',
      '该 Idempotency-Key 已用于另一份不同的提交；新的提交请使用新的 Idempotency-Key',
    );
  }
  const first = outcome.kind === 'same-body' ? outcome.details.receivedAt : undefined;
  return { caseKey, receivedAt: first && !Number.isNaN(Date.parse(first)) ? new Date(first) : now };
}
