import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DevJwt } from '../local/jwt.js';
import type { LoadRequest } from './traffic.js';

// The departments of the load test: they 签收 (acknowledge) and 办结 (complete) web-form cases the
// run itself filed and the stack has dispatched, with dev tokens of the stack's own key, while the
// citizens keep writing in. A case is looked up by its tracking number (the by-tracking-no index)
// before its first action, outside the timed request.

interface Filed {
  readonly trackingNo: string;
  readonly departmentId: string;
  readonly at: number;
}

interface Dispatched {
  readonly caseId: string;
  readonly departmentId: string;
}

/** A filed case is looked for this long after its 202, when the dispatcher has most likely run. */
const DISPATCH_GRACE_MS = 2_000;

export class Departments {
  private readonly filed: Filed[] = [];
  private readonly acknowledged: Dispatched[] = [];
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    private readonly jwt: DevJwt,
    private readonly ddb: DynamoDBDocumentClient,
    private readonly casesTable: string,
  ) {}

  /** A web-form appeal the stack accepted and the directory routes to a department. */
  filedCase(trackingNo: string, departmentId: string): void {
    this.filed.push({ trackingNo, departmentId, at: Date.now() });
  }

  /** An acknowledged case, to complete on a later turn. */
  acknowledgedCase(caseId: string, departmentId: string): void {
    this.acknowledged.push({ caseId, departmentId });
  }

  private token(departmentId: string): Promise<string> {
    let token = this.tokens.get(departmentId);
    if (!token) {
      token = this.jwt.issue({ sub: `load-${departmentId}`, role: 'department', departmentId });
      this.tokens.set(departmentId, token);
    }
    return token;
  }

  /**
   * The next action: complete an acknowledged case, else acknowledge a dispatched one; undefined
   * when no case is ready yet (early in a run).
   */
  async nextAction(): Promise<(LoadRequest & { caseId: string }) | undefined> {
    const done = this.acknowledged.shift();
    if (done) {
      return this.action(done, 'complete', { action: 'complete', reply: '已派人现场处理，问题已解决。' });
    }
    const first = this.filed[0];
    if (!first || Date.now() - first.at < DISPATCH_GRACE_MS) return undefined;
    this.filed.shift();
    const caseId = await this.caseIdOf(first.trackingNo);
    // Not written yet (the intake queue is behind): look again later.
    if (!caseId) {
      this.filed.push({ ...first, at: Date.now() });
      return undefined;
    }
    return this.action({ caseId, departmentId: first.departmentId }, 'acknowledge', {
      action: 'acknowledge',
    });
  }

  private async action(
    c: Dispatched,
    channel: 'acknowledge' | 'complete',
    body: Record<string, unknown>,
  ): Promise<LoadRequest & { caseId: string }> {
    return {
      channel,
      method: 'POST',
      path: `/v1/cases/by-id/${encodeURIComponent(c.caseId)}/actions`,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await this.token(c.departmentId)}`,
      },
      body: JSON.stringify(body),
      departmentId: c.departmentId,
      caseId: c.caseId,
    };
  }

  private async caseIdOf(trackingNo: string): Promise<string | undefined> {
    const { Items } = await this.ddb.send(
      new QueryCommand({
        TableName: this.casesTable,
        IndexName: 'by-tracking-no',
        KeyConditionExpression: 'trackingNo = :t',
        ExpressionAttributeValues: { ':t': trackingNo },
        Limit: 2,
      }),
    );
    return Items?.find((item) => item.sk === 'CASE')?.caseId as string | undefined;
  }
}
