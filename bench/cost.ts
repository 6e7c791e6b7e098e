import { FUNCTIONS } from '../infra/functions.js';
import { runDemo } from '../scripts/run-demo.js';
import type { RequestCounts } from '../shared/adapters/request-count.js';
import { PRICED_REGIONS, type Price, type RegionPrices } from './prices.js';
import type { RemoteStack } from './stack-client.js';

// AWS requests per appeal and what a million appeals cost at list prices. The demo's traffic
// (scripts/run-demo.ts: web forms, hotline calls, WeChat messages, disclosure requests, and the
// city handling them: acknowledge, return, extend, complete, rate, reopen, close) runs through the
// local stack with its functions' SDK clients counting (shared/adapters/request-count.ts); the
// tallies divided by the cases it made are the requests one appeal costs, from intake to closing.

export interface FunctionUse {
  readonly name: string;
  readonly memoryMb: number;
  readonly invocationsPerAppeal: number;
  /** Mean wall time per invocation on the local stack: indicative only (another CPU, no cold starts). */
  readonly meanMs: number;
  readonly gbSecondsPerAppeal: number;
}

export interface CostResult {
  readonly appeals: number;
  readonly demo: { webforms: number; calls: number };
  /** `DynamoDB` → `PutItem` → calls and capacity units per appeal. */
  readonly requestsPerAppeal: RequestCounts;
  /** DynamoDB capacity units per appeal by table (its indexes included). */
  readonly capacityPerAppealByTable: Record<string, { readUnits: number; writeUnits: number }>;
  /** The same split into each base table and each index (`cases/by-department-queue`). */
  readonly capacityPerAppealByIndex: Record<string, { readUnits: number; writeUnits: number }>;
  readonly functions: readonly FunctionUse[];
  /** Billable units per appeal, by price line. */
  readonly units: Record<PriceLine, number>;
  readonly regions: readonly RegionCost[];
  /** True when DynamoDB reported no consumed capacity and units were estimated as one per item call. */
  readonly capacityEstimated: boolean;
}

export type PriceLine = Exclude<keyof RegionPrices, 'region' | 'name' | 'currency' | 'readOn'>;

export interface RegionCost {
  readonly region: string;
  readonly name: string;
  readonly currency: string;
  readonly readOn: string;
  /** Per million appeals, by line; undefined where the price is unverified. */
  readonly lines: Record<PriceLine, number | undefined>;
  readonly total: number | undefined;
  readonly unverified: readonly PriceLine[];
}

const S3_PUT_CLASS = /^(Put|Copy|Post|List|CreateMultipartUpload|UploadPart|CompleteMultipartUpload)/;
const S3_FREE = /^(Delete|AbortMultipartUpload)/;

function isHttpOnly(name: string): boolean {
  const spec = FUNCTIONS.find((f) => f.name === name);
  return spec !== undefined && spec.triggers.length > 0 && spec.triggers.every((t) => t.kind === 'http');
}

function isSqsTriggered(name: string): boolean {
  return FUNCTIONS.find((f) => f.name === name)?.triggers.some((t) => t.kind === 'sqs') ?? false;
}

/** The billable units one appeal costs, from the stack's tallies over `appeals` cases. */
export function unitsPerAppeal(
  counts: {
    requests: RequestCounts;
    invocations: Record<string, number>;
    invocationMs: Record<string, number>;
  },
  appeals: number,
): { units: Record<PriceLine, number>; functions: FunctionUse[]; capacityEstimated: boolean } {
  const functions: FunctionUse[] = FUNCTIONS.map((spec) => {
    const invocations = counts.invocations[spec.name] ?? 0;
    const ms = counts.invocationMs[spec.name] ?? 0;
    return {
      name: spec.name,
      memoryMb: spec.memoryMb,
      invocationsPerAppeal: invocations / appeals,
      meanMs: invocations > 0 ? ms / invocations : 0,
      gbSecondsPerAppeal: ((spec.memoryMb / 1024) * (ms / 1000)) / appeals,
    };
  }).filter((f) => f.invocationsPerAppeal > 0);

  const sum = (
    service: string,
    pick: (op: string, c: { calls: number; readUnits: number; writeUnits: number }) => number,
  ) => Object.entries(counts.requests[service] ?? {}).reduce((s, [op, c]) => s + pick(op, c), 0);

  const ddbCalls = sum('DynamoDB', (_op, c) => c.calls);
  let readUnits = sum('DynamoDB', (_op, c) => c.readUnits);
  let writeUnits = sum('DynamoDB', (_op, c) => c.writeUnits);
  // An emulator that reports no consumed capacity: one unit per call, the least any call costs.
  const capacityEstimated = ddbCalls > 0 && readUnits + writeUnits === 0;
  if (capacityEstimated) {
    readUnits = sum('DynamoDB', (op, c) => (/^(Get|Query|Scan|BatchGet|TransactGet)/.test(op) ? c.calls : 0));
    writeUnits = sum('DynamoDB', (op, c) =>
      /^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(op) ? c.calls : 0,
    );
  }

  // Lambda's SQS pollers receive and delete each batch: two requests per invocation they make.
  const pollerSqs = Object.entries(counts.invocations)
    .filter(([name]) => isSqsTriggered(name))
    .reduce((s, [, n]) => s + 2 * n, 0);
  const apiRequests = Object.entries(counts.invocations)
    .filter(([name]) => isHttpOnly(name))
    .reduce((s, [, n]) => s + n, 0);
  const invocations = Object.values(counts.invocations).reduce((s, n) => s + n, 0);

  return {
    functions,
    capacityEstimated,
    units: {
      apiGatewayHttpRequest: apiRequests / appeals,
      lambdaRequest: invocations / appeals,
      lambdaArmGbSecond: functions.reduce((s, f) => s + f.gbSecondsPerAppeal, 0),
      sqsRequest: (sum('SQS', (_op, c) => c.calls) + pollerSqs) / appeals,
      dynamodbWriteRequestUnit: writeUnits / appeals,
      dynamodbReadRequestUnit: readUnits / appeals,
      s3PutRequest: sum('S3', (op, c) => (S3_PUT_CLASS.test(op) ? c.calls : 0)) / appeals,
      s3GetRequest:
        sum('S3', (op, c) => (!S3_PUT_CLASS.test(op) && !S3_FREE.test(op) ? c.calls : 0)) / appeals,
    },
  };
}

/** A million appeals' cost in each priced region; unverified prices stay out of the total. */
export function costPerMillion(units: Record<PriceLine, number>, regions = PRICED_REGIONS): RegionCost[] {
  return regions.map((prices) => {
    const lines = {} as Record<PriceLine, number | undefined>;
    const unverified: PriceLine[] = [];
    for (const line of Object.keys(units) as PriceLine[]) {
      const price: Price = prices[line];
      if (price.amount === undefined || price.checked === 'unverified') {
        lines[line] = undefined;
        unverified.push(line);
      } else lines[line] = ((units[line] * 1_000_000) / price.per) * price.amount;
    }
    const known = Object.values(lines).filter((v): v is number => v !== undefined);
    return {
      region: prices.region,
      name: prices.name,
      currency: prices.currency,
      readOn: prices.readOn,
      lines,
      total: known.length > 0 ? known.reduce((s, v) => s + v, 0) : undefined,
      unverified,
    };
  });
}

/** Per-appeal requests: every count divided by the number of appeals. */
function perAppeal(requests: RequestCounts, appeals: number): RequestCounts {
  return Object.fromEntries(
    Object.entries(requests).map(([service, ops]) => [
      service,
      Object.fromEntries(
        Object.entries(ops).map(([op, c]) => [
          op,
          { calls: c.calls / appeals, readUnits: c.readUnits / appeals, writeUnits: c.writeUnits / appeals },
        ]),
      ),
    ]),
  );
}

/** Runs the demo through the stack with counting on and prices what it cost per appeal. */
function perAppealUnits(
  units: Record<string, { readUnits: number; writeUnits: number }>,
  appeals: number,
): Record<string, { readUnits: number; writeUnits: number }> {
  return Object.fromEntries(
    Object.entries(units).map(([name, c]) => [
      name,
      { readUnits: c.readUnits / appeals, writeUnits: c.writeUnits / appeals },
    ]),
  );
}

export async function measureCost(
  stack: RemoteStack,
  dataDir: string,
  demo: { webforms: number; calls: number },
): Promise<CostResult> {
  await stack.idle();
  await stack.resetCounts();
  const summary = await runDemo({
    url: stack.url,
    dataDir,
    count: demo.webforms,
    calls: demo.calls,
    // No backdated calls: they would have the demo wait for the supervision job's overdue pass.
    lateCalls: 0,
    seed: 2026,
    handle: true,
    progress: false,
    log: () => {},
  });
  await stack.idle();
  const counts = await stack.counts();
  const appeals = summary.trackingNos.length;
  if (appeals === 0) throw new Error('the demo made no cases');
  const { units, functions, capacityEstimated } = unitsPerAppeal(counts, appeals);
  return {
    appeals,
    demo,
    requestsPerAppeal: perAppeal(counts.requests, appeals),
    capacityPerAppealByTable: perAppealUnits(counts.tables, appeals),
    capacityPerAppealByIndex: perAppealUnits(counts.indexes ?? {}, appeals),
    functions,
    units,
    regions: costPerMillion(units),
    capacityEstimated,
  };
}
