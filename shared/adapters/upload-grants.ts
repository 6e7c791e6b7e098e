import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds } from './request-marks.js';

// The marks of photo upload grants, in the request-marks table under `UPLOAD#<key>`: create-upload
// writes one per grant, the web form claims it for the one submission that references the key.

/** What a grant was for, kept with its mark (for whoever reads the table). */
export interface UploadGrant {
  readonly key: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  /** From then on the grant no longer counts, and DynamoDB deletes the mark (TTL). */
  readonly expiresAt: Date;
}

/**
 * claimed: the key was granted and is now (or already was) this owner's, with the SHA-256 its grant
 * signed; refused: never granted, expired, or another submission's.
 */
export type ClaimOutcome =
  | { readonly kind: 'claimed'; readonly sha256: string }
  | { readonly kind: 'refused' };

const pkOf = (key: string) => `UPLOAD#${key}`;

/**
 * One conditional write per step, no read: `grant` puts a new mark (a key is a fresh UUID, so it is
 * never there before), `claim` sets its owner only if the mark exists, has not expired and has no
 * other owner, so a key that was never granted, or is already another submission's, is refused.
 *
 * @example
 * await uploadGrants().grant({ key, contentType, size, sha256, expiresAt });
 * await uploadGrants().claim(key, appeal.caseId, now); // { kind: 'claimed', sha256 } | { kind: 'refused' }
 */
export class DynamoUploadGrants {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async grant(grant: UploadGrant): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: pkOf(grant.key),
          sk: 'MARK',
          contentType: grant.contentType,
          size: grant.size,
          sha256: grant.sha256,
          expiresAt: epochSeconds(grant.expiresAt),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** Claims `key` for `owner` (a case id): again for the same owner is a retry and succeeds. */
  async claim(key: string, owner: string, now: Date): Promise<ClaimOutcome> {
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pkOf(key), sk: 'MARK' },
          UpdateExpression: 'SET claimedBy = :owner',
          ConditionExpression:
            'attribute_exists(pk) AND expiresAt > :now AND (attribute_not_exists(claimedBy) OR claimedBy = :owner)',
          ExpressionAttributeValues: { ':owner': owner, ':now': epochSeconds(now) },
          // The grant's checksum comes back with the write: the function needs no read right.
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { kind: 'claimed', sha256: String(out.Attributes?.sha256 ?? '') };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { kind: 'refused' };
      throw error;
    }
  }

  /** Gives a claim back (the submission was refused after all): only `owner`'s own claim. */
  async release(key: string, owner: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: pkOf(key), sk: 'MARK' },
          UpdateExpression: 'REMOVE claimedBy',
          ConditionExpression: 'claimedBy = :owner',
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
