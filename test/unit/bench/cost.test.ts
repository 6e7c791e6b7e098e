import { describe, expect, it } from 'vitest';
import { costPerMillion, unitsPerAppeal } from '../../../bench/cost.js';
import type { RegionPrices } from '../../../bench/prices.js';
import { compareFigures, figure } from '../../../bench/report.js';

const price = (amount: number | undefined, per: number) => ({
  amount,
  per,
  unit: 'unit',
  source: 'https://example.test/pricing',
  checked: amount === undefined ? ('unverified' as const) : ('list' as const),
});

const PRICES: RegionPrices = {
  region: 'test-1',
  name: 'Test',
  currency: 'USD',
  readOn: '2026-12-04',
  apiGatewayHttpRequest: price(1, 1_000_000),
  lambdaRequest: price(0.2, 1_000_000),
  lambdaArmGbSecond: price(0.00001, 1),
  sqsRequest: price(0.4, 1_000_000),
  dynamodbWriteRequestUnit: price(0.625, 1_000_000),
  dynamodbReadRequestUnit: price(undefined, 1_000_000),
  s3PutRequest: price(0.005, 1_000),
  s3GetRequest: price(0.0004, 1_000),
};

describe('Function: unitsPerAppeal', () => {
  it('divides the tallies by the appeals and adds two poller requests per SQS-triggered invocation', () => {
    // Prepare
    const counts = {
      requests: {
        DynamoDB: {
          PutItem: { calls: 4, readUnits: 0, writeUnits: 8 },
          GetItem: { calls: 2, readUnits: 1, writeUnits: 0 },
        },
        SQS: { SendMessage: { calls: 2, readUnits: 0, writeUnits: 0 } },
        S3: {
          PutObject: { calls: 2, readUnits: 0, writeUnits: 0 },
          GetObject: { calls: 4, readUnits: 0, writeUnits: 0 },
          DeleteObject: { calls: 6, readUnits: 0, writeUnits: 0 },
        },
      },
      invocations: { 'ingest-webform': 2, 'dispatch-appeal': 1 },
      invocationMs: { 'ingest-webform': 200, 'dispatch-appeal': 1000 },
    };

    // Act
    const { units, capacityEstimated } = unitsPerAppeal(counts, 2);

    // Assess
    expect(capacityEstimated).toBe(false);
    expect(units).toMatchObject({
      apiGatewayHttpRequest: 1,
      lambdaRequest: 1.5,
      sqsRequest: 2,
      dynamodbWriteRequestUnit: 4,
      dynamodbReadRequestUnit: 0.5,
      s3PutRequest: 1,
      s3GetRequest: 2,
    });
    // 512 MB: 0.5 GB × 1.2 s over two appeals.
    expect(units.lambdaArmGbSecond).toBeCloseTo(0.3, 6);
  });
});

describe('Function: costPerMillion', () => {
  it('prices each line per million appeals and leaves unverified prices out of the total', () => {
    // Prepare
    const units = {
      apiGatewayHttpRequest: 1,
      lambdaRequest: 2,
      lambdaArmGbSecond: 0.1,
      sqsRequest: 2,
      dynamodbWriteRequestUnit: 4,
      dynamodbReadRequestUnit: 3,
      s3PutRequest: 1,
      s3GetRequest: 0,
    };

    // Act
    const [cost] = costPerMillion(units, [PRICES]);

    // Assess
    expect(cost?.lines.apiGatewayHttpRequest).toBeCloseTo(1, 9);
    expect(cost?.lines.s3PutRequest).toBeCloseTo(5, 9);
    expect(cost?.lines.dynamodbReadRequestUnit).toBeUndefined();
    expect(cost?.unverified).toEqual(['dynamodbReadRequestUnit']);
    expect(cost?.total).toBeCloseTo(1 + 0.4 + 1 + 0.8 + 2.5 + 5 + 0, 9);
  });
});

describe('Function: compareFigures', () => {
  it('gives the change of each ratio two reports share', () => {
    // Prepare
    const before = [figure('ingest.webform.p99', 'ms', 30, 15), figure('gone', 'ms', 1, 1)];
    const after = [figure('ingest.webform.p99', 'ms', 33, 15), figure('new', 'ms', 1, 1)];

    // Act
    const changes = compareFigures(before, after);

    // Assess
    expect(changes).toHaveLength(1);
    expect(changes[0]?.name).toBe('ingest.webform.p99');
    expect(changes[0]?.change).toBeCloseTo(0.1, 9);
  });
});
