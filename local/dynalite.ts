import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { startDynaliteFront } from './dynalite-front.js';
import type { DynamoDbLocal } from './dynamodb-local.js';
import { LOOPBACK } from './loopback.js';

// dynalite (a DynamoDB emulator on LevelDB) in this process, in memory, on 127.0.0.1.

interface DynaliteOptions {
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

/**
 * Starts dynalite on a free loopback port, behind the front that fills its one gap the adapters
 * meet (dynalite-front.ts): the endpoint is the front's. Tables are ACTIVE at once (its default
 * keeps them CREATING for 500 ms), and everything lives in memory (memory-level); the native
 * LevelDB binding it also loads ships prebuilt in the npm package, so no install script has to have run.
 *
 * @example
 * const dynamo = await startDynalite();
 * // … new DynamoDBClient({ endpoint: dynamo.endpoint, … })
 * await dynamo.stop();
 */
export async function startDynalite(): Promise<DynamoDbLocal> {
  // dynalite is CommonJS without types: its one export makes an http.Server.
  const require = createRequire(import.meta.url);
  const dynalite = require('dynalite') as (options: DynaliteOptions) => Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const front = await startDynaliteFront(`http://${LOOPBACK}:${port}`).catch(async (error: unknown) => {
    await closeServer(server);
    throw error;
  });
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= front.close().then(() => closeServer(server));
    return stopped;
  };
  const frontPort = Number(new URL(front.endpoint).port);
  return { endpoint: front.endpoint, port: frontPort, stop };
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    // dynalite's close also closes its store; kept-alive sockets must not hold it open.
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
