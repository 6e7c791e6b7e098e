import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

/**
 * claimed: a sender took it and may or may not have sent it; sent: handed to the channel;
 * undeliverable: the channel (or the missing address) said no for good.
 */
export type NoticeState = 'claimed' | 'sent' | 'undeliverable';

/**
 * One mark per completion notice: `NOTICE#<caseId>` / `<completedAt>` in the cases table, so a
 * replayed stream record does not notify twice, and a re-completed case (after a reopen) gets a
 * notice of its own. The stream consumers ignore these items (no `CASE#` key, no `status`).
 *
 * At least once, on purpose. The mark is claimed before sending and settled after. A replay finds
 * `sent` or `undeliverable` and does nothing. A crash between claim and send leaves `claimed`, and
 * the retry sends (the claim succeeds again over `claimed`). A crash between send and settle also
 * leaves `claimed`, so that citizen gets the notice twice: the same text and the same token, for
 * the same completion, which is harmless, whereas a notice lost would cost them their rating.
 */
export interface NoticeMarks {
  /** True when the caller is to send; false when this completion's notice is settled already. */
  claim(caseId: string, completedAt: string, at: Date): Promise<boolean>;
  settle(
    caseId: string,
    completedAt: string,
    state: Exclude<NoticeState, 'claimed'>,
    details: { at: Date; via?: string; reason?: string },
  ): Promise<void>;
}

export class DynamoNoticeMarks implements NoticeMarks {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(caseId: string, completedAt: string, at: Date): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `NOTICE#${caseId}`,
            sk: completedAt,
            caseId,
            state: 'claimed',
            claimedAt: at.toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #state = :claimed',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':claimed': 'claimed' },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async settle(
    caseId: string,
    completedAt: string,
    state: Exclude<NoticeState, 'claimed'>,
    details: { at: Date; via?: string; reason?: string },
  ): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `NOTICE#${caseId}`,
          sk: completedAt,
          caseId,
          state,
          settledAt: details.at.toISOString(),
          ...(details.via ? { via: details.via } : {}),
          ...(details.reason ? { reason: details.reason } : {}),
        },
      }),
    );
  }
}
