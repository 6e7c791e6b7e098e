import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { SenderLimitPolicy } from './config.js';

// Appeals per sender (a flood from one sender): one counter item per sender and Shanghai calendar
// day in the request-marks table, `SENDER#<channel>#<senderHash>#<YYYY-MM-DD>` / `SENDER`, changed
// by one conditional update per appeal and deleted by TTL after the day. The sender is the keyed
// contact hash the appeal already carries (never the clear openid or number). The item holds:
//   n        appeals admitted that day;
//   w<k>     appeals admitted in the day's k-th window (k = minutes since midnight / window length);
//   ids      the appeals admitted (their case ids), so a channel's retry of an admitted appeal (the
//            same WeChat MsgId, hence the same case id) is let through again and not counted twice.
// A refused appeal is not recorded: its retry is refused too, with the same reply. Windows are fixed
// (on the clock), so a sender may file up to twice the window's limit across a window's edge; the
// day's limit bounds the rest.

/** The channels whose senders are counted, by the channel's own name. */
export type SenderChannel = 'wechat' | 'webform';

export type Admission =
  /** Counted: under both limits. */
  | { readonly kind: 'admitted' }
  /** Admitted before (the same appeal again): not counted again. */
  | { readonly kind: 'repeat' }
  /** Over a limit: not counted, not to be queued. `until` is when the limit that refused it resets. */
  | { readonly kind: 'limited'; readonly limit: 'window' | 'day'; readonly until: Date };

export interface SenderLimit {
  /**
   * Counts `appealId` for the sender, unless a limit is reached.
   *
   * @example
   * const admission = await senderLimit().admit('wechat', appeal.contact.openIdHash, appeal.caseId, now);
   */
  admit(channel: SenderChannel, senderHash: string, appealId: string, now: Date): Promise<Admission>;
}

/** Asia/Shanghai has no daylight saving time: its wall clock is UTC+8 all year. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
/** An item outlives its day by this much before TTL may delete it (clock skew, late retries). */
const TTL_GRACE_MS = 3600_000;

/** The Shanghai calendar day `now` falls in, its start (epoch ms) and the window's index in it. */
export function senderWindowOf(
  now: Date,
  windowMinutes: number,
): { day: string; dayStart: number; window: number; windowEnd: number } {
  const local = now.getTime() + SHANGHAI_OFFSET_MS;
  const sinceMidnight = ((local % DAY_MS) + DAY_MS) % DAY_MS;
  const dayStart = now.getTime() - sinceMidnight;
  const windowMs = windowMinutes * 60_000;
  const window = Math.floor(sinceMidnight / windowMs);
  return {
    day: new Date(local).toISOString().slice(0, 10),
    dayStart,
    window,
    windowEnd: dayStart + (window + 1) * windowMs,
  };
}

export function senderKeyOf(
  channel: SenderChannel,
  senderHash: string,
  day: string,
): { pk: string; sk: string } {
  return { pk: `SENDER#${channel}#${senderHash}#${day}`, sk: 'SENDER' };
}

/**
 * The counter as a single conditional update: no read first, and a refusal returns the item
 * (ReturnValuesOnConditionCheckFailure) to tell a repeat from a limit, so the grant is UpdateItem
 * under `SENDER#` only.
 *
 * @example
 * const limit = new DynamoSenderLimit(documentClient(), 'request-marks', senderLimitPolicy());
 */
export class DynamoSenderLimit implements SenderLimit {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly policy: SenderLimitPolicy,
  ) {}

  async admit(channel: SenderChannel, senderHash: string, appealId: string, now: Date): Promise<Admission> {
    const { day, dayStart, window, windowEnd } = senderWindowOf(now, this.policy.windowMinutes);
    const windowCount = `w${window}`;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: senderKeyOf(channel, senderHash, day),
          UpdateExpression: 'ADD #ids :idSet, #n :one, #w :one SET #expiresAt = :expiresAt',
          ConditionExpression:
            'NOT contains(#ids, :id) AND (attribute_not_exists(#n) OR #n < :perDay) AND ' +
            '(attribute_not_exists(#w) OR #w < :perWindow)',
          ExpressionAttributeNames: {
            '#ids': 'ids',
            '#n': 'n',
            '#w': windowCount,
            '#expiresAt': 'expiresAt',
          },
          ExpressionAttributeValues: {
            ':idSet': new Set([appealId]),
            ':id': appealId,
            ':one': 1,
            ':perDay': this.policy.perDay,
            ':perWindow': this.policy.perWindow,
            ':expiresAt': Math.ceil((dayStart + DAY_MS + TTL_GRACE_MS) / 1000),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { kind: 'admitted' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The condition failed, so the item is there; without its image a repeat cannot be told.
      if (!error.Item)
        throw new Error(`the sender count of ${day} exists but was not returned`, { cause: error });
      const existing = unmarshall(error.Item);
      const ids = existing.ids instanceof Set ? (existing.ids as Set<string>) : new Set<string>();
      if (ids.has(appealId)) return { kind: 'repeat' };
      if (Number(existing.n ?? 0) >= this.policy.perDay) {
        return { kind: 'limited', limit: 'day', until: new Date(dayStart + DAY_MS) };
      }
      return { kind: 'limited', limit: 'window', until: new Date(windowEnd) };
    }
  }
}
