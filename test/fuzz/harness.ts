import type { IncomingMessage } from 'node:http';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { FUNCTIONS } from '../../infra/functions.js';
import { httpApiEvent } from '../../local/http-event.js';
import { lambdaContext } from '../../local/lambda-context.js';
import { httpRoutes, matchRoute } from '../../local/routes.js';
import { directoryQuery } from '../unit/fixtures/directory-mock.js';
import { contentType, headerValue, hostileQuery, pathSegment } from './arbitraries.js';
import { FUZZ_ENV } from './env.js';

// The in-process fuzz harness: each generated request goes through the local gateway's own router
// and event builder (local/routes.ts, local/http-event.ts) into a function's real composed handler,
// with every AWS client mocked. Per case: 2xx, 3xx or 4xx and never a throw or a 5xx; a JSON error
// is the envelope with a machine-readable code; a refusal sent no write; a tampered request is refused.

/** The seed every entry point starts from: fixed, so a failure replays; FUZZ_SEED overrides it. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_204);
/**
 * Cases per entry point: the issue's 10,000, in `npm test` and `npm run test:fuzz` alike (about
 * 2 minutes of test time for the 27 runs, spread over the in-process suites' workers). FUZZ_RUNS
 * overrides it, e.g. FUZZ_RUNS=500 for a quick run while developing.
 */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

/** A request as a client puts it on the wire: method, path with its query, headers, body bytes. */
export interface WireRequest {
  readonly method: string;
  /** The path and query exactly as sent (percent-encoding is the client's). */
  readonly target: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

export interface FuzzCase {
  readonly request: WireRequest;
  /** A tampered request (a bad signature, a stale timestamp, a replayed nonce): it must be a 4xx. */
  readonly refused?: boolean;
  /** Its timestamp and nonce were seen before with another body (the request marks say so). */
  readonly replayed?: boolean;
}

/** AWS commands that change something: none may be sent for a request that is refused. */
const WRITE_COMMAND =
  /^(Put|Update|Delete|BatchWrite|TransactWrite|SendMessage|SendTextMessage|Copy|CreateMultipart|UploadPart|CompleteMultipart|Publish|Restore)/;

interface AnyCall {
  args: unknown[];
}
interface AnyMock {
  calls(): AnyCall[];
  resetHistory(): void;
  restore(): void;
}

/**
 * Every AWS client the public functions use, mocked with benign answers: reads find nothing (the
 * directory reads the unit tests' directory), writes succeed, messages are sent.
 */
export function fuzzMocks() {
  const ddb = mockClient(DynamoDBDocumentClient);
  const raw = mockClient(DynamoDBClient);
  const sqs = mockClient(SQSClient);
  const s3 = mockClient(S3Client);
  const kms = mockClient(KMSClient);
  const secrets = mockClient(SecretsManagerClient);
  const sms = mockClient(PinpointSMSVoiceV2Client);
  const all = [ddb, raw, sqs, s3, kms, secrets, sms] as unknown as AnyMock[];
  // A replayed request: the request marks' conditional put finds another body's live mark. A
  // conflicting one: every conditional write finds the item already there (a grant claimed, a rating
  // given, a limit reached), as the state of a live table may say at any time.
  let replaying = false;
  let conflicting = false;
  let refused = new Set<object>();
  ddb.onAnyCommand().callsFake(
    (
      input: QueryCommandInput & {
        TableName?: string;
        ConditionExpression?: string;
        ReturnValuesOnConditionCheckFailure?: string;
      },
    ) => {
      const isMark = input.TableName === FUZZ_ENV.REQUEST_MARKS_TABLE_NAME;
      // A put of a fresh random id (a grant, a verification) cannot meet its item: never refused.
      const freshItem = input.ConditionExpression === 'attribute_not_exists(pk)';
      if (input.ConditionExpression && !freshItem && ((replaying && isMark) || conflicting)) {
        refused.add(input);
        throw new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
          ...(input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD'
            ? {
                Item: marshall({
                  pk: 'NONCE#replayed',
                  sk: 'MARK',
                  bodyHash: 'another-body',
                  expiresAt: 4_102_444_800,
                }),
              }
            : {}),
        });
      }
      if (input.TableName === FUZZ_ENV.DIRECTORY_TABLE_NAME && input.KeyConditionExpression)
        return directoryQuery(input);
      if (input.KeyConditionExpression !== undefined) return { Items: [], Count: 0 };
      return {};
    },
  );
  raw.onAnyCommand().resolves({});
  sqs.onAnyCommand().resolves({ MessageId: 'fuzz-message' });
  s3.onAnyCommand().resolves({});
  kms.onAnyCommand().resolves({});
  secrets.onAnyCommand().resolves({});
  sms.onAnyCommand().resolves({ MessageId: 'fuzz-sms' });
  return {
    ddb,
    sqs,
    s3,
    /** Forget the calls so far (the answers stay); `replay` makes every request mark a replay's. */
    clear(replay = false, conflict = false): void {
      for (const mock of all) mock.resetHistory();
      replaying = replay;
      conflicting = conflict;
      refused = new Set();
    },
    /** The names of the write commands that took effect since the last clear (not the refused ones). */
    writes(): string[] {
      return all.flatMap((mock) =>
        mock
          .calls()
          .map((call) => call.args[0] as { input: object })
          .filter((command) => !refused.has(command.input))
          .map((command) => command.constructor.name)
          .filter((name) => WRITE_COMMAND.test(name)),
      );
    },
    restore(): void {
      for (const mock of all) mock.restore();
    },
  };
}
export type FuzzMocks = ReturnType<typeof fuzzMocks>;

const ROUTES = httpRoutes();

/** The event API Gateway gives the function, or undefined where the gateway answers itself (no route). */
export function eventOf(functionName: string, request: WireRequest): APIGatewayProxyEventV2 | undefined {
  const [path = '', ...rest] = request.target.split('?');
  const rawQueryString = rest.join('?');
  const matched = matchRoute(
    ROUTES.filter((r) => r.functionName === functionName),
    request.method,
    path,
  );
  if (!matched) return undefined;
  const headers: Record<string, string> = { host: 'api.fuzz.example', ...request.headers };
  const req = {
    rawHeaders: Object.entries(headers).flat(),
    method: request.method,
    httpVersion: '1.1',
    socket: { remoteAddress: '203.0.113.7', localPort: 443 },
  } as unknown as IncomingMessage;
  const body =
    request.body === undefined
      ? Buffer.alloc(0)
      : typeof request.body === 'string'
        ? Buffer.from(request.body, 'utf8')
        : Buffer.from(request.body);
  return httpApiEvent({
    req,
    route: matched.route,
    path,
    rawQueryString,
    pathParameters: matched.pathParameters,
    body,
    requestId: 'fuzz-request',
    host: 'api.fuzz.example',
  });
}

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

/** What is wrong with one answer, or undefined. */
export function problemOf(
  result: APIGatewayProxyStructuredResultV2,
  writes: string[],
  fuzzCase: FuzzCase,
): string | undefined {
  const status = result.statusCode ?? 200;
  if (!(status >= 200 && status < 500)) return `status ${status}`;
  if (fuzzCase.refused && status < 400) return `a tampered request answered ${status}`;
  if (status >= 400 && writes.length > 0) return `refused with ${status} after writing: ${writes.join(', ')}`;
  const type = String(result.headers?.['content-type'] ?? '');
  if (status >= 400 && type.includes('json')) {
    let body: { error?: { code?: unknown; message?: unknown } };
    try {
      body = JSON.parse(
        result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString() : (result.body ?? ''),
      );
    } catch {
      return `a ${status} whose JSON body does not parse`;
    }
    if (typeof body.error?.code !== 'string' || !/^[a-z][a-z0-9_]*$/.test(body.error.code))
      return `a ${status} without a machine-readable error code`;
    if (typeof body.error.message !== 'string') return `a ${status} without an error message`;
  }
  return undefined;
}

function describeCase(fuzzCase: FuzzCase): string {
  const { request } = fuzzCase;
  const body =
    request.body === undefined
      ? ''
      : typeof request.body === 'string'
        ? JSON.stringify(request.body.slice(0, 300))
        : `bytes ${Buffer.from(request.body).subarray(0, 150).toString('hex')}`;
  const headers = Object.entries(request.headers ?? {}).map(([k, v]) => `${k}: ${v.slice(0, 80)}`);
  return `${request.method} ${request.target.slice(0, 300)} [${headers.join('; ')}] ${body}`;
}

/**
 * Runs FUZZ_RUNS generated cases through the handler and throws on the first case that breaks a
 * rule, naming the seed that replays it. Returns how often each status was answered (0: no route).
 */
export async function fuzzEntryPoint(options: {
  functionName: string;
  handler: Handler;
  mocks: FuzzMocks;
  cases: fc.Arbitrary<FuzzCase>;
  /** Mixed into the seed, so entry points sharing a function draw different cases. */
  salt: number;
  /** A rule of this entry point's own, on top of the common ones: what is wrong, or undefined. */
  check?: (result: APIGatewayProxyStructuredResultV2) => string | undefined;
  numRuns?: number;
}): Promise<Map<number, number>> {
  const spec = FUNCTIONS.find((f) => f.name === options.functionName);
  if (!spec) throw new Error(`no function ${options.functionName} in infra/functions.ts`);
  const statuses = new Map<number, number>();
  const seed = FUZZ_SEED + options.salt;
  const numRuns = options.numRuns ?? FUZZ_RUNS;
  try {
    await fc.assert(
      // A quarter of the cases meet a table whose conditional writes all fail.
      fc.asyncProperty(options.cases, fc.nat(3), async (fuzzCase, draw) => {
        const conflict = draw === 0;
        const event = eventOf(options.functionName, fuzzCase.request);
        if (!event) {
          statuses.set(0, (statuses.get(0) ?? 0) + 1);
          return;
        }
        options.mocks.clear(fuzzCase.replayed ?? false, conflict);
        let result: APIGatewayProxyStructuredResultV2;
        try {
          result = (await options.handler(event, lambdaContext(spec))) as APIGatewayProxyStructuredResultV2;
        } catch (error) {
          throw new Error(`the handler threw: ${String(error)}\n  request: ${describeCase(fuzzCase)}`);
        }
        const status = result.statusCode ?? 200;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const problem = problemOf(result, options.mocks.writes(), fuzzCase) ?? options.check?.(result);
        if (problem)
          throw new Error(
            `${problem}\n  request: ${describeCase(fuzzCase)}\n  answer: ${String(result.body).slice(0, 300)}`,
          );
      }),
      { seed, numRuns, endOnFailure: true },
    );
  } catch (error) {
    throw new Error(
      `fuzz ${options.functionName} failed (FUZZ_SEED=${FUZZ_SEED}, seed ${seed}, FUZZ_RUNS=${numRuns}): ${(error as Error).message}\n${String((error as Error).cause ?? '')}`,
    );
  }
  return statuses;
}

/**
 * Requests to one route: each `{name}` of its path a hostile segment, a hostile query of `queryNames`
 * (and others), hostile values in `headerNames`, and a body from `body` when it has one.
 */
export function routeCases(options: {
  method: string;
  path: string;
  queryNames?: string[];
  headerNames?: string[];
  /** A valid value for each path parameter, drawn now and then so a request reaches past the path. */
  validParams?: Record<string, fc.Arbitrary<string>>;
  body?: fc.Arbitrary<string | Uint8Array>;
  contentTypes?: fc.Arbitrary<string>;
}): fc.Arbitrary<FuzzCase> {
  const names = [...options.path.matchAll(/\{(\w+)\+?\}/g)].map((m) => m[1] as string);
  const segment = (name: string) => {
    const valid = options.validParams?.[name];
    return valid ? fc.oneof(pathSegment, valid) : pathSegment;
  };
  return fc
    .record({
      params: fc.tuple(...names.map(segment)),
      query: fc.oneof(fc.constant(''), hostileQuery([...(options.queryNames ?? []), 'x'])),
      headers: fc.dictionary(fc.constantFrom(...(options.headerNames ?? []), 'x-fuzz'), headerValue, {
        maxKeys: 3,
      }),
      body: options.body ?? fc.constant(undefined),
      contentType: options.contentTypes ?? contentType,
    })
    .map(({ params, query, headers, body, contentType: type }) => {
      let i = 0;
      const path = options.path.replace(/\{\w+\+?\}/g, () => params[i++] as string);
      return {
        request: {
          method: options.method,
          target: query ? `${path}?${query}` : path,
          headers: body === undefined ? headers : { ...headers, 'content-type': type },
          ...(body === undefined ? {} : { body }),
        },
      };
    });
}
