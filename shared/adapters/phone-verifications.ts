import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { senderWindowOf } from './sender-limit.js';

// 短信验证码: the web form's one-time phone codes, in the request-marks table under VERIFY# keys
// only, each changed by single-item conditional writes (no read right needed: a refusal returns the
// item). Three kinds of item, all deleted by TTL (`expiresAt`, epoch seconds):
//   VERIFY#CODE#<verificationId>       the code's keyed hash, the phone's keyed hash, the tries, and
//                                      the appeal that consumed it (single use);
//   VERIFY#NUM#<phoneHash>#<day>       codes sent to one number on one Shanghai day, and the last;
//   VERIFY#IP#<ipHash>#<day>           codes asked for from one source address, per hour and day.
// Never a code or a number in clear: the code is kept as an HMAC under the contact-hash key, bound
// to its verification id, so the table gives nothing to whoever reads it.

/** The limits; the defaults are what docs/channels.md states. */
export interface VerificationPolicy {
  /** How long a code stays good. */
  readonly ttlSeconds: number;
  /** Wrong codes a verification takes before it is spent. */
  readonly maxTries: number;
  /** Per number: one code per this many seconds, and so many a day. */
  readonly numberIntervalSeconds: number;
  readonly numberPerDay: number;
  /** Per source address: so many an hour and a day (a shared NAT still gets a fair share). */
  readonly sourcePerHour: number;
  readonly sourcePerDay: number;
}

export const DEFAULT_VERIFICATION_POLICY: VerificationPolicy = {
  ttlSeconds: 300,
  maxTries: 5,
  numberIntervalSeconds: 60,
  numberPerDay: 5,
  sourcePerHour: 10,
  sourcePerDay: 30,
};

/** May a code be sent now? `retryAfterSeconds` when not. */
export type SendAdmission =
  | { readonly kind: 'admitted' }
  | { readonly kind: 'limited'; readonly by: 'number' | 'source'; readonly retryAfterSeconds: number };

/** What a code given with an appeal comes to. */
export type CodeCheck =
  | { readonly kind: 'verified' }
  /** Wrong code (or another phone's verification): `triesLeft` more may be tried. */
  | { readonly kind: 'invalid'; readonly triesLeft: number }
  /** Unknown, expired, spent by wrong tries, or used by another appeal: a new code is needed. */
  | { readonly kind: 'expired' };

export interface PhoneVerifications {
  admitSend(phoneHash: string, sourceHash: string, now: Date): Promise<SendAdmission>;
  create(verificationId: string, phoneHash: string, code: string, now: Date): Promise<void>;
  /** Checks `code` for the phone and consumes the verification for `appealId` (its retries pass too). */
  check(
    verificationId: string,
    phoneHash: string,
    code: string,
    appealId: string,
    now: Date,
  ): Promise<CodeCheck>;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The code as stored: labelled and bound to its verification, so no other HMAC under the key matches. */
export function codeHashOf(verificationId: string, code: string, key: string): string {
  return createHmac('sha256', key)
    .update(`verification:v1:${verificationId}:${code}`, 'utf8')
    .digest('base64url');
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * @example
 * const verifications = new DynamoPhoneVerifications(documentClient(), 'request-marks', await contactHashKey());
 */
export class DynamoPhoneVerifications implements PhoneVerifications {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly key: string,
    private readonly policy: VerificationPolicy = DEFAULT_VERIFICATION_POLICY,
  ) {}

  /** The source first: a flooding client must not spend a number's allowance (its owner's codes). */
  async admitSend(phoneHash: string, sourceHash: string, now: Date): Promise<SendAdmission> {
    const source = await this.countSource(sourceHash, now);
    if (source) return source;
    return (await this.countNumber(phoneHash, now)) ?? { kind: 'admitted' };
  }

  async create(verificationId: string, phoneHash: string, code: string, now: Date): Promise<void> {
    const expiresAtMs = now.getTime() + this.policy.ttlSeconds * 1000;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `VERIFY#CODE#${verificationId}`,
          sk: 'VERIFY',
          phoneHash,
          codeHash: codeHashOf(verificationId, code, this.key),
          tries: 0,
          expiresAtMs,
          // Kept a day after it expires, so a late retry of the appeal that used it is still told apart.
          expiresAt: Math.ceil((expiresAtMs + DAY_MS) / 1000),
        },
        // 128 random bits never collide; the condition makes sure no code is ever replaced.
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async check(
    verificationId: string,
    phoneHash: string,
    code: string,
    appealId: string,
    now: Date,
  ): Promise<CodeCheck> {
    const key = { pk: `VERIFY#CODE#${verificationId}`, sk: 'VERIFY' };
    let item: Record<string, unknown>;
    try {
      // The try is counted before the code is compared, so parallel guesses cannot outrun the limit.
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'ADD tries :one',
          ConditionExpression:
            'attribute_exists(pk) AND phoneHash = :phone AND expiresAtMs > :now AND tries < :max AND ' +
            '(attribute_not_exists(consumedBy) OR consumedBy = :appeal)',
          ExpressionAttributeValues: {
            ':one': 1,
            ':phone': phoneHash,
            ':now': now.getTime(),
            ':max': this.policy.maxTries,
            ':appeal': appealId,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      item = out.Attributes ?? {};
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const old = error.Item ? unmarshall(error.Item) : undefined;
      // Another phone's verification can never match this phone: a wrong code, not a spent one.
      if (old && old.phoneHash !== phoneHash) return { kind: 'invalid', triesLeft: 0 };
      return { kind: 'expired' };
    }
    const tries = Number(item.tries);
    if (!sameHash(String(item.codeHash), codeHashOf(verificationId, code, this.key))) {
      return { kind: 'invalid', triesLeft: Math.max(0, this.policy.maxTries - tries) };
    }
    try {
      // Single use: the first appeal to claim it keeps it; that appeal's retries pass, no other.
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET consumedBy = :appeal',
          ConditionExpression: 'attribute_not_exists(consumedBy) OR consumedBy = :appeal',
          ExpressionAttributeValues: { ':appeal': appealId },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { kind: 'expired' };
      throw error;
    }
    return { kind: 'verified' };
  }

  private async countNumber(phoneHash: string, now: Date): Promise<SendAdmission | undefined> {
    const { day, dayStart } = senderWindowOf(now, 60);
    const t = now.getTime();
    const intervalMs = this.policy.numberIntervalSeconds * 1000;
    const old = await this.countOnce({
      TableName: this.tableName,
      Key: { pk: `VERIFY#NUM#${phoneHash}#${day}`, sk: 'VERIFY' },
      UpdateExpression: 'ADD n :one SET lastAt = :now, expiresAt = :ttl',
      ConditionExpression:
        '(attribute_not_exists(n) OR n < :perDay) AND (attribute_not_exists(lastAt) OR lastAt <= :since)',
      ExpressionAttributeValues: {
        ':one': 1,
        ':now': t,
        ':since': t - intervalMs,
        ':perDay': this.policy.numberPerDay,
        ':ttl': Math.ceil((dayStart + DAY_MS + HOUR_MS) / 1000),
      },
    });
    if (!old) return undefined;
    const untilMs =
      Number(old.n) >= this.policy.numberPerDay ? dayStart + DAY_MS : Number(old.lastAt) + intervalMs;
    return { kind: 'limited', by: 'number', retryAfterSeconds: secondsUntil(untilMs, t) };
  }

  private async countSource(sourceHash: string, now: Date): Promise<SendAdmission | undefined> {
    const { day, dayStart, window, windowEnd } = senderWindowOf(now, 60);
    const t = now.getTime();
    const old = await this.countOnce({
      TableName: this.tableName,
      Key: { pk: `VERIFY#IP#${sourceHash}#${day}`, sk: 'VERIFY' },
      UpdateExpression: 'ADD n :one, #h :one SET expiresAt = :ttl',
      ConditionExpression:
        '(attribute_not_exists(n) OR n < :perDay) AND (attribute_not_exists(#h) OR #h < :perHour)',
      ExpressionAttributeNames: { '#h': `h${window}` },
      ExpressionAttributeValues: {
        ':one': 1,
        ':perDay': this.policy.sourcePerDay,
        ':perHour': this.policy.sourcePerHour,
        ':ttl': Math.ceil((dayStart + DAY_MS + HOUR_MS) / 1000),
      },
    });
    if (!old) return undefined;
    const untilMs = Number(old.n) >= this.policy.sourcePerDay ? dayStart + DAY_MS : windowEnd;
    return { kind: 'limited', by: 'source', retryAfterSeconds: secondsUntil(untilMs, t) };
  }

  /** One conditional count: undefined when counted, else the item as it was (the limit reached). */
  private async countOnce(
    input: ConstructorParameters<typeof UpdateCommand>[0],
  ): Promise<Record<string, unknown> | undefined> {
    try {
      await this.client.send(new UpdateCommand({ ...input, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
      return undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (!error.Item) throw new Error('a verification count refused without its item', { cause: error });
      return unmarshall(error.Item);
    }
  }
}

function secondsUntil(untilMs: number, t: number): number {
  return Math.max(1, Math.ceil((untilMs - t) / 1000));
}
