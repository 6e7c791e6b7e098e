import { createServer, type IncomingMessage, type Server } from 'node:http';
import { crc32 } from 'node:zlib';
import { LOOPBACK } from './loopback.js';

// A front for dynalite that gives a failed conditional write the item it failed against, as
// DynamoDB does. dynalite 4.0.0 ignores ReturnValuesOnConditionCheckFailure; the adapters ask for
// ALL_OLD to tell a repeat from a conflict without a read of their own (request-marks.ts,
// sender-limit.ts, phone-verifications.ts, case-store.ts, call-store.ts). Everything else is
// forwarded untouched.

/** The writes that take ReturnValuesOnConditionCheckFailure. */
const CONDITIONAL_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const CONDITION_FAILED = 'ConditionalCheckFailedException';

type AttributeMap = Record<string, unknown>;

interface DynamoAnswer {
  status: number;
  headers: Headers;
  body: string;
}

/**
 * Listens on a free loopback port and forwards every request to `target` (dynalite), adding `Item`
 * to a ConditionalCheckFailedException when the write asked for ALL_OLD and the item exists. The
 * item is read right after the failure, with a consistent read: between the two, another write may
 * have changed it (DynamoDB returns the very item the condition saw), which the local stack's
 * traffic does not race on.
 *
 * @example
 * const front = await startDynaliteFront('http://127.0.0.1:4567');
 * // … new DynamoDBClient({ endpoint: front.endpoint, … })
 * await front.close();
 */
export async function startDynaliteFront(
  target: string,
): Promise<{ endpoint: string; server: Server; close(): Promise<void> }> {
  const keyNames = new Map<string, Promise<string[]>>();
  const call = async (operation: string, headers: Headers, body: string): Promise<DynamoAnswer> => {
    const answer = await fetch(target, {
      method: 'POST',
      headers: { ...Object.fromEntries(headers), 'x-amz-target': `DynamoDB_20120810.${operation}` },
      body,
    });
    return { status: answer.status, headers: answer.headers, body: await answer.text() };
  };
  const keyOf = async (table: string, item: AttributeMap, headers: Headers): Promise<AttributeMap> => {
    let names = keyNames.get(table);
    if (!names) {
      names = call('DescribeTable', headers, JSON.stringify({ TableName: table })).then((answer) =>
        (
          JSON.parse(answer.body) as { Table: { KeySchema: { AttributeName: string }[] } }
        ).Table.KeySchema.map((k) => k.AttributeName),
      );
      keyNames.set(table, names);
    }
    return Object.fromEntries((await names).map((name) => [name, item[name]]));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const headers = forwardedHeaders(req);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const answer = await fetch(target, { method: req.method ?? 'POST', headers, body });
      let text = await answer.text();
      if (answer.status === 400 && CONDITIONAL_WRITES.has(operation) && text.includes(CONDITION_FAILED)) {
        const request = JSON.parse(body) as {
          TableName: string;
          Key?: AttributeMap;
          Item?: AttributeMap;
          ReturnValuesOnConditionCheckFailure?: string;
        };
        if (request.ReturnValuesOnConditionCheckFailure === 'ALL_OLD') {
          const key = request.Key ?? (await keyOf(request.TableName, request.Item ?? {}, headers));
          const read = await call(
            'GetItem',
            headers,
            JSON.stringify({ TableName: request.TableName, Key: key, ConsistentRead: true }),
          );
          const { Item } = JSON.parse(read.body) as { Item?: AttributeMap };
          if (Item) text = JSON.stringify({ ...(JSON.parse(text) as object), Item });
        }
      }
      const out = Buffer.from(text);
      res.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/x-amz-json-1.0',
        'x-amzn-requestid': answer.headers.get('x-amzn-requestid') ?? '',
        // The SDK may check the body against it: recomputed for a body that was changed.
        'x-amz-crc32': String(crc32(out)),
        'content-length': String(out.length),
      });
      res.end(out);
    })().catch((error: unknown) => {
      // A broken hop answers as DynamoDB's own 500 does: the SDK retries it.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'InternalServerError', message: String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The request's headers without those of the hop (fetch sets its own host and length). */
function forwardedHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (
      value === undefined ||
      ['host', 'connection', 'content-length', 'keep-alive', 'transfer-encoding'].includes(name)
    )
      continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}
