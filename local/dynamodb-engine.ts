// Which DynamoDB emulator the local stack runs, and what each one can do.

/**
 * `dynamodb-local`: the official jar (Java 17+), with the streams the projections need; the default.
 * `dynalite`: in this process, no Java, in memory; no streams, no TTL settings, no transactions. It
 * serves the integration files that need no stream, so the code is proven against DynamoDB's
 * contract rather than one emulator's (docs/reliability.md, "A second DynamoDB emulator").
 */
export type LocalDynamoDb = 'dynamodb-local' | 'dynalite';

export interface DynamoDbFeatures {
  /** Tables get a stream (NEW_AND_OLD_IMAGES) and the stream consumers are polled. */
  streams: boolean;
  /** UpdateTimeToLive is answered; the code never relies on expiry (see TableSpec's ttlAttribute). */
  timeToLive: boolean;
}

export const DYNAMODB_FEATURES: Record<LocalDynamoDb, DynamoDbFeatures> = {
  'dynamodb-local': { streams: true, timeToLive: true },
  dynalite: { streams: false, timeToLive: false },
};

/**
 * LOCAL_DYNAMODB, default `dynamodb-local`; any other value is refused, so a typo never runs the
 * suite on the emulator the reader did not mean.
 *
 * @example
 * dynamoDbFromEnv('dynalite'); // 'dynalite'
 */
export function dynamoDbFromEnv(raw: string | undefined = process.env.LOCAL_DYNAMODB): LocalDynamoDb {
  if (raw === undefined || raw === '' || raw === 'dynamodb-local') return 'dynamodb-local';
  if (raw === 'dynalite') return 'dynalite';
  throw new Error(`LOCAL_DYNAMODB must be 'dynamodb-local' or 'dynalite', not '${raw}'`);
}
