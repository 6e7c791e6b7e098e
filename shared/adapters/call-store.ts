import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

/** `stale`: the table already holds this version of the call or a later one; nothing changed. */
export type CallPutOutcome = 'stored' | 'stale';

/** The port through which call records (`CALL#<callId>` items) are kept. */
export interface CallStore {
  put(item: Record<string, unknown>): Promise<CallPutOutcome>;
}

export class DynamoCallStore implements CallStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * The latest version wins: the put succeeds only over nothing or an older `recordedAt` (UTC ISO
   * strings, so string order is time order). A resend or an older version is a harmless no-op.
   */
  async put(item: Record<string, unknown>): Promise<CallPutOutcome> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk) OR recordedAt < :new',
          ExpressionAttributeValues: { ':new': item.recordedAt },
        }),
      );
      return 'stored';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'stale';
      throw error;
    }
  }
}
