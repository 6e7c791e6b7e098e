import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  type AggregateKey,
  type AggregateTable,
  type AppliedMark,
  type AppliedMarks,
  type Counters,
  dayAndValueOf,
  marksOfItem,
  type WriteOutcome,
} from '../domain/metrics/index.js';

export { metricsTableName } from './config.js';

interface Expression {
  add: string[];
  set: string[];
  remove: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
}

function withCounters(counters: Counters, mark: AppliedMark): Expression {
  const e: Expression = {
    add: [],
    set: [],
    remove: [],
    names: { '#bk': mark.bucket, '#b': mark.batch },
    values: { ':seq': mark.seq },
  };
  Object.entries(counters).forEach(([name, value], i) => {
    e.add.push(`#c${i} :c${i}`);
    e.names[`#c${i}`] = name;
    e.values[`:c${i}`] = value;
  });
  return e;
}

function updateExpression(e: Expression): string {
  return [
    e.add.length ? `ADD ${e.add.join(', ')}` : '',
    e.set.length ? `SET ${e.set.join(', ')}` : '',
    e.remove.length ? `REMOVE ${e.remove.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * The metrics table (METRICS_TABLE) as the stream projection writes it: every write one UpdateItem
 * with `ADD` and a condition on the batch's mark. A failed condition returns the item as it was
 * (ReturnValuesOnConditionCheckFailure), so a retry usually needs no read of its own.
 */
export class DynamoAggregateTable implements AggregateTable {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  addIfUnmarked(key: AggregateKey, counters: Counters, mark: AppliedMark): Promise<WriteOutcome> {
    const e = withCounters(counters, mark);
    e.set.push('#bk.#b = :seq');
    return this.update(key, e, 'attribute_exists(#bk) AND attribute_not_exists(#bk.#b)');
  }

  addCreatingBucket(
    key: AggregateKey,
    counters: Counters,
    mark: AppliedMark,
    expired: readonly string[],
  ): Promise<WriteOutcome> {
    const e = withCounters(counters, mark);
    // `SET #bk.#b` needs #bk to exist: the first mark of a half hour sets the whole map.
    e.names = {
      '#bk': mark.bucket,
      ...Object.fromEntries(Object.entries(e.names).filter(([k]) => k !== '#b')),
    };
    e.set.push('#bk = :marks', '#day = :day');
    e.values[':marks'] = { [mark.batch]: mark.seq };
    delete e.values[':seq'];
    const { day, value } = dayAndValueOf(key);
    e.names['#day'] = 'day';
    e.values[':day'] = day;
    if (value !== undefined) {
      e.set.push('#value = :value');
      e.names['#value'] = 'value';
      e.values[':value'] = value;
    }
    expired.forEach((name, i) => {
      e.remove.push(`#x${i}`);
      e.names[`#x${i}`] = name;
    });
    return this.update(key, e, 'attribute_not_exists(#bk)');
  }

  addIfMarkedAt(
    key: AggregateKey,
    counters: Counters,
    mark: AppliedMark,
    seen: string,
  ): Promise<WriteOutcome> {
    const e = withCounters(counters, mark);
    e.set.push('#bk.#b = :seq');
    e.values[':seen'] = seen;
    return this.update(key, e, '#bk.#b = :seen');
  }

  async read(key: AggregateKey): Promise<AppliedMarks | null> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }),
    );
    return out.Item ? marksOfItem(out.Item) : null;
  }

  private async update(key: AggregateKey, e: Expression, condition: string): Promise<WriteOutcome> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: key.pk, sk: key.sk },
          UpdateExpression: updateExpression(e),
          ConditionExpression: condition,
          ExpressionAttributeNames: e.names,
          ExpressionAttributeValues: e.values,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { ok: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The item as it was, in the wire format (the document client does not convert errors). With
      // ALL_OLD, a failure without an item means there is no item.
      const item = error.Item;
      return { ok: false, marks: item ? marksOfItem(unmarshall(item as never)) : null };
    }
  }
}
