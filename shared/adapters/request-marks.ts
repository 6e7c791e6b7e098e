import { createHmac } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** One request seen: written once, and compared by its body's hash when the same key comes again. */
export interface RequestMark {
  /** `NONCE#…` or `IDEMPOTENCY#…`: each channel's grant allows its own prefix only. */
  readonly pk: string;
  /** The body's keyed hash (`bodyHashOf`): equal for a retry, different for another request. */
  readonly bodyHash: string;
  /** From then on the mark no longer counts, and DynamoDB deletes it (TTL). */
  readonly expiresAt: Date;
  /** What a retry of the same body is to be answered with (the first tracking number). */
  readonly details?: Readonly<Record<string, string>>;
}

/** first: nobody sent this key before; same-body: a retry; other-body: the key reused for another. */
export type MarkOutcome =
  | { readonly kind: 'first' }
  | { readonly kind: 'same-body'; readonly details: Readonly<Record<string, string>> }
  | { readonly kind: 'other-body' };

/**
 * A body's hash as a mark keeps it: HMAC-SHA256 under the contact-hash key, so a mark of a body
 * holding a phone number or an openid reveals nothing to whoever reads the table.
 *
 * @example bodyHashOf(event.rawBody, await contactHashKey())
 */
export function bodyHashOf(body: string, key: string): string {
  return createHmac('sha256', key).update(body, 'utf8').digest('base64url');
}

/** Epoch seconds, as DynamoDB's TTL reads them (and the marks' conditions compare). */
export function epochSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}

/**
 * The channels' marks table: one conditional put per request, no read before it. A refused put
 * returns the mark already there (ReturnValuesOnConditionCheckFailure), so a retry costs one write
 * and the function needs no read right. A mark past its `expiresAt` that DynamoDB has not deleted
 * yet (TTL runs within days, not on the second) is overwritten as if absent.
 *
 * @example
 * const outcome = await requestMarks().markOnce({ pk: `NONCE#${ts}#${nonce}`, bodyHash, expiresAt }, now);
 */
export class DynamoRequestMarks {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async markOnce(mark: RequestMark, now: Date): Promise<MarkOutcome> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: mark.pk,
            sk: 'MARK',
            bodyHash: mark.bodyHash,
            expiresAt: epochSeconds(mark.expiresAt),
            ...(mark.details ? { details: { ...mark.details } } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': epochSeconds(now) },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'first' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The condition failed, so a live mark was there; without its image we cannot tell a retry.
      if (!error.Item) throw new Error(`the mark ${mark.pk} exists but was not returned`, { cause: error });
      const existing = unmarshall(error.Item);
      if (existing.bodyHash !== mark.bodyHash) return { kind: 'other-body' };
      return { kind: 'same-body', details: (existing.details ?? {}) as Record<string, string> };
    }
  }
}
