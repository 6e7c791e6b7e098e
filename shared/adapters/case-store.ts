import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Case } from '../domain/index.js';
import { fromItem, toItem } from './case-item.js';

/** `exists` carries the stored case, so a caller can tell a true duplicate from a clash. */
export type CreateResult = { outcome: 'created' } | { outcome: 'exists'; existing: Case | undefined };

/** The port through which the core's cases are kept. */
export interface CaseStore {
  /** Puts a new case unless one with its id exists; a retried appeal therefore changes nothing. */
  create(kase: Case): Promise<CreateResult>;
  getById(caseId: string): Promise<Case | undefined>;
  getByTrackingNo(trackingNo: string): Promise<Case | undefined>;
}

export class DynamoCaseStore implements CaseStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(kase: Case): Promise<CreateResult> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(kase),
          ConditionExpression: 'attribute_not_exists(pk)',
          // The losing write learns what won, without a second read.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { outcome: 'created' };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        return {
          outcome: 'exists',
          existing: error.Item ? fromItem(unmarshall(error.Item as never)) : undefined,
        };
      }
      throw error;
    }
  }

  async getById(caseId: string): Promise<Case | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `CASE#${caseId}`, sk: 'CASE' },
        ConsistentRead: true,
      }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async getByTrackingNo(trackingNo: string): Promise<Case | undefined> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'by-tracking-no',
        KeyConditionExpression: 'trackingNo = :t',
        ExpressionAttributeValues: { ':t': trackingNo },
        Limit: 2,
      }),
    );
    const first = Items?.[0];
    return first ? fromItem(first) : undefined;
  }
}
