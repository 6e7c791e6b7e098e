// The AWS list prices the bench's cost per million appeals uses, in ONE place: each with the page
// it comes from, the region and the date it was read. Prices change; a figure this file cannot
// back on that date is `unverified` and is left out of the totals, not guessed.
//
// `checked`: 'list' = the list price of `source`, confirmed on 2026-12-04 through published pages
// that quote it (`seenOn`), because the stored copy of the official page did not show the figure
// itself; 'unverified' = not confirmed, shown as "unverified". Check `source` before quoting a cost.

export interface Price {
  /** In the region's currency, per `per` units. */
  readonly amount: number | undefined;
  readonly per: number;
  readonly unit: string;
  readonly source: string;
  readonly checked: 'list' | 'unverified';
  /** The pages the figure was confirmed on. */
  readonly seenOn?: readonly string[];
  readonly note?: string;
}

export interface RegionPrices {
  readonly region: string;
  readonly name: string;
  readonly currency: 'USD' | 'CNY';
  readonly readOn: string;
  readonly apiGatewayHttpRequest: Price;
  readonly lambdaRequest: Price;
  /** arm64, first pricing tier. */
  readonly lambdaArmGbSecond: Price;
  /** Standard queue, per request of up to 64 KB. */
  readonly sqsRequest: Price;
  readonly dynamodbWriteRequestUnit: Price;
  readonly dynamodbReadRequestUnit: Price;
  /** S3 Standard: PUT, COPY, POST, LIST. */
  readonly s3PutRequest: Price;
  /** S3 Standard: GET, SELECT and all other requests. */
  readonly s3GetRequest: Price;
}

const READ_ON = '2026-12-04';

export const US_EAST_1: RegionPrices = {
  region: 'us-east-1',
  name: 'US East (N. Virginia)',
  currency: 'USD',
  readOn: READ_ON,
  apiGatewayHttpRequest: {
    amount: 1.0,
    per: 1_000_000,
    unit: 'request (first 300 million a month)',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    checked: 'list',
    seenOn: [
      'https://www.learnaws.org/2021/01/10/api-gateway-pricing/',
      'https://www.apigatewaycost.com/aws',
    ],
  },
  lambdaRequest: {
    amount: 0.2,
    per: 1_000_000,
    unit: 'request',
    source: 'https://aws.amazon.com/lambda/pricing/',
    checked: 'list',
    seenOn: ['https://cloudchipr.com/blog/aws-lambda-pricing'],
  },
  lambdaArmGbSecond: {
    amount: 0.0000133334,
    per: 1,
    unit: 'GB-second, arm64 (first 7.5 billion a month)',
    source: 'https://aws.amazon.com/lambda/pricing/',
    checked: 'list',
    seenOn: ['https://cloudchipr.com/blog/aws-lambda-pricing'],
  },
  sqsRequest: {
    amount: 0.4,
    per: 1_000_000,
    unit: 'standard-queue request (first 100 billion a month)',
    source: 'https://aws.amazon.com/sqs/pricing/',
    checked: 'list',
    seenOn: [
      'https://cloudburn.io/blog/amazon-sqs-pricing',
      'https://unanswered.io/guide/aws-sqs-pricing-and-cost-optimization',
    ],
  },
  dynamodbWriteRequestUnit: {
    amount: 0.625,
    per: 1_000_000,
    unit: 'on-demand write request unit',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    checked: 'list',
    seenOn: ['https://airbyte.com/data-engineering-resources/dynamodb-pricing'],
    note: 'one page only; half the earlier price, as the November 2024 on-demand cut (AWS News Blog) says',
  },
  dynamodbReadRequestUnit: {
    amount: 0.125,
    per: 1_000_000,
    unit: 'on-demand read request unit',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    checked: 'list',
    seenOn: ['https://airbyte.com/data-engineering-resources/dynamodb-pricing'],
    note: 'one page only; half the earlier price, as the November 2024 on-demand cut (AWS News Blog) says',
  },
  s3PutRequest: {
    amount: 0.005,
    per: 1_000,
    unit: 'S3 Standard PUT/COPY/POST/LIST request',
    source: 'https://aws.amazon.com/s3/pricing/',
    checked: 'list',
    seenOn: [
      'https://c3x.dev/blog/s3-request-fees-explained',
      'https://awsi.click/en/articles/s3-request-pricing-get-put-difference/',
    ],
  },
  s3GetRequest: {
    amount: 0.0004,
    per: 1_000,
    unit: 'S3 Standard GET/SELECT request',
    source: 'https://aws.amazon.com/s3/pricing/',
    checked: 'list',
    seenOn: [
      'https://c3x.dev/blog/s3-request-fees-explained',
      'https://awsi.click/en/articles/s3-request-pricing-get-put-difference/',
    ],
  },
};

const unverified = (unit: string, per: number, source: string, note?: string): Price => ({
  amount: undefined,
  per,
  unit,
  source,
  checked: 'unverified',
  ...(note ? { note } : {}),
});

/**
 * China (Ningxia), operated by NWCD, priced in CNY. Only the DynamoDB page could be read on that
 * date, and its on-demand figure was cut off before its unit: every price here is unverified.
 */
export const CN_NORTHWEST_1: RegionPrices = {
  region: 'cn-northwest-1',
  name: 'China (Ningxia)',
  currency: 'CNY',
  readOn: READ_ON,
  apiGatewayHttpRequest: unverified('request', 1_000_000, 'https://www.amazonaws.cn/en/api-gateway/pricing/'),
  lambdaRequest: unverified('request', 1_000_000, 'https://www.amazonaws.cn/en/lambda/pricing/'),
  lambdaArmGbSecond: unverified('GB-second, arm64', 1, 'https://www.amazonaws.cn/en/lambda/pricing/'),
  sqsRequest: unverified('standard-queue request', 1_000_000, 'https://www.amazonaws.cn/en/sqs/pricing/'),
  dynamodbWriteRequestUnit: unverified(
    'on-demand write request unit',
    1_000_000,
    'https://www.amazonaws.cn/en/dynamodb/pricing/',
    'the page reads "Write requests: ¥ 11.1538 for e…", cut off before its unit',
  ),
  dynamodbReadRequestUnit: unverified(
    'on-demand read request unit',
    1_000_000,
    'https://www.amazonaws.cn/en/dynamodb/pricing/',
  ),
  s3PutRequest: unverified(
    'S3 Standard PUT/COPY/POST/LIST request',
    1_000,
    'https://www.amazonaws.cn/en/s3/pricing/',
  ),
  s3GetRequest: unverified(
    'S3 Standard GET/SELECT request',
    1_000,
    'https://www.amazonaws.cn/en/s3/pricing/',
  ),
};

export const PRICED_REGIONS: readonly RegionPrices[] = [US_EAST_1, CN_NORTHWEST_1];
