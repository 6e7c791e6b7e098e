import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What a list shows of a case it links to: its ids and where it stands. */
export interface CaseRef {
  readonly caseId: string;
  readonly trackingNo: string;
  readonly status: string;
}

/** BatchGetItem takes at most 100 keys a request. */
const BATCH = 100;
/** Unprocessed keys (throttling) are asked again this many times before the read fails (a 503). */
const ATTEMPTS = 4;

/**
 * Which of these cases exist, with their tracking numbers: one BatchGetItem per 100 ids, only the
 * three attributes read. The agent's call list shows a call's case this way, so nothing has to be
 * written back onto the call record when its case is created.
 *
 * @example await new DynamoCaseRefs(client, table).of(['ht-…']) // Map { 'ht-…' => { trackingNo, … } }
 */
export class DynamoCaseRefs {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async of(caseIds: readonly string[]): Promise<Map<string, CaseRef>> {
    const found = new Map<string, CaseRef>();
    const unique = [...new Set(caseIds)];
    for (let i = 0; i < unique.length; i += BATCH) {
      let keys: Record<string, unknown>[] = unique
        .slice(i, i + BATCH)
        .map((id) => ({ pk: `CASE#${id}`, sk: 'CASE' }));
      for (let attempt = 1; keys.length > 0; attempt++) {
        if (attempt > ATTEMPTS) throw new Error(`case refs: ${keys.length} keys still unprocessed`);
        const out = await this.client.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: keys,
                ProjectionExpression: 'caseId, trackingNo, #s',
                ExpressionAttributeNames: { '#s': 'status' },
              },
            },
          }),
        );
        for (const item of out.Responses?.[this.tableName] ?? []) {
          found.set(String(item.caseId), {
            caseId: String(item.caseId),
            trackingNo: String(item.trackingNo),
            status: String(item.status),
          });
        }
        keys = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, unknown>[];
      }
    }
    return found;
  }
}
