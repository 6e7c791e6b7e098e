import { join } from 'node:path';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { startDynalite } from '../dynalite.js';
import { DYNAMODB_FEATURES, type DynamoDbFeatures, type LocalDynamoDb } from '../dynamodb-engine.js';
import { type DynamoDbLocal, startDynamoDbLocal } from '../dynamodb-local.js';
import { type LocalClients, localClients } from '../local-clients.js';
import { onLoopback } from '../loopback.js';
import { freePort } from '../ports.js';
import type { Teardown } from './teardown.js';

// Local stack, phase 1: the emulators that speak the AWS protocols, and the stack's own clients.

export interface Emulators {
  dynamo: DynamoDbLocal;
  /** What the DynamoDB emulator can do: the later phases leave out what it cannot. */
  dynamoFeatures: DynamoDbFeatures;
  /** SQS and S3, in this process. */
  fauxqs: FauxqsServer;
  endpoints: { dynamodb: string; sqs: string; s3: string };
  /** The stack's own clients (setup, pollers, snapshots); the handlers make theirs from the environment. */
  clients: LocalClients;
}

/**
 * DynamoDB Local (its files under dataDir when persisting, else in memory), or dynalite (in memory
 * only), and fauxqs, side by side, all on 127.0.0.1 only: none asks for credentials.
 */
export async function startEmulators(o: {
  dataDir: string;
  persist: boolean;
  dynamodb: LocalDynamoDb;
  teardown: Teardown;
}): Promise<Emulators> {
  if (o.dynamodb === 'dynalite' && o.persist) {
    throw new Error(
      'dynalite keeps nothing on disk here: it serves stacks started with persist: false (the test ' +
        'stacks), not npm start, which keeps its data dir; unset LOCAL_DYNAMODB',
    );
  }
  const [dynamoResult, fauxqsResult] = await Promise.allSettled([
    o.dynamodb === 'dynalite'
      ? startDynalite()
      : freePort().then((port) =>
          startDynamoDbLocal({ port, ...(o.persist ? { dbPath: join(o.dataDir, 'dynamodb') } : {}) }),
        ),
    // fauxqs has no host option and listens on every interface: held to 127.0.0.1 here.
    onLoopback(() => startFauxqs({ port: 0, logger: false })),
  ]);
  // One of the two may have started while the other failed: it must not outlive the start.
  if (dynamoResult.status === 'fulfilled') o.teardown.add(() => dynamoResult.value.stop());
  if (fauxqsResult.status === 'fulfilled') o.teardown.add(() => fauxqsResult.value.stop());
  if (dynamoResult.status === 'rejected') throw dynamoResult.reason;
  if (fauxqsResult.status === 'rejected') throw fauxqsResult.reason;
  const dynamo = dynamoResult.value;
  const fauxqs = fauxqsResult.value;

  const endpoints = { dynamodb: dynamo.endpoint, sqs: fauxqs.address, s3: fauxqs.address };
  const clients = localClients(endpoints);
  o.teardown.add(() => clients.destroy());
  return { dynamo, dynamoFeatures: DYNAMODB_FEATURES[o.dynamodb], fauxqs, endpoints, clients };
}
