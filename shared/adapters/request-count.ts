import type { InitializeHandlerOptions, MiddlewareStack } from '@smithy/types';

// AWS requests by service and operation, for the benchmark's cost per appeal (`npm run bench`).
// Off unless COUNT_AWS_REQUESTS=true: then, and only then, the clients of clients.ts carry one more
// middleware; in production nothing is added, so nothing is paid.

export const COUNT_AWS_REQUESTS = 'COUNT_AWS_REQUESTS';

/** One operation's tally: calls, and for DynamoDB the capacity units the service reported. */
export interface OperationCount {
  calls: number;
  readUnits: number;
  writeUnits: number;
}

/** `DynamoDB` → `PutItem` → its count. */
export type RequestCounts = Record<string, Record<string, OperationCount>>;

const counts: RequestCounts = {};
/** DynamoDB capacity units by table (indexes included): where the units go. */
const tables: Record<string, { readUnits: number; writeUnits: number }> = {};
/**
 * The same units split by where they are spent, `<table>` (the base table) or `<table>/<index>`:
 * an index's writes land on its own partitions, which is where a hot partition key shows first.
 */
const indexes: Record<string, { readUnits: number; writeUnits: number }> = {};

export function countingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[COUNT_AWS_REQUESTS] === 'true';
}

/** A copy of the tally so far. */
export function requestCounts(): RequestCounts {
  return structuredClone(counts);
}

/** A copy of the DynamoDB capacity units by table so far. */
export function capacityByTable(): Record<string, { readUnits: number; writeUnits: number }> {
  return structuredClone(tables);
}

/** A copy of the DynamoDB capacity units by base table and by index so far. */
export function capacityByIndex(): Record<string, { readUnits: number; writeUnits: number }> {
  return structuredClone(indexes);
}

export function resetRequestCounts(): void {
  for (const service of Object.keys(counts)) delete counts[service];
  for (const table of Object.keys(tables)) delete tables[table];
  for (const index of Object.keys(indexes)) delete indexes[index];
}

/** The DynamoDB operations that can report the capacity they consumed. */
const REPORTS_CAPACITY = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
]);

interface Units {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}
interface Capacity extends Units {
  TableName?: string;
  /** With ReturnConsumedCapacity INDEXES: the base table's and each index's share. */
  Table?: Units;
  GlobalSecondaryIndexes?: Record<string, Units>;
  LocalSecondaryIndexes?: Record<string, Units>;
}

/** Read and write units of one report; without a read/write split, the operation's kind says which. */
function unitsOf(c: Units, writes: boolean): { read: number; write: number } {
  const split = c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined;
  return {
    read: split ? (c.ReadCapacityUnits ?? 0) : writes ? 0 : (c.CapacityUnits ?? 0),
    write: split ? (c.WriteCapacityUnits ?? 0) : writes ? (c.CapacityUnits ?? 0) : 0,
  };
}

function addTo(
  into: Record<string, { readUnits: number; writeUnits: number }>,
  name: string,
  units: { read: number; write: number },
): void {
  into[name] ??= { readUnits: 0, writeUnits: 0 };
  const entry = into[name];
  entry.readUnits += units.read;
  entry.writeUnits += units.write;
}

/**
 * Adds a consumed-capacity report's units to `count`. Single-item and query operations report one
 * object, batch and transaction operations a list (one per table). Without a read/write split, the
 * operation's kind says which it is.
 */
export function addCapacity(
  count: OperationCount,
  reported: unknown,
  writes: boolean,
  byTable: Record<string, { readUnits: number; writeUnits: number }> = tables,
  byIndex: Record<string, { readUnits: number; writeUnits: number }> = indexes,
): void {
  const list = (Array.isArray(reported) ? reported : reported ? [reported] : []) as Capacity[];
  for (const c of list) {
    const total = unitsOf(c, writes);
    count.readUnits += total.read;
    count.writeUnits += total.write;
    const table = c.TableName ?? 'unknown';
    addTo(byTable, table, total);
    // Without the split (a TOTAL report), the whole goes to the table as reported.
    if (!c.Table && !c.GlobalSecondaryIndexes && !c.LocalSecondaryIndexes) {
      addTo(byIndex, table, total);
      continue;
    }
    if (c.Table) addTo(byIndex, table, unitsOf(c.Table, writes));
    for (const [name, units] of Object.entries({ ...c.GlobalSecondaryIndexes, ...c.LocalSecondaryIndexes }))
      addTo(byIndex, `${table}/${name}`, unitsOf(units, writes));
  }
}

const WRITES = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

/** `DynamoDBClient` → `DynamoDB`, `PutItemCommand` → `PutItem`. */
const serviceOf = (clientName = 'unknown') => clientName.replace(/Client$/, '');
const operationOf = (commandName = 'unknown') => commandName.replace(/Command$/, '');

/** The counting middleware; DynamoDB calls are asked for their consumed capacity, by index (INDEXES). */
export function countRequests<Input extends object, Output extends object>(
  stack: MiddlewareStack<Input, Output>,
) {
  const options: InitializeHandlerOptions & { name: string; override: boolean } = {
    step: 'initialize',
    name: 'countAwsRequests',
    override: true,
  };
  stack.add(
    (next, context) => async (args) => {
      const service = serviceOf(context.clientName);
      const operation = operationOf(context.commandName);
      counts[service] ??= {};
      const byOperation = counts[service];
      byOperation[operation] ??= { calls: 0, readUnits: 0, writeUnits: 0 };
      const count = byOperation[operation];
      count.calls++;
      const input = args.input as Record<string, unknown>;
      const capacity = service === 'DynamoDB' && REPORTS_CAPACITY.has(operation);
      if (capacity && input.ReturnConsumedCapacity === undefined) input.ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      if (capacity)
        addCapacity(
          count,
          (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity,
          WRITES.test(operation),
        );
      return result;
    },
    options,
  );
}

/** Adds the counting middleware to a client when counting is on; the client unchanged otherwise. */
export function counted<Client extends { middlewareStack: object }>(client: Client): Client {
  if (countingEnabled()) countRequests(client.middlewareStack as unknown as MiddlewareStack<object, object>);
  return client;
}
