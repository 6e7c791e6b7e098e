import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LookupGuessPolicy } from './config.js';

// The wrong `phoneLast4` answers a tracking number has taken: one counter item per number,
// `GUESS#<trackingNo>` / `GUESS` in the cases table, changed by single-item conditional updates only.
// The stream consumers ignore it (no `CASE#` or `CALL#` key, no `status`), and it carries the TTL
// attribute (`expiresAt`, epoch seconds), so DynamoDB deletes it once it means nothing. TTL deletes
// late (hours; DynamoDB Local never), so every condition reads `until` itself: a passed window is
// treated as absent whether or not its item is still there.

/** One attempt counted before its answer is known, so a burst of parallel guesses cannot outrun the count. */
export type Reservation =
  | { readonly kind: 'reserved'; readonly since: number; readonly misses: number }
  | { readonly kind: 'locked'; readonly until: number };

export type Reserved = Extract<Reservation, { kind: 'reserved' }>;

export type AfterMiss = { readonly locked: false } | { readonly locked: true; readonly until: number };

/**
 * The count, as the lookup uses it: reserve an attempt first (refused while the number is locked),
 * then either give it back (the digits were right) or keep it as a miss.
 */
export interface LookupGuesses {
  reserve(trackingNo: string, now: Date): Promise<Reservation>;
  /** The answer was right: its own attempt is given back. Never more: the count is not reset. */
  refund(trackingNo: string, reservation: Reserved): Promise<void>;
  /** The answer was wrong: the reservation stays as the miss; the last allowed one locks the number. */
  miss(trackingNo: string, reservation: Reserved, now: Date): Promise<AfterMiss>;
}

/** Two rounds of (continue, open, read) cover a window that opens or closes between two calls. */
const ROUNDS = 2;
/** When the rounds run out (a race each time), the number is refused for a moment: fail closed. */
const RACE_LOCK_MS = 1_000;

const NAMES = { '#misses': 'misses', '#since': 'since', '#until': 'until', '#expiresAt': 'expiresAt' };

/**
 * The item: `misses` (wrong answers and attempts still in flight), `since` (epoch ms the window
 * opened: the window's identity), `until` (epoch ms the count is forgotten: the window's end, moved
 * to the lock's end by the last allowed miss). The number is locked while `misses >= limit` and
 * `until` is ahead.
 *
 * @example
 * const guesses = new DynamoLookupGuesses(documentClient(), 'cases', lookupGuessPolicy());
 * const reservation = await guesses.reserve('261124-ABCD-EFGH', new Date());
 */
export class DynamoLookupGuesses implements LookupGuesses {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly policy: LookupGuessPolicy,
  ) {}

  async reserve(trackingNo: string, now: Date): Promise<Reservation> {
    const t = now.getTime();
    for (let round = 0; round < ROUNDS; round++) {
      const counted = await this.countInOpenWindow(trackingNo, t);
      if (counted) return counted;
      if (await this.openWindow(trackingNo, t)) return { kind: 'reserved', since: t, misses: 1 };
      // Both refused: the window is open with its attempts spent (locked), or it changed meanwhile.
      const current = await this.read(trackingNo);
      if (current && current.until > t && current.misses >= this.policy.limit)
        return { kind: 'locked', until: current.until };
    }
    return { kind: 'locked', until: t + RACE_LOCK_MS };
  }

  async refund(trackingNo: string, reservation: Reserved): Promise<void> {
    // Only in the window the attempt was counted in: a new window owes it nothing.
    await this.conditionally({
      TableName: this.tableName,
      Key: keyOf(trackingNo),
      UpdateExpression: 'ADD #misses :minusOne',
      ConditionExpression: '#since = :since AND #misses > :zero',
      ExpressionAttributeNames: pick('#misses', '#since'),
      ExpressionAttributeValues: { ':minusOne': -1, ':since': reservation.since, ':zero': 0 },
    });
  }

  async miss(trackingNo: string, reservation: Reserved, now: Date): Promise<AfterMiss> {
    if (reservation.misses < this.policy.limit) return { locked: false };
    const until = now.getTime() + this.policy.lockMinutes * 60_000;
    // The lock runs from this miss; it only ever moves the window's end later, in this window.
    await this.conditionally({
      TableName: this.tableName,
      Key: keyOf(trackingNo),
      UpdateExpression: 'SET #until = :until, #expiresAt = :expiresAt',
      ConditionExpression: '#since = :since AND #until < :until',
      ExpressionAttributeNames: pick('#since', '#until', '#expiresAt'),
      ExpressionAttributeValues: { ':since': reservation.since, ':until': until, ':expiresAt': ttlOf(until) },
    });
    return { locked: true, until };
  }

  /** One more attempt in an open window that has attempts left; undefined when there is none. */
  private async countInOpenWindow(trackingNo: string, t: number): Promise<Reserved | undefined> {
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keyOf(trackingNo),
          UpdateExpression: 'ADD #misses :one',
          ConditionExpression: '#until > :now AND #misses < :limit',
          ExpressionAttributeNames: pick('#misses', '#until'),
          ExpressionAttributeValues: { ':one': 1, ':now': t, ':limit': this.policy.limit },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return {
        kind: 'reserved',
        since: Number(out.Attributes?.since),
        misses: Number(out.Attributes?.misses),
      };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /** A new window with this attempt as its first, when there is none or the last one has passed. */
  private async openWindow(trackingNo: string, t: number): Promise<boolean> {
    const until = t + this.policy.windowMinutes * 60_000;
    return this.conditionally({
      TableName: this.tableName,
      Key: keyOf(trackingNo),
      UpdateExpression: 'SET #misses = :one, #since = :now, #until = :until, #expiresAt = :expiresAt',
      ConditionExpression: 'attribute_not_exists(pk) OR #until <= :now',
      ExpressionAttributeNames: NAMES,
      ExpressionAttributeValues: { ':one': 1, ':now': t, ':until': until, ':expiresAt': ttlOf(until) },
    });
  }

  private async read(trackingNo: string): Promise<{ misses: number; until: number } | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keyOf(trackingNo), ConsistentRead: true }),
    );
    return Item ? { misses: Number(Item.misses), until: Number(Item.until) } : undefined;
  }

  /** True when the update was made; false when its condition refused it. */
  private async conditionally(input: ConstructorParameters<typeof UpdateCommand>[0]): Promise<boolean> {
    try {
      await this.client.send(new UpdateCommand(input));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

export function keyOf(trackingNo: string): { pk: string; sk: string } {
  return { pk: `GUESS#${trackingNo}`, sk: 'GUESS' };
}

/** The TTL attribute: epoch seconds, as DynamoDB's TTL reads it. */
function ttlOf(untilMs: number): number {
  return Math.ceil(untilMs / 1000);
}

function pick(...names: (keyof typeof NAMES)[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, NAMES[n]]));
}
