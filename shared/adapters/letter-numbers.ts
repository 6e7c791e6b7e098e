import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

// 文号 of the 答复书: a running number per body and year, kept in the directory table (no stream: a
// number drawn is no event of a case). `LETTERNO#<departmentId>#<year>` holds the counter (`COUNTER`)
// and, beside it, the number each case's draft revision was given (`CASE#<caseId>#<revision>`), so
// a retried approval of the same draft reuses its number instead of drawing another.

export interface LetterNumberRequest {
  readonly departmentId: string;
  readonly year: number;
  readonly caseId: string;
  /** The draft's revision: a redraft after a rejection is a new letter and gets a new number. */
  readonly revision: number;
}

/** The port the disclosure desk draws a 文号 through. */
export interface LetterNumbers {
  allocate(request: LetterNumberRequest): Promise<number>;
}

const partition = (r: LetterNumberRequest) => `LETTERNO#${r.departmentId}#${r.year}`;
const marker = (r: LetterNumberRequest) => `CASE#${r.caseId}#${r.revision}`;

/**
 * The number is the counter's `ADD 1` (one conditional-free atomic update), then written on the
 * case's marker with `attribute_not_exists`. Two approvals of the same draft racing both draw; the
 * loser reads the winner's marker and uses that number, so the case has one 文号 and the body's
 * sequence has a gap — acceptable (a 文号 need only be unique, and the gap is rare and harmless),
 * and cheaper than a transaction (DESIGN §3: none).
 *
 * @example
 * const n = await numbers.allocate({ departmentId: 'gov-office', year: 2026, caseId, revision: 1 }); // 17
 */
export class DynamoLetterNumbers implements LetterNumbers {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async allocate(request: LetterNumberRequest): Promise<number> {
    const key = { pk: partition(request), sk: marker(request) };
    const existing = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
    );
    if (typeof existing.Item?.letterNo === 'number') return existing.Item.letterNo;
    const drawn = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: partition(request), sk: 'COUNTER' },
        UpdateExpression: 'ADD #n :one',
        ExpressionAttributeNames: { '#n': 'next' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const letterNo = Number(drawn.Attributes?.next);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, letterNo, caseId: request.caseId, revision: request.revision },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return letterNo;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const winner = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      );
      if (typeof winner.Item?.letterNo !== 'number') throw error;
      return winner.Item.letterNo;
    }
  }
}
