import { existsSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { FUNCTIONS } from '../infra/functions.js';
import {
  ARCHIVE_BUCKET,
  CASES_TABLE,
  DIRECTORY_TABLE,
  INTAKE_QUEUE,
  METRICS_TABLE,
} from '../infra/resources.js';
import { DynamoDirectoryStore } from '../shared/adapters/directory-store.js';
import { SEED_DIRECTORY } from '../shared/seed/directory.js';
import { CheckpointStore } from './checkpoints.js';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.js';
import { LocalFunctions } from './functions.js';
import { type Gateway, startGateway } from './gateway.js';
import { type DevTokenClaims, jwtAuthorizer, loadDevJwt } from './jwt.js';
import { LOCAL_REGION } from './lambda-context.js';
import { localClients } from './local-clients.js';
import { type NotificationOutbox, startNotificationOutbox } from './notification-outbox.js';
import { startPollers } from './pollers.js';
import { freePort } from './ports.js';
import type { RateLimit } from './rate-limit.js';
import { createQueues, ensureTables, LOCAL_NAMES } from './resources.js';
import { startS3PostFront } from './s3-post-front.js';
import { ScheduleRunner } from './schedule-runner.js';
import { loadDevSecrets } from './secrets.js';
import { restoreSnapshot, saveSnapshot } from './snapshot.js';
import { removeStackFile, writeStackFile } from './stack-file.js';

export interface LocalStackOptions {
  /** 0 = random; default Number(process.env.PORT ?? 3000). */
  port?: number;
  /** Default `.local` in the repository. */
  dataDir?: string;
  /** Wipe dataDir first. */
  fresh?: boolean;
  /** Default true; false = in-memory DynamoDB and no snapshot. */
  persist?: boolean;
  /** Overrides the intake queue's visibility timeout, so tests see redelivery in seconds. */
  visibilityTimeoutSeconds?: number;
  /** Per-client limit on the gateway's public routes; none by default (tests, the benchmark). */
  rateLimit?: RateLimit;
  /** Default console.log; tests pass a no-op. */
  log?: (line: string) => void;
  /**
   * How often the `schedule` triggers (supervision) run; 0 = never. Default LOCAL_SCHEDULE_SECONDS
   * or 60 s.
   */
  scheduleIntervalMs?: number;
}

export interface LocalStack {
  url: string;
  endpoints: { dynamodb: string; sqs: string; s3: string };
  resources: {
    casesTable: string;
    directoryTable: string;
    intakeQueueUrl: string;
    intakeDlqUrl: string;
    archiveBucket: string;
  };
  /** The environment the handlers run with. */
  env: Record<string, string>;
  /** Handler invocations by function name. */
  invocations: Record<string, number>;
  /** Resolves when the intake queue is empty (in flight included) and the stream poller has caught up. */
  idle(timeoutMs?: number): Promise<void>;
  /**
   * A staff token the gateway accepts, signed with the data dir's dev key (what `npm run token`
   * prints). `ttl` is a jose time span, default 8 h.
   *
   * @example
   * const token = await stack.issueToken({ sub: 'alice', role: 'department', departmentId: 'water-group' });
   */
  issueToken(claims: DevTokenClaims, options?: { ttl?: string }): Promise<string>;
  /** Drains in-flight work, snapshots state (when persisting), stops the emulators. */
  stop(): Promise<void>;
}

const REPO_ROOT = new URL('../', import.meta.url);
const DEFAULT_DATA_DIR = join(fileURLToPath(REPO_ROOT), '.local');

/**
 * The handlers share this process's environment and module-level SDK clients, so one stack runs
 * per process at a time.
 */
let running = false;

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  if (running) throw new Error('a local stack is already running in this process');
  running = true;
  const log = options.log ?? ((line: string) => console.log(line));
  const persist = options.persist ?? true;
  const dataDir = options.dataDir
    ? isAbsolute(options.dataDir)
      ? options.dataDir
      : resolve(options.dataDir)
    : DEFAULT_DATA_DIR;
  if (options.fresh && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });

  // Everything started so far, stopped in reverse if a later step fails.
  const cleanups: (() => Promise<unknown>)[] = [];
  const unwind = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
    cleanups.length = 0;
    running = false;
  };

  try {
    const secrets = loadDevSecrets(join(dataDir, 'dev-secrets.json'));
    const devJwt = await loadDevJwt(dataDir);
    const [dynamoResult, fauxqsResult] = await Promise.allSettled([
      freePort().then((port) =>
        startDynamoDbLocal({ port, ...(persist ? { dbPath: join(dataDir, 'dynamodb') } : {}) }),
      ),
      startFauxqs({ port: 0, logger: false }),
    ]);
    // One of the two may have started while the other failed: it must not outlive this call.
    if (dynamoResult.status === 'fulfilled') cleanups.push(() => dynamoResult.value.stop());
    if (fauxqsResult.status === 'fulfilled') cleanups.push(() => fauxqsResult.value.stop());
    if (dynamoResult.status === 'rejected') throw dynamoResult.reason;
    if (fauxqsResult.status === 'rejected') throw fauxqsResult.reason;
    const dynamo: DynamoDbLocal = dynamoResult.value;
    const fauxqs: FauxqsServer = fauxqsResult.value;

    const endpoints = { dynamodb: dynamo.endpoint, sqs: fauxqs.address, s3: fauxqs.address };
    const clients = localClients(endpoints);
    cleanups.push(async () => clients.destroy());

    const [streams] = await Promise.all([
      ensureTables(clients.dynamodb),
      Promise.resolve(fauxqs.createBucket(LOCAL_NAMES.archiveBucket)),
    ]);
    const queues = createQueues(
      fauxqs,
      options.visibilityTimeoutSeconds ?? INTAKE_QUEUE.visibilityTimeoutSeconds,
    );
    // The functions reach S3 through the POST front (browser uploads, CORS); the stack's own
    // clients and the tests talk to fauxqs directly.
    const s3Front = await startS3PostFront({
      target: fauxqs.address,
      s3: clients.s3,
      secretAccessKey: 'local',
      // As in AWS (data-stack): S3 refuses an upload to the archive without a checksum.
      objectLockBuckets: [LOCAL_NAMES.archiveBucket],
    });
    cleanups.push(() => s3Front.close());
    const functionEndpoints = { ...endpoints, s3: s3Front.url };
    // Completion notices go to a fake WeChat API and an outbox, listed at /_local/notifications.
    const outbox: NotificationOutbox = await startNotificationOutbox({
      appId: secrets.WECHAT_APP_ID,
      appSecret: secrets.WECHAT_APP_SECRET,
    });
    cleanups.push(() => outbox.close());
    // The gateway's port is chosen now, so the feedback links the notices carry (PUBLIC_BASE_URL)
    // are right from the first stream record on, before the gateway listens.
    const requestedPort = options.port ?? Number(process.env.PORT ?? 3000);
    const gatewayPort = requestedPort === 0 ? await freePort() : requestedPort;
    const env = {
      ...stackEnv(functionEndpoints, queues.intakeQueueUrl, secrets),
      LOCAL_DATA_DIR: dataDir,
      // A developer with a real test account may point this at https://api.weixin.qq.com.
      WECHAT_API_BASE_URL: process.env.WECHAT_API_BASE_URL || outbox.url,
      LOCAL_NOTIFICATION_OUTBOX_URL: outbox.outboxUrl,
      PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL || `http://127.0.0.1:${gatewayPort}`,
    };
    const snapshotDir = join(dataDir, 'fauxqs');
    if (persist) {
      await restoreSnapshot({
        dir: snapshotDir,
        sqs: clients.sqs,
        s3: clients.s3,
        queueUrls: {
          [LOCAL_NAMES.intakeQueue]: queues.intakeQueueUrl,
          [LOCAL_NAMES.intakeDlq]: queues.intakeDlqUrl,
          [LOCAL_NAMES.streamFailuresQueue]: queues.streamFailuresUrl,
        },
      });
    }
    // Every start, so an edited seed reaches a persisted table; puts replace entries by key.
    await new DynamoDirectoryStore(clients.document, LOCAL_NAMES.directoryTable).write(SEED_DIRECTORY);

    // The handlers' modules read the environment as they load: set it first, import after.
    Object.assign(process.env, env);
    const functions = await LocalFunctions.load(REPO_ROOT);

    const streamArn = streams[CASES_TABLE.id];
    if (!streamArn) throw new Error(`the ${LOCAL_NAMES.casesTable} table has no stream`);
    const { sqsPollers, streamPollers } = startPollers({
      specs: FUNCTIONS,
      functions,
      clients,
      queues,
      streamArn,
      checkpointsFor: (name) =>
        new CheckpointStore(streamArn, persist ? join(dataDir, checkpointFileOf(name)) : undefined),
      log,
    });
    const stopPollers = async () => {
      await Promise.all(sqsPollers.map((p) => p.stop()));
      // Let the stream consumer see what the last dispatch batch wrote, within reason.
      await within(Promise.all(streamPollers.map((p) => p.caughtUp())), 5_000);
      await Promise.all(streamPollers.map((p) => p.stop()));
    };
    cleanups.push(stopPollers);
    const scheduleRunner = new ScheduleRunner({
      specs: FUNCTIONS,
      functions,
      intervalMs: options.scheduleIntervalMs ?? scheduleSecondsFromEnv() * 1000,
      log,
    });
    scheduleRunner.start();
    cleanups.push(() => scheduleRunner.stop());

    const intakeEmpty = () => {
      const q = fauxqs.inspectQueue(LOCAL_NAMES.intakeQueue);
      return !q || q.messages.ready.length + q.messages.delayed.length + q.messages.inflight.length === 0;
    };
    const idle = async (timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      const quiet = () => intakeEmpty() && sqsPollers.every((p) => !p.busy);
      for (;;) {
        while (!quiet()) {
          if (Date.now() > deadline) throw new Error(`the local stack was not idle within ${timeoutMs} ms`);
          await sleep(25);
        }
        const left = deadline - Date.now();
        const caught = await within(Promise.all(streamPollers.map((p) => p.caughtUp())), Math.max(0, left));
        if (!caught) throw new Error(`the stream poller did not catch up within ${timeoutMs} ms`);
        if (quiet()) return;
      }
    };

    const gateway: Gateway = await startGateway({
      port: gatewayPort,
      functions,
      authorizer: jwtAuthorizer(devJwt),
      log,
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
      admin: async (method, path) => {
        if (method === 'GET' && path === '/_local/invocations')
          return { status: 200, body: functions.invocations };
        if (method === 'GET' && path === '/_local/notifications') return { status: 200, body: outbox.list() };
        if (method === 'POST' && path === '/_local/idle') {
          await idle();
          return { status: 200, body: { idle: true } };
        }
        return undefined;
      },
    });
    cleanups.push(() => gateway.close());

    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= (async () => {
        if (persist) removeStackFile(dataDir);
        await gateway.close();
        await scheduleRunner.stop();
        await stopPollers();
        if (persist) {
          await saveSnapshot({
            dir: snapshotDir,
            fauxqs,
            s3: clients.s3,
            queues: [LOCAL_NAMES.intakeQueue, LOCAL_NAMES.intakeDlq, LOCAL_NAMES.streamFailuresQueue],
            buckets: [LOCAL_NAMES.archiveBucket],
          }).catch((error: unknown) => log(`snapshot failed: ${(error as Error).message}`));
        }
        await s3Front.close();
        await outbox.close();
        clients.destroy();
        await fauxqs.stop();
        await dynamo.stop();
        running = false;
      })();
      return stopping;
    };

    // Only the stack `npm start` keeps (persist) is one that operator scripts can find.
    if (persist) {
      writeStackFile(dataDir, gateway.url, env);
      cleanups.push(async () => removeStackFile(dataDir));
    }

    return {
      url: gateway.url,
      endpoints,
      resources: {
        casesTable: LOCAL_NAMES.casesTable,
        directoryTable: LOCAL_NAMES.directoryTable,
        intakeQueueUrl: queues.intakeQueueUrl,
        intakeDlqUrl: queues.intakeDlqUrl,
        archiveBucket: LOCAL_NAMES.archiveBucket,
      },
      env,
      invocations: functions.invocations,
      idle,
      issueToken: (claims, tokenOptions) => devJwt.issue(claims, tokenOptions),
      stop,
    };
  } catch (error) {
    await unwind();
    throw error;
  }
}

function stackEnv(
  endpoints: { dynamodb: string; sqs: string; s3: string },
  intakeQueueUrl: string,
  secrets: Record<string, string>,
): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    // Dummy credentials: the emulators accept any, and real ones must never reach them.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    [CASES_TABLE.env]: LOCAL_NAMES.casesTable,
    [DIRECTORY_TABLE.env]: LOCAL_NAMES.directoryTable,
    [METRICS_TABLE.env]: LOCAL_NAMES.metricsTable,
    [INTAKE_QUEUE.env]: intakeQueueUrl,
    [ARCHIVE_BUCKET.env]: LOCAL_NAMES.archiveBucket,
    POWERTOOLS_SERVICE_NAME: process.env.POWERTOOLS_SERVICE_NAME ?? 'hotline12345-local',
    POWERTOOLS_LOG_LEVEL: process.env.LOG_LEVEL ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // EMF lines on stdout drown the dev log; LOCAL_EMF=true shows them.
    POWERTOOLS_METRICS_DISABLED: process.env.LOCAL_EMF === 'true' ? 'false' : 'true',
    ...secrets,
  };
}

/**
 * Each stream consumer's checkpoint file. project-case-events was the only consumer when the file
 * was named for none: it keeps that name, so a data dir from before resumes where it was.
 */
function checkpointFileOf(functionName: string): string {
  return functionName === 'project-case-events'
    ? 'stream-checkpoints.json'
    : `stream-checkpoints.${functionName}.json`;
}

/** LOCAL_SCHEDULE_SECONDS, default 60; a value that is not a number must not become a busy loop. */
function scheduleSecondsFromEnv(): number {
  const raw = process.env.LOCAL_SCHEDULE_SECONDS;
  if (raw === undefined || raw === '') return 60;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error(`LOCAL_SCHEDULE_SECONDS must be a number of seconds (0 = off), not '${raw}'`);
  }
  return seconds;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** True if the promise settles within ms; the timer is cleared either way, so it holds no process open. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
